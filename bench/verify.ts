/**
 *   npm run bench:verify [-- rows]
 * The public lookup GET /api/v1/public/licences/{number} against the floor in
 * ../shared/bench/verify-baseline.mjs (node:http + one indexed query), in the same run, on the same
 * database server, with the same load (../shared/bench/load.mjs: random numbers SW-0000001 …,
 * 10 s, 32 connections), alternating baseline and registry for BENCH_ROUNDS rounds (at least 3),
 * with the ratio of each round and their median.
 *
 * A fresh database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/swr_bench_verify) is
 * migrated and seeded set-based with 1,000,000 registrants (one in ten with a name in Thai, Khmer,
 * Lao or Burmese script beside its Latin form), licences (numbered SW-0000001 …; some suspended,
 * in grace or lapsed), periods and a few public conditions; the report tables and the public
 * register are then rebuilt from them. The registry is the real app (createApp + listen; jobs off;
 * the request log line written to /dev/null at info level); the public rate limits are raised for
 * the single benchmark client (PUBLIC_LOOKUPS_PER_MINUTE, PUBLIC_SEARCHES_PER_MINUTE).
 * Also times name searches (3 letters and full names, Latin and native scripts) under load, the
 * conditional lookup (304) and the 1,000-number projection used by bulk verification.
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
import { searchKey } from '../api/shared/names.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
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

/** Names in the scripts of the region's other languages: [Latin form, native form] parts. */
const NATIVE_NAMES: {
  order: 'given-family' | 'family-given' | 'joined';
  a: [string, string][];
  b: [string, string][];
}[] = [
  {
    order: 'given-family', // Thai: given name, family name
    a: [
      ['Somchai', 'สมชาย'],
      ['Kittisak', 'กิตติศักดิ์'],
      ['Suda', 'สุดา'],
      ['Napa', 'นภา'],
      ['Wichai', 'วิชัย'],
      ['Prasert', 'ประเสริฐ'],
      ['Malee', 'มาลี'],
      ['Arun', 'อรุณ'],
    ],
    b: [
      ['Somboon', 'สมบูรณ์'],
      ['Jaidee', 'ใจดี'],
      ['Wongsuwan', 'วงศ์สุวรรณ'],
      ['Srisuk', 'ศรีสุข'],
      ['Kaewmanee', 'แก้วมณี'],
      ['Thongdee', 'ทองดี'],
      ['Boonma', 'บุญมา'],
      ['Suksawat', 'สุขสวัสดิ์'],
    ],
  },
  {
    order: 'family-given', // Khmer: family name, given name
    a: [
      ['Sok', 'សុខ'],
      ['Chan', 'ចាន់'],
      ['Heng', 'ហេង'],
      ['Ly', 'លី'],
      ['Keo', 'កែវ'],
      ['Mao', 'ម៉ៅ'],
      ['Chhim', 'ឈឹម'],
      ['Tep', 'ទេព'],
    ],
    b: [
      ['Dara', 'ដារ៉ា'],
      ['Sophea', 'សុភា'],
      ['Vichet', 'វិចិត្រ'],
      ['Sreymom', 'ស្រីមុំ'],
      ['Bopha', 'បុប្ផា'],
      ['Ratana', 'រតនា'],
      ['Sovann', 'សុវណ្ណ'],
      ['Chanthy', 'ចន្ធី'],
    ],
  },
  {
    order: 'given-family', // Lao: given name, family name
    a: [
      ['Somphone', 'ສົມພອນ'],
      ['Bounmy', 'ບຸນມີ'],
      ['Khamphone', 'ຄຳພອນ'],
      ['Naly', 'ນາລີ'],
      ['Vanna', 'ວັນນາ'],
      ['Sida', 'ສີດາ'],
      ['Thongsy', 'ທອງສີ'],
      ['Phonsavanh', 'ພອນສະຫວັນ'],
    ],
    b: [
      ['Phommachanh', 'ພົມມະຈັນ'],
      ['Sisouvanh', 'ສີສຸວັນ'],
      ['Keomany', 'ແກ້ວມະນີ'],
      ['Vongsa', 'ວົງສາ'],
      ['Souliya', 'ສຸລິຍະ'],
      ['Xayavong', 'ໄຊຍະວົງ'],
      ['Phommavong', 'ພົມມະວົງ'],
      ['Inthavong', 'ອິນທະວົງ'],
    ],
  },
  {
    order: 'joined', // Burmese: no family name; the parts are written together
    a: [
      ['Aung', 'အောင်'],
      ['Myint', 'မြင့်'],
      ['Zaw', 'ဇော်'],
      ['Khin', 'ခင်'],
      ['Thant', 'သန့်'],
      ['Kyaw', 'ကျော်'],
      ['Mya', 'မြ'],
      ['Nanda', 'နန္ဒာ'],
    ],
    b: [
      ['Kyaw', 'ကျော်'],
      ['Myat', 'မြတ်'],
      ['Win', 'ဝင်း'],
      ['Maung', 'မောင်'],
      ['Zin', 'ဇင်'],
      ['Thu', 'သူ'],
      ['Hlaing', 'လှိုင်'],
      ['Naing', 'နိုင်'],
    ],
  },
];

/** Every native-script name of the seed: 4 scripts × 8 × 8, as [Latin, native, search key]. */
function nativeNames(): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const { order, a, b } of NATIVE_NAMES)
    for (const [la, na] of a)
      for (const [lb, nb] of b) {
        const latin = `${la} ${lb}`;
        const native = order === 'joined' ? `${na}${nb}` : `${na} ${nb}`;
        out.push([latin, native, searchKey(latin, native)]);
      }
  return out;
}

/**
 * Set-based seeding: one statement per table, with the triggers switched off (as a data-only
 * restore would load a register), then the report tables and the public register rebuilt from it.
 * Names are Vietnamese; one holder in ten has a Thai, Khmer, Lao or Burmese name.
 */
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
  const key = (s: string) => searchKey(s);
  const arr = (a: string[]) => `{${a.map((x) => `"${x}"`).join(',')}}`;
  const natives = nativeNames();
  const params = [
    arr(family),
    arr(family.map(key)),
    arr(middle),
    arr(middle.map(key)),
    arr(given),
    arr(given.map(key)),
    arr(natives.map((n) => n[0])),
    arr(natives.map((n) => n[1])),
    arr(natives.map((n) => n[2])),
  ];
  // As a data-only restore would: triggers (and foreign key checks) off while loading, derived tables rebuilt after.
  await client.query('set session_replication_role = replica');
  let t0 = performance.now();
  await client.query(
    `insert into registrant (id, full_name, full_name_native, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, phone, region, sector, created_at, version)
     select md5('r' || i)::uuid,
            case when i % 10 = 5 then nl[1 + (i / 10) % ${natives.length}]
                 else f[1 + i % ${family.length}] || ' ' || m[1 + (i / 7) % ${middle.length}] || ' ' || g[1 + (i / 3) % ${given.length}] end,
            case when i % 10 = 5 then nn[1 + (i / 10) % ${natives.length}] end,
            case when i % 10 = 5 then nk[1 + (i / 10) % ${natives.length}]
                 else fk[1 + i % ${family.length}] || ' ' || mk[1 + (i / 7) % ${middle.length}] || ' ' || gk[1 + (i / 3) % ${given.length}] end,
            date '1970-01-01' + (i % 12000), (array['female','male'])[1 + i % 2], 'VN', 'sealed', md5('id' || i), lpad((i % 10000)::text, 4, '0'),
            'p' || i || '@mail.example', null, (array['Ha Noi','Ho Chi Minh City','Da Nang','Hue','Can Tho'])[1 + i % 5], 'social_welfare', now(), 1
     from generate_series(1, $10::int) i,
          (select $1::text[] f, $2::text[] fk, $3::text[] m, $4::text[] mk, $5::text[] g, $6::text[] gk, $7::text[] nl, $8::text[] nn, $9::text[] nk) n`,
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
  await client.query('reset session_replication_role');
  t0 = performance.now();
  await client.query('select report_tables_rebuild()');
  log(`report tables rebuilt: ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  await client.query('select public_register_rebuild()');
  log(`public register rebuilt: ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  await client.query(
    'vacuum analyze registrant, licence, licence_period, licence_condition, report_licence, report_person_year, public_register',
  );
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
    PUBLIC_SEARCHES_PER_MINUTE: process.env.PUBLIC_SEARCHES_PER_MINUTE ?? '100000000',
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
  stopBaseline = () => baseline.kill('SIGTERM');
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
  for (let round = 1; round <= ROUNDS; round++) {
    for (const which of ['baseline', 'registry'] as const) {
      log(`round ${round}: ${which}`);
      const r = await load(which === 'baseline' ? baselineUrl : registryUrl);
      log(`  ${r.rps} req/s, p99 ${r.p99_ms} ms`);
      results.push({ round, which, r });
    }
  }

  // A client that revalidates: If-None-Match with the tag it holds gets 304 and no body.
  const first = await fetch(`${registryUrl}SW-0000002`);
  const etag = first.headers.get('etag') ?? '';
  const revalidated = await fetch(`${registryUrl}SW-0000002`, { headers: { 'if-none-match': etag } });
  log(`conditional GET: ${first.status} ${etag} ${first.headers.get('cache-control')} → ${revalidated.status}`);

  log('name searches');
  const search = await searchLatencies(`http://127.0.0.1:${port}/api/v1/public/licences?q=`);

  stopBaseline();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await client.end();
  await closePublicRegister(booted.deps);
  await booted.db.close();

  const rows = results.map(
    ({ round, which, r }) =>
      `| ${round} | ${which} | ${r.rps} | ${r.p50_ms} | ${r.p90_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.non2xx} | ${r.errors + r.timeouts} |`,
  );
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const ratios = Array.from({ length: ROUNDS }, (_, i) => {
    const b = results.find((x) => x.round === i + 1 && x.which === 'baseline')!.r;
    const r = results.find((x) => x.round === i + 1 && x.which === 'registry')!.r;
    return { round: i + 1, rps: r.rps / b.rps, p99: r.p99_ms / b.p99_ms };
  });
  const rpsRatio = median(ratios.map((x) => x.rps));
  const p99Ratio = median(ratios.map((x) => x.p99));
  console.log(
    [
      '| round | server | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
  console.log(
    [
      '\n| round | throughput ratio (registry / baseline) | p99 ratio (registry / baseline) |',
      '|---|---:|---:|',
      ...ratios.map((x) => `| ${x.round} | ${x.rps.toFixed(2)} | ${x.p99.toFixed(2)} |`),
      `| median | **${rpsRatio.toFixed(2)}** | **${p99Ratio.toFixed(2)}** |`,
    ].join('\n'),
  );
  console.log(
    `\ngoal: throughput ≥ 0.85× the floor (${rpsRatio >= 0.85 ? 'met' : 'not met'}), p99 ≤ 1.5× (${p99Ratio <= 1.5 ? 'met' : 'not met'})`,
  );
  console.log(
    [
      `\nname searches, ${SEARCH_CLIENTS} clients for ${SECONDS} s (goal: p99 < 50 ms):`,
      '| queries | requests | p50 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|',
      ...search.map((g) => `| ${g.group} | ${g.n} | ${g.p50} | ${g.p99} | ${g.max} |`),
    ].join('\n'),
  );
  console.log(
    `\n1,000-number projection (findPublicLicences): median ${bulkTimes[Math.floor(bulkTimes.length / 2)]!.toFixed(1)} ms, max ${bulkTimes.at(-1)!.toFixed(1)} ms (${bulkTimes.length} runs)`,
  );
  console.log(
    JSON.stringify({
      rows: ROWS,
      seconds: SECONDS,
      connections: CONNECTIONS,
      rpsRatio: Number(rpsRatio.toFixed(3)),
      p99Ratio: Number(p99Ratio.toFixed(3)),
      ratios,
      search,
      results: results.map((x) => ({ round: x.round, which: x.which, ...x.r })),
    }),
  );
  process.exit(0);
}

/** Name searches the register must answer quickly: 3 letters and full names, Latin and native scripts (see the seed). */
const SEARCHES: Record<string, string[]> = {
  'Latin, 3 letters': ['ngu', 'van', 'lan', 'tha', 'som', 'hoa'],
  'Latin, full name': ['Nguyen Van An', 'tran thi mai', 'Hoàng Đức Phúc', 'Somchai Jaidee', 'Sok Dara'],
  'native script, 3 letters': ['สุด', 'ហេង', 'ນາລ', 'ခင်'],
  'native script, full name': ['สมชาย ใจดี', 'សុខ ដារ៉ា', 'ສົມພອນ ພົມມະຈັນ', 'အောင်ကျော်'],
};
const SEARCH_CLIENTS = Number(process.env.BENCH_SEARCH_CLIENTS ?? 4);

/**
 * SEARCH_CLIENTS clients search by name one after another for SECONDS, cycling through SEARCHES;
 * latency percentiles per group (the clients share the registry's process, so these are upper bounds).
 */
async function searchLatencies(prefix: string) {
  const all = Object.entries(SEARCHES).flatMap(([group, qs]) => qs.map((q) => ({ group, q })));
  for (const { q } of all) {
    const r = await fetch(prefix + encodeURIComponent(q));
    if (r.status !== 200) throw new Error(`search ${q}: ${r.status} ${await r.text()}`);
    const body = (await r.json()) as { items: unknown[]; truncated: boolean };
    log(`  ${q}: ${body.items.length}${body.truncated ? '+' : ''} found`);
  }
  const times = new Map<string, number[]>();
  const end = performance.now() + SECONDS * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: SEARCH_CLIENTS }, async () => {
      while (performance.now() < end) {
        const { group, q } = all[next++ % all.length]!;
        const t0 = performance.now();
        const r = await fetch(prefix + encodeURIComponent(q));
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`search ${q}: ${r.status}`);
        const list = times.get(group) ?? [];
        list.push(performance.now() - t0);
        times.set(group, list);
      }
    }),
  );
  const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  const groups = [...times].map(([group, xs]) => ({ group, xs: xs.sort((a, b) => a - b) }));
  groups.push({ group: 'all', xs: groups.flatMap((g) => g.xs).sort((a, b) => a - b) });
  return groups.map(({ group, xs }) => ({
    group,
    n: xs.length,
    p50: Math.round(pct(xs, 50)),
    p99: Math.round(pct(xs, 99)),
    max: Math.round(xs.at(-1)!),
  }));
}

let stopBaseline = () => {};

main().catch((e: unknown) => {
  console.error(e);
  stopBaseline();
  process.exit(1);
});
