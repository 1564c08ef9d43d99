/**
 *   npm run bench:reports [-- rows] [--reuse]
 * Seeds N licences (default 1,000,000) set-based, each with its registrant, initial period and
 * issue event; a third have a renewal period, a tenth lapsed (grace then lapsed events), 1% were
 * suspended and 0.1% have a suspension recorded now that takes effect in two weeks (so the licence
 * row already says suspended while its history, as of today, still says active). Two in three
 * people have an accepted CPD record in each of the last five years; a third of the people answered
 * the renewal question on supervision. Then times each report query as the API runs it (exact
 * figures; suppression is in memory), for today and for a date two years back.
 *
 * --reuse keeps a database seeded earlier by this benchmark with the same row count (the seed is
 * relative to the day it was made) instead of dropping and seeding it again.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { benchDatabase } from './db.js';
import { ormConfig } from '../api/mikro-orm.config.js';
import { workforceFigures } from '../api/modules/reports/actions/workforce.js';
import {
  activityFigures,
  cpdFigures,
  programmeFigures,
  supervisionFigures,
} from '../api/modules/reports/actions/trends.js';
import { ratioFigures } from '../api/modules/reports/actions/population.js';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => !a.startsWith('--')) ?? 1_000_000);
const NAME = 'swr_bench_reports';
const MARK = `reports bench seed v2, ${rows} licences`;
const today = new Date().toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const past = `${year - 2}${today.slice(4, 10)}`;

/** The earlier seed, when --reuse is given and the server holds one of the same size. */
async function reuseSeeded(): Promise<{ orm: MikroORM; close(): Promise<void> } | null> {
  if (!args.includes('--reuse')) return null;
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
    const { rows: found } = await admin.query(
      `select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`,
      [NAME],
    );
    if (found[0]?.mark !== MARK) return null;
  } catch {
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
  const u = new URL(server);
  u.pathname = `/${NAME}`;
  const orm = await MikroORM.init(ormConfig({ clientUrl: u.toString(), poolMax: 4 }));
  await orm.migrator.up();
  return { orm, close: () => orm.close(true) };
}

async function seed(em: EntityManager) {
  const t0 = performance.now();
  await em.execute(
    `insert into registrant (id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, region, sector, created_at, version)
     select md5('r' || i)::uuid, 'Person ' || i, 'person ' || i, date '1960-01-01' + (i % 14000), (array['female','male'])[1 + i % 2], 'VN', 'x', md5('id' || i), '0000',
            'Region ' || (i % 63), (array['social_welfare','health','education','justice','other'])[1 + i % 5], now(), 1
     from generate_series(1, ?) i`,
    [rows],
  );
  // Start dates: lapsed licences (i % 10 = 1) started early enough to have lapsed by now.
  const start = `(date '2015-01-01' + case when i % 10 = 1 then i % 2900 else i % 3650 end)`;
  await em.execute(
    `insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
     select md5('l' || i)::uuid, 'SW-' || lpad(i::text, 8, '0'), md5('r' || i)::uuid, (array['para','provisional','licensed','specialist'])[1 + i % 4], '{"en":"Tier"}', '{"en":"Title"}',
            case when i % 100 = 0 then 'suspended' when i % 10 = 1 then 'lapsed' when i % 1000 = 7 then 'suspended' else 'active' end,
            case when i % 100 = 0 then ${start} + 200 when i % 10 = 1 then ${start} + 1125 when i % 1000 = 7 then ?::date + 14 else ${start} end,
            ${start} + case when i % 3 = 0 then 2189 else 1094 end, now(), 1
     from generate_series(1, ?) i`,
    [today, rows],
  );
  await em.execute(
    `insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at)
     select md5('p' || i)::uuid, md5('l' || i)::uuid, ${start}, ${start} + 1094, 'initial', now() from generate_series(1, ?) i
     union all
     select md5('q' || i)::uuid, md5('l' || i)::uuid, ${start} + 1095, ${start} + 2189, 'renewal', now() from generate_series(1, ?) i where i % 3 = 0`,
    [rows, rows],
  );
  await em.execute(
    `insert into licence_event (id, licence_id, from_status, to_status, effective_date, reason, created_at)
     select gen_random_uuid(), md5('l' || i)::uuid, 'pending', 'active', ${start}, 'issued', now() from generate_series(1, ?) i
     union all
     select gen_random_uuid(), md5('l' || i)::uuid, 'active', 'grace', ${start} + 1095, 'expired', now() + interval '1 second' from generate_series(1, ?) i where i % 10 = 1
     union all
     select gen_random_uuid(), md5('l' || i)::uuid, 'grace', 'lapsed', ${start} + 1125, 'lapsed', now() + interval '2 seconds' from generate_series(1, ?) i where i % 10 = 1
     union all
     select gen_random_uuid(), md5('l' || i)::uuid, 'active', 'suspended', ${start} + 200, 'sanction', now() + interval '1 second' from generate_series(1, ?) i where i % 100 = 0
     union all
     select gen_random_uuid(), md5('l' || i)::uuid, 'active', 'suspended', ?::date + 14, 'sanction from a later date', now() + interval '1 second' from generate_series(1, ?) i where i % 1000 = 7`,
    [rows, rows, rows, rows, today, rows],
  );
  await em.execute(
    `insert into licence_application (id, registrant_id, type, tier_code, status, declarations, created_at, submitted_at, version)
     select gen_random_uuid(), md5('r' || i)::uuid, 'renewal', 'licensed', 'approved', jsonb_build_object('ethics', true, 'adequateSupervision', i % 4 <> 0), now(), now() - (i % 1000) * interval '1 day', 1
     from generate_series(1, ?) i where i % 3 = 0`,
    [rows],
  );
  await em.execute(
    `insert into cpd_record (id, registrant_id, source, title, provider_name, category_code, completed_on, credits, structured, status, created_at, version)
     select gen_random_uuid(), md5('r' || i)::uuid, 'self', 'Course', 'Provider', 'ethics', make_date(y, 1 + i % 12, 1 + i % 28), 5, true,
            case when (i + y) % 3 <> 0 then 'accepted' else 'pending' end, now(), 1
     from generate_series(1, ?) i cross join generate_series(?::int - 4, ?::int) y
     where (i + y) % 3 <> 0 or i % 2 = 0`,
    [rows, year, year],
  );
  await em.execute(
    `insert into population_figure (id, region, year, population, updated_at) select gen_random_uuid(), 'Region ' || g, 2024, 1000000 + g * 1000, now() from generate_series(0, 62) g`,
  );
  await em.execute('vacuum analyze');
  await em.execute(`comment on database ${NAME} is '${MARK}'`);
  const [ev] = await em.execute<{ e: string; c: string }[]>(
    `select (select count(*) from licence_event) as e, (select count(*) from cpd_record) as c`,
  );
  console.log(
    `seeded ${rows.toLocaleString('en')} licences (${Number(ev!.e).toLocaleString('en')} events, ${Number(ev!.c).toLocaleString('en')} CPD records) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

let db = await reuseSeeded();
if (db) console.log(`reusing the ${rows.toLocaleString('en')}-licence seed in ${NAME}`);
else {
  db = await benchDatabase(NAME);
  await seed(db.orm.em.fork());
}
const em = db.orm.em.fork();

const time = async (name: string, fn: () => Promise<unknown>) => {
  await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(
    JSON.stringify({ report: name, rows, medianMs: Math.round(samples[1]!), maxMs: Math.round(samples[2]!) }),
  );
};
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const run = (name: string, fn: () => Promise<unknown>) =>
  !only || only.test(name) ? time(name, fn) : Promise.resolve();
await run(`workforce as of today (${today})`, () => workforceFigures(em, { asOf: today }));
await run(`workforce as of ${past}`, () => workforceFigures(em, { asOf: past }));
await run('workforce as of today, filtered to one region', () =>
  workforceFigures(em, { asOf: today, region: 'Region 7' }),
);
await run(`workforce as of ${past}, filtered to one region`, () =>
  workforceFigures(em, { asOf: past, region: 'Region 7' }),
);
await run('workforce ratio per region, as of today', () => ratioFigures(em, { asOf: today }));
await run(`workforce ratio per region, as of ${past}`, () => ratioFigures(em, { asOf: past }));
await run('activity per month, 12 months', () =>
  activityFigures(em, { from: `${year - 1}-${today.slice(5, 7)}`, to: today.slice(0, 7) }),
);
await run('cpd engagement, 5 years', () => cpdFigures(em, { fromYear: year - 4, toYear: year }));
await run('cpd engagement, 5 years, one region', () =>
  cpdFigures(em, { fromYear: year - 4, toYear: year, region: 'Region 7' }),
);
await run('supervision adequacy, 5 years', () => supervisionFigures(em, { fromYear: year - 4, toYear: year }));
await run('programmes and graduates, 5 years', () => programmeFigures(em, { fromYear: year - 4, toYear: year }));
await db.close();
