/** Counts of licences by tier, status, region, sex, sector and age band, as of any date. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ageBandCuts, suppressPartition, type Cell } from '../reports.rules.js';
import type { WorkforceQuery } from '../reports.schema.js';
import { STATUS_AS_OF_CTE, statusAsOfParams } from './as-of.js';

const DIMENSIONS = ['tier', 'status', 'region', 'sex', 'sector', 'ageBand'] as const;
type Dimension = (typeof DIMENSIONS)[number];
const COLUMN: Record<Dimension, string> = { tier: 'tier', status: 'status', region: 'region', sex: 'sex', sector: 'sector', ageBand: 'age_band' };

export type WorkforceFigures = { asOf: string; total: number; dimensions: Record<Dimension, { key: string; count: number }[]> };

export async function workforceFigures(em: EntityManager, q: WorkforceQuery & { asOf: string }): Promise<WorkforceFigures> {
  const cut = ageBandCuts(q.asOf);
  const where: string[] = [];
  const params: unknown[] = [...statusAsOfParams(q.asOf), cut.under25, cut.under35, cut.under45, cut.under55, cut.under65];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  filter('tier', q.tier);
  filter('status', q.status);
  filter('region', q.region);
  filter('sex', q.sex);
  filter('sector', q.sector);
  filter('age_band', q.ageBand);
  const rows = await em.execute<{ g: number; tier: string | null; status: string | null; region: string | null; sex: string | null; sector: string | null; age_band: string | null; n: string }[]>(
    `with ${STATUS_AS_OF_CTE},
     base as (
       select l.tier_code as tier, st.status, r.region, r.sex, r.sector,
              case when r.date_of_birth > ?::date then 'under_25' when r.date_of_birth > ?::date then '25_34'
                   when r.date_of_birth > ?::date then '35_44' when r.date_of_birth > ?::date then '45_54'
                   when r.date_of_birth > ?::date then '55_64' else '65_plus' end as age_band
       from st join licence l on l.id = st.licence_id join registrant r on r.id = l.registrant_id
     )
     select grouping(tier, status, region, sex, sector, age_band) as g, tier, status, region, sex, sector, age_band, count(*) as n
     from base ${where.length ? `where ${where.join(' and ')}` : ''}
     group by grouping sets ((), (tier), (status), (region), (sex), (sector), (age_band))`,
    params,
  );
  const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as { key: string; count: number }[]])) as WorkforceFigures['dimensions'];
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    // grouping() sets a bit for each column NOT grouped; all six set = the grand total.
    if (Number(r.g) === 63) {
      total = n;
      continue;
    }
    const d = DIMENSIONS.find((dim) => (r as Record<string, unknown>)[COLUMN[dim]] !== null && Number(r.g) === 63 - (1 << (5 - DIMENSIONS.indexOf(dim))));
    if (d) dimensions[d].push({ key: String((r as Record<string, unknown>)[COLUMN[d]]), count: n });
  }
  for (const d of DIMENSIONS) dimensions[d].sort((a, b) => a.key.localeCompare(b.key));
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
