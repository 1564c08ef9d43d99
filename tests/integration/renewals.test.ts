import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { ManualClock } from '../../api/shared/clock.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { renewalJobs } from '../../api/modules/renewals/index.js';
import { drainOutbox } from '../../api/modules/notifications/index.js';

let t: TestApp;
let smtp: TestSmtp;
const clock = new ManualClock('2026-12-01T01:00:00Z');
const silent = pino({ level: 'silent' });

/** A registrant with an active licensed-tier licence ending on `validUntil`. */
async function licensee(validUntil: string, email: string) {
  const r = randomUUID(), l = randomUUID();
  await t.sql(`insert into registrant (id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, region, sector, created_at, version)
               values (?, 'Tran Thi Mai', 'tran thi mai', '1990-01-01', 'female', 'VN', 'x', ?, '1234', ?, 'Hue', 'health', now(), 1)`, [r, randomUUID(), email]);
  await t.sql(`insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
               values (?, ?, ?, 'licensed', '{"en":"Licensed social worker"}', '{"en":"Licensed Social Worker"}', 'active', '2024-04-01', ?, now(), 1)`, [l, `VN-SW-24-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}-0`, r, validUntil]);
  await t.sql(`insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at) values (?, ?, '2024-04-01', ?, 'initial', now())`, [randomUUID(), l, validUntil]);
  return { registrantId: r, licenceId: l };
}

const drain = () => drainOutbox({ orm: t.deps.orm, transport: t.deps.mailTransport, clock, log: silent, from: t.deps.config.mailFrom, maxAttempts: 3, messageIdDomain: 'registry.test' });
const runners = (n = 1) => Array.from({ length: n }, () => new JobRunner(t.deps.orm, clock, silent, renewalJobs(t.deps)));
const to = (address: string) => smtp.messages.filter((m) => (m.to as { text: string }).text === address);

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestApp({ clock, env: { SMTP_URL: smtp.url } });
});
afterAll(async () => { await t?.close(); await smtp?.stop(); });

describe('renewal reminders, expiry, grace and lapse', () => {
  it('one licence goes through reminders, expiry, grace and lapse; each e-mail arrives once', async () => {
    const email = 'mai@example.org';
    const { licenceId } = await licensee('2027-03-31', email);
    const [runner] = runners();
    const day = async (date: string) => {
      clock.set(`${date}T01:00:00Z`);
      await runner!.tick();
      await drain();
    };
    await day('2026-12-30'); // 91 days before: nothing yet
    expect(to(email)).toHaveLength(0);
    await day('2026-12-31'); // 90 days
    await day('2026-12-31'); // same slot again
    await day('2027-01-01');
    expect(to(email).map((m) => m.text)).toEqual([expect.stringContaining('90 days or less')]);
    expect(to(email)[0]!.subject).toBe('Your licence ' + (await t.sql(`select number from licence where id = ?`, [licenceId]))[0].number + ' ends on 2027-03-31');
    await day('2027-01-30'); // 60 days
    await day('2027-03-31'); // expiry day: only the nearest reminder, not the 30, 7 and 1 missed in between
    expect(to(email).map((m) => /\((\d+) days/.exec(m.text!)![1])).toEqual(['90', '60', '0']);

    await day('2027-04-01');
    const [l1] = await t.sql(`select status, to_char(status_since, 'YYYY-MM-DD') as since from licence where id = ?`, [licenceId]);
    expect(l1).toEqual({ status: 'grace', since: '2027-04-01' });
    await day('2027-04-30'); // last day of grace (30 days)
    expect((await t.sql(`select status from licence where id = ?`, [licenceId]))[0].status).toBe('grace');
    await day('2027-05-01');
    const events = await t.sql(`select from_status, to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at`, [licenceId]);
    expect(events).toEqual([{ from_status: 'active', to_status: 'grace', d: '2027-04-01' }, { from_status: 'grace', to_status: 'lapsed', d: '2027-05-01' }]);
    expect(to(email)).toHaveLength(3);
  });

  it('three runners firing the same slot produce one run and one set of e-mails', async () => {
    clock.set('2027-06-01T01:00:00Z');
    const email = 'three@example.org';
    await licensee('2027-06-08', email); // 7 days ahead
    await Promise.all(runners(3).map((r) => r.tick()));
    await Promise.all([drain(), drain(), drain()]);
    expect(to(email)).toHaveLength(1);
    const runs = await t.sql(`select job, count(*)::int as n from job_run where slot = ? group by job`, [new Date('2027-06-01T00:10:00Z')]);
    expect(runs).toEqual([{ job: 'licence-expiry', n: 1 }]);
  });

  it('with SMTP down nothing is lost, and after it comes back each e-mail goes out once', async () => {
    clock.set('2027-07-01T01:00:00Z');
    const email = 'down@example.org';
    await licensee('2027-07-02', email); // 1 day ahead
    await smtp.stop();
    await runners()[0]!.tick();
    const first = await drain();
    expect(first.sent).toBe(0);
    const [row] = await t.sql(`select status, attempts, last_error from outbox_message where to_address = ?`, [email]);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.any(String) });
    await smtp.start();
    expect((await drain()).sent).toBe(0); // still backing off
    clock.advance(31_000);
    expect((await drain()).sent).toBe(1);
    await drain();
    expect(to(email)).toHaveLength(1);
    expect((await t.sql(`select status from outbox_message where to_address = ?`, [email]))[0].status).toBe('sent');
  });
});
