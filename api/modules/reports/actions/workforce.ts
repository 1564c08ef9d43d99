/** Counts of licences by tier, status, region, sex, sector and age band, as of any date. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ageBandCuts, suppressPartition, type AgeBand, type Cell } from '../reports.rules.js';
import type { WorkforceQuery } from '../reports.schema.js';
import { licencesAsOf, REPORT_SETTINGS, type AsOfMode } from './as-of.js';

const DIMENSIONS = ['tier', 'status', 'region', 'sex', 'sector', 'ageBand'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export type WorkforceFigures = { asOf: string; total: number; dimensions: Record<Dimension, { key: string; count: number }[]> };

/**
 * The age band as a small integer: how many of the five band boundaries (25, 35, 45, 55 and 65
 * years before the date) the birth date falls after; 0 is 65 and over, 5 is under 25.
 */
const AGE_CODE = `((r.date_of_birth > ?::date)::int + (r.date_of_birth > ?::date)::int + (r.date_of_birth > ?::date)::int + (r.date_of_birth > ?::date)::int + (r.date_of_birth > ?::date)::int)`;
const BAND_BY_CODE: AgeBand[] = ['65_plus', '55_64', '45_54', '35_44', '25_34', 'under_25'];

/**
 * One pass over the licences (as of the date) joined to their holders, counted per combination of
 * the six dimensions (a few thousand rows); the per-dimension counts are summed from those here.
 */
export async function workforceFigures(em: EntityManager, q: WorkforceQuery & { asOf: string }, mode: AsOfMode = 'fast'): Promise<WorkforceFigures> {
  const cut = ageBandCuts(q.asOf);
  const cuts = [cut.under25, cut.under35, cut.under45, cut.under55, cut.under65];
  const lic = licencesAsOf(q.asOf, mode);
  const where: string[] = [];
  const params: unknown[] = [...lic.params, ...cuts];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  filter('lic.tier_code', q.tier);
  filter('lic.status', q.status);
  filter('r.region', q.region);
  filter('r.sex', q.sex);
  filter('r.sector', q.sector);
  if (q.ageBand) {
    where.push(`${AGE_CODE} = ?`);
    params.push(...cuts, BAND_BY_CODE.indexOf(q.ageBand));
  }
  const rows = await em.transactional(async (tx) => {
    for (const s of REPORT_SETTINGS) await tx.execute(s);
    return tx.execute<{ tier: string; status: string; region: string; sex: string; sector: string; age: number; n: string }[]>(
      `with ${lic.cte}
       select lic.tier_code as tier, lic.status, r.region, r.sex, r.sector, ${AGE_CODE} as age, count(*) as n
       from lic join registrant r on r.id = lic.registrant_id
       ${where.length ? `where ${where.join(' and ')}` : ''}
       group by 1, 2, 3, 4, 5, 6`,
      params,
    );
  });
  const sums = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map<string, number>()])) as Record<Dimension, Map<string, number>>;
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    const keys: Record<Dimension, string> = { tier: r.tier, status: r.status, region: r.region, sex: r.sex, sector: r.sector, ageBand: BAND_BY_CODE[Number(r.age)]! };
    for (const d of DIMENSIONS) sums[d].set(keys[d], (sums[d].get(keys[d]) ?? 0) + n);
  }
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [d, [...sums[d]].map(([key, count]) => ({ key, count })).sort((a, b) => a.key.localeCompare(b.key))]),
  ) as WorkforceFigures['dimensions'];
  return { asOf: q.asOf, total, dimensions };
}

/** Applies small-cell suppression: each dimension is a partition of the total. */
export function suppressWorkforce(f: WorkforceFigures, n: number): { total: Cell; dimensions: Record<Dimension, { key: string; count: Cell }[]> } {
  let total: Cell = f.total;
  const dims = {} as Record<Dimension, { key: string; count: Cell }[]>;
  for (const d of DIMENSIONS) {
    const s = suppressPartition(f.dimensions[d].map((b) => b.count), f.total, n);
    dims[d] = f.dimensions[d].map((b, i) => ({ key: b.key, count: s.cells[i]! }));
    if (s.total === null) total = null;
  }
  if (total === null) for (const d of DIMENSIONS) dims[d] = dims[d].map((b) => ({ key: b.key, count: b.count === 0 ? 0 : null }));
  return { total, dimensions: dims };
}

export const WORKFORCE_DIMENSIONS = DIMENSIONS;
