/**
 *   npm run bench:verify [-- rows]
 * The public lookup GET /api/v1/public/licences/{number} against the floor in
 * ../shared/bench/verify-baseline.mjs (node:http + one indexed query), in the same run, on the same
 * database server, with the same load (../shared/bench/load.mjs: random numbers SW-0000001 …,
 * 10 s, 32 connections), alternating baseline and registry twice.
 *
 * A fresh database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/swr_bench_verify) is
 * migrated and seeded set-based with 1,000,000 registrants, licences (numbered SW-0000001 …; some
 * suspended, in grace or lapsed), periods and a few public conditions. The registry is the real
 * app (createApp + listen; jobs off; the request log line written to /dev/null at info level);
 * the public rate limit is raised for the single benchmark client (PUBLIC_LOOKUPS_PER_MINUTE).
 * Also times the 1,000-number projection used by bulk verification.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../api/config.js';
import { boot } from '../api/bootstrap.js';
import { createApp } from '../api/app.js';
import { closePublicRegister, findPublicLicences } from '../api/modules/verification/index.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BASELINE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? 4100);
const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
// The shared scripts import pg and autocannon: run verbatim copies from inside the project so they resolve its node_modules.
const sharedSource = path.resolve(root, '../shared/bench');
const shared = path.join(root, 'node_modules/.cache/bench-verify');
mkdirSync(shared, { recursive: true });
for (const f of ['verify-baseline.mjs', 'load.mjs']) copyFileSync(path.join(sharedSource, f), path.join(shared, f));
const node = path.join(root, 'node_modules/.bin/node');
const dbUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/swr_bench_verify';

const log = (m: string) => console.error(`[bench:verify] ${m}`);

async function freshDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name ${name}: letters, digits and _ only`);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
}

async function seededRows(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const { rows } = await c.query(
      `select (select count(*) from licence)::int as l, (select count(*) from baseline_licence)::int as b`,
    );
    return rows[0].l === rows[0].b ? rows[0].l : -1;
  } catch {
    return -1;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Set-based seeding: one statement per table. Names are Vietnamese (with their search keys). */
async function seed(client: pg.Client, rows: number) {
  const family = [
    'Nguyễn',
    'Trần',
    'Lê',
    'Phạm',
    'Hoàng',
    'Huỳnh',
    'Phan',
    'Vũ',
    'Võ',
    'Đặng',
    'Bùi',
    'Đỗ',
    'Hồ',
    'Ngô',
    'Dương',
    'Lý',
  ];
  const middle = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Quốc', 'Thanh', 'Hữu', 'Đức'];
  const given = [
    'An',
    'Bình',
    'Châu',
    'Dũng',
    'Giang',
    'Hà',
    'Hải',
    'Hạnh',
    'Hiếu',
    'Hoa',
    'Hùng',
    'Lan',
    'Linh',
    'Long',
    'Mai',
    'Nam',
    'Nga',
    'Phong',
    'Phúc',
    'Quang',
    'Sơn',
    'Tâm',
    'Thảo',
    'Trang',
    'Tuấn',
    'Vy',
    'Xuân',
    'Yến',
  ];
  const key = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{Mn}/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
  const arr = (a: string[]) => `{${a.map((x) => `"${x}"`).join(',')}}`;
  const params = [
    arr(family),
    arr(family.map(key)),
    arr(middle),
    arr(middle.map(key)),
    arr(given),
    arr(given.map(key)),
  ];
  let t0 = performance.now();
  await client.query(
    `insert into registrant (id, full_name, full_name_native, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, phone, region, sector, created_at, version)
     select md5('r' || i)::uuid,
            f[1 + i % ${family.length}] || ' ' || m[1 + (i / 7) % ${middle.length}] || ' ' || g[1 + (i / 3) % ${given.length}],
            null,
            fk[1 + i % ${family.length}] || ' ' || mk[1 + (i / 7) % ${middle.length}] || ' ' || gk[1 + (i / 3) % ${given.length}],
            date '1970-01-01' + (i % 12000), (array['female','male'])[1 + i % 2], 'VN', 'sealed', md5('id' || i), lpad((i % 10000)::text, 4, '0'),
            'p' || i || '@mail.example', null, (array['Ha Noi','Ho Chi Minh City','Da Nang','Hue','Can Tho'])[1 + i % 5], 'social_welfare', now(), 1
     from generate_series(1, $7::int) i, (select $1::text[] f, $2::text[] fk, $3::text[] m, $4::text[] mk, $5::text[] g, $6::text[] gk) n`,
    [...params, rows],
  );
  log(`registrants: ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  // Status mix: 5% suspended, 5% grace, 2% lapsed, 0.5% pending (not on the register), the rest active.
  await client.query(
    `insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
     select md5('l' || i)::uuid, 'SW-' || lpad(i::text, 7, '0'), md5('r' || i)::uuid, t.code, t.name, t.protected_title,
            case when i % 200 = 7 then 'pending' when i % 20 = 1 then 'suspended' when i % 20 = 2 then 'grace' when i % 50 = 3 then 'lapsed' else 'active' end,
            case when i % 20 = 2 then current_date - 10 when i % 50 = 3 then current_date - 40 else date '2025-01-01' + (i % 300) end,
            case when i % 20 = 2 then current_date - 11 when i % 50 = 3 then current_date - 41 else date '2027-01-01' + (i % 900) end,
            now(), 1
     from generate_series(1, $1::int) i
     join (select code, name, protected_title, row_number() over (order by rank) - 1 as k, count(*) over () as n from tier) t on t.k = i % t.n`,
    [rows],
  );
  log(`licences: ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  await client.query(
    `insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at)
     select md5('p' || l.id)::uuid, l.id, l.valid_until - interval '3 years' + interval '1 day', l.valid_until, 'initial', now() from licence l`,
  );
  await client.query(
    `insert into licence_condition (id, licence_id, text, starts_on, public, created_at)
     select md5('c' || i)::uuid, md5('l' || i)::uuid, 'Practise under the supervision of a registered supervisor', date '2025-06-01', i % 400 <> 0, now()
     from generate_series(1, $1::int, 200) i`,
    [rows],
  );
  log(`periods and conditions: ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  await client.query('vacuum analyze registrant, licence, licence_period, licence_condition');
  log(`vacuum analyze: ${Math.round(performance.now() - t0)} ms`);
}

/** Runs a script with the project's node, asynchronously (the registry under test lives in this process's event loop). */
function runNode(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} failed (${code}): ${err}`)),
    );
  });
}

type LoadResult = {
  url: string;
  rps: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};
async function load(prefix: string, seconds = SECONDS): Promise<LoadResult> {
  const out = await runNode([
    path.join(shared, 'load.mjs'),
    prefix,
    String(seconds),
    String(CONNECTIONS),
    String(ROWS),
  ]);
  return JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
}

async function waitForHttp(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}

async function main() {
  // BENCH_REUSE=1 keeps an already seeded database of the same size (for repeated runs).
  const reuse = process.env.BENCH_REUSE === '1' && (await seededRows(dbUrl)) === ROWS;
  if (!reuse) {
    log(`fresh database ${new URL(dbUrl).pathname.slice(1)}; ${ROWS.toLocaleString('en')} licences`);
    await freshDatabase(dbUrl);
  } else log(`reusing ${new URL(dbUrl).pathname.slice(1)} (${ROWS.toLocaleString('en')} licences)`);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    DEMO: 'false',
    JOBS: 'false',
    PUBLIC_URL: 'http://127.0.0.1',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    LOG_LEVEL: 'info',
    PUBLIC_LOOKUPS_PER_MINUTE: process.env.PUBLIC_LOOKUPS_PER_MINUTE ?? '100000000',
  });
  // The per-request log line is produced (info level) and written, buffered in 4 KB blocks, to /dev/null.
  const appLog = pino(
    { level: 'info', base: { service: 'sw-registry' } },
    pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }),
  );
  const booted = await boot(config, { log: appLog });
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  if (!reuse) {
    const t0 = performance.now();
    await seed(client, ROWS);
    log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    log('baseline: load its own table');
    await runNode([path.join(shared, 'verify-baseline.mjs'), 'load', String(ROWS)], { DATABASE_URL: dbUrl });
  }
  const baseline = spawn(node, [path.join(shared, 'verify-baseline.mjs'), 'serve', String(BASELINE_PORT)], {
    env: { ...process.env, DATABASE_URL: dbUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const { app } = createApp(booted.deps);
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const baselineUrl = `http://127.0.0.1:${BASELINE_PORT}/verify/`;
  const registryUrl = `http://127.0.0.1:${port}/api/v1/public/licences/`;
  await waitForHttp(`${baselineUrl}SW-0000001`);
  const sample = await (await fetch(`${registryUrl}SW-0000001`)).json();
  log(`registry answers: ${JSON.stringify(sample)}`);

  // The 1,000-number projection (bulk verification's core): one statement.
  const em = booted.deps.orm.em.fork();
  const today = new Date().toISOString().slice(0, 10);
  const bulkTimes: number[] = [];
  for (let r = 0; r < 12; r++) {
    const numbers = Array.from(
      { length: 1000 },
      () => `SW-${String(1 + Math.floor(Math.random() * ROWS)).padStart(7, '0')}`,
    );
    const s = performance.now();
    const found = await findPublicLicences(em, numbers, today);
    if (r >= 2) bulkTimes.push(performance.now() - s);
    if (found.size < 900) throw new Error(`bulk projection found only ${found.size}`);
  }
  bulkTimes.sort((a, b) => a - b);

  // Warm both (JIT, caches), then alternate.
  log('warm-up');
  await load(baselineUrl, 3);
  await load(registryUrl, 3);
  const results: { round: number; which: 'baseline' | 'registry'; r: LoadResult }[] = [];
  for (let round = 1; round <= 2; round++) {
    for (const which of ['baseline', 'registry'] as const) {
      log(`round ${round}: ${which}`);
      const r = await load(which === 'baseline' ? baselineUrl : registryUrl);
      results.push({ round, which, r });
    }
  }
  baseline.kill('SIGTERM');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await client.end();
  await closePublicRegister(booted.deps);
  await booted.db.close();

  const rows = results.map(
    ({ round, which, r }) =>
      `| ${round} | ${which} | ${r.rps} | ${r.p50_ms} | ${r.p90_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.non2xx} | ${r.errors + r.timeouts} |`,
  );
  const mean = (w: string, f: (r: LoadResult) => number) => {
    const xs = results.filter((x) => x.which === w).map((x) => f(x.r));
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const rpsRatio = mean('registry', (r) => r.rps) / mean('baseline', (r) => r.rps);
  const p99Ratio = mean('registry', (r) => r.p99_ms) / mean('baseline', (r) => r.p99_ms);
  console.log(
    [
      '| round | server | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
  console.log(`\nthroughput ratio (registry / baseline, mean of rounds): ${rpsRatio.toFixed(2)} (goal ≥ 0.70)`);
  console.log(`p99 ratio (registry / baseline, mean of rounds): ${p99Ratio.toFixed(2)} (goal ≤ 2.0)`);
  console.log(
    `1,000-number projection (findPublicLicences): median ${bulkTimes[Math.floor(bulkTimes.length / 2)]!.toFixed(1)} ms, max ${bulkTimes.at(-1)!.toFixed(1)} ms (${bulkTimes.length} runs)`,
  );
  console.log(
    JSON.stringify({
      rows: ROWS,
      seconds: SECONDS,
      connections: CONNECTIONS,
      rpsRatio: Number(rpsRatio.toFixed(3)),
      p99Ratio: Number(p99Ratio.toFixed(3)),
      results: results.map((x) => ({ round: x.round, which: x.which, ...x.r })),
    }),
  );
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
