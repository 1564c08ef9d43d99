/**
 *   npm run bench:verify-bulk [-- rows]
 * Times POST /api/v1/verifications with 1,000 numbers (authenticated with an API key) against a
 * register of 1,000,000 licences numbered SW-0000001 … (some suspended, in grace, lapsed or
 * pending; periods and a few public conditions), through the real app over HTTP.
 *
 * Each request mixes 94% known numbers (random), 4% unknown and 2% malformed, with a few
 * duplicates, as a real roster upload would. Reported: sequential latency (p50, p95, max) and the
 * throughput of 4 concurrent clients. The database (swr_bench_verify_bulk on the local server, or
 * BENCH_DATABASE_URL's) is seeded once and reused by later runs unless BENCH_RESEED=1.
 */
import pg from 'pg';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../api/config.js';
import { boot } from '../api/bootstrap.js';
import { createApp } from '../api/app.js';
import { generateApiKey } from '../api/modules/employers/employer.rules.js';
import { findPublicLicences, normaliseLicenceNumberInput } from '../api/modules/verification/index.js';
import { benchDatabase } from './db.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const NAME = 'swr_bench_verify_bulk';
const SEQUENTIAL = Number(process.env.BENCH_REQUESTS ?? 30);
const CONCURRENT = 4;
const log = (m: string) => console.error(`[bench:verify-bulk] ${m}`);

function serverUrl(db: string): string {
  const u = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  u.pathname = `/${db}`;
  return u.toString();
}

async function existingRows(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const r = await c.query(`select count(*)::int as n from licence`);
    return r.rows[0].n as number;
  } catch {
    return 0;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Set-based seeding, one statement per table (the same register shape as the public lookup benchmark). */
async function seed(url: string, rows: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let t0 = performance.now();
  await c.query(
    `insert into registrant (id, full_name, full_name_native, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, phone, region, sector, created_at, version)
     select md5('r' || i)::uuid, 'Nguyen Van ' || i, null, 'nguyen van ' || i, date '1970-01-01' + (i % 12000), (array['female','male'])[1 + i % 2], 'VN', 'sealed',
            md5('id' || i), lpad((i % 10000)::text, 4, '0'), 'p' || i || '@mail.example', null, 'Hue', 'social_welfare', now(), 1
     from generate_series(1, $1::int) i`,
    [rows],
  );
  await c.query(
    `insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
     select md5('l' || i)::uuid, 'SW-' || lpad(i::text, 7, '0'), md5('r' || i)::uuid, t.code, t.name, t.protected_title,
            case when i % 200 = 7 then 'pending' when i % 20 = 1 then 'suspended' when i % 20 = 2 then 'grace' when i % 50 = 3 then 'lapsed' else 'active' end,
            date '2025-01-01' + (i % 300), date '2027-01-01' + (i % 900), now(), 1
     from generate_series(1, $1::int) i
     join (select code, name, protected_title, row_number() over (order by rank) - 1 as k, count(*) over () as n from tier) t on t.k = i % t.n`,
    [rows],
  );
  await c.query(`insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at)
                 select md5('p' || l.id)::uuid, l.id, l.valid_until - interval '3 years' + interval '1 day', l.valid_until, 'initial', now() from licence l`);
  await c.query(
    `insert into licence_condition (id, licence_id, text, starts_on, public, created_at)
     select md5('c' || i)::uuid, md5('l' || i)::uuid, 'Practise under the supervision of a registered supervisor', date '2025-06-01', true, now()
     from generate_series(1, $1::int, 200) i`,
    [rows],
  );
  log(`seeded ${rows} licences in ${Math.round((performance.now() - t0) / 1000)} s`);
  t0 = performance.now();
  await c.query('vacuum analyze registrant, licence, licence_period, licence_condition');
  await c.end();
}

function numbers(rows: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const r = Math.random();
    if (r < 0.02) out.push(`bad number ${i}`);
    else if (r < 0.06) out.push(`SW-${String(rows + 1 + i).padStart(7, '0')}`);
    else if (r < 0.08 && out.length) out.push(out[Math.floor(Math.random() * out.length)]!);
    else out.push(`SW-${String(1 + Math.floor(Math.random() * rows)).padStart(7, '0')}`);
  }
  return out;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const url = serverUrl(NAME);
  if (process.env.BENCH_RESEED === '1' || (await existingRows(url)) < ROWS) {
    log(`creating ${NAME} with ${ROWS} licences`);
    const db = await benchDatabase(NAME);
    await db.close();
    await seed(url, ROWS);
  } else log(`reusing ${NAME} (${ROWS}+ licences)`);

  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    DEMO: 'false',
    JOBS: 'false',
    LOG_LEVEL: 'silent',
    DB_POOL_MAX: '10',
    BULK_VERIFY_LIMIT_PER_MINUTE: '100000',
    PUBLIC_URL: 'http://bench.test',
  });
  const booted = await boot(config, { log: pino({ level: 'silent' }) });
  const { app } = createApp(booted.deps);
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // An organisation and an API key, as an employer's HR system would use.
  const em = booted.deps.orm.em.fork();
  const orgId = randomUUID();
  await em.execute(
    `insert into employer_organisation (id, name, contact_email, country, sector, locale, status, created_at, updated_at, version) values (?, 'Bench employer', 'bench@employer.example', 'VN', 'health', 'en', 'active', now(), now(), 1)`,
    [orgId],
  );
  const key = generateApiKey();
  await em.execute(
    `insert into employer_api_key (id, key_id, organisation_id, name, secret_hash, scopes, created_by, created_at) values (?, ?, ?, 'bench', ?, '{verify}', ?, now())`,
    [randomUUID(), key.keyId, orgId, key.secretHash, randomUUID()],
  );

  const call = async () => {
    const body = JSON.stringify({ numbers: numbers(ROWS) });
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' },
      body,
    });
    const json = (await res.json()) as { results: unknown[]; counts: Record<string, number> };
    const ms = performance.now() - t0;
    if (res.status !== 200 || json.results.length !== 1000) throw new Error(`unexpected answer ${res.status}`);
    return { ms, counts: json.counts };
  };

  for (let i = 0; i < 3; i++) await call(); // warm-up
  const times: number[] = [];
  let counts: Record<string, number> = {};
  for (let i = 0; i < SEQUENTIAL; i++) {
    const r = await call();
    times.push(r.ms);
    counts = r.counts;
  }
  times.sort((a, b) => a - b);
  // The one set-based lookup on its own (what is left is HTTP, JSON, validation and the projection).
  const lookups: number[] = [];
  for (let i = 0; i < 10; i++) {
    const wanted = numbers(ROWS)
      .map((n) => normaliseLicenceNumberInput(n))
      .filter((n): n is string => n !== null);
    const s0 = performance.now();
    await findPublicLicences(booted.deps.orm.em.fork(), wanted, new Date().toISOString().slice(0, 10));
    lookups.push(performance.now() - s0);
  }
  lookups.sort((a, b) => a - b);
  const t0 = performance.now();
  const perClient = 10;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      for (let i = 0; i < perClient; i++) await call();
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const result = {
    bench: 'verify-bulk',
    licences: ROWS,
    numbersPerRequest: 1000,
    sequentialRequests: SEQUENTIAL,
    p50Ms: Math.round(pct(times, 50)),
    lookupOnlyP50Ms: Math.round(pct(lookups, 50)),
    p95Ms: Math.round(pct(times, 95)),
    maxMs: Math.round(times.at(-1)!),
    lastCounts: counts,
    concurrentClients: CONCURRENT,
    concurrentRequestsPerSecond: Math.round(((CONCURRENT * perClient) / elapsed) * 10) / 10,
    numbersPerSecond: Math.round((CONCURRENT * perClient * 1000) / elapsed),
  };
  console.log(JSON.stringify(result));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await booted.db.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
