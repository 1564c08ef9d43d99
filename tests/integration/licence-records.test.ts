/**
 * Licence and registrant records: concurrent edits of a licence (409 for the second), every view of
 * an identity number audited, a change of name only with evidence and approval, and bad input
 * refused naming the field with nothing stored. (Applications and approval: licensing.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { expectHostileUploadsRefused, postFile } from '../support/hostile-files.js';
import { ManualClock } from '../../api/shared/clock.js';
import { licensingWorld, type LicensingWorld } from '../support/licensing.js';
import { aLicence, aRegistrant } from '../support/builders.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
let t: TestApp;
let clock: ManualClock;
let registrar: TestAccount, secondRegistrar: TestAccount;
let worker: LicensingWorld['worker'], apply: LicensingWorld['apply'];

beforeAll(async () => {
  clock = new ManualClock('2026-03-02T03:00:00Z');
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
  secondRegistrar = await t.signIn(['registrar']);
  ({ worker, apply } = await licensingWorld(t, () => registrar));
});
afterAll(async () => {
  await t?.close();
});

describe('licence records', () => {
  it('two registrars editing the same licence: the second gets 409 and the first change stays', async () => {
    const w = await worker();
    const app = await apply(w.account.accessToken, 'provisional');
    const approval = await t.request('POST', `/api/v1/licence-applications/${app.id}/approval`, {
      token: registrar.accessToken,
      body: { reason: 'All requirements met.', version: app.version },
    });
    expect(approval.status, approval.text).toBe(200);
    const licenceId = approval.body.licenceId;
    const l = (await t.request('GET', `/api/v1/licences/${licenceId}`, { token: registrar.accessToken })).body;
    const a = await t.request('POST', `/api/v1/licences/${licenceId}/conditions`, {
      token: registrar.accessToken,
      body: {
        text: 'Practise only under weekly supervision',
        startsOn: '2027-05-01',
        public: true,
        version: l.version,
      },
    });
    expect(a.status, a.text).toBe(201);
    const b = await t.request('POST', `/api/v1/licences/${licenceId}/status`, {
      token: secondRegistrar.accessToken,
      body: { to: 'suspended', effectiveDate: '2027-05-01', reason: 'Stale edit attempt', version: l.version },
    });
    expect(b.status).toBe(409);
    const after = (await t.request('GET', `/api/v1/licences/${licenceId}`, { token: registrar.accessToken })).body;
    expect(after).toMatchObject({
      status: 'active',
      conditions: [expect.objectContaining({ text: 'Practise only under weekly supervision' })],
    });
    const illegal = await t.request('POST', `/api/v1/licences/${licenceId}/status`, {
      token: registrar.accessToken,
      body: { to: 'active', effectiveDate: '2027-05-01', reason: 'already active', version: after.version },
    });
    expect(illegal.status).toBe(409);
    expect(illegal.body.type).toBe('urn:sw-registry:problem:illegal-transition');
  });

  it('audits every view of an identity number, and keeps it from social workers', async () => {
    const w = await worker();
    const r = await t.request('GET', `/api/v1/registrants/${w.registrantId}`, { token: w.account.accessToken });
    expect(r.body.nationalIdMasked).toMatch(/^•••• \d{4}$/);
    expect(JSON.stringify(r.body)).not.toMatch(/0790\d{5,}/);
    expect(
      (await t.request('GET', `/api/v1/registrants/${w.registrantId}/identity`, { token: w.account.accessToken }))
        .status,
    ).toBe(403);
    const seen = await t.request('GET', `/api/v1/registrants/${w.registrantId}/identity`, {
      token: registrar.accessToken,
    });
    expect(seen.body.nationalId).toMatch(/^0790\d+$/);
    const audit = await t.sql(
      `select actor_id from audit_event where action = 'registrant.identity-viewed' and entity_id = ?`,
      [w.registrantId],
    );
    expect(audit).toEqual([{ actor_id: registrar.id }]);
    const other = await worker();
    expect(
      (await t.request('GET', `/api/v1/registrants/${w.registrantId}`, { token: other.account.accessToken })).status,
    ).toBe(403);
  });

  it('changes a name only with evidence and staff approval', async () => {
    const w = await worker();
    const req = await t.request('POST', `/api/v1/registrants/${w.registrantId}/identity-changes`, {
      token: w.account.accessToken,
      body: { field: 'fullName', value: 'Nguyen Van Binh', reason: 'Name changed by deed' },
    });
    expect(req.status).toBe(201);
    const noEvidence = await t.request('POST', `/api/v1/identity-changes/${req.body.id}/decision`, {
      token: registrar.accessToken,
      body: { decision: 'approved', version: req.body.version },
    });
    expect(noEvidence.status).toBe(422);
    await expectHostileUploadsRefused(
      (f) =>
        postFile(
          `${t.baseUrl}/api/v1/identity-changes/${req.body.id}/evidence?filename=${f.name}`,
          w.account.accessToken,
          f,
        ),
      {
        stored: async () =>
          (await t.sql(`select count(*)::int as n from document where owner_id = ?`, [req.body.id]))[0].n,
      },
    );
    const ev = await fetch(`${t.baseUrl}/api/v1/identity-changes/${req.body.id}/evidence?filename=deed.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.account.accessToken}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(ev.status).toBe(201);
    const ok = await t.request('POST', `/api/v1/identity-changes/${req.body.id}/decision`, {
      token: registrar.accessToken,
      body: { decision: 'approved', version: req.body.version },
    });
    expect(ok.status).toBe(200);
    expect(
      (await t.request('GET', `/api/v1/registrants/${w.registrantId}`, { token: w.account.accessToken })).body.fullName,
    ).toBe('Nguyen Van Binh');
  });
});

describe('bad input is refused, naming the field, and nothing is stored', () => {
  it('refuses a future date of birth, an unknown tier, negative hours, hours outside the period and a fake document', async () => {
    const a = await t.signIn(['social_worker']);
    const count = async (table: string) => (await t.sql(`select count(*)::int as n from ${table}`))[0].n;
    const before = {
      registrant: await count('registrant'),
      entries: await count('supervision_entry'),
      docs: await count('document'),
    };
    const future = await t.request('POST', '/api/v1/registrants', {
      token: a.accessToken,
      body: {
        fullName: 'Future Person',
        dateOfBirth: '2099-01-01',
        sex: 'female',
        nationality: 'VN',
        nationalId: '12345678',
        region: 'Hue',
        sector: 'health',
      },
    });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe('dateOfBirth');
    expect(await count('registrant')).toBe(before.registrant);

    const w = await worker();
    const tier = await t.request('POST', '/api/v1/licence-applications', {
      token: w.account.accessToken,
      body: { type: 'first_registration', tierCode: 'astronaut', declarations: { ethics: true, fitness: true } },
    });
    expect(tier.status).toBe(422);
    expect(tier.body.errors[0].field).toBe('tierCode');

    const negative = await t.request('POST', '/api/v1/supervision-entries', {
      token: w.account.accessToken,
      body: {
        supervisorLicenceNumber: 'VN-SW-26-000001-0',
        periodStart: '2026-01-01',
        periodEnd: '2026-02-01',
        hours: -5,
        description: 'negative hours',
      },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].field).toBe('hours');
    const outside = await t.request('POST', '/api/v1/supervision-entries', {
      token: w.account.accessToken,
      body: {
        supervisorLicenceNumber: 'VN-SW-26-000001-0',
        periodStart: '2026-02-01',
        periodEnd: '2026-01-01',
        hours: 5,
        description: 'period backwards',
      },
    });
    expect(outside.status).toBe(422);
    expect(outside.body.errors[0].field).toBe('periodEnd');
    const tooMany = await t.request('POST', '/api/v1/supervision-entries', {
      token: w.account.accessToken,
      body: {
        supervisorLicenceNumber: 'VN-SW-26-000001-0',
        periodStart: '2026-01-01',
        periodEnd: '2026-01-02',
        hours: 100,
        description: 'more hours than the days hold',
      },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].field).toBe('hours');
    expect(await count('supervision_entry')).toBe(before.entries);

    const app = (
      await t.request('POST', '/api/v1/licence-applications', {
        token: w.account.accessToken,
        body: { type: 'first_registration', tierCode: 'provisional', declarations: { ethics: true, fitness: true } },
      })
    ).body;
    const fake = await fetch(`${t.baseUrl}/api/v1/licence-applications/${app.id}/documents?filename=degree.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.account.accessToken}`, 'content-type': 'application/pdf' },
      body: Buffer.from('<html>not a pdf</html>'),
    });
    expect(fake.status).toBe(422);
    expect(((await fake.json()) as any).errors[0].field).toBe('file');
    await expectHostileUploadsRefused((f) =>
      postFile(
        `${t.baseUrl}/api/v1/licence-applications/${app.id}/documents?filename=${f.name}`,
        w.account.accessToken,
        f,
      ),
    );
    expect(await count('document')).toBe(before.docs);
  });
});

describe('the licence list', () => {
  it('finds licences by number or holder name (any script, with or without diacritics), region, tier and status', async () => {
    const lan = await aRegistrant(t, { name: 'Nguyen Thi Lan', nativeName: 'Nguyễn Thị Lan', region: 'Đà Nẵng' });
    const binh = await aRegistrant(t, { name: 'Le Van Binh', nativeName: 'Lê Văn Bình', region: 'Huế' });
    const a = await aLicence(t, { registrantId: lan.id, tier: 'licensed' });
    const b = await aLicence(t, { registrantId: binh.id, tier: 'provisional', status: 'suspended' });
    const ids = async (query: string) =>
      (
        await t.request('GET', `/api/v1/licences?perPage=100&${query}`, { token: registrar.accessToken })
      ).body.items.map((l: { id: string }) => l.id);
    expect(await ids(`q=${encodeURIComponent('Nguyễn Thị')}`)).toEqual([a.id]);
    expect(await ids('q=nguyen%20thi%20lan')).toEqual([a.id]);
    expect(await ids(`q=${encodeURIComponent(b.number)}`)).toEqual([b.id]);
    expect(await ids(`region=${encodeURIComponent('Huế')}`)).toContain(b.id);
    expect(await ids(`region=${encodeURIComponent('Huế')}`)).not.toContain(a.id);
    expect(await ids('tierCode=provisional&status=suspended')).toContain(b.id);
    expect(await ids('tierCode=licensed&status=suspended')).not.toContain(b.id);
    expect(await ids('q=%25')).toEqual([]);
  });
});

describe('finding a person', () => {
  it('staff find a registrant by part of the name or by the exact number of one of their licences', async () => {
    const hoa = await aRegistrant(t, { name: 'Tran Minh Hoa', nativeName: 'Trần Minh Hòa' });
    const other = await aRegistrant(t, { name: 'Vo Thi Hoa' });
    const licence = await aLicence(t, { registrantId: hoa.id, tier: 'licensed' });
    const ids = async (q: string) =>
      (
        await t.request('GET', `/api/v1/registrants?perPage=100&q=${encodeURIComponent(q)}`, {
          token: registrar.accessToken,
        })
      ).body.items.map((r: { id: string }) => r.id);
    expect(await ids(licence.number)).toEqual([hoa.id]);
    expect(await ids(licence.number.toLowerCase())).toEqual([hoa.id]);
    expect(await ids('minh hoa')).toEqual([hoa.id]);
    expect(await ids('Hòa')).toEqual(expect.arrayContaining([hoa.id]));
    expect(await ids('Hoa')).toEqual(expect.arrayContaining([hoa.id, other.id]));
    expect(await ids('VN-SW-00-999999-9')).toEqual([]);
  });
});
