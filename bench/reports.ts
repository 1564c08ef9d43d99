/**
 *   npm run bench:reports [-- rows]
 * Seeds N licences (default 1,000,000) set-based, each with its registrant, initial period and
 * issue event; a third have a renewal period, a tenth lapsed (grace then lapsed events) and 1% were
 * suspended. Then times each report query as the API runs it (exact figures; suppression is in
 * memory), for today and for a date two years back.
 */
import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { benchDatabase } from './db.js';
import { workforceFigures } from '../api/modules/reports/actions/workforce.js';
import { activityFigures, cpdFigures, supervisionFigures } from '../api/modules/reports/actions/trends.js';
import { ratioFigures } from '../api/modules/reports/actions/population.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const db = await benchDatabase('swr_bench_reports');
const em = db.orm.em.fork() as unknown as EntityManager;
const today = new Date().toISOString().slice(0, 10);
const past = `${Number(today.slice(0, 4)) - 2}${today.slice(4, 10)}`;

let t0 = performance.now();
await em.execute(
  `insert into registrant (id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, region, sector, created_at, version)
   select md5('r' || i)::uuid, 'Person ' || i, 'person ' || i, date '1960-01-01' + (i % 14000), (array['female','male'])[1 + i % 2], 'VN', 'x', md5('id' || i), '0000',
          'Region ' || (i % 63), (array['social_welfare','health','education','justice','other'])[1 + i % 5], now(), 1
   from generate_series(1, ?) i`, [rows]);
await em.execute(
  `insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
   select md5('l' || i)::uuid, 'SW-' || lpad(i::text, 8, '0'), md5('r' || i)::uuid, (array['para','provisional','licensed','specialist'])[1 + i % 4], '{"en":"Tier"}', '{"en":"Title"}',
          case when i % 100 = 0 then 'suspended' when i % 10 = 1 then 'lapsed' else 'active' end, date '2015-01-01' + (i % 3650), date '2015-01-01' + (i % 3650) + 1095, now(), 1
   from generate_series(1, ?) i`, [rows]);
await em.execute(
  `insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at)
   select md5('p' || i)::uuid, md5('l' || i)::uuid, date '2015-01-01' + (i % 3650), date '2015-01-01' + (i % 3650) + 1094, 'initial', now() from generate_series(1, ?) i
   union all
   select md5('q' || i)::uuid, md5('l' || i)::uuid, date '2015-01-01' + (i % 3650) + 1095, date '2015-01-01' + (i % 3650) + 2189, 'renewal', now() from generate_series(1, ?) i where i % 3 = 0`, [rows, rows]);
await em.execute(
  `insert into licence_event (id, licence_id, from_status, to_status, effective_date, reason, created_at)
   select gen_random_uuid(), md5('l' || i)::uuid, 'pending', 'active', date '2015-01-01' + (i % 3650), 'issued', now() from generate_series(1, ?) i
   union all
   select gen_random_uuid(), md5('l' || i)::uuid, 'active', 'grace', date '2015-01-01' + (i % 3650) + 1095, 'expired', now() from generate_series(1, ?) i where i % 10 = 1
   union all
   select gen_random_uuid(), md5('l' || i)::uuid, 'grace', 'lapsed', date '2015-01-01' + (i % 3650) + 1125, 'lapsed', now() from generate_series(1, ?) i where i % 10 = 1
   union all
   select gen_random_uuid(), md5('l' || i)::uuid, 'active', 'suspended', date '2015-01-01' + (i % 3650) + 200, 'sanction', now() from generate_series(1, ?) i where i % 100 = 0`, [rows, rows, rows, rows]);
await em.execute(
  `insert into licence_application (id, registrant_id, type, tier_code, status, declarations, created_at, submitted_at, version)
   select gen_random_uuid(), md5('r' || i)::uuid, 'renewal', 'licensed', 'approved', jsonb_build_object('ethics', true, 'adequateSupervision', i % 4 <> 0), now(), now() - (i % 1000) * interval '1 day', 1
   from generate_series(1, ?) i where i % 3 = 0`, [rows]);
await em.execute(
  `insert into population_figure (id, region, year, population, updated_at) select gen_random_uuid(), 'Region ' || g, 2024, 1000000 + g * 1000, now() from generate_series(0, 62) g`);
await em.execute('vacuum analyze');
const [ev] = await em.execute<{ n: string }[]>(`select count(*) as n from licence_event`);
console.log(`seeded ${rows.toLocaleString('en')} licences (${Number(ev!.n).toLocaleString('en')} events) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const time = async (name: string, fn: () => Promise<unknown>) => {
  await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(JSON.stringify({ report: name, rows, medianMs: Math.round(samples[1]!), maxMs: Math.round(samples[2]!) }));
};
await time(`workforce as of today (${today})`, () => workforceFigures(em, { asOf: today }));
await time(`workforce as of ${past}`, () => workforceFigures(em, { asOf: past }));
await time('workforce as of today, filtered to one region', () => workforceFigures(em, { asOf: today, region: 'Region 7' }));
await time('workforce ratio per region', () => ratioFigures(em, { asOf: today }));
await time('activity per month, 12 months', () => activityFigures(em, { from: `${Number(today.slice(0, 4)) - 1}-${today.slice(5, 7)}`, to: today.slice(0, 7) }));
await time('cpd engagement, 5 years', () => cpdFigures(em, { fromYear: Number(today.slice(0, 4)) - 4, toYear: Number(today.slice(0, 4)) }));
await time('supervision adequacy, 5 years', () => supervisionFigures(em, { fromYear: Number(today.slice(0, 4)) - 4, toYear: Number(today.slice(0, 4)) }));
await db.close();
