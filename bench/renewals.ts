/**
 *   npm run bench:renewals [-- rows]
 * Seeds N licences (default 1,000,000) with expiry dates spread over 800 days around today, their
 * statuses consistent with those dates (as a register that has been running), then times full
 * daily sweeps exactly as the jobs run them: active → grace, grace → lapsed (one status event per
 * licence) and the renewal reminders queued in the outbox.
 *   1. today, first run: the day's transitions plus a reminder catch-up for everyone within 90 days;
 *   2. the next day: the steady state;
 *   3. the same day again: idempotent, nothing to do;
 *   4. worst case: every licence set back to active, so one run moves every expired licence at once
 *      (a register imported with stale statuses, or months of jobs down).
 */
import { performance } from 'node:perf_hooks';
import { benchDatabase } from './db.js';
import { queueRenewalReminders, sweepExpiries } from '../api/modules/renewals/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const db = await benchDatabase('swr_bench_renewals');
const em = db.orm.em.fork();
const today = new Date().toISOString().slice(0, 10);

const t0 = performance.now();
await em.execute(`alter table licence_event set unlogged`).catch(() => {});
await em.execute(
  `insert into registrant (id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, region, sector, created_at, version)
   select md5('r' || i)::uuid, 'Person ' || i, 'person ' || i, date '1980-01-01' + (i % 7000), 'unspecified', 'VN', 'x', md5('id' || i), lpad((i % 10000)::text, 4, '0'),
          'person' || i || '@example.org', (array['Ha Noi','Hue','Da Nang','Ho Chi Minh'])[1 + i % 4], 'social_welfare', now(), 1
   from generate_series(1, ?) i`,
  [rows],
);
await em.execute(
  `insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
   select md5('l' || i)::uuid, 'SW-' || lpad(i::text, 7, '0'), md5('r' || i)::uuid, (array['para','provisional','licensed','specialist'])[1 + i % 4],
          '{"en":"Tier"}', '{"en":"Title"}',
          case when ?::date - 400 + (i % 800) < ?::date - 31 then 'lapsed' when ?::date - 400 + (i % 800) < ?::date - 1 then 'grace' else 'active' end,
          date '2024-01-01', ?::date - 400 + (i % 800), now(), 1
   from generate_series(1, ?) i`,
  [today, today, today, today, today, rows],
);
await em.execute(`alter table licence_event set logged`).catch(() => {});
await em.execute('analyze');
console.log(`seeded ${rows.toLocaleString('en')} licences in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const sweepOn = async (date: string) => {
  const now = new Date(`${date}T00:10:00Z`);
  const t = performance.now();
  const r = await em.transactional(async (tx) => {
    const a = performance.now();
    const sweep = await sweepExpiries(tx, date, now);
    const b = performance.now();
    const reminders = await queueRenewalReminders(tx, date, now, 'https://registry.example');
    return { ...sweep, reminders, sweepMs: Math.round(b - a), remindersMs: Math.round(performance.now() - b) };
  });
  return { date, ...r, totalMs: Math.round(performance.now() - t) };
};
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
console.log(JSON.stringify({ run: 'today, first run (reminder catch-up)', rows, ...(await sweepOn(today)) }));
console.log(JSON.stringify({ run: 'next day (steady state)', rows, ...(await sweepOn(tomorrow)) }));
console.log(JSON.stringify({ run: 'same day again (idempotent)', rows, ...(await sweepOn(tomorrow)) }));
await em.execute(`update licence set status = 'active'`);
await em.execute('analyze licence');
console.log(
  JSON.stringify({ run: 'worst case: every expired licence moves at once', rows, ...(await sweepOn(tomorrow)) }),
);
await db.close();
