/**
 * The public register row (public_register) follows every change that affects what the public sees,
 * in the same transaction, through the flows that make the changes (API and daily jobs); lookups
 * answer from it with an ETag and Cache-Control; the fast path answers exactly as the declared route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestApp, type TestAccount, type TestApp } from '../support/app.js';
import { aCpdRecord, aLicence } from '../support/builders.js';
import type { LicenceStatus } from '../../api/modules/licences/index.js';
import { ManualClock } from '../../api/shared/clock.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { renewalJobs } from '../../api/modules/renewals/index.js';
import { disciplineJobs } from '../../api/modules/discipline/index.js';
import { findPublicLicences, recomputePublicLicences } from '../../api/modules/verification/index.js';

let t: TestApp;
let registrar: TestAccount;
let admin: TestAccount;
const clock = new ManualClock('2027-01-10T01:00:00Z');
const silent = pino({ level: 'silent' });
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const today = () => clock.now().toISOString().slice(0, 10);

const api = (method: string, path: string, body?: unknown, token = registrar.accessToken) =>
  t.request(method, path, { token, body });

/** Sets the clock to 01:00 UTC of `date` and runs that day's jobs (renewal sweep, sanctions), as the scheduler would. */
async function day(date: string) {
  clock.set(`${date}T01:00:00Z`);
  registrar = await t.renew(registrar);
  admin = await t.renew(admin);
  await new JobRunner(t.deps.orm, clock, silent, [...renewalJobs(t.deps), ...disciplineJobs(t.deps)]).tick();
}

/** The public entry of a licence as anyone gets it, with its entity tag. */
async function pub(number: string, headers: Record<string, string> = {}) {
  const r = await t.request('GET', `/api/v1/public/licences/${encodeURIComponent(number)}`, { headers });
  return { status: r.status, body: r.body, etag: r.headers.get('etag'), cacheControl: r.headers.get('cache-control') };
}

/**
 * Licences whose public entry differs, on any of `days`, between the public register and the
 * definition computed from the licence tables (recomputePublicLicences).
 */
async function drift(days: string[]): Promise<string[]> {
  const em = t.deps.orm.em.fork() as unknown as EntityManager;
  const numbers = (await t.sql<{ number: string }>(`select number from licence order by number`)).map((r) => r.number);
  const differing: string[] = [];
  for (const d of days)
    for (let i = 0; i < numbers.length; i += 1000) {
      const chunk = numbers.slice(i, i + 1000);
      const [register, source] = await Promise.all([
        findPublicLicences(em, chunk, d),
        recomputePublicLicences(em, chunk, d),
      ]);
      for (const n of chunk)
        if (JSON.stringify(register.get(n) ?? null) !== JSON.stringify(source.get(n) ?? null))
          differing.push(`${n} on ${d}`);
    }
  return differing;
}

/** A social worker with an account and a registrant record made through the API. */
async function person(fullName: string) {
  const account = await t.signIn(['social_worker']);
  const r = await t.request('POST', '/api/v1/registrants', {
    token: account.accessToken,
    body: {
      fullName,
      dateOfBirth: '1990-02-03',
      sex: 'female',
      nationality: 'VN',
      nationalId: `0791${Math.floor(Math.random() * 1e8)}`,
      email: account.email,
      region: 'Hue',
      sector: 'health',
    },
  });
  expect(r.status, r.text).toBe(201);
  return { account, registrantId: r.body.id as string };
}

/** A licence in a given state, written as the licences module stores it (as an import would). */
async function licence(
  registrantId: string,
  opts: { status?: LicenceStatus; statusSince?: string; validFrom?: string; validUntil?: string; tier?: string } = {},
) {
  const l = await aLicence(t, {
    registrantId,
    tier: opts.tier,
    status: opts.status,
    statusSince: opts.statusSince,
    from: opts.validFrom ?? '2025-01-01',
    until: opts.validUntil ?? '2029-12-31',
  });
  return { id: l.id, number: l.number };
}

/** An application made, submitted, reviewed and approved through the API; the licence it gave. */
async function approved(token: string, type: string, tierCode: string, declarations: Record<string, unknown>) {
  const created = await t.request('POST', '/api/v1/licence-applications', {
    token,
    body: { type, tierCode, declarations },
  });
  expect(created.status, created.text).toBe(201);
  const submitted = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
    token,
    body: { version: created.body.version },
  });
  expect(submitted.status, submitted.text).toBe(200);
  const review = await api('POST', `/api/v1/licence-applications/${created.body.id}/review`, {
    version: submitted.body.version,
  });
  expect(review.status, review.text).toBe(200);
  const approval = await api('POST', `/api/v1/licence-applications/${created.body.id}/approval`, {
    version: review.body.version,
    reason: 'requirements met',
  });
  expect(approval.status, approval.text).toBe(200);
  const [l] = await t.sql<{ id: string; number: string }>(`select id, number from licence where id = ?`, [
    approval.body.licenceId,
  ]);
  return l!;
}

/** A fitness-to-practise case against a licence, walked to the decision stage. */
async function caseAtDecision(number: string) {
  const c = await api('POST', '/api/v1/discipline/cases', {
    complainantName: 'Le Thi Hoa',
    complainantEmail: 'hoa@example.org',
    respondentName: 'Respondent',
    category: 'boundaries',
    allegation: 'Met a client socially and shared their case details.',
    respondentLicenceNumber: number,
  });
  expect(c.status, c.text).toBe(201);
  let version = c.body.version;
  for (const to of ['investigation', 'hearing', 'decision']) {
    const r = await api('POST', `/api/v1/discipline/cases/${c.body.id}/stage`, { version, to });
    expect(r.status, r.text).toBe(200);
    version = r.body.version;
  }
  return c.body.id as string;
}
const decide = async (caseId: string, body: Record<string, unknown>) => {
  const current = await api('GET', `/api/v1/discipline/cases/${caseId}`);
  const r = await api('POST', `/api/v1/discipline/cases/${caseId}/outcomes`, {
    version: current.body.version,
    reasons: 'Found proved at the hearing.',
    ...body,
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
};

const EASY_REQUIREMENTS = {
  minQualificationLevel: null,
  accreditedProgramme: false,
  foreignQualificationAccepted: true,
  supervisedHours: 0,
  supervisedPeriodMonths: null,
  examRequired: false,
  monthsAtPreviousTier: 0,
  previousTier: null,
  ethicsDeclaration: true,
  fitnessDeclaration: true,
};

beforeAll(async () => {
  t = await startTestApp({
    clock,
    env: {
      PUBLIC_LOOKUPS_PER_MINUTE: '100000',
      PUBLIC_SEARCHES_PER_MINUTE: '100000',
      PUBLIC_REGISTER_MAX_AGE_SECONDS: '120',
    },
  });
  registrar = await t.signIn(['registrar']);
  admin = await t.signIn(['admin']);
  // The first two tiers ask only for the declarations here, so applications can be decided in a test.
  await t.sql(
    `update tier set requirements = ?::jsonb, four_eyes_approval = false where code in ('para', 'provisional')`,
    [JSON.stringify(EASY_REQUIREMENTS)],
  );
});
afterAll(async () => {
  await t?.close();
});

describe('the public register row follows every change at once', () => {
  const declarations = { ethics: true, fitness: true };
  let worker: Awaited<ReturnType<typeof person>>;
  let first: { id: string; number: string };
  let upgraded: { id: string; number: string };

  it('a licence issued on approval is on the register at once; a tier upgrade shows the new licence and the old one surrendered', async () => {
    worker = await person('Pham Thi Lan');
    first = await approved(worker.account.accessToken, 'first_registration', 'para', declarations);
    const issued = await pub(first.number);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      number: first.number,
      name: 'Pham Thi Lan',
      tier: { code: 'para' },
      status: 'active',
      practiseAllowed: true,
      statusSince: '2027-01-10',
      validFrom: '2027-01-10',
    });

    upgraded = await approved(worker.account.accessToken, 'tier_upgrade', 'provisional', declarations);
    const old = await pub(first.number);
    expect(old.body).toMatchObject({ status: 'surrendered', practiseAllowed: false, tier: { code: 'para' } });
    expect(old.etag).not.toBe(issued.etag);
    expect((await pub(upgraded.number)).body).toMatchObject({
      status: 'active',
      practiseAllowed: true,
      tier: { code: 'provisional', name: expect.objectContaining({ en: expect.any(String) }) },
    });
  });

  it('a name changed on evidence shows at once, in lookups and in name searches', async () => {
    const req = await t.request('POST', `/api/v1/registrants/${worker.registrantId}/identity-changes`, {
      token: worker.account.accessToken,
      body: { field: 'fullName', value: 'Pham Thi Quynh', reason: 'Name changed by deed' },
    });
    expect(req.status, req.text).toBe(201);
    const ev = await fetch(`${t.baseUrl}/api/v1/identity-changes/${req.body.id}/evidence?filename=deed.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker.account.accessToken}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(ev.status).toBe(201);
    const before = await pub(upgraded.number);
    const ok = await api('POST', `/api/v1/identity-changes/${req.body.id}/decision`, {
      decision: 'approved',
      version: req.body.version,
    });
    expect(ok.status, ok.text).toBe(200);
    const after = await pub(upgraded.number);
    expect(after.body.name).toBe('Pham Thi Quynh');
    expect(after.etag).not.toBe(before.etag);
    expect((await pub(first.number)).body.name).toBe('Pham Thi Quynh'); // every licence of the person
    const found = await t.request('GET', `/api/v1/public/licences?q=${encodeURIComponent('Pham Thi Quynh')}`);
    expect(found.body.items.map((i: { number: string }) => i.number)).toContain(upgraded.number);
  });

  it('a public condition shows from the day it is added until the day it ends; a private one never', async () => {
    const lic = await api('GET', `/api/v1/licences/${upgraded.id}`);
    const added = await api('POST', `/api/v1/licences/${upgraded.id}/conditions`, {
      text: 'Practise only under the supervision of a named supervisor',
      startsOn: '2027-01-10',
      endsOn: '2027-01-12',
      public: true,
      version: lic.body.version,
    });
    expect(added.status, added.text).toBe(201);
    const privateOne = await api('POST', `/api/v1/licences/${upgraded.id}/conditions`, {
      text: 'Private health condition',
      startsOn: '2027-01-10',
      public: false,
      version: added.body.version,
    });
    expect(privateOne.status, privateOne.text).toBe(201);
    expect((await pub(upgraded.number)).body.conditions).toEqual([
      { text: 'Practise only under the supervision of a named supervisor', since: '2027-01-10' },
    ]);
    await day('2027-01-12');
    expect((await pub(upgraded.number)).body.conditions).toHaveLength(1);
    await day('2027-01-13');
    const ended = await pub(upgraded.number);
    expect(ended.body.conditions).toEqual([]);
    expect(JSON.stringify(ended.body)).not.toContain('Private health');
  });

  it('a suspension shows on its first day, when the daily job suspends the licence, and ends the day after its last', async () => {
    const caseId = await caseAtDecision(upgraded.number);
    await decide(caseId, { type: 'suspension', startsOn: '2027-01-20', endsOn: '2027-01-25' });
    await day('2027-01-19');
    expect((await pub(upgraded.number)).body).toMatchObject({ status: 'active', practiseAllowed: true });
    await day('2027-01-20');
    const suspended = await pub(upgraded.number);
    expect(suspended.body).toMatchObject({ status: 'suspended', practiseAllowed: false, statusSince: '2027-01-20' });
    const page = await t.request('GET', `/verify/${upgraded.number}?lang=en`);
    expect(page.text).toContain('Suspended');
    await day('2027-01-26');
    expect((await pub(upgraded.number)).body).toMatchObject({
      status: 'active',
      practiseAllowed: true,
      statusSince: '2027-01-26',
    });
  });

  it('a published sanction shows at once and goes at once when it is lifted', async () => {
    const holder = await person('Vo Thi Hanh');
    const l = await licence(holder.registrantId);
    const caseId = await caseAtDecision(l.number);
    const outcome = await decide(caseId, {
      type: 'conditions',
      startsOn: today(),
      conditionsText: 'Practise only with a named supervisor',
    });
    const sanction = outcome.sanctions.find((s: { type: string }) => s.type === 'conditions');
    expect(sanction.publicationState).toBe('published');
    const shown = await pub(l.number);
    expect(shown.body.sanctions).toEqual([
      { type: 'conditions', text: sanction.publicText, from: today(), until: sanction.publishedUntil },
    ]);
    expect(shown.body.conditions).toHaveLength(1);
    const lifted = await api('POST', `/api/v1/discipline/sanctions/${sanction.id}/lifting`, {
      liftedOn: today(),
      reasons: 'Withdrawn on review.',
    });
    expect(lifted.status, lifted.text).toBe(200);
    const withdrawn = await pub(l.number);
    expect(withdrawn.body).toMatchObject({ sanctions: [], conditions: [] });
    expect(JSON.stringify(withdrawn.body)).not.toContain('named supervisor');
  });

  it('a renewal shows its new end at once and its new period from the day it starts; a licence left in grace lapses', async () => {
    const holder = await person('Do Van Tuan');
    const renewing = await licence(holder.registrantId, { validFrom: '2024-04-01', validUntil: '2027-03-31' });
    for (const [category, credits] of [
      ['ethics', 10],
      ['practice-skills', 60],
    ] as const)
      await aCpdRecord(t, {
        registrantId: holder.registrantId,
        source: 'provider',
        category,
        completedOn: '2026-03-01',
        credits,
      });
    const before = await pub(renewing.number);
    await approved(holder.account.accessToken, 'renewal', 'licensed', {
      ethics: true,
      fitness: true,
      criminalRecord: { hasRecord: false },
      employment: { employed: false },
    });
    const renewed = await pub(renewing.number);
    expect(renewed.body).toMatchObject({ status: 'active', validFrom: '2024-04-01' });
    expect(renewed.body.validUntil > '2027-03-31').toBe(true);
    expect(renewed.etag).not.toBe(before.etag);

    const other = await person('Bui Thi Yen');
    const lapsing = await licence(other.registrantId, {
      status: 'grace',
      statusSince: '2026-12-01',
      validFrom: '2023-12-01',
      validUntil: '2026-11-30',
    });
    expect((await pub(lapsing.number)).body).toMatchObject({ status: 'grace', practiseAllowed: true });
    await day('2027-04-01');
    expect((await pub(renewing.number)).body.validFrom).toBe('2027-04-01');
    expect((await pub(lapsing.number)).body).toMatchObject({ status: 'lapsed', practiseAllowed: false });
  });

  it("a tier's grace rule and the council's allowlist apply at once", async () => {
    const holder = await person('Ngo Van Khanh');
    const inGrace = await licence(holder.registrantId, {
      tier: 'specialist',
      status: 'grace',
      statusSince: '2027-03-20',
      validUntil: '2027-03-19',
    });
    expect((await pub(inGrace.number)).body.practiseAllowed).toBe(true);
    await t.sql(`update tier set renewal = jsonb_set(renewal, '{practiseInGrace}', 'false') where code = 'specialist'`);
    try {
      expect((await pub(inGrace.number)).body).toMatchObject({ status: 'grace', practiseAllowed: false });
    } finally {
      await t.sql(
        `update tier set renewal = jsonb_set(renewal, '{practiseInGrace}', 'true') where code = 'specialist'`,
      );
    }
    expect((await pub(inGrace.number)).body.practiseAllowed).toBe(true);

    const before = await pub(upgraded.number);
    const version = (await api('GET', '/api/v1/council/settings', undefined, admin.accessToken)).body.version;
    const patched = await api(
      'PATCH',
      '/api/v1/council/settings',
      { settings: { publicRegisterFields: ['validUntil'] }, version },
      admin.accessToken,
    );
    expect(patched.status, patched.text).toBe(200);
    try {
      const hidden = await pub(upgraded.number);
      expect(hidden.body).toMatchObject({
        name: 'Pham Thi Quynh',
        statusSince: null,
        validFrom: null,
        sanctions: null,
      });
      expect(hidden.body.tier.title).toBeNull();
      expect(hidden.etag).not.toBe(before.etag);
    } finally {
      await t.sql(`update council set settings = settings - 'publicRegisterFields'`);
    }
    expect((await pub(upgraded.number)).etag).toBe(before.etag);
  });

  it('after all of it, every entry equals the one computed from the licence tables, on every day', async () => {
    expect(await drift(['2025-06-01', '2027-01-11', today(), '2027-06-01', '2031-01-01'])).toEqual([]);
  });
});

describe('conditional requests', () => {
  it('answers with an ETag and Cache-Control; the same tag gets 304 without a body until the entry changes', async () => {
    const holder = await person('Ha Minh Chau');
    const l = await licence(holder.registrantId);
    const first = await pub(l.number);
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe('public, max-age=120');
    expect(first.etag).toMatch(/^"[^"]+"$/);
    for (const inm of [first.etag!, `W/${first.etag}`, `"nope", ${first.etag}`, '*']) {
      const r = await t.request('GET', `/api/v1/public/licences/${l.number}`, { headers: { 'if-none-match': inm } });
      expect(r.status, inm).toBe(304);
      expect(r.text).toBe('');
      expect(r.headers.get('etag')).toBe(first.etag);
      expect(r.headers.get('cache-control')).toBe('public, max-age=120');
    }
    expect((await pub(l.number, { 'if-none-match': '"something-else"' })).status).toBe(200);
    await t.sql(`update licence set status = 'suspended', status_since = ? where id = ?`, [today(), l.id]);
    const changed = await pub(l.number, { 'if-none-match': first.etag! });
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('suspended');
    expect(changed.etag).not.toBe(first.etag);
    // Unknown numbers are not cached as found.
    const unknown = await pub('VN-SW-25-999999-9');
    expect(unknown.status).toBe(404);
    expect(unknown.etag).toBeNull();
  });
});

describe('the fast path', () => {
  it('answers exactly as the declared route does through the general pipeline', async () => {
    const holder = await person('Trinh Van Duc');
    const l = await licence(holder.registrantId);
    await t.sql(`update licence set status = 'pending' where id = ?`, [l.id]);
    const pending = l.number;
    const active = (await licence(holder.registrantId)).number;
    const etag = (await pub(active)).etag!;
    // The router matches paths case-insensitively; the fast path only the exact prefix, so this goes the general way.
    const general = (n: string) => `/API/v1/public/licences/${n}`;
    const fast = (n: string) => `/api/v1/public/licences/${n}`;
    const strip = (b: unknown) =>
      b && typeof b === 'object' ? { ...(b as object), instance: undefined, requestId: undefined } : b;
    for (const [n, headers] of [
      [active, {}],
      [active.toLowerCase(), {}],
      [active, { 'if-none-match': etag }],
      [pending, {}],
      ['VN-SW-25-000000-0', {}],
      ['not a number!', {}],
      ['%E0%A4%A', {}],
      ['%00', {}],
      [`${active}?x=%00`, {}],
      [`${active}?lang=vi`, {}],
      ['x'.repeat(201), {}],
    ] as [string, Record<string, string>][]) {
      const a = await t.request('GET', fast(n), { headers });
      const b = await t.request('GET', general(n), { headers });
      expect(a.status, n).toBe(b.status);
      expect(strip(a.body), n).toEqual(strip(b.body));
      const names = (r: typeof a) =>
        [...r.headers.keys()].filter(
          (k) => !['date', 'keep-alive', 'connection', 'etag', 'content-length'].includes(k),
        );
      expect(names(a), n).toEqual(names(b));
      expect(a.headers.get('x-request-id'), n).toBeTruthy();
      expect(a.headers.get('content-security-policy'), n).toBe(b.headers.get('content-security-policy'));
      if (a.status === 200) expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
    }
  });
});

describe('rebuilding the public register', () => {
  it('public_register_rebuild() recomputes it after a load that bypassed the triggers', async () => {
    const holder = await person('Luong Thi Ngoc');
    const l = await licence(holder.registrantId);
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query(`set session_replication_role = replica`); // as a data-only restore with triggers off would
      await c.query(`update registrant set full_name = 'Changed Unseen' where id = $1`, [holder.registrantId]);
      await c.query(`delete from public_register where number in (select number from licence order by number limit 3)`);
    } finally {
      await c.end();
    }
    expect((await drift([today()])).length).toBeGreaterThan(0);
    await t.sql(`select public_register_rebuild()`);
    expect(await drift([today()])).toEqual([]);
    expect((await pub(l.number)).body.name).toBe('Changed Unseen');
  });
});

describe('concurrent changes to one licence', () => {
  it('compose: two conditions and a status change in three transactions at once; a licence issued while its holder is renamed', async () => {
    const holder = await person('Cao Van Long');
    const l = await licence(holder.registrantId);
    const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: t.databaseUrl }));
    await Promise.all(clients.map((c) => c.connect()));
    const [a, b, c] = clients as [pg.Client, pg.Client, pg.Client];
    const condition = (cl: pg.Client, text: string) =>
      cl.query(
        `insert into licence_condition (id, licence_id, text, starts_on, public, created_at) values ($1, $2, $3, '2027-01-01', true, now())`,
        [randomUUID(), l.id, text],
      );
    try {
      await Promise.all([a.query('begin'), b.query('begin'), c.query('begin')]);
      await condition(a, 'First condition');
      let bDone = false;
      // Each commits as soon as its statement is through, in whichever order the database lets them.
      const second = condition(b, 'Second condition').then(() => {
        bDone = true;
        return b.query('commit');
      });
      // A status change of the same licence in a third transaction, meanwhile.
      const status = c
        .query(`update licence set status = 'suspended', status_since = '2027-04-02' where id = $1`, [l.id])
        .then(() => c.query('commit'));
      await new Promise((r) => setTimeout(r, 200));
      expect(bDone).toBe(false); // the second condition waits for the first
      await a.query('commit');
      await Promise.all([second, status]);

      // A licence issued (out of pending) while, at the same time, its holder's name changes.
      const pendingLicence = await licence(holder.registrantId);
      await t.sql(`update licence set status = 'pending' where id = ?`, [pendingLicence.id]);
      await Promise.all([a.query('begin'), b.query('begin')]);
      await a.query(`update registrant set full_name = 'Cao Van Nam' where id = $1`, [holder.registrantId]);
      const issue = b
        .query(`update licence set status = 'active' where id = $1`, [pendingLicence.id])
        .then(() => b.query('commit'));
      await new Promise((r) => setTimeout(r, 200));
      await a.query('commit');
      await issue;
      expect((await pub(pendingLicence.number)).body.name).toBe('Cao Van Nam');
    } finally {
      await Promise.all(clients.map((cl) => cl.end()));
    }
    const entry = await pub(l.number);
    expect(entry.body).toMatchObject({ status: 'suspended', statusSince: '2027-04-02', name: 'Cao Van Nam' });
    expect(entry.body.conditions.map((x: { text: string }) => x.text).sort()).toEqual([
      'First condition',
      'Second condition',
    ]);
    expect(await drift([today()])).toEqual([]);
  });
});
