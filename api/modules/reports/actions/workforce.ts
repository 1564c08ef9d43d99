/** Counts of licences by tier, status, region, sex, sector and age band, as of any date. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ageBandCuts, suppressPartition, type AgeBand, type Cell } from '../reports.rules.js';
import type { WorkforceQuery } from '../reports.schema.js';
import { licencesAsOf, REPORT_SETTINGS, type AsOfMode } from './as-of.js';

const DIMENSIONS = ['tier', 'status', 'region', 'sex', 'sector', 'ageBand'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export type WorkforceFigures = {
  asOf: string;
  total: number;
  dimensions: Record<Dimension, { key: string; count: number }[]>;
};

/**
 * The age band as a small integer: how many of the five band boundaries (65, 55, 45, 35 and 25
 * years before the date) the birth date falls after; 0 is 65 and over, 5 is under 25. One
 * width_bucket over the days after each boundary (ascending), instead of five comparisons per row.
 */
const AGE_CODE = `width_bucket(lic.date_of_birth, ?::date[])`;
const BAND_BY_CODE: AgeBand[] = ['65_plus', '55_64', '45_54', '35_44', '25_34', 'under_25'];

/** The day after each age-band boundary, oldest first, as a PostgreSQL date[] literal. */
function ageBoundaries(asOf: string): string {
  const cut = ageBandCuts(asOf);
  const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return `{${[cut.under65, cut.under55, cut.under45, cut.under35, cut.under25].map(dayAfter).join(',')}}`;
}

/**
 * One pass over the licences as of the date (each with its holder's details), counted per
 * combination of the six dimensions (a few thousand rows) in each source; the per-dimension counts
 * are summed from those here.
 */
export async function workforceFigures(
  em: EntityManager,
  q: WorkforceQuery & { asOf: string },
  mode: AsOfMode = 'fast',
): Promise<WorkforceFigures> {
  const ages = ageBoundaries(q.asOf);
  const where: string[] = [];
  const whereParams: unknown[] = [];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    whereParams.push(value);
  };
  filter('lic.tier_code', q.tier);
  filter('lic.status', q.status);
  filter('lic.region', q.region);
  filter('lic.sex', q.sex);
  filter('lic.sector', q.sector);
  if (q.ageBand) {
    where.push(`${AGE_CODE} = ?`);
    whereParams.push(ages, BAND_BY_CODE.indexOf(q.ageBand));
  }
  const sources = licencesAsOf(q.asOf, mode);
  const rows = await em.transactional(async (tx) => {
    for (const s of REPORT_SETTINGS) await tx.execute(s);
    return tx.execute<
      { tier: string; status: string; region: string; sex: string; sector: string; age: number; n: string }[]
    >(
      sources
        .map(
          (s) => `
       select lic.tier_code as tier, lic.status, lic.region, lic.sex, lic.sector, ${AGE_CODE} as age, count(*) as n
       from ${s.sql} lic
       ${where.length ? `where ${where.join(' and ')}` : ''}
       group by 1, 2, 3, 4, 5, 6`,
        )
        .join(' union all '),
      sources.flatMap((s) => [ages, ...s.params, ...whereParams]),
    );
  });
  const sums = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map<string, number>()])) as Record<
    Dimension,
    Map<string, number>
  >;
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    const keys: Record<Dimension, string> = {
      tier: r.tier,
      status: r.status,
      region: r.region,
      sex: r.sex,
      sector: r.sector,
      ageBand: BAND_BY_CODE[Number(r.age)]!,
    };
    for (const d of DIMENSIONS) sums[d].set(keys[d], (sums[d].get(keys[d]) ?? 0) + n);
  }
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [
      d,
      [...sums[d]].map(([key, count]) => ({ key, count })).sort((a, b) => a.key.localeCompare(b.key)),
    ]),
  ) as WorkforceFigures['dimensions'];
  return { asOf: q.asOf, total, dimensions };
}

/** Applies small-cell suppression: each dimension is a partition of the total. */
export function suppressWorkforce(
  f: WorkforceFigures,
  n: number,
): { total: Cell; dimensions: Record<Dimension, { key: string; count: Cell }[]> } {
  let total: Cell = f.total;
  const dims = {} as Record<Dimension, { key: string; count: Cell }[]>;
  for (const d of DIMENSIONS) {
    const s = suppressPartition(
      f.dimensions[d].map((b) => b.count),
      f.total,
      n,
    );
    dims[d] = f.dimensions[d].map((b, i) => ({ key: b.key, count: s.cells[i]! }));
    if (s.total === null) total = null;
  }
  if (total === null)
    for (const d of DIMENSIONS) dims[d] = dims[d].map((b) => ({ key: b.key, count: b.count === 0 ? 0 : null }));
  return { total, dimensions: dims };
}

export const WORKFORCE_DIMENSIONS = DIMENSIONS;
