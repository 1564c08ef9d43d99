/**
 * The renewal cycle run by the jobs: reminders, expiry, grace and lapse, each e-mail sent once,
 * with several runners, SMTP down, or a crash between a state change and its e-mail.
 * (Renewal applications: renewal-applications.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { aLicenceNumber, aLicensee } from '../support/builders.js';
import { ManualClock } from '../../api/shared/clock.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { queueRenewalReminders, renewalJobs, sweepExpiries } from '../../api/modules/renewals/index.js';
import { drainOutbox } from '../../api/modules/notifications/index.js';

let t: TestApp;
let smtp: TestSmtp;
const clock = new ManualClock('2026-12-01T01:00:00Z');
const silent = pino({ level: 'silent' });

/** A registrant with an active licensed-tier licence ending on `validUntil`. */
async function licensee(validUntil: string, email: string) {
  const l = await aLicensee(t, { email, number: aLicenceNumber('VN-SW-24'), from: '2024-04-01', until: validUntil });
  return { registrantId: l.registrantId, licenceId: l.licenceId };
}

const drain = () =>
  drainOutbox({
    orm: t.deps.orm,
    transport: t.deps.mailTransport,
    clock,
    log: silent,
    from: t.deps.config.mailFrom,
    maxAttempts: 3,
    messageIdDomain: 'registry.test',
  });
const runners = (n = 1) =>
  Array.from({ length: n }, () => new JobRunner(t.deps.orm, clock, silent, renewalJobs(t.deps)));
const to = (address: string) => smtp.messages.filter((m) => (m.to as { text: string }).text === address);

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestApp({ clock, env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

describe('renewal reminders, expiry, grace and lapse', () => {
  it('one licence goes through reminders, expiry, grace, lapse and restoration; each e-mail arrives once', async () => {
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
    expect(to(email)[0]!.subject).toBe(
      'Your licence ' +
        (await t.sql(`select number from licence where id = ?`, [licenceId]))[0].number +
        ' ends on 2027-03-31',
    );
    await day('2027-01-30'); // 60 days
    await day('2027-03-31'); // expiry day: only the nearest reminder, not the 30, 7 and 1 missed in between
    expect(to(email).map((m) => /\((\d+) days/.exec(m.text!)![1])).toEqual(['90', '60', '0']);

    await day('2027-04-01');
    const [l1] = await t.sql(`select status, to_char(status_since, 'YYYY-MM-DD') as since from licence where id = ?`, [
      licenceId,
    ]);
    expect(l1).toEqual({ status: 'grace', since: '2027-04-01' });
    await day('2027-04-30'); // last day of grace (30 days)
    expect((await t.sql(`select status from licence where id = ?`, [licenceId]))[0].status).toBe('grace');
    await day('2027-05-01');
    const events = await t.sql(
      `select from_status, to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at`,
      [licenceId],
    );
    expect(events).toEqual([
      { from_status: 'active', to_status: 'grace', d: '2027-04-01' },
      { from_status: 'grace', to_status: 'lapsed', d: '2027-05-01' },
    ]);
    expect(to(email)).toHaveLength(3);

    // Restoration: the person applies (declarations only: they qualified when first licensed) and the registrar approves.
    await day('2027-05-10');
    const sw = await t.signIn(['social_worker'], { email });
    await t.sql(`update registrant set account_id = ? where id = (select registrant_id from licence where id = ?)`, [
      sw.id,
      licenceId,
    ]);
    const renewal = await t.request('POST', '/api/v1/licence-applications', {
      token: sw.accessToken,
      body: {
        type: 'renewal',
        tierCode: 'licensed',
        declarations: {
          ethics: true,
          fitness: true,
          criminalRecord: { hasRecord: false },
          employment: { employed: false },
        },
      },
    });
    expect(renewal.status).toBe(422);
    const created = await t.request('POST', '/api/v1/licence-applications', {
      token: sw.accessToken,
      body: { type: 'restoration', tierCode: 'licensed', declarations: { ethics: true, fitness: true } },
    });
    expect(created.status).toBe(201);
    expect(created.body.requirements.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([
      ['lapsed-licence', 'met'],
      ['ethics-declaration', 'met'],
      ['fitness-declaration', 'met'],
    ]);
    const submitted = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
      token: sw.accessToken,
      body: { version: created.body.version },
    });
    const registrar = await t.signIn(['registrar']);
    const review = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/review`, {
      token: registrar.accessToken,
      body: { version: submitted.body.version },
    });
    const approved = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/approval`, {
      token: registrar.accessToken,
      body: { version: review.body.version, reason: 'declarations in order' },
    });
    expect(approved.status).toBe(200);
    const [restored] = await t.sql(
      `select status, to_char(valid_until, 'YYYY-MM-DD') as until from licence where id = ?`,
      [licenceId],
    );
    expect(restored).toEqual({ status: 'active', until: '2030-05-09' });
    expect(
      (
        await t.sql(
          `select to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at desc limit 1`,
          [licenceId],
        )
      )[0],
    ).toEqual({ to_status: 'active', d: '2027-05-10' });
    await day('2027-05-11');
    await day('2027-05-11');
    const after = to(email).slice(3);
    expect(after.map((m) => m.subject)).toEqual([expect.stringMatching(/approved|restored|licence/i)]);
  });

  it('three runners firing the same slot produce one run and one set of e-mails', async () => {
    clock.set('2027-06-01T01:00:00Z');
    const email = 'three@example.org';
    await licensee('2027-06-08', email); // 7 days ahead
    await Promise.all(runners(3).map((r) => r.tick()));
    await Promise.all([drain(), drain(), drain()]);
    expect(to(email)).toHaveLength(1);
    const runs = await t.sql(`select job, count(*)::int as n from job_run where slot = ? group by job`, [
      new Date('2027-06-01T00:10:00Z'),
    ]);
    expect(runs).toEqual([{ job: 'licence-expiry', n: 1 }]);
  });

  it('with SMTP down nothing is lost nor counted against the e-mail, and once it is back each e-mail goes out once', async () => {
    clock.set('2027-07-01T01:00:00Z');
    const email = 'down@example.org';
    await licensee('2027-07-02', email); // 1 day ahead
    await smtp.stop();
    await runners()[0]!.tick();
    for (let i = 0; i < 5; i++) {
      const tried = await drain();
      expect(tried).toMatchObject({
        sent: 0,
        retried: 0,
        failed: 0,
        unreachable: expect.stringContaining('ECONNREFUSED'),
      });
    }
    // Five tries against a server that is not there used none of the message's three attempts.
    const [row] = await t.sql(`select status, attempts, last_error from outbox_message where to_address = ?`, [email]);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, last_error: expect.stringContaining('ECONNREFUSED') });
    await smtp.start();
    expect((await drain()).sent).toBe(1); // at once: no backoff for an outage
    await drain();
    expect(to(email)).toHaveLength(1);
    expect((await t.sql(`select status from outbox_message where to_address = ?`, [email]))[0].status).toBe('sent');
  });
});

describe('a crash between a state change and sending', () => {
  it('before commit: neither the change nor its e-mail exists; after commit: a restarted instance sends it once', async () => {
    clock.set('2027-09-01T01:00:00Z');
    const email = 'crash@example.org';
    const { licenceId } = await licensee('2027-08-31', email); // expired yesterday, reminder on expiry day missed
    await licensee('2027-09-08', 'crash-reminder@example.org');
    // The process dies inside the job's transaction: everything it did is rolled back together.
    await expect(
      t.deps.orm.em.fork().transactional(async (tx) => {
        await sweepExpiries(tx as never, '2027-09-01', clock.now());
        await queueRenewalReminders(tx as never, '2027-09-01', clock.now(), 'http://registry.test');
        throw new Error('process killed');
      }),
    ).rejects.toThrow('process killed');
    expect((await t.sql(`select status from licence where id = ?`, [licenceId]))[0].status).toBe('active');
    expect(await t.sql(`select 1 from outbox_message where to_address like 'crash%'`)).toHaveLength(0);

    // The job runs and commits, and the process dies before the sender runs.
    await runners()[0]!.tick();
    expect((await t.sql(`select status from licence where id = ?`, [licenceId]))[0].status).toBe('grace');
    expect(await t.sql(`select status from outbox_message where to_address = 'crash-reminder@example.org'`)).toEqual([
      { status: 'pending' },
    ]);
    // A new instance on the same database finds it and sends it, once, however often it drains.
    const restarted = await startTestApp({ clock, databaseUrl: t.databaseUrl, env: { SMTP_URL: smtp.url } });
    try {
      const drainOn = (app: TestApp) =>
        drainOutbox({
          orm: app.deps.orm,
          transport: app.deps.mailTransport,
          clock,
          log: silent,
          from: app.deps.config.mailFrom,
          maxAttempts: 3,
          messageIdDomain: 'registry.test',
        });
      await Promise.all([drainOn(restarted), drainOn(restarted), drainOn(t)]);
      await drainOn(restarted);
      expect(to('crash-reminder@example.org')).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });
});
