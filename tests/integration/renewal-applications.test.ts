/**
 * Renewal applications over HTTP: the window and the renewal declarations, the new period starting
 * where the old one ends, late renewal in grace with its fee, a submitted renewal holding the licence
 * in grace, what staff and the registrant see, CPD and CPD audits blocking approval, and a failed
 * e-mail retried once. (Reminders, expiry, grace and lapse: renewals.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { aCpdRecord, aLicence } from '../support/builders.js';
import { ManualClock } from '../../api/shared/clock.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { renewalJobs } from '../../api/modules/renewals/index.js';
import { drainOutbox } from '../../api/modules/notifications/index.js';

let t: TestApp;
let smtp: TestSmtp;
const clock = new ManualClock('2026-12-01T01:00:00Z');
const silent = pino({ level: 'silent' });

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

describe('renewal applications', () => {
  /** A signed-in social worker with a registrant record and an active licensed-tier licence ending on `validUntil`. */
  async function holder(
    validUntil: string,
    cpd: { ethics: number; practice: number; source?: 'provider' | 'self' } = { ethics: 10, practice: 60 },
  ) {
    const account = await t.signIn(['social_worker']);
    const r = await t.request('POST', '/api/v1/registrants', {
      token: account.accessToken,
      body: {
        fullName: 'Pham Thi Lan',
        dateOfBirth: '1990-02-03',
        sex: 'female',
        nationality: 'VN',
        nationalId: `0791${Math.floor(Math.random() * 1e8)}`,
        email: account.email,
        region: 'Đà Nẵng',
        sector: 'health',
      },
    });
    expect(r.status).toBe(201);
    const { id: licenceId, number } = await aLicence(t, {
      registrantId: r.body.id,
      from: '2025-01-01',
      until: validUntil,
    });
    for (const [category, credits] of [
      ['ethics', cpd.ethics],
      ['practice-skills', cpd.practice],
    ] as const) {
      if (credits > 0)
        await aCpdRecord(t, {
          registrantId: r.body.id,
          source: cpd.source ?? 'provider',
          category,
          completedOn: '2026-03-01',
          credits,
        });
    }
    return { account, licenceId, number, registrantId: r.body.id as string };
  }
  const declarations = {
    ethics: true,
    fitness: true,
    criminalRecord: { hasRecord: false },
    employment: { employed: true, employer: 'Da Nang General Hospital', sector: 'health' },
    adequateSupervision: true,
  };
  const at = async (iso: string) => {
    clock.set(`${iso}T02:00:00Z`);
  };
  let registrar: Awaited<ReturnType<TestApp['signIn']>>;
  const staff = async () => (registrar = registrar ? await t.renew(registrar) : await t.signIn(['registrar']));
  const sweep = async () => {
    await runners()[0]!.tick();
  };
  const period = (licenceId: string) =>
    t.sql(
      `select kind, to_char(valid_from, 'YYYY-MM-DD') as "from", to_char(valid_until, 'YYYY-MM-DD') as "until" from licence_period where licence_id = ? order by valid_from`,
      [licenceId],
    );

  async function startRenewal(token: string, body: Record<string, unknown> = {}) {
    return t.request('POST', '/api/v1/licence-applications', {
      token,
      body: { type: 'renewal', tierCode: 'licensed', declarations, ...body },
    });
  }
  async function decide(id: string, version: number) {
    const reg = await staff();
    const review = await t.request('POST', `/api/v1/licence-applications/${id}/review`, {
      token: reg.accessToken,
      body: { version },
    });
    expect(review.status).toBe(200);
    return t.request('POST', `/api/v1/licence-applications/${id}/approval`, {
      token: reg.accessToken,
      body: { version: review.body.version, reason: 'declarations and CPD in order' },
    });
  }

  it('refuses a renewal before the window opens and one without the renewal declarations, naming the field', async () => {
    await at('2028-01-10');
    const h = await holder('2028-06-30');
    const early = await startRenewal(h.account.accessToken);
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([
      expect.objectContaining({ field: 'type', message: expect.stringContaining('opens on 2028-04-01') }),
    ]);
    const bare = await startRenewal(h.account.accessToken, { declarations: { ethics: true, fitness: true } });
    expect(bare.status).toBe(400);
    expect(bare.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'declarations.criminalRecord',
      'declarations.employment',
    ]);
    const vague = await startRenewal(h.account.accessToken, {
      declarations: { ...declarations, criminalRecord: { hasRecord: true } },
    });
    expect(vague.status).toBe(400);
    expect(vague.body.errors[0].field).toBe('declarations.criminalRecord.details');
    expect(
      await t.sql(
        `select 1 from licence_application a join registrant r on r.id = a.registrant_id where r.account_id = ?`,
        [h.account.id],
      ),
    ).toHaveLength(0);
  });

  it('approved in the window, the new period starts exactly where the previous one ends', async () => {
    await at('2028-05-15');
    const h = await holder('2028-06-30');
    const created = await startRenewal(h.account.accessToken);
    expect(created.status).toBe(201);
    expect(created.body.requirements.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([
      ['window', 'met'],
      ['fitness', 'met'],
      ['criminalRecord', 'met'],
      ['employment', 'met'],
      ['cpd', 'met'],
    ]);
    expect(created.body.declarations.adequateSupervision).toBe(true);
    const submitted = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
      token: h.account.accessToken,
      body: { version: created.body.version },
    });
    expect(submitted.body.invoice).toBeNull();
    const approved = await decide(created.body.id, submitted.body.version);
    expect(approved.status).toBe(200);
    expect(await period(h.licenceId)).toEqual([
      { kind: 'initial', from: '2025-01-01', until: '2028-06-30' },
      { kind: 'renewal', from: '2028-07-01', until: '2031-06-30' },
    ]);
    const [l] = await t.sql(`select status, to_char(valid_until, 'YYYY-MM-DD') as until from licence where id = ?`, [
      h.licenceId,
    ]);
    expect(l).toEqual({ status: 'active', until: '2031-06-30' });
    // The renewal did not pass through grace: no status event at all.
    expect(await t.sql(`select 1 from licence_event where licence_id = ?`, [h.licenceId])).toHaveLength(0);
  });

  it('a renewal during grace is charged the late fee and returns the licence to active from the day after the old period', async () => {
    await t.sql(
      `insert into fee (id, kind, scope, name, amount_minor, currency, effective_from, created_at)
       values (gen_random_uuid(), 'late_renewal', 'licensed', '{"en":"Late renewal fee"}', 150000, 'VND', '2020-01-01', now())`,
    );
    await at('2028-08-10');
    const h = await holder('2028-07-31');
    await sweep();
    expect((await t.sql(`select status from licence where id = ?`, [h.licenceId]))[0].status).toBe('grace');
    const account = await t.renew(h.account);
    const created = await startRenewal(account.accessToken);
    expect(created.body.requirements[0]).toMatchObject({
      key: 'window',
      status: 'met',
      detail: expect.stringContaining('late renewal'),
    });
    const submitted = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
      token: account.accessToken,
      body: { version: created.body.version },
    });
    expect(submitted.body.invoice).toMatchObject({ totalMinor: 150000, currency: 'VND', status: 'open' });
    expect((await decide(created.body.id, submitted.body.version)).status).toBe(200);
    expect(await period(h.licenceId)).toEqual([
      { kind: 'initial', from: '2025-01-01', until: '2028-07-31' },
      { kind: 'renewal', from: '2028-08-01', until: '2031-07-31' },
    ]);
    const events = await t.sql(
      `select from_status, to_status from licence_event where licence_id = ? order by created_at`,
      [h.licenceId],
    );
    expect(events).toEqual([
      { from_status: 'active', to_status: 'grace' },
      { from_status: 'grace', to_status: 'active' },
    ]);
  });

  it('a renewal submitted in time holds the licence in grace while it is decided; a draft alone does not', async () => {
    await at('2028-09-20');
    const submittedHolder = await holder('2028-09-30');
    const draftHolder = await holder('2028-09-30');
    const a = await startRenewal(submittedHolder.account.accessToken);
    const s = await t.request('POST', `/api/v1/licence-applications/${a.body.id}/submit`, {
      token: submittedHolder.account.accessToken,
      body: { version: a.body.version },
    });
    expect(s.status).toBe(200);
    const draft = await startRenewal(draftHolder.account.accessToken);
    expect(draft.status).toBe(201);

    await at('2028-11-15'); // past 30 days of grace
    await sweep();
    const status = async (id: string) => (await t.sql(`select status from licence where id = ?`, [id]))[0].status;
    expect(await status(submittedHolder.licenceId)).toBe('grace');
    expect(await status(draftHolder.licenceId)).toBe('lapsed');

    const late = await t.request('POST', `/api/v1/licence-applications/${draft.body.id}/submit`, {
      token: (await t.renew(draftHolder.account)).accessToken,
      body: { version: draft.body.version },
    });
    expect(late.status).toBe(422);
    expect(late.body.errors[0].message).toMatch(/lapsed: apply for restoration/);

    expect((await decide(a.body.id, s.body.version)).status).toBe(200);
    expect(await status(submittedHolder.licenceId)).toBe('active');
    expect((await period(submittedHolder.licenceId))[1]).toEqual({
      kind: 'renewal',
      from: '2028-10-01',
      until: '2031-09-30',
    });
  });

  it('staff see licences due and at risk with days left; the registrant sees a blocking notice and the reminders sent', async () => {
    await at('2029-03-01');
    const started = await holder('2029-03-31');
    const untouched = await holder('2029-03-20');
    const submitted = await holder('2029-04-30');
    const notDue = await holder('2029-12-31');
    const draft = await startRenewal(started.account.accessToken);
    expect(draft.status).toBe(201);
    const s1 = await startRenewal(submitted.account.accessToken);
    await t.request('POST', `/api/v1/licence-applications/${s1.body.id}/submit`, {
      token: submitted.account.accessToken,
      body: { version: s1.body.version },
    });
    await runners()[0]!.tick(); // queues the reminders due today
    await drain();

    const reg = await staff();
    const mine = new Set<string>([started, untouched, submitted, notDue].map((h) => h.licenceId));
    const list = async (qs: string) => {
      const r = await t.request('GET', `/api/v1/renewals?${qs}&perPage=100`, { token: reg.accessToken });
      expect(r.status).toBe(200);
      return r.body.items.filter((c: { id: string }) => mine.has(c.id));
    };
    const due = await list('view=due');
    expect(due.map((c: { number: string }) => c.number)).toEqual([untouched.number, started.number, submitted.number]);
    expect(due[0]).toMatchObject({
      status: 'active',
      validUntil: '2029-03-20',
      graceEndsOn: '2029-04-19',
      daysToExpiry: 19,
      daysToLapse: 50,
      renewal: null,
      remindersSent: 1,
    });
    expect(due[2].renewal).toMatchObject({ status: 'submitted' });
    const atRisk = await list('view=at_risk');
    expect(atRisk.map((c: { number: string }) => c.number)).toEqual([untouched.number, started.number]);
    expect((await list('view=at_risk&started=true')).map((c: { number: string }) => c.number)).toEqual([
      started.number,
    ]);
    const bad = await t.request('GET', '/api/v1/renewals?view=overdue', { token: reg.accessToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.view');

    const my = await t.request('GET', '/api/v1/renewals/mine', { token: started.account.accessToken });
    expect(my.status).toBe(200);
    expect(my.body.items).toHaveLength(1);
    expect(my.body.items[0]).toMatchObject({
      number: started.number,
      canRenew: false,
      cannotRenewReason: 'a renewal is already in progress',
      renewal: { status: 'draft' },
      notice: {
        level: 'blocking',
        text: expect.stringContaining('started but not submitted. Submit it by 31 March 2029'),
      },
      window: { stage: 'open', daysToExpiry: 30 },
    });
    expect(my.body.items[0].reminders).toEqual([
      { daysBefore: 30, status: 'sent', queuedAt: expect.any(String), sentAt: expect.any(String) },
    ]);
    const other = await t.request('GET', '/api/v1/renewals/mine', { token: notDue.account.accessToken });
    expect(other.body.items[0]).toMatchObject({
      canRenew: false,
      cannotRenewReason: expect.stringContaining('opens on'),
      notice: null,
      reminders: [],
    });
  });

  it('CPD short of the requirement, or an open CPD audit, blocks approval and says what is missing', async () => {
    await at('2029-03-01');
    const short = await holder('2029-03-31', { ethics: 2, practice: 20 });
    const created = await startRenewal(short.account.accessToken);
    expect(created.status).toBe(201);
    const cpd = created.body.requirements.find((c: { key: string }) => c.key === 'cpd');
    expect(cpd).toMatchObject({
      status: 'not_met',
      detail: expect.stringMatching(/^22 of 60 credits; missing: .*ethics/i),
    });
    const submitted = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
      token: short.account.accessToken,
      body: { version: created.body.version },
    });
    const refused = await decide(created.body.id, submitted.body.version);
    expect(refused.status).toBe(422);
    expect(await period(short.licenceId)).toHaveLength(1);

    // Enough credits, but self-declared ones, and the person is selected for a CPD audit not yet answered.
    const audited = await holder('2029-03-31', { ethics: 10, practice: 60, source: 'self' });
    const reg = await staff();
    const round = await t.request('POST', '/api/v1/cpd/audit-rounds', {
      token: reg.accessToken,
      body: {
        name: 'Audit 2029',
        rate: 0.0001,
        seed: 'renewal-audit-2029',
        strata: ['tier'],
        targeted: [{ licenceNumber: audited.number, reason: 'Spot check' }],
      },
    });
    expect(round.status).toBe(201);
    const a = await startRenewal(audited.account.accessToken);
    expect(a.body.requirements.filter((c: { status: string }) => c.status === 'not_met')).toEqual([
      expect.objectContaining({ key: 'cpdAudit', detail: 'the CPD audit is selected' }),
    ]);
    expect(a.body.requirements.find((c: { key: string }) => c.key === 'cpd').status).toBe('met');
  });

  it('a failed e-mail is shown to staff with its error and, retried, goes out once', async () => {
    await at('2029-06-01');
    const h = await holder('2029-06-08');
    smtp.rejecting.add(h.account.email);
    await runners()[0]!.tick();
    for (let i = 0; i < 3; i++) {
      await drain();
      clock.advance(3_600_000);
    }
    const reg = await staff();
    const failed = await t.request('GET', `/api/v1/outbox?status=failed&q=${encodeURIComponent(h.account.email)}`, {
      token: reg.accessToken,
    });
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 3,
        template: 'licence-renewal-reminder',
        lastError: expect.any(String),
      }),
    ]);
    expect(failed.body.items[0].lastError).toContain('Mailbox unavailable');
    const id = failed.body.items[0].id;
    smtp.rejecting.delete(h.account.email);
    const [retried, again] = await Promise.all([
      t.request('POST', `/api/v1/outbox/${id}/retry`, { token: reg.accessToken }),
      t.request('POST', `/api/v1/outbox/${id}/retry`, { token: reg.accessToken }),
    ]);
    expect([retried.status, again.status].sort()).toEqual([200, 409]);
    await drain();
    await drain();
    expect(to(h.account.email)).toHaveLength(1);
    const [row] = await t.sql(`select status from outbox_message where id = ?`, [id]);
    expect(row.status).toBe('sent');
    expect(await t.sql(`select 1 from audit_event where action = 'outbox.retry' and entity_id = ?`, [id])).toHaveLength(
      1,
    );
  });
});
