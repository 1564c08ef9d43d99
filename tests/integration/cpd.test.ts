/**
 * CPD over HTTP against PostgreSQL: rules per tier, self-declared records and their review,
 * progress, exemptions, the compliance answer renewals use, and the transcript. (Providers,
 * activities and rosters: cpd-providers.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedFonts } from '../support/pdf-inspect.js';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { expectHostileUploadsRefused, postFile } from '../support/hostile-files.js';
import { ManualClock } from '../../api/shared/clock.js';
import { cpdComplianceFor } from '../../api/modules/cpd/index.js';
import { aCpdRecord, aLicensee, aRegistrant, aRenewal } from '../support/builders.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let t: TestApp;
const clock = new ManualClock('2026-06-01T03:00:00Z');
let registrar: TestAccount, reviewer: TestAccount;

const em = () => t.deps.orm.em.fork();
const log = (token: string, body: Record<string, unknown>) =>
  t.request('POST', '/api/v1/cpd/records', {
    token,
    body: {
      title: 'Trauma-informed practice workshop',
      providerName: 'Hue University',
      categoryCode: 'practice-skills',
      completedOn: '2026-05-10',
      hours: 6,
      reflection: 'I learned to recognise trauma responses in children and changed how I open home visits.',
      ...body,
    },
  });
const upload = (path: string, token: string, bytes: Buffer | string, type: string) =>
  fetch(t.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: bytes,
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

beforeAll(async () => {
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
  reviewer = await t.signIn(['reviewer']);
});
afterAll(async () => {
  await t?.close();
});

describe('CPD rules per tier', () => {
  it("staff set a tier's rules; the credits per cycle live on the tier; a stale version is refused", async () => {
    const before = (await t.request('GET', '/api/v1/cpd/rules', { token: registrar.accessToken })).body.items.find(
      (r: any) => r.tierCode === 'licensed',
    );
    expect(before).toMatchObject({ requiredCredits: 60, minStructured: 0, version: null });
    const set = await t.request('PUT', '/api/v1/cpd/rules/licensed', {
      token: registrar.accessToken,
      body: {
        requiredCredits: 60,
        minStructured: 40,
        carryOverCap: 10,
        proRate: true,
        categoryLimits: { supervision: { min: null, max: 15 } },
      },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ requiredCredits: 60, minStructured: 40, carryOverCap: 10, version: 1 });
    expect(set.body.categories.find((c: any) => c.code === 'supervision')).toMatchObject({ max: 15, overridden: true });
    expect(set.body.categories.find((c: any) => c.code === 'ethics')).toMatchObject({ min: 6, overridden: false });

    const stale = await t.request('PUT', '/api/v1/cpd/rules/licensed', {
      token: registrar.accessToken,
      body: { requiredCredits: 50, minStructured: 40, carryOverCap: 10, proRate: true },
    });
    expect(stale.status).toBe(409);
    const badCategory = await t.request('PUT', '/api/v1/cpd/rules/licensed', {
      token: registrar.accessToken,
      body: {
        requiredCredits: 60,
        minStructured: 40,
        carryOverCap: 10,
        proRate: true,
        categoryLimits: { astrology: { min: 1, max: null } },
        version: 1,
      },
    });
    expect(badCategory.status).toBe(422);
    expect(badCategory.body.errors[0].field).toBe('categoryLimits.astrology');
    const tooMuchStructured = await t.request('PUT', '/api/v1/cpd/rules/licensed', {
      token: registrar.accessToken,
      body: { requiredCredits: 30, minStructured: 40, carryOverCap: 10, proRate: true, version: 1 },
    });
    expect(tooMuchStructured.status).toBe(422);
    expect(
      (await t.sql(`select cpd_credits_per_cycle from tier where code = 'licensed'`))[0].cpd_credits_per_cycle,
    ).toBe(60);
    const reviewerTry = await t.request('PUT', '/api/v1/cpd/rules/licensed', {
      token: reviewer.accessToken,
      body: { requiredCredits: 60, minStructured: 40, carryOverCap: 10, proRate: true, version: 1 },
    });
    expect(reviewerTry.status).toBe(403);
  });
});

describe('self-declared records', () => {
  it('logged, evidence checked by content, more information asked, resubmitted, accepted; progress counts it', async () => {
    const sw = await t.signIn(['social_worker']);
    const me = await aLicensee(t, { account: sw });
    const created = await log(sw.accessToken, {});
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', credits: 6, hours: 6, source: 'self' });

    const notPdf = await upload(
      `/api/v1/cpd/records/${created.body.id}/evidence?filename=cert.pdf`,
      sw.accessToken,
      'this is not a pdf at all',
      'application/pdf',
    );
    expect(notPdf.status).toBe(422);
    expect(notPdf.body.errors[0].field).toBe('file');
    await expectHostileUploadsRefused(
      (f) =>
        postFile(`${t.baseUrl}/api/v1/cpd/records/${created.body.id}/evidence?filename=${f.name}`, sw.accessToken, f),
      {
        stored: async () =>
          (await t.sql(`select count(*)::int as n from document where owner_id = ?`, [created.body.id]))[0].n,
      },
    );
    const withPdf = await upload(
      `/api/v1/cpd/records/${created.body.id}/evidence?filename=cert.pdf`,
      sw.accessToken,
      PDF,
      'application/pdf',
    );
    expect(withPdf.status).toBe(201);
    expect(withPdf.body.evidence).toEqual([
      expect.objectContaining({ filename: 'cert.pdf', contentType: 'application/pdf' }),
    ]);

    // pending credits do not count yet
    let progress = (await t.request('GET', '/api/v1/cpd/progress/mine', { token: sw.accessToken })).body;
    expect(progress).toMatchObject({ counted: 0, pending: 1, licenceId: me.licenceId, required: 60 });

    const noReason = await t.request('POST', `/api/v1/cpd/records/${created.body.id}/decision`, {
      token: reviewer.accessToken,
      body: { decision: 'info_requested', version: withPdf.body.version },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('note');
    const ask = await t.request('POST', `/api/v1/cpd/records/${created.body.id}/decision`, {
      token: reviewer.accessToken,
      body: {
        decision: 'info_requested',
        note: 'Please attach the attendance certificate.',
        version: withPdf.body.version,
      },
    });
    expect(ask.status).toBe(200);
    expect(ask.body).toMatchObject({
      status: 'info_requested',
      decisionNote: 'Please attach the attendance certificate.',
    });
    const acceptTooEarly = await t.request('POST', `/api/v1/cpd/records/${created.body.id}/decision`, {
      token: reviewer.accessToken,
      body: { decision: 'accepted', version: ask.body.version },
    });
    expect(acceptTooEarly.status).toBe(409);
    const back = await t.request('POST', `/api/v1/cpd/records/${created.body.id}/resubmit`, {
      token: sw.accessToken,
      body: { version: ask.body.version },
    });
    expect(back.body.status).toBe('pending');
    const queue = (await t.request('GET', '/api/v1/cpd/records?status=pending', { token: reviewer.accessToken })).body;
    expect(queue.items.map((r: any) => r.id)).toContain(created.body.id);
    const ok = await t.request('POST', `/api/v1/cpd/records/${created.body.id}/decision`, {
      token: reviewer.accessToken,
      body: { decision: 'accepted', version: back.body.version },
    });
    expect(ok.status).toBe(200);

    progress = (await t.request('GET', '/api/v1/cpd/progress/mine', { token: sw.accessToken })).body;
    expect(progress.counted).toBe(6);
    expect(progress.categories.find((c: any) => c.code === 'practice-skills')).toMatchObject({
      counted: 6,
      min: 10,
      missing: 4,
    });
    expect(progress.cycle).toEqual({ start: '2025-01-01', end: '2027-12-31', activeFrom: '2025-01-01' });
    expect(progress.daysLeft).toBe(578);
    expect(progress.status).toBe('at_risk');
    expect(progress.missing).toContain('54 more credits (6 of 60)');

    const rejected = await log(sw.accessToken, { title: 'Watching a film' });
    const rej = await t.request('POST', `/api/v1/cpd/records/${rejected.body.id}/decision`, {
      token: reviewer.accessToken,
      body: { decision: 'rejected', note: 'Not a CPD activity.', version: rejected.body.version },
    });
    expect(rej.body).toMatchObject({ status: 'rejected', decisionNote: 'Not a CPD activity.' });
    expect((await t.request('GET', '/api/v1/cpd/progress/mine', { token: sw.accessToken })).body.counted).toBe(6);
  });

  it('a social worker sees only their own records', async () => {
    const a = await t.signIn(['social_worker']);
    const b = await t.signIn(['social_worker']);
    await aLicensee(t, { account: a });
    await aLicensee(t, { account: b });
    const mine = await log(a.accessToken, { title: 'Ethics refresher', categoryCode: 'ethics' });
    expect((await t.request('GET', `/api/v1/cpd/records/${mine.body.id}`, { token: b.accessToken })).status).toBe(403);
    expect((await t.request('GET', `/api/v1/cpd/records/${mine.body.id}`, { token: a.accessToken })).status).toBe(200);
    const listB = (await t.request('GET', '/api/v1/cpd/records', { token: b.accessToken })).body;
    expect(listB.items).toEqual([]);
    const asOther = await t.request('GET', `/api/v1/cpd/records?registrantId=${mine.body.registrantId}`, {
      token: b.accessToken,
    });
    expect(asOther.body.items).toEqual([]);
    expect(
      (await upload(`/api/v1/cpd/records/${mine.body.id}/evidence`, b.accessToken, PDF, 'application/pdf')).status,
    ).toBe(403);
    expect(
      (await t.request('GET', `/api/v1/cpd/registrants/${mine.body.registrantId}/progress`, { token: b.accessToken }))
        .status,
    ).toBe(403);
  });

  it('bad input names the field and writes nothing; a future date or a self-directed category marked structured is refused', async () => {
    const sw = await t.signIn(['social_worker']);
    const me = await aLicensee(t, { account: sw });
    const bad = await log(sw.accessToken, { hours: -2, categoryCode: 'NOT A CODE' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['categoryCode', 'hours']);
    expect((await log(sw.accessToken, { completedOn: '2026-06-02' })).status).toBe(422);
    const structuredSelf = await log(sw.accessToken, { categoryCode: 'self-directed', structured: true });
    expect(structuredSelf.status).toBe(422);
    expect(structuredSelf.body.errors[0].field).toBe('structured');
    expect(await t.sql(`select id from cpd_record where registrant_id = ?`, [me.registrantId])).toEqual([]);
  });

  it('when the council says self-declared records need no review, they are accepted at once', async () => {
    const admin = await t.signIn(['admin']);
    const s = (await t.request('GET', '/api/v1/cpd/settings', { token: admin.accessToken })).body;
    const on = await t.request('PUT', '/api/v1/cpd/settings', {
      token: admin.accessToken,
      body: { ...s, selfDeclaredAutoAccept: true, creditsPerHour: 0.5 },
    });
    expect(on.status).toBe(200);
    const sw = await t.signIn(['social_worker']);
    await aLicensee(t, { account: sw });
    const r = await log(sw.accessToken, { hours: 8 });
    expect(r.body).toMatchObject({ status: 'accepted', credits: 4 });
    expect((await t.request('GET', '/api/v1/cpd/progress/mine', { token: sw.accessToken })).body.counted).toBe(4);
    await t.request('PUT', '/api/v1/cpd/settings', {
      token: admin.accessToken,
      body: { ...on.body, selfDeclaredAutoAccept: false, creditsPerHour: 1 },
    });
  });
});

describe('exemptions and the compliance answer for renewals', () => {
  it('an exemption reduces the requirement pro rata; compliance reports what is missing', async () => {
    const sw = await t.signIn(['social_worker']);
    const me = await aLicensee(t, { account: sw });
    const full = await cpdComplianceFor(em(), me.licenceId, '2027-12-31');
    expect(full).toMatchObject({ required: 60, counted: 0, met: false, auditBlocksRenewal: false, auditState: null });
    const bad = await t.request('POST', '/api/v1/cpd/exemptions', {
      token: registrar.accessToken,
      body: {
        registrantId: me.registrantId,
        kind: 'parental',
        startsOn: '2026-06-29',
        endsOn: '2026-01-01',
        reason: 'Parental leave',
      },
    });
    expect(bad.status).toBe(422);
    const ex = await t.request('POST', '/api/v1/cpd/exemptions', {
      token: registrar.accessToken,
      body: {
        registrantId: me.registrantId,
        kind: 'parental',
        startsOn: '2026-01-01',
        endsOn: '2026-06-29',
        reason: 'Parental leave',
      },
    });
    expect(ex.status).toBe(201);
    const reduced = await cpdComplianceFor(em(), me.licenceId, '2027-12-31');
    expect(reduced.required).toBe(51); // (1095 − 180) / 1095 × 60 = 50.1 → 51
    expect(reduced.missing[0]).toBe('51 more credits (0 of 51)');
    expect((await t.request('GET', '/api/v1/cpd/exemptions', { token: sw.accessToken })).body.items).toHaveLength(1);
    const progress = (await t.request('GET', '/api/v1/cpd/progress/mine', { token: sw.accessToken })).body;
    expect(progress).toMatchObject({ exemptDays: 180, required: 51 });
  });

  it("credits above the last cycle's requirement carry over (up to the cap) into the renewed period", async () => {
    const sw = await t.signIn(['social_worker']);
    const me = await aLicensee(t, { account: sw, from: '2022-01-01', until: '2024-12-31' });
    await aRenewal(t, me.licenceId, { from: '2025-01-01', until: '2027-12-31' });
    const rec = (credits: number, date: string, category = 'practice-skills') =>
      aCpdRecord(t, { registrantId: me.registrantId, title: 'x', provider: 'y', category, completedOn: date, credits });
    await rec(6, '2023-03-01', 'ethics');
    await rec(74, '2023-06-01'); // previous cycle: 80 counted, 60 required → 20 surplus, capped at 10
    await rec(6, '2026-03-01', 'ethics');
    await rec(44, '2026-04-01');
    const c = await cpdComplianceFor(em(), me.licenceId, '2026-06-01');
    expect(c).toMatchObject({ required: 60, counted: 60, met: true, missing: [] });
  });
});

describe('CPD transcript', () => {
  it("a PDF of the cycle's accepted activities, continuing over pages; only for the person and staff", async () => {
    const sw = await t.signIn(['social_worker']);
    const me = await aLicensee(t, { account: sw, name: 'Nguyễn Thị Hương', nativeName: 'ငြိမ်းချမ်း သူဇာ' });
    for (let i = 0; i < 60; i++) {
      await aCpdRecord(t, {
        registrantId: me.registrantId,
        source: i % 2 ? 'provider' : 'self',
        title: `Buổi tập huấn số ${i + 1}: kỹ năng làm việc với gia đình`,
        provider: 'Trường Đại học Lao động – Xã hội',
        category: 'practice-skills',
        completedOn: `2026-0${1 + (i % 5)}-1${i % 10}`,
        credits: 1.5,
        status: i === 59 ? 'pending' : 'accepted',
      });
    }
    const res = await fetch(`${t.baseUrl}/api/v1/cpd/transcript/mine`, {
      headers: { authorization: `Bearer ${sw.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`cpd-transcript-${me.number}-2025-01-01.pdf`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain(`(CPD transcript ${me.number} 2025-01-01 to 2027-12-31)`);
    expect((raw.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(2); // 59 accepted activities need a second page
    expect(raw).toMatch(/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    // the name in Burmese is set in the Myanmar font (shaped like the certificates), not as missing glyphs in the Latin one
    expect([...embeddedFonts(pdf).values()].map((f) => f.baseFont.split('+')[1])).toContain('NotoSansMyanmar-Regular');

    const other = await t.signIn(['social_worker']);
    await aLicensee(t, { account: other });
    expect(
      (await t.request('GET', `/api/v1/cpd/registrants/${me.registrantId}/transcript`, { token: other.accessToken }))
        .status,
    ).toBe(403);
    expect(
      (
        await fetch(`${t.baseUrl}/api/v1/cpd/registrants/${me.registrantId}/transcript?asOf=2026-06-01`, {
          headers: { authorization: `Bearer ${registrar.accessToken}` },
        })
      ).status,
    ).toBe(200);
    const unlicensed = await t.signIn(['social_worker']);
    await aRegistrant(t, { accountId: unlicensed.id, name: 'No Licence', sex: 'male', email: null });
    expect((await t.request('GET', '/api/v1/cpd/transcript/mine', { token: unlicensed.accessToken })).status).toBe(404);
  });
});
