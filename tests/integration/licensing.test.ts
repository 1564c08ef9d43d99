import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { hasValidCheckDigit } from '../../api/modules/licences/index.js';
import {
  aGraduateList,
  anAccreditation,
  anApplication,
  anInstitution,
  aProgramme,
  aQualification,
  aRegistrant,
} from '../support/builders.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
let t: TestApp;
let clock: ManualClock;
let registrar: TestAccount, secondRegistrar: TestAccount;
let institution: string, accreditedProgramme: string, unaccreditedProgramme: string;

/** An institution with one programme accredited 2020–2030 and one never accredited. */
async function programmes() {
  institution = (await anInstitution(t, { name: 'Saigon School of Social Work', region: 'HCMC' })).id;
  accreditedProgramme = (await aProgramme(t, { institutionId: institution, name: 'Bachelor of Social Work' })).id;
  unaccreditedProgramme = (await aProgramme(t, { institutionId: institution, name: 'Bachelor of Community Work' })).id;
  await anAccreditation(t, { programmeId: accreditedProgramme, from: '2020-01-01', until: '2030-12-31' });
}

/** A social worker with a registrant record and a qualification. */
async function worker(opts: { programme?: string; studentId?: string; dob?: string } = {}) {
  const a = await t.signIn(['social_worker']);
  const dob = opts.dob ?? '1998-05-04';
  const r = await t.request('POST', '/api/v1/registrants', {
    token: a.accessToken,
    body: {
      fullName: 'Nguyen Van An',
      fullNameNative: 'Nguyễn Văn An',
      dateOfBirth: dob,
      sex: 'male',
      nationality: 'VN',
      nationalId: `0790${Math.floor(Math.random() * 1e8)}`,
      email: a.email,
      region: 'Hồ Chí Minh',
      sector: 'social_welfare',
    },
  });
  expect(r.status).toBe(201);
  const q = await t.request('POST', `/api/v1/registrants/${r.body.id}/qualifications`, {
    token: a.accessToken,
    body: {
      foreign: false,
      programmeId: opts.programme ?? accreditedProgramme,
      studentId: opts.studentId,
      awardedOn: '2024-06-30',
    },
  });
  expect(q.status).toBe(201);
  return { account: a, registrantId: r.body.id as string };
}

async function apply(token: string, tierCode: string, type = 'first_registration') {
  const created = await t.request('POST', '/api/v1/licence-applications', {
    token,
    body: { type, tierCode, declarations: { ethics: true, fitness: true } },
  });
  expect(created.status).toBe(201);
  const submitted = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
    token,
    body: { version: created.body.version },
  });
  expect(submitted.status).toBe(200);
  const review = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/review`, {
    token: registrar.accessToken,
    body: { version: submitted.body.version },
  });
  expect(review.status).toBe(200);
  return review.body;
}

beforeAll(async () => {
  clock = new ManualClock('2026-03-02T03:00:00Z');
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
  secondRegistrar = await t.signIn(['registrar']);
  await programmes();
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
    expect(await count('document')).toBe(before.docs);
  });
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
