import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestAccount, type TestApp } from '../support/app.js';
import { aLicenceNumber, aLicensee } from '../support/builders.js';
import { expectHostileUploadsRefused, HOSTILE_UPLOADS, postFile } from '../support/hostile-files.js';
import { ManualClock } from '../../api/shared/clock.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { renewalJobs } from '../../api/modules/renewals/index.js';
import { verificationJobs } from '../../api/modules/verification/index.js';
import {
  applySanctions,
  disciplineJobs,
  publishedSanctionsFor,
  sweepPublication,
} from '../../api/modules/discipline/index.js';

let t: TestApp;
let registrar: TestAccount;
const clock = new ManualClock('2027-01-10T01:00:00Z');
const silent = pino({ level: 'silent' });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

/** A registrant (optionally linked to an account) with an active licensed-tier licence ending on `validUntil`. */
async function licensee(validUntil = '2028-12-31', opts: { accountId?: string; email?: string } = {}) {
  return aLicensee(t, {
    accountId: opts.accountId,
    email: opts.email,
    name: 'Nguyen Van An',
    sex: 'male',
    dateOfBirth: '1988-01-01',
    number: aLicenceNumber('VN-SW-24'),
    from: '2024-01-01',
    until: validUntil,
  });
}

const api = (method: string, path: string, body?: unknown, token = registrar.accessToken) =>
  t.request(method, path, { token, body });
const status = async (licenceId: string) =>
  (await t.sql(`select status from licence where id = ?`, [licenceId]))[0].status as string;
const runner = () => new JobRunner(t.deps.orm, clock, silent, [...renewalJobs(t.deps), ...disciplineJobs(t.deps)]);
/** Sets the clock to 01:00 UTC of `date` and runs that day's jobs, as the scheduler would. */
const day = async (date: string) => {
  clock.set(`${date}T01:00:00Z`);
  registrar = await t.renew(registrar);
  await runner().tick();
};
const complaint = (over: Record<string, unknown> = {}) => ({
  complainantName: 'Le Thi Hoa',
  complainantEmail: 'hoa@example.org',
  respondentName: 'Nguyen Van An',
  category: 'boundaries',
  allegation: 'Met a client socially and shared their case details.',
  ...over,
});

/** Opens a case against a licence and walks it to the decision stage. */
async function caseAtDecision(number: string) {
  const c = await api('POST', '/api/v1/discipline/cases', complaint({ respondentLicenceNumber: number }));
  expect(c.status).toBe(201);
  let version = c.body.version;
  for (const to of ['investigation', 'hearing', 'decision']) {
    const r = await api('POST', `/api/v1/discipline/cases/${c.body.id}/stage`, { version, to });
    expect(r.status, r.text).toBe(200);
    version = r.body.version;
  }
  return { id: c.body.id as string, version: version as number };
}
const decide = async (id: string, body: Record<string, unknown>) => {
  const current = await api('GET', `/api/v1/discipline/cases/${id}`);
  return api('POST', `/api/v1/discipline/cases/${id}/outcomes`, {
    version: current.body.version,
    reasons: 'Found proved at the hearing.',
    ...body,
  });
};

beforeAll(async () => {
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
});
afterAll(async () => {
  await t?.close();
});

describe('complaints and cases', () => {
  it('staff enter a complaint; it opens a case at intake matched to the licence by its number', async () => {
    const { number, licenceId, registrantId } = await licensee();
    const r = await api(
      'POST',
      '/api/v1/discipline/cases',
      complaint({ respondentLicenceNumber: number.toLowerCase() }),
    );
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      stage: 'intake',
      source: 'staff',
      licenceId,
      registrantId,
      licenceNumber: number,
      receivedOn: '2027-01-10',
      category: 'boundaries',
    });
    expect(r.body.reference).toMatch(/^FTP-2027-\d{5}$/);
    expect(r.body.events.map((e: { kind: string }) => e.kind)).toEqual(['opened']);
  });

  it('staff match an unmatched respondent to a licence later, and assign the case', async () => {
    const { licenceId, registrantId, number } = await licensee();
    const c = await api('POST', '/api/v1/discipline/cases', complaint());
    expect(c.body).toMatchObject({ licenceId: null, registrantId: null });
    const officer = await t.createAccount(['registrar']);
    const r = await api('PATCH', `/api/v1/discipline/cases/${c.body.id}`, {
      version: c.body.version,
      licenceId,
      assignedTo: officer.id,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ licenceId, registrantId, licenceNumber: number, assignedTo: officer.id });
    expect(r.body.version).toBe(c.body.version + 1);
    const worker = await t.createAccount(['social_worker']);
    const notStaff = await api('PATCH', `/api/v1/discipline/cases/${c.body.id}`, {
      version: r.body.version,
      assignedTo: worker.id,
    });
    expect(notStaff.status).toBe(422);
    expect(notStaff.body.errors[0].field).toBe('assignedTo');
    // an unmatched case gets its respondent from the licence a sanction names
    const u = await api('POST', '/api/v1/discipline/cases', complaint());
    let v = u.body.version;
    for (const to of ['investigation', 'interim_order'])
      v = (await api('POST', `/api/v1/discipline/cases/${u.body.id}/stage`, { version: v, to })).body.version;
    const interim = await api('POST', `/api/v1/discipline/cases/${u.body.id}/outcomes`, {
      version: v,
      type: 'interim_suspension',
      licenceId,
      startsOn: '2027-01-10',
      reasons: 'Risk to clients.',
    });
    expect(interim.status, interim.text).toBe(201);
    expect(interim.body).toMatchObject({ licenceId, registrantId, licenceStatus: 'suspended' });
  });

  it('follows the stage table: a case cannot jump from intake to decision', async () => {
    const c = await api('POST', '/api/v1/discipline/cases', complaint());
    const r = await api('POST', `/api/v1/discipline/cases/${c.body.id}/stage`, {
      version: c.body.version,
      to: 'decision',
    });
    expect(r.status).toBe(409);
    expect(r.body.detail).toContain("cannot go from 'intake' to 'decision'");
    const stale = await api('POST', `/api/v1/discipline/cases/${c.body.id}/stage`, {
      version: c.body.version + 5,
      to: 'investigation',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toContain('version-conflict');
  });

  it('every view of a case, and of its documents, writes an audit row', async () => {
    const c = await api('POST', '/api/v1/discipline/cases', complaint());
    await expectHostileUploadsRefused(
      (f) =>
        postFile(
          `${t.baseUrl}/api/v1/discipline/cases/${c.body.id}/documents?filename=${f.name}`,
          registrar.accessToken,
          f,
        ),
      {
        stored: async () =>
          (await t.sql(`select count(*)::int as n from document where owner_id = ?`, [c.body.id]))[0].n,
      },
    );
    const up = await t.request('POST', `/api/v1/discipline/cases/${c.body.id}/documents?filename=statement.pdf`, {
      token: registrar.accessToken,
      rawBody: PDF.toString('latin1'),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(up.status, up.text).toBe(201);
    const views = async () =>
      await t.sql(
        `select action, actor_id from audit_event where entity_id = ? and action in ('discipline.case-viewed', 'discipline.case-document-viewed') order by seq`,
        [c.body.id],
      );
    expect(await views()).toHaveLength(0);
    expect((await api('GET', `/api/v1/discipline/cases/${c.body.id}`)).status).toBe(200);
    expect((await api('GET', `/api/v1/discipline/cases/${c.body.id}`)).status).toBe(200);
    const doc = await api('GET', `/api/v1/discipline/cases/${c.body.id}/documents/${up.body.id}`);
    expect(doc.status).toBe(200);
    expect(doc.text.startsWith('%PDF-')).toBe(true);
    expect(await views()).toEqual([
      { action: 'discipline.case-viewed', actor_id: registrar.id },
      { action: 'discipline.case-viewed', actor_id: registrar.id },
      { action: 'discipline.case-document-viewed', actor_id: registrar.id },
    ]);
  });

  it('refuses every case route with 403 to staff without the discipline permission, and audits nothing', async () => {
    const c = await api('POST', '/api/v1/discipline/cases', complaint());
    const before = (await t.sql(`select count(*)::int as n from audit_event where entity_id = ?`, [c.body.id]))[0].n;
    const caseRoutes = t.routes.filter((r) => r.path.startsWith('/api/v1/discipline/'));
    expect(caseRoutes.length).toBeGreaterThanOrEqual(15);
    for (const role of ['reviewer', 'auditor', 'social_worker', 'employer'] as const) {
      const who = await t.signIn([role]);
      for (const r of caseRoutes) {
        const path = r.path.replace(':id', c.body.id).replace(/:[A-Za-z]+/g, () => randomUUID());
        const res = await t.request(r.method.toUpperCase(), path, {
          token: who.accessToken,
          ...(r.method === 'get' ? {} : { body: {} }),
        });
        expect(res.status, `${r.method} ${r.path} as ${role}`).toBe(403);
      }
    }
    expect((await t.sql(`select count(*)::int as n from audit_event where entity_id = ?`, [c.body.id]))[0].n).toBe(
      before,
    );
  });
});

describe('bad input names the field and stores nothing', () => {
  const counts = async () =>
    (
      await t.sql(
        `select (select count(*) from discipline_sanction)::int as s, (select count(*) from discipline_case)::int as c, (select count(*) from discipline_panel_member)::int as p, (select count(*) from licence_condition)::int as lc`,
      )
    )[0];

  it('an end date before the start date', async () => {
    const { number } = await licensee();
    const { id } = await caseAtDecision(number);
    const before = await counts();
    const r = await decide(id, { type: 'suspension', startsOn: '2027-02-10', endsOn: '2027-02-01' });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors).toEqual([{ field: 'endsOn', message: 'is before startsOn' }]);
    expect(await counts()).toEqual(before);
  });

  it('a sanction on an unknown licence', async () => {
    const { number } = await licensee();
    const { id } = await caseAtDecision(number);
    const before = await counts();
    const r = await decide(id, {
      type: 'conditions',
      licenceId: randomUUID(),
      startsOn: '2027-02-01',
      conditionsText: 'Supervised practice only.',
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].field).toBe('licenceId');
    const unknownNumber = await api(
      'POST',
      '/api/v1/discipline/cases',
      complaint({ respondentLicenceNumber: 'VN-SW-99-999999-9' }),
    );
    expect(unknownNumber.status).toBe(422);
    expect(unknownNumber.body.errors[0].field).toBe('respondentLicenceNumber');
    const malformed = await decide(id, {
      type: 'suspension',
      licenceId: 'not-a-uuid',
      startsOn: '2027-02-01',
      endsOn: '2027-02-05',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('licenceId');
    expect(await counts()).toEqual(before);
  });

  it('a panel member with a declared conflict cannot be seated; a seated member who declares one leaves the panel', async () => {
    const { number } = await licensee();
    const c = await api('POST', '/api/v1/discipline/cases', complaint({ respondentLicenceNumber: number }));
    const member = await t.createAccount(['reviewer']);
    const declared = await api('POST', `/api/v1/discipline/cases/${c.body.id}/conflicts`, {
      accountId: member.id,
      reason: 'Former line manager of the respondent',
    });
    expect(declared.status, declared.text).toBe(201);
    const before = await counts();
    const r = await api('POST', `/api/v1/discipline/cases/${c.body.id}/panel`, {
      accountId: member.id,
      role: 'member',
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({
      field: 'accountId',
      message: expect.stringContaining('conflict of interest'),
    });
    // a second case about the same person: still barred
    const c2 = await api('POST', '/api/v1/discipline/cases', complaint({ respondentLicenceNumber: number }));
    expect((await api('POST', `/api/v1/discipline/cases/${c2.body.id}/panel`, { accountId: member.id })).status).toBe(
      422,
    );
    expect((await counts()).p).toBe(before.p);
    const half = await api('POST', `/api/v1/discipline/cases/${c.body.id}/panel`, { externalName: 'Tran Van Binh' });
    expect(half.status).toBe(400);
    expect(half.body.errors[0].field).toBe('externalEmail');
    expect((await counts()).p).toBe(before.p);

    const seated = await api('POST', `/api/v1/discipline/cases/${c.body.id}/panel`, {
      externalName: 'Tran Van Binh',
      externalEmail: 'binh@example.org',
      role: 'lay_member',
    });
    expect(seated.status, seated.text).toBe(201);
    expect(seated.body.panel).toEqual([expect.objectContaining({ externalName: 'Tran Van Binh', role: 'lay_member' })]);
    const leaves = await api('POST', `/api/v1/discipline/cases/${c.body.id}/conflicts`, {
      externalName: 'Tran Van Binh',
      externalEmail: 'BINH@example.org',
      reason: 'Neighbour of the complainant',
    });
    expect(leaves.body.panel).toEqual([]);
    expect(
      (
        await api('POST', `/api/v1/discipline/cases/${c.body.id}/panel`, {
          externalName: 'Tran Van Binh',
          externalEmail: 'binh@example.org',
          role: 'lay_member',
        })
      ).body.errors[0].field,
    ).toBe('externalEmail');
  });
});

describe('sanctions act on the licence on the right days', () => {
  it('a suspension with dates suspends the licence on its first day and reinstates it the day after its last', async () => {
    clock.set('2027-01-10T01:00:00Z');
    const { number, licenceId } = await licensee();
    const { id } = await caseAtDecision(number);
    const r = await decide(id, { type: 'suspension', startsOn: '2027-01-15', endsOn: '2027-01-20' });
    expect(r.status, r.text).toBe(201);
    expect(r.body.sanctions).toEqual([
      expect.objectContaining({
        type: 'suspension',
        status: 'in_force',
        startsOn: '2027-01-15',
        endsOn: '2027-01-20',
        licenceNumber: number,
      }),
    ]);
    expect(await status(licenceId)).toBe('active');
    await day('2027-01-14');
    expect(await status(licenceId)).toBe('active');
    await day('2027-01-15');
    expect(await status(licenceId)).toBe('suspended');
    await day('2027-01-15'); // the same slot again (another instance): nothing more
    await day('2027-01-20');
    expect(await status(licenceId)).toBe('suspended');
    await day('2027-01-21');
    expect(await status(licenceId)).toBe('active');
    const events = await t.sql(
      `select from_status, to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at`,
      [licenceId],
    );
    expect(events).toEqual([
      { from_status: 'active', to_status: 'suspended', d: '2027-01-15' },
      { from_status: 'suspended', to_status: 'active', d: '2027-01-21' },
    ]);
  });

  it('overlapping sanctions resolve to the strictest: removal over suspension over conditions', async () => {
    clock.set('2027-02-01T01:00:00Z');
    registrar = await t.renew(registrar);
    const a = await licensee();
    const { id } = await caseAtDecision(a.number);
    expect(
      (
        await decide(id, {
          type: 'conditions',
          startsOn: '2027-02-01',
          conditionsText: 'Practise only under weekly supervision.',
        })
      ).status,
    ).toBe(201);
    expect((await decide(id, { type: 'suspension', startsOn: '2027-02-01', endsOn: '2027-02-10' })).status).toBe(201);
    expect((await decide(id, { type: 'suspension', startsOn: '2027-02-05', endsOn: '2027-02-20' })).status).toBe(201);
    expect(await status(a.licenceId)).toBe('suspended'); // acts at once on its first day
    const lic = await api('GET', `/api/v1/licences/${a.licenceId}`);
    expect(lic.body.conditions).toEqual([
      expect.objectContaining({
        text: 'Practise only under weekly supervision.',
        startsOn: '2027-02-01',
        endsOn: null,
        public: true,
      }),
    ]);

    const b = await licensee();
    const cb = await caseAtDecision(b.number);
    expect((await decide(cb.id, { type: 'suspension', startsOn: '2027-03-01', endsOn: '2027-03-31' })).status).toBe(
      201,
    );
    expect((await decide(cb.id, { type: 'removal', startsOn: '2027-03-10' })).status).toBe(201);

    await day('2027-02-11');
    expect(await status(a.licenceId)).toBe('suspended'); // the second suspension still covers the day
    await day('2027-02-21');
    expect(await status(a.licenceId)).toBe('active'); // conditions remain, the licence is active under them
    await day('2027-03-01');
    expect(await status(b.licenceId)).toBe('suspended');
    await day('2027-03-10');
    expect(await status(b.licenceId)).toBe('revoked');
    await day('2027-04-01');
    expect(await status(b.licenceId)).toBe('revoked'); // the suspension ending does not undo a removal
    const evA = await t.sql(
      `select to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at`,
      [a.licenceId],
    );
    expect(evA).toEqual([
      { to_status: 'suspended', d: '2027-02-01' },
      { to_status: 'active', d: '2027-02-21' },
    ]);
    const evB = await t.sql(
      `select from_status, to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at`,
      [b.licenceId],
    );
    expect(evB).toEqual([
      { from_status: 'active', to_status: 'suspended', d: '2027-03-01' },
      { from_status: 'suspended', to_status: 'revoked', d: '2027-03-10' },
    ]);
  });

  it('a suspension that ends after the licence period ran out returns it to grace, or lapsed after the grace days', async () => {
    clock.set('2027-05-01T01:00:00Z');
    registrar = await t.renew(registrar);
    const g = await licensee('2027-05-31');
    const l = await licensee('2027-05-31');
    const cg = await caseAtDecision(g.number);
    const cl = await caseAtDecision(l.number);
    expect((await decide(cg.id, { type: 'suspension', startsOn: '2027-05-20', endsOn: '2027-06-10' })).status).toBe(
      201,
    );
    expect((await decide(cl.id, { type: 'suspension', startsOn: '2027-05-20', endsOn: '2027-07-15' })).status).toBe(
      201,
    );
    await day('2027-05-20');
    await day('2027-06-01'); // the renewal sweep leaves suspended licences alone
    expect([await status(g.licenceId), await status(l.licenceId)]).toEqual(['suspended', 'suspended']);
    await day('2027-06-11');
    expect(await status(g.licenceId)).toBe('grace');
    await day('2027-06-30'); // last day of the 30 grace days
    expect(await status(g.licenceId)).toBe('grace');
    await day('2027-07-01');
    expect(await status(g.licenceId)).toBe('lapsed'); // the renewal sweep takes it on from grace
    await day('2027-07-16');
    expect(await status(l.licenceId)).toBe('lapsed');
    const ev = await t.sql(
      `select from_status, to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at`,
      [l.licenceId],
    );
    expect(ev.at(-1)).toEqual({ from_status: 'suspended', to_status: 'lapsed', d: '2027-07-16' });
  });

  it('an interim suspension acts before the decision and the decision ends it; an appeal replaces an outcome and the history keeps both', async () => {
    clock.set('2027-08-01T01:00:00Z');
    registrar = await t.renew(registrar);
    const a = await licensee();
    const c = await api('POST', '/api/v1/discipline/cases', complaint({ respondentLicenceNumber: a.number }));
    let v = c.body.version;
    for (const to of ['investigation', 'interim_order'])
      v = (await api('POST', `/api/v1/discipline/cases/${c.body.id}/stage`, { version: v, to })).body.version;
    const interim = await decide(c.body.id, { type: 'interim_suspension', startsOn: '2027-08-01' });
    expect(interim.status, interim.text).toBe(201);
    expect(await status(a.licenceId)).toBe('suspended');
    for (const to of ['hearing', 'decision'])
      v = (
        await api('POST', `/api/v1/discipline/cases/${c.body.id}/stage`, {
          version: (await api('GET', `/api/v1/discipline/cases/${c.body.id}`)).body.version,
          to,
        })
      ).body.version;
    const decided = await decide(c.body.id, { type: 'suspension', startsOn: '2027-08-01', endsOn: '2027-12-31' });
    expect(decided.body.sanctions.map((s: { type: string; status: string }) => [s.type, s.status])).toEqual([
      ['interim_suspension', 'lifted'],
      ['suspension', 'in_force'],
    ]);
    expect(await status(a.licenceId)).toBe('suspended');

    const suspension = decided.body.sanctions[1];
    const early = await api('POST', `/api/v1/discipline/sanctions/${suspension.id}/appeal-outcome`, {
      result: 'stayed',
      onDate: '2027-08-05',
      reasons: 'Appeal lodged',
    });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].field).toBe('result');
    await api('POST', `/api/v1/discipline/cases/${c.body.id}/stage`, { version: decided.body.version, to: 'appeal' });
    clock.set('2027-08-20T01:00:00Z');
    registrar = await t.renew(registrar);
    const appealed = await api('POST', `/api/v1/discipline/sanctions/${suspension.id}/appeal-outcome`, {
      result: 'replaced',
      onDate: '2027-08-20',
      reasons: 'The panel gave too little weight to the remediation shown.',
      replacement: {
        type: 'conditions',
        startsOn: '2027-08-20',
        conditionsText: 'Practise under supervision for 12 months.',
        reasons: 'Substituted on appeal.',
      },
    });
    expect(appealed.status, appealed.text).toBe(200);
    const rows = appealed.body.sanctions.map(
      (s: { type: string; status: string; replaces: string | null; replacedBy: string | null }) => ({
        type: s.type,
        status: s.status,
        replaces: s.replaces,
        replacedBy: s.replacedBy,
      }),
    );
    const replacement = appealed.body.sanctions.find((s: { type: string }) => s.type === 'conditions');
    expect(rows).toEqual([
      { type: 'interim_suspension', status: 'lifted', replaces: null, replacedBy: null },
      { type: 'suspension', status: 'replaced', replaces: null, replacedBy: replacement.id },
      { type: 'conditions', status: 'in_force', replaces: suspension.id, replacedBy: null },
    ]);
    expect(await status(a.licenceId)).toBe('active');
    const lic = await api('GET', `/api/v1/licences/${a.licenceId}`);
    expect(lic.body.conditions).toEqual([
      expect.objectContaining({
        text: 'Practise under supervision for 12 months.',
        startsOn: '2027-08-20',
        endsOn: null,
      }),
    ]);
  });
});

describe('several instances at once', () => {
  it('the sweep run concurrently on three connections moves each licence once, with one event and one publication record', async () => {
    clock.set('2027-08-25T01:00:00Z');
    registrar = await t.renew(registrar);
    const a = await licensee();
    const { id } = await caseAtDecision(a.number);
    expect((await decide(id, { type: 'suspension', startsOn: '2027-09-01', endsOn: '2027-09-30' })).status).toBe(201);
    const today = '2027-09-01',
      now = new Date('2027-09-01T01:00:00Z');
    const sweep = () =>
      t.deps.orm.em.fork().transactional(async (tx) => {
        const moves = await applySanctions(tx as never, today, now);
        await sweepPublication(tx as never, today, now);
        return moves.filter((m) => m.licence_id === a.licenceId).length;
      });
    const moved = await Promise.all([sweep(), sweep(), sweep()]);
    expect(moved.reduce((x, y) => x + y, 0)).toBe(1);
    expect(await status(a.licenceId)).toBe('suspended');
    expect((await t.sql(`select count(*)::int as n from licence_event where licence_id = ?`, [a.licenceId]))[0].n).toBe(
      1,
    );
    const sanction = (await t.sql(`select id from discipline_sanction where licence_id = ?`, [a.licenceId]))[0].id;
    expect(
      (
        await t.sql(
          `select count(*)::int as n from audit_event where entity_id = ? and action = 'discipline.sanction-published'`,
          [sanction],
        )
      )[0].n,
    ).toBe(1);
  });
});

describe('publication', () => {
  it('a published warning disappears from the public view when its period ends; the audit trail shows it was published', async () => {
    clock.set('2027-09-01T01:00:00Z');
    registrar = await t.renew(registrar);
    const settings = await api('GET', '/api/v1/discipline/settings');
    expect(settings.body.publication.warning).toMatchObject({ published: true, duration: 'days', durationDays: 365 });
    const a = await licensee();
    const { id } = await caseAtDecision(a.number);
    const em = t.deps.orm.em.fork() as never;
    expect((await decide(id, { type: 'advice', startsOn: '2027-09-01' })).status).toBe(201);
    const w = await decide(id, { type: 'warning', startsOn: '2027-09-01' });
    expect(w.status, w.text).toBe(201);
    const warning = w.body.sanctions.find((s: { type: string }) => s.type === 'warning');
    expect(warning).toMatchObject({
      publicationState: 'published',
      publishedFrom: '2027-09-01',
      publishedUntil: '2028-08-30',
      publicText: 'Warning issued by the council on 2027-09-01.',
    });
    const shown = await publishedSanctionsFor(em, [a.licenceId, randomUUID()], new Date('2027-09-02T10:00:00Z'));
    expect([...shown.keys()]).toEqual([a.licenceId]);
    expect(shown.get(a.licenceId)).toEqual([
      {
        type: 'warning',
        text: 'Warning issued by the council on 2027-09-01.',
        from: '2027-09-01',
        until: '2028-08-30',
      },
    ]); // advice is never published

    await day('2028-08-30'); // 365 days, 2028 being a leap year
    expect((await publishedSanctionsFor(em, [a.licenceId], clock.now())).get(a.licenceId)).toHaveLength(1);
    await day('2028-08-31');
    expect((await publishedSanctionsFor(em, [a.licenceId], clock.now())).get(a.licenceId)).toBeUndefined();
    expect(
      (await t.sql(`select publication_state from discipline_sanction where id = ?`, [warning.id]))[0]
        .publication_state,
    ).toBe('ended');
    const trail = await t.sql(
      `select action, after, before, to_char(occurred_at, 'YYYY-MM-DD') as at from audit_event where entity_id = ? order by seq`,
      [warning.id],
    );
    expect(trail).toEqual([
      {
        action: 'discipline.sanction-published',
        at: '2027-09-01',
        before: null,
        after: expect.objectContaining({
          type: 'warning',
          text: 'Warning issued by the council on 2027-09-01.',
          publicFrom: '2027-09-01',
          publicUntil: '2028-08-30',
        }),
      },
      {
        action: 'discipline.sanction-unpublished',
        at: '2028-08-31',
        after: { on: '2028-08-31' },
        before: expect.objectContaining({
          text: 'Warning issued by the council on 2027-09-01.',
          publicFrom: '2027-09-01',
        }),
      },
    ]);
  });

  it('conditions are public while they last and leave the register when lifted; the council can change the policy', async () => {
    clock.set('2028-10-01T01:00:00Z');
    registrar = await t.renew(registrar);
    const a = await licensee('2030-12-31');
    const { id } = await caseAtDecision(a.number);
    const em = t.deps.orm.em.fork() as never;
    const d = await decide(id, { type: 'conditions', startsOn: '2028-10-01', conditionsText: 'No lone home visits.' });
    const cond = d.body.sanctions[0];
    expect((await publishedSanctionsFor(em, [a.licenceId], clock.now())).get(a.licenceId)).toEqual([
      {
        type: 'conditions',
        text: 'Practising under conditions from 2028-10-01: No lone home visits.',
        from: '2028-10-01',
        until: null,
      },
    ]);
    const lifted = await api('POST', `/api/v1/discipline/sanctions/${cond.id}/lifting`, {
      liftedOn: '2028-11-01',
      reasons: 'Conditions met.',
    });
    expect(lifted.status, lifted.text).toBe(200);
    await day('2028-10-31');
    expect((await publishedSanctionsFor(em, [a.licenceId], clock.now())).get(a.licenceId)).toHaveLength(1);
    await day('2028-11-01');
    expect((await publishedSanctionsFor(em, [a.licenceId], clock.now())).get(a.licenceId)).toBeUndefined();
    const lic = await api('GET', `/api/v1/licences/${a.licenceId}`);
    expect(lic.body.conditions[0]).toMatchObject({ endsOn: '2028-10-31' });

    const s = (await api('GET', '/api/v1/discipline/settings')).body;
    const bad = await api('PUT', '/api/v1/discipline/settings', {
      ...s,
      publication: { ...s.publication, warning: { ...s.publication.warning, durationDays: null } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('publication.warning.durationDays');
    const ok = await api('PUT', '/api/v1/discipline/settings', {
      ...s,
      publication: { ...s.publication, warning: { ...s.publication.warning, durationDays: 30 } },
    });
    expect(ok.status, ok.text).toBe(200);
    expect((await api('PUT', '/api/v1/discipline/settings', s)).status).toBe(409); // stale version
    const w = await decide(id, { type: 'warning', startsOn: '2028-11-01' });
    expect(w.body.sanctions.find((x: { type: string }) => x.type === 'warning').publishedUntil).toBe('2028-11-30');
  });
});

describe('the respondent', () => {
  it('sees only what is disclosed to them, and is e-mailed at the steps the council lists', async () => {
    clock.set('2029-01-05T01:00:00Z');
    registrar = await t.renew(registrar);
    const worker = await t.signIn(['social_worker']);
    const a = await licensee('2030-12-31', { accountId: worker.id, email: worker.email });
    const { id } = await caseAtDecision(a.number);
    const current = (await api('GET', `/api/v1/discipline/cases/${id}`)).body;
    await api('POST', `/api/v1/discipline/cases/${id}/notes`, {
      note: 'Internal: complainant seems credible.',
      disclosed: false,
    });
    await api('POST', `/api/v1/discipline/cases/${id}/notes`, {
      note: 'We have asked your employer for records.',
      disclosed: true,
    });
    await api('PATCH', `/api/v1/discipline/cases/${id}`, {
      version: current.version,
      disclosedSummary: 'A concern about professional boundaries with a client.',
      hearingOn: '2029-02-01',
    });
    await decide(id, { type: 'warning', startsOn: '2029-01-05' });

    const mine = await t.request('GET', '/api/v1/my-cases', { token: worker.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(1);
    const text = JSON.stringify(mine.body);
    expect(text).toContain('A concern about professional boundaries with a client.');
    expect(text).toContain('We have asked your employer for records.');
    expect(text).not.toContain('Internal: complainant seems credible.');
    expect(text).not.toContain('Le Thi Hoa'); // the complainant
    expect(text).not.toContain('shared their case details'); // the allegation as written
    expect(mine.body.items[0].outcomes).toEqual([expect.objectContaining({ type: 'warning', startsOn: '2029-01-05' })]);
    const other = await t.signIn(['social_worker']);
    expect((await t.request('GET', '/api/v1/my-cases', { token: other.accessToken })).body).toEqual({
      items: [],
      total: 0,
    });

    const mails = await t.sql(
      `select idempotency_key, subject from outbox_message where to_address = ? order by created_at`,
      [worker.email],
    );
    expect(mails.map((m: { idempotency_key: string }) => m.idempotency_key.split(':')[2])).toEqual([
      'case_opened',
      'hearing_scheduled',
      'decision',
    ]);
    expect(mails[0].subject).toMatch(/^Case FTP-2029-\d{5}: a case has been opened$/);

    // The council drops 'case opened' from its procedure: a new case e-mails nobody.
    const settings = (await api('GET', '/api/v1/discipline/settings')).body;
    expect(
      (
        await api('PUT', '/api/v1/discipline/settings', {
          ...settings,
          notifySteps: settings.notifySteps.filter((x: string) => x !== 'case_opened'),
        })
      ).status,
    ).toBe(200);
    await api('POST', '/api/v1/discipline/cases', complaint({ respondentLicenceNumber: a.number }));
    expect(await t.sql(`select 1 from outbox_message where to_address = ?`, [worker.email])).toHaveLength(3);
  });
});

describe('the public complaint form', () => {
  const formToken = async (path = '/complaints') => {
    const page = await t.request('GET', path);
    expect(page.status).toBe(200);
    return /name="formToken" value="([^"]+)"/.exec(page.text)![1]!;
  };
  const post = (
    fields: Record<string, string>,
    files: { name: string; type: string; bytes: Buffer }[] = [],
    headers: Record<string, string> = {},
  ) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const f of files) fd.append('attachments', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    return fetch(`${t.baseUrl}/complaints`, {
      method: 'POST',
      body: fd,
      headers: { 'x-forwarded-for': '1.2.3.4', ...headers },
    }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));
  };
  const fields = (token: string, over: Record<string, string> = {}) => ({
    formToken: token,
    complainantName: 'Pham Van Cuong',
    complainantEmail: 'cuong@example.org',
    respondentName: 'Nguyen Van An',
    category: 'competence',
    allegation: 'Missed three statutory visits.',
    ...over,
  });
  const caseCount = async () =>
    (await t.sql(`select count(*)::int as n from discipline_case where source = 'public'`))[0].n;

  it('is a page with no script, in English and Vietnamese', async () => {
    const en = await t.request('GET', '/complaints');
    expect(en.headers.get('content-type')).toContain('text/html');
    expect(en.text).toContain('Make a complaint about a social worker');
    expect(en.text).not.toContain('<script');
    expect((await t.request('GET', '/complaints?lang=vi')).text).toContain('Khiếu nại về nhân viên công tác xã hội');
  });

  it('opens a case with its attachments, matched by licence number; refuses bad files and forged posts; ignores robots', async () => {
    clock.set(new Date());
    const { number, licenceId } = await licensee();
    const token = await formToken();
    const before = await caseCount();
    const bad = await post(fields(token, { respondentLicenceNumber: number }), [
      { name: 'evil.pdf', type: 'application/pdf', bytes: Buffer.from('MZ not a pdf') },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('the file is not a PDF');
    expect(bad.text).toContain('Missed three statutory visits.'); // what they typed is kept
    expect(await caseCount()).toBe(before);
    const missing = await post(fields(token, { complainantEmail: 'not-an-email' }));
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('id="complainantEmail-error">must be an e-mail address<');
    // The field's message is in the page's language.
    const missingVi = await post(
      fields(await formToken('/complaints?lang=vi'), { complainantEmail: 'not-an-email' }),
      [],
      { 'accept-language': 'vi', 'x-forwarded-for': '10.77.2.1' },
    );
    expect(missingVi.status).toBe(422);
    expect(missingVi.text).toContain('id="complainantEmail-error">phải là một địa chỉ e-mail<');

    const ok = await post(fields(token, { respondentLicenceNumber: number }), [
      { name: 'letter.pdf', type: 'application/pdf', bytes: PDF },
      { name: 'photo.png', type: 'image/png', bytes: PNG },
    ]);
    expect(ok.status, ok.text).toBe(201);
    const ref = /id="reference">([^<]+)</.exec(ok.text)![1];
    const [row] = await t.sql(`select id, licence_id, source, stage from discipline_case where reference = ?`, [ref]);
    expect(row).toMatchObject({ licence_id: licenceId, source: 'public', stage: 'intake' });
    expect(
      await t.sql(`select filename, content_type from document where owner_id = ? order by filename`, [row.id]),
    ).toEqual([
      { filename: 'letter.pdf', content_type: 'application/pdf' },
      { filename: 'photo.png', content_type: 'image/png' },
    ]);

    expect((await post({ ...fields('123.abc') })).status).toBe(403);
    expect((await post(fields(token), [], { origin: 'https://evil.example' })).status).toBe(403);
    const robot = await post(fields(await formToken(), { website: 'http://spam.example' }), [], {
      'x-forwarded-for': '5.6.7.8',
    });
    expect(robot.status).toBe(200);
    expect(await caseCount()).toBe(before + 1);
  });

  it("refuses attachments that could run a script, saying so in the page's language, and opens no case", async () => {
    clock.set(new Date());
    const before = await caseCount();
    const docs = async () => (await t.sql(`select count(*)::int as n from document`))[0].n;
    const docsBefore = await docs();
    for (const [i, file] of HOSTILE_UPLOADS.entries()) {
      const r = await post(
        fields(await formToken()),
        [file, { name: 'letter.pdf', type: 'application/pdf', bytes: PDF }],
        { 'x-forwarded-for': `10.77.0.${i}` }, // one address each: the test is not about the rate limit
      );
      expect(r.status, file.name).toBe(422);
      expect(r.text, file.name).toContain('An attachment could run a script');
      expect(r.text).toContain('id="attachments-error"');
      expect(r.text).toContain('Missed three statutory visits.'); // what they typed is kept
    }
    const vi = await post(fields(await formToken('/complaints?lang=vi')), [HOSTILE_UPLOADS[0]!], {
      'accept-language': 'vi',
      'x-forwarded-for': '10.77.1.1',
    });
    expect(vi.status).toBe(422);
    expect(vi.text).toContain('Một tệp đính kèm có thể chạy mã lệnh');
    expect(await caseCount()).toBe(before);
    expect(await docs()).toBe(docsBefore);
  });

  it("a form token opens one case: sent again, even at once on two instances, it shows the form with the expired-form message in the page's language and writes nothing", async () => {
    clock.set(new Date());
    const t2 = await startTestApp({ clock, databaseUrl: t.databaseUrl });
    try {
      const postTo = (app: TestApp, token: string, ip: string, lang = 'en') => {
        const fd = new FormData();
        for (const [k, v] of Object.entries(fields(token))) fd.append(k, v);
        return fetch(`${app.baseUrl}/complaints?lang=${lang}`, {
          method: 'POST',
          body: fd,
          headers: { 'x-forwarded-for': ip },
        }).then(async (r) => ({ status: r.status, text: await r.text() }));
      };
      const before = await caseCount();
      const token = await formToken();
      const first = await postTo(t, token, '10.88.0.1');
      expect(first.status, first.text).toBe(201);
      const again = await postTo(t, token, '10.88.0.2');
      expect(again.status).toBe(403);
      expect(again.text).toContain('This form has expired or did not come from our site. Please fill it in again.');
      expect(again.text).toContain('Missed three statutory visits.'); // the form again, with what they typed
      const elsewhere = await postTo(t2, token, '10.88.0.3', 'vi');
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.text).toContain('Biểu mẫu đã hết hạn hoặc không đến từ trang của chúng tôi. Vui lòng điền lại.');
      expect(await caseCount()).toBe(before + 1);

      // Two instances at the same moment with one fresh token: one case
      const fresh = await formToken();
      const both = await Promise.all([postTo(t, fresh, '10.88.0.4'), postTo(t2, fresh, '10.88.0.5')]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 403]);
      expect(await caseCount()).toBe(before + 2);

      // The hourly clean-up forgets used tokens once they have expired anyway
      const used = async () => (await t.sql(`select count(*)::int as n from complaint_form_token`))[0].n;
      expect(await used()).toBeGreaterThanOrEqual(2);
      const cleanup = verificationJobs(t.deps).find((j) => j.name === 'public-rate-limit-cleanup')!;
      const now = clock.now();
      expect((await cleanup.run({ slot: now, now })).formTokens).toBe(0);
      const later = new Date(now.getTime() + 3 * 3600_000);
      expect((await cleanup.run({ slot: later, now: later })).formTokens).toBeGreaterThanOrEqual(2);
      expect(await used()).toBe(0);
    } finally {
      await t2.close();
    }
  });

  it('limits how many complaints one address can send', async () => {
    await t.sql(`delete from rate_limit_bucket where key like 'complaint:%'`);
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await post(fields(await formToken()), [], { 'x-forwarded-for': '9.9.9.9' }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 429]);
    const refused = answers[5]!;
    expect(refused.headers.get('ratelimit-policy')).toBe('"complaint:ip";q=5;w=3600');
    expect(refused.headers.get('ratelimit')).toBe(`"complaint:ip";r=0;t=${refused.headers.get('retry-after')}`);
  });
});
