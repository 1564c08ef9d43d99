/**
 * Registration and tiered licensing over HTTP: eligibility checked requirement by requirement,
 * four-eyes approval, gap-free licence numbers under concurrent approvals, and the council's
 * licence number format. (Licence records: licence-records.test.ts; the tier ladder and exam
 * imports: tier-ladder.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { hasValidCheckDigit } from '../../api/modules/licences/index.js';
import { aGraduateList, anApplication, aQualification, aRegistrant } from '../support/builders.js';
import { licensingWorld, type LicensingWorld } from '../support/licensing.js';

let t: TestApp;
let clock: ManualClock;
let registrar: TestAccount, secondRegistrar: TestAccount;
let institution: string, accreditedProgramme: string, unaccreditedProgramme: string;
let worker: LicensingWorld['worker'], apply: LicensingWorld['apply'];

beforeAll(async () => {
  clock = new ManualClock('2026-03-02T03:00:00Z');
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
  secondRegistrar = await t.signIn(['registrar']);
  ({ institution, accreditedProgramme, unaccreditedProgramme, worker, apply } = await licensingWorld(
    t,
    () => registrar,
  ));
});
afterAll(async () => {
  await t?.close();
});

describe('registration and tiered licensing', () => {
  it('a graduate of an accredited programme becomes provisional, then licensed after confirmed supervision', async () => {
    await aGraduateList(t, {
      institutionId: institution,
      programmeId: accreditedProgramme,
      graduates: [
        { studentId: 'SV-2020-001', fullName: 'Nguyen Van An', dateOfBirth: '1998-05-04', graduatedOn: '2024-06-30' },
      ],
    });
    const w = await worker({ studentId: 'SV-2020-001' });

    const app = await apply(w.account.accessToken, 'provisional');
    expect(app.requirements.map((r: any) => [r.key, r.status])).toEqual([
      ['qualification-level', 'met'],
      ['accredited-programme', 'met'],
      ['ethics-declaration', 'met'],
      ['fitness-declaration', 'met'],
    ]);
    expect(app.requirements[1].detail).toContain("confirmed by the school's graduate list");
    // The same check reads in the reader's language (the UI sends its language as Accept-Language).
    const inVietnamese = await t.request('GET', `/api/v1/licence-applications/${app.id}`, {
      token: registrar.accessToken,
      headers: { 'accept-language': 'vi' },
    });
    expect(inVietnamese.body.requirements.map((r: any) => r.label)).toEqual([
      'Bằng cấp trình độ cử nhân trở lên',
      'Bằng của chương trình được kiểm định',
      'Cam kết quy tắc đạo đức',
      'Cam kết đủ điều kiện hành nghề',
    ]);
    expect(inVietnamese.body.requirements[1].detail).toContain('có trong danh sách tốt nghiệp của trường');
    const approved = await t.request('POST', `/api/v1/licence-applications/${app.id}/approval`, {
      token: registrar.accessToken,
      body: { reason: 'All requirements met.', version: app.version },
    });
    expect(approved.status).toBe(200);
    const provisional = (
      await t.request('GET', `/api/v1/licences/${approved.body.licenceId}`, { token: w.account.accessToken })
    ).body;
    expect(provisional).toMatchObject({ tierCode: 'provisional', status: 'active', validUntil: '2028-03-01' });
    expect(provisional.number).toMatch(/^VN-SW-26-\d{6}-\d$/);
    expect(hasValidCheckDigit(provisional.number)).toBe(true);
    expect(provisional.events).toEqual([
      expect.objectContaining({ fromStatus: 'pending', toStatus: 'active', effectiveDate: '2026-03-02' }),
    ]);
    const mail = await t.sql(`select subject from outbox_message where to_address = ?`, [w.account.email]);
    expect(mail.map((m: any) => m.subject)).toContain('Your application for provisional: approved');

    // A licensed supervisor, and 2,000 hours over two entries that the supervisor confirms.
    const supervisor = await worker();
    const supApp = await apply(supervisor.account.accessToken, 'provisional');
    const supLicence = (
      await t.request('POST', `/api/v1/licence-applications/${supApp.id}/approval`, {
        token: registrar.accessToken,
        body: { reason: 'ok, provisional', version: supApp.version },
      })
    ).body.licenceId;
    await t.sql(`update licence set tier_code = 'licensed' where id = ?`, [supLicence]);
    const supNumber = (await t.request('GET', `/api/v1/licences/${supLicence}`, { token: registrar.accessToken })).body
      .number;

    clock.set('2027-04-15T03:00:00Z');
    // A year later: everyone signs in again.
    registrar = await t.renew(registrar);
    secondRegistrar = await t.renew(secondRegistrar);
    w.account = await t.renew(w.account);
    supervisor.account = await t.renew(supervisor.account);
    const log = (periodStart: string, periodEnd: string, hours: number) =>
      t.request('POST', '/api/v1/supervision-entries', {
        token: w.account.accessToken,
        body: {
          supervisorLicenceNumber: supNumber,
          periodStart,
          periodEnd,
          hours,
          description: 'Casework supervision, child protection team',
        },
      });
    const e1 = await log('2026-04-01', '2026-09-30', 1000);
    const e2 = await log('2026-10-01', '2027-03-31', 1000);
    expect([e1.status, e2.status]).toEqual([201, 201]);

    const outsider = await worker();
    expect(
      (
        await t.request('POST', `/api/v1/supervision-entries/${e1.body.id}/decision`, {
          token: outsider.account.accessToken,
          body: { decision: 'confirmed', version: e1.body.version },
        })
      ).status,
    ).toBe(403);
    const naming = await t.request('GET', '/api/v1/supervision-entries?role=supervisor', {
      token: supervisor.account.accessToken,
    });
    expect(naming.body.items.map((e: any) => e.id).sort()).toEqual([e1.body.id, e2.body.id].sort());
    for (const e of [e1.body, e2.body]) {
      expect(
        (
          await t.request('POST', `/api/v1/supervision-entries/${e.id}/decision`, {
            token: supervisor.account.accessToken,
            body: { decision: 'confirmed', version: e.version },
          })
        ).status,
      ).toBe(200);
    }
    expect(
      (await t.request('GET', '/api/v1/supervision-entries', { token: w.account.accessToken })).body.confirmedHours,
    ).toBe(2000);

    // The upgrade: everything but the exam is met, and the registrar is told exactly that.
    const upgrade = await apply(w.account.accessToken, 'licensed', 'tier_upgrade');
    expect(upgrade.requirements.filter((r: any) => r.status !== 'met').map((r: any) => r.key)).toEqual(['exam']);
    const refused = await t.request('POST', `/api/v1/licence-applications/${upgrade.id}/approval`, {
      token: registrar.accessToken,
      body: { reason: 'trying early', version: upgrade.version },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({
      field: 'requirements',
      message: expect.stringContaining('Licensing exam for licensed'),
    });

    expect(
      (
        await t.request('POST', '/api/v1/exam-results', {
          token: registrar.accessToken,
          body: { registrantId: w.registrantId, examCode: 'licensed', takenOn: '2027-04-01', passed: true, score: 82 },
        })
      ).status,
    ).toBe(201);
    const ready = (
      await t.request('GET', `/api/v1/licence-applications/${upgrade.id}`, { token: registrar.accessToken })
    ).body;
    expect(ready.requirements.every((r: any) => r.status === 'met')).toBe(true);
    const done = await t.request('POST', `/api/v1/licence-applications/${upgrade.id}/approval`, {
      token: registrar.accessToken,
      body: { reason: 'Supervision and exam complete.', version: ready.version },
    });
    expect(done.status).toBe(200);
    const licensed = (
      await t.request('GET', `/api/v1/licences/${done.body.licenceId}`, { token: registrar.accessToken })
    ).body;
    expect(licensed).toMatchObject({
      tierCode: 'licensed',
      status: 'active',
      protectedTitle: { en: 'Licensed Social Worker' },
    });
    const old = (await t.request('GET', `/api/v1/licences/${provisional.id}`, { token: registrar.accessToken })).body;
    expect(old.status).toBe('surrendered');
    expect(old.events.at(-1).reason).toContain(`superseded by ${licensed.number}`);
  });

  it('shows an ineligible applicant exactly which requirement fails', async () => {
    const w = await worker({ programme: unaccreditedProgramme });
    const app = await apply(w.account.accessToken, 'provisional');
    const failing = app.requirements.filter((r: any) => r.status !== 'met');
    expect(failing).toEqual([
      expect.objectContaining({
        key: 'accredited-programme',
        status: 'not_met',
        detail: expect.stringContaining('never been accredited'),
      }),
    ]);
  });

  it('needs two different approvers for a four-eyes tier', async () => {
    await t.sql(`update tier set four_eyes_approval = true where code = 'para'`);
    const w = await worker();
    const app = await apply(w.account.accessToken, 'para');
    const first = await t.request('POST', `/api/v1/licence-applications/${app.id}/approval`, {
      token: registrar.accessToken,
      body: { reason: 'first look', version: app.version },
    });
    expect(first.body).toMatchObject({ status: 'under_review', firstApprovalBy: registrar.id, licenceId: null });
    expect(
      (
        await t.request('POST', `/api/v1/licence-applications/${app.id}/approval`, {
          token: registrar.accessToken,
          body: { reason: 'again', version: first.body.version },
        })
      ).status,
    ).toBe(403);
    const second = await t.request('POST', `/api/v1/licence-applications/${app.id}/approval`, {
      token: secondRegistrar.accessToken,
      body: { reason: 'second look', version: first.body.version },
    });
    expect(second.body.status).toBe('approved');
    await t.sql(`update tier set four_eyes_approval = false where code = 'para'`);
  });

  it('issues 50 distinct, gap-free numbers for 50 concurrent approvals', async () => {
    const [{ before }] = await t.sql(
      `select coalesce(max(last), 0)::int as before from licence_number_counter where scope = ?`,
      [String(clock.now().getUTCFullYear())],
    );
    const apps: { id: string; version: number }[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await aRegistrant(t, { name: `Worker ${i}`, dateOfBirth: '1999-01-01', email: null });
      await aQualification(t, {
        registrantId: r.id,
        programmeId: accreditedProgramme,
        title: 'BSW',
        awardedOn: '2024-06-30',
        awardingInstitution: 'Saigon',
      });
      const a = await anApplication(t, {
        registrantId: r.id,
        type: 'first_registration',
        tier: 'provisional',
        status: 'under_review',
      });
      apps.push({ id: a.id, version: a.version });
    }
    const results = await Promise.all(
      apps.map((a) =>
        t.request('POST', `/api/v1/licence-applications/${a.id}/approval`, {
          token: registrar.accessToken,
          body: { reason: 'Batch approval.', version: a.version },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const numbers = await t.sql(
      `select number from licence where id in (select licence_id from licence_application where id in (${apps.map(() => '?').join(',')}))`,
      apps.map((a) => a.id),
    );
    const seqs = numbers.map((n: any) => Number(n.number.split('-')[3])).sort((a: number, b: number) => a - b);
    expect(new Set(numbers.map((n: any) => n.number)).size).toBe(50);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => before + 1 + i));
    expect(numbers.every((n: any) => hasValidCheckDigit(n.number))).toBe(true);
  }, 60_000);
});

describe('council settings', () => {
  it('an admin changes the licence number format; new numbers follow it, issued ones keep theirs', async () => {
    const admin = await t.signIn(['admin']);
    const current = (await t.request('GET', '/api/v1/council/settings', { token: admin.accessToken })).body;
    const bad = await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: { settings: { licenceNumberFormat: 'SW-{yy}' }, version: current.version },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('settings.licenceNumberFormat');
    const unknownToken = await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: { settings: { licenceNumberFormat: '{country}-{seq:5}-{nonsense}' }, version: current.version },
    });
    expect(unknownToken.status).toBe(422);
    const ok = await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: { settings: { licenceNumberFormat: 'SW-{yyyy}-{seq:5}{check}' }, version: current.version },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.licenceNumberFormat).toBe('SW-{yyyy}-{seq:5}{check}');
    const w = await worker();
    const app = await apply(w.account.accessToken, 'provisional');
    const approval = await t.request('POST', `/api/v1/licence-applications/${app.id}/approval`, {
      token: registrar.accessToken,
      body: { reason: 'All requirements met.', version: app.version },
    });
    const licence = (
      await t.request('GET', `/api/v1/licences/${approval.body.licenceId}`, { token: registrar.accessToken })
    ).body;
    expect(licence.number).toMatch(/^SW-\d{4}-\d{6}$/);
    expect(hasValidCheckDigit(licence.number)).toBe(true);
    expect(
      (
        await t.request('PATCH', '/api/v1/council/settings', {
          token: admin.accessToken,
          body: { name: 'Stale', version: current.version },
        })
      ).status,
    ).toBe(409);
    await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: { settings: { licenceNumberFormat: '{country}-SW-{yy}-{seq:6}-{check}' }, version: ok.body.version },
    });
  });
});
