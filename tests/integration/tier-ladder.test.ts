/**
 * The tier ladder as data: changing a tier never rewrites licences already issued, and exam results
 * imported from CSV with a row report, once. (Applications and approval: licensing.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { licensingWorld, type LicensingWorld } from '../support/licensing.js';

let t: TestApp;
let clock: ManualClock;
let registrar: TestAccount;
let worker: LicensingWorld['worker'], apply: LicensingWorld['apply'];

beforeAll(async () => {
  // After the exam dates the import test uses (2026-10 and 2026-11): results from the future are refused.
  clock = new ManualClock('2027-04-15T03:00:00Z');
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
  ({ worker, apply } = await licensingWorld(t, () => registrar));
});
afterAll(async () => {
  await t?.close();
});

describe('ladder configuration and exam imports', () => {
  it('changing a tier never rewrites licences already issued, and refuses an unknown previous tier', async () => {
    const admin = await t.signIn(['admin']);
    const w = await worker();
    const app = await apply(w.account.accessToken, 'provisional');
    const approval = await t.request('POST', `/api/v1/licence-applications/${app.id}/approval`, {
      token: registrar.accessToken,
      body: { reason: 'All requirements met.', version: app.version },
    });
    const tiers = (await t.request('GET', '/api/v1/council/tiers', { token: admin.accessToken })).body.items;
    const provisional = tiers.find((x: any) => x.code === 'provisional');
    const renamed = await t.request('PATCH', `/api/v1/council/tiers/${provisional.id}`, {
      token: admin.accessToken,
      body: {
        protectedTitle: { en: 'Graduate Social Worker', vi: 'Nhân viên CTXH mới' },
        validityMonths: 12,
        version: provisional.version,
      },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.protectedTitle.en).toBe('Graduate Social Worker');
    const licence = (
      await t.request('GET', `/api/v1/licences/${approval.body.licenceId}`, { token: registrar.accessToken })
    ).body;
    expect(licence.protectedTitle.en).toBe('Provisional Social Worker');
    const bad = await t.request('PATCH', `/api/v1/council/tiers/${provisional.id}`, {
      token: admin.accessToken,
      body: { requirements: { ...provisional.requirements, previousTier: 'wizard' }, version: renamed.body.version },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('requirements.previousTier');
    const added = await t.request('POST', '/api/v1/council/tiers', {
      token: admin.accessToken,
      body: {
        code: 'senior',
        name: { en: 'Senior social worker' },
        rank: 5,
        protectedTitle: { en: 'Senior Social Worker' },
        requirements: { ...provisional.requirements, previousTier: 'licensed', monthsAtPreviousTier: 60 },
        validityMonths: 36,
        cpdCreditsPerCycle: 60,
      },
    });
    expect(added.status).toBe(201);
    expect((await t.request('POST', '/api/v1/council/tiers', { token: registrar.accessToken, body: {} })).status).toBe(
      403,
    );
    await t.request('PATCH', `/api/v1/council/tiers/${provisional.id}`, {
      token: admin.accessToken,
      body: {
        protectedTitle: provisional.protectedTitle,
        validityMonths: provisional.validityMonths,
        version: renamed.body.version,
      },
    });
  });

  it('imports exam results from CSV with a row report, once', async () => {
    const a = await t.signIn(['social_worker']);
    const r = await t.request('POST', '/api/v1/registrants', {
      token: a.accessToken,
      body: {
        fullName: 'Exam Taker',
        dateOfBirth: '1995-01-01',
        sex: 'female',
        nationality: 'VN',
        nationalId: '079123456789',
        region: 'Hue',
        sector: 'health',
      },
    });
    const csv = [
      'nationality,national_id,exam_code,taken_on,passed,score',
      'VN,079123456789,licensed,2026-11-01,yes,77',
      'VN,000000000000,licensed,2026-11-01,yes,70',
      'VN,079123456789,licensed,01/11/2026,yes,70',
      'VN,079123456789,licensed,2026-10-01,maybe,70',
    ].join('\n');
    const post = (dry: boolean) =>
      fetch(`${t.baseUrl}/api/v1/exam-results/import?dryRun=${dry}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${registrar.accessToken}`, 'content-type': 'text/csv' },
        body: csv,
      }).then(async (x) => ({ status: x.status, body: (await x.json()) as any }));
    const dry = await post(true);
    expect(dry.body).toMatchObject({ rows: 4, imported: 0, dryRun: true });
    expect(dry.body.errors.map((e: any) => [e.row, e.field])).toEqual([
      [2, 'national_id'],
      [3, 'taken_on'],
      [4, 'passed'],
    ]);
    expect((await t.sql(`select count(*)::int as n from exam_result where registrant_id = ?`, [r.body.id]))[0].n).toBe(
      0,
    );
    expect((await post(false)).body).toMatchObject({ imported: 1, alreadyKnown: 0 });
    expect((await post(false)).body).toMatchObject({ imported: 0, alreadyKnown: 1 });
    expect(await t.sql(`select passed, score from exam_result where registrant_id = ?`, [r.body.id])).toEqual([
      { passed: true, score: 77 },
    ]);
  });
});
