import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { expectHostileUploadsRefused, postFile } from '../support/hostile-files.js';
import { ManualClock } from '../../api/shared/clock.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { accreditationJobs } from '../../api/modules/accreditation/index.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let t: TestApp;
let clock: ManualClock;
let registrar: TestAccount, reviewer: TestAccount, school: TestAccount, otherSchool: TestAccount;

async function upload(path: string, token: string, bytes: Buffer, contentType: string) {
  const res = await fetch(t.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function setupProgramme(name: string) {
  const inst = await t.request('POST', '/api/v1/institutions', {
    token: registrar.accessToken,
    body: {
      name: `${name} University`,
      nameNative: 'Trường Đại học',
      country: 'VN',
      region: 'Hà Nội',
      contactEmail: 'office@school.example',
    },
  });
  expect(inst.status).toBe(201);
  const prog = await t.request('POST', '/api/v1/programmes', {
    token: registrar.accessToken,
    body: {
      institutionId: inst.body.id,
      name: `Bachelor of Social Work (${name})`,
      level: 'bachelor',
      durationMonths: 48,
      credits: 140,
      fieldPlacementHours: 400,
      deliveryMode: 'in_person',
    },
  });
  expect(prog.status).toBe(201);
  return { institution: inst.body, programme: prog.body };
}

beforeAll(async () => {
  clock = new ManualClock('2026-03-10T09:00:00Z');
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
  reviewer = await t.signIn(['reviewer']);
  school = await t.signIn(['school_admin']);
  otherSchool = await t.signIn(['school_admin']);
});
afterAll(async () => {
  await t?.close();
});

describe('accreditation journey', () => {
  let institutionId: string, programmeId: string, applicationId: string;

  it('a school submits, the council reviews and decides, and the programme is listed publicly', async () => {
    const { institution, programme } = await setupProgramme('Hanoi');
    institutionId = institution.id;
    programmeId = programme.id;
    expect(
      (
        await t.request('POST', `/api/v1/institutions/${institutionId}/admins`, {
          token: registrar.accessToken,
          body: { accountId: school.id },
        })
      ).status,
    ).toBe(200);

    const created = await t.request('POST', '/api/v1/accreditation-applications', {
      token: school.accessToken,
      body: { programmeId, selfStudySummary: 'Self-study report covering curriculum, staff and placements.' },
    });
    expect(created.status).toBe(201);
    applicationId = created.body.id;
    expect(created.body.status).toBe('draft');

    // Submitting without the self-study PDF is refused, naming the field.
    const early = await t.request('POST', `/api/v1/accreditation-applications/${applicationId}/submit`, {
      token: school.accessToken,
      body: { version: created.body.version },
    });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].field).toBe('documents');

    // A self-study that carries a script, or is a web page behind the PDF magic number, is refused.
    await expectHostileUploadsRefused(
      (f) =>
        postFile(
          `${t.baseUrl}/api/v1/accreditation-applications/${applicationId}/documents?filename=${f.name}`,
          school.accessToken,
          f,
        ),
      {
        types: ['application/pdf'],
        stored: async () =>
          (await t.sql(`select count(*)::int as n from document where owner_id = ?`, [applicationId]))[0].n,
      },
    );
    const doc = await upload(
      `/api/v1/accreditation-applications/${applicationId}/documents?filename=self-study.pdf`,
      school.accessToken,
      PDF,
      'application/pdf',
    );
    expect(doc.status).toBe(201);
    expect(doc.body).toMatchObject({
      filename: 'self-study.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
    });

    let app = (
      await t.request('GET', `/api/v1/accreditation-applications/${applicationId}`, { token: school.accessToken })
    ).body;
    const submitted = await t.request('POST', `/api/v1/accreditation-applications/${applicationId}/submit`, {
      token: school.accessToken,
      body: { version: app.version },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    const queue = await t.request('GET', '/api/v1/accreditation-applications?status=submitted', {
      token: registrar.accessToken,
    });
    expect(queue.body.items.map((a: any) => a.id)).toContain(applicationId);

    const assigned = await t.request('POST', `/api/v1/accreditation-applications/${applicationId}/reviewers`, {
      token: registrar.accessToken,
      body: { reviewerIds: [reviewer.id], version: submitted.body.version },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe('under_review');

    const visit = await t.request('POST', `/api/v1/accreditation-applications/${applicationId}/site-visit`, {
      token: reviewer.accessToken,
      body: {
        date: '2026-03-05',
        findings: 'Placement supervision is well organised.',
        version: assigned.body.version,
      },
    });
    expect(visit.status).toBe(200);

    const decided = await t.request('POST', `/api/v1/accreditation-applications/${applicationId}/decision`, {
      token: registrar.accessToken,
      body: {
        outcome: 'accredited_with_conditions',
        reason: 'Meets the standards; library needs strengthening.',
        conditions: [{ text: 'Expand the social work library', dueDate: '2027-03-01' }],
        version: visit.body.version,
      },
    });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('decided');

    app = (await t.request('GET', `/api/v1/programmes/${programmeId}`, { token: school.accessToken })).body;
    expect(app.accreditations).toHaveLength(1);
    expect(app.accreditations[0]).toMatchObject({
      outcome: 'accredited_with_conditions',
      status: 'active',
      validFrom: '2026-03-10',
      validUntil: '2031-03-09',
    });
    expect(app.accreditations[0].conditions[0]).toMatchObject({
      text: 'Expand the social work library',
      status: 'open',
    });

    const pub = await t.request('GET', '/api/v1/public/accredited-programmes?q=hanoi');
    expect(pub.status).toBe(200);
    expect(pub.body.items).toEqual([
      expect.objectContaining({
        programme: 'Bachelor of Social Work (Hanoi)',
        level: 'bachelor',
        status: 'accredited_with_conditions',
        validFrom: '2026-03-10',
        validUntil: '2031-03-09',
      }),
    ]);
    expect(Object.keys(pub.body.items[0]).sort()).toEqual([
      'country',
      'institution',
      'institutionNative',
      'level',
      'programme',
      'programmeNative',
      'region',
      'status',
      'validFrom',
      'validUntil',
    ]);

    const html = await fetch(`${t.baseUrl}/accredited-programmes?q=Hanoi&lang=vi`);
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('Bachelor of Social Work (Hanoi)');
    expect(page).toContain('Đạt kiểm định có điều kiện');
    expect(page).not.toContain('<script');
  });

  it('refuses an illegal transition with 409 and a stale version with 409', async () => {
    const app = (
      await t.request('GET', `/api/v1/accreditation-applications/${applicationId}`, { token: registrar.accessToken })
    ).body;
    const again = await t.request('POST', `/api/v1/accreditation-applications/${applicationId}/withdraw`, {
      token: school.accessToken,
      body: { version: app.version },
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:sw-registry:problem:illegal-transition');
    const stale = await t.request('POST', `/api/v1/accreditation-applications/${applicationId}/withdraw`, {
      token: school.accessToken,
      body: { version: app.version - 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('urn:sw-registry:problem:version-conflict');
  });

  it('answers eligibility at the window edges', async () => {
    const ask = (d: string) =>
      t.request('GET', `/api/v1/eligibility/accredited-qualification?programmeId=${programmeId}&graduationDate=${d}`, {
        token: registrar.accessToken,
      });
    expect((await ask('2026-03-10')).body).toMatchObject({ accredited: true, window: { validFrom: '2026-03-10' } });
    expect((await ask('2031-03-09')).body.accredited).toBe(true);
    expect((await ask('2026-03-09')).body).toMatchObject({
      accredited: false,
      reason: 'the programme was first accredited from 2026-03-10',
    });
    expect((await ask('2031-03-10')).body.accredited).toBe(false);
    expect((await ask('2026-02-30')).status).toBe(400);
  });

  it('keeps a school admin to their own institution', async () => {
    for (const [method, path] of [
      ['GET', `/api/v1/accreditation-applications/${applicationId}`],
      ['GET', `/api/v1/institutions/${institutionId}`],
      ['GET', `/api/v1/programmes/${programmeId}`],
    ] as const) {
      expect((await t.request(method, path, { token: otherSchool.accessToken })).status).toBe(403);
    }
    const list = await t.request('GET', '/api/v1/accreditation-applications', { token: otherSchool.accessToken });
    expect(list.body.items).toEqual([]);
    const foreign = await t.request('POST', '/api/v1/accreditation-applications', {
      token: otherSchool.accessToken,
      body: { programmeId, selfStudySummary: 'An application for a programme that is not ours.' },
    });
    expect(foreign.status).toBe(403);
  });

  it('refuses a file that is not really a PDF, or is too large, and stores nothing', async () => {
    const { programme } = await setupProgramme('Hue');
    const app = await t.request('POST', '/api/v1/accreditation-applications', {
      token: registrar.accessToken,
      body: { programmeId: programme.id, selfStudySummary: 'Self-study report for the Hue programme.' },
    });
    const before = await t.sql(`select count(*)::int as n from document`);
    const fake = await upload(
      `/api/v1/accreditation-applications/${app.body.id}/documents?filename=report.pdf`,
      registrar.accessToken,
      Buffer.from('MZ\x90\x00 this is an executable'),
      'application/pdf',
    );
    expect(fake.status).toBe(422);
    expect(fake.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('not a PDF') }]);
    const big = await upload(
      `/api/v1/accreditation-applications/${app.body.id}/documents`,
      registrar.accessToken,
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
      'application/pdf',
    );
    expect(big.status).toBe(413);
    expect(big.body.type).toBe('urn:sw-registry:problem:payload-too-large');
    expect(await t.sql(`select count(*)::int as n from document`)).toEqual(before);
  });
});

describe('graduate lists', () => {
  it('reports bad rows, imports nothing until accepted, and ignores a re-upload', async () => {
    const { institution, programme } = await setupProgramme('Danang');
    const csv = [
      'full_name,date_of_birth,student_id,programme,graduation_date',
      `Lê Thị Hoa,2000-04-02,S001,${programme.id},2025-06-30`,
      `"Phạm Văn, Nam",2001-01-15,S002,Bachelor of Social Work (Danang),2025-06-30`,
      `Bad Date,02/03/2001,S003,${programme.id},2025-06-30`,
      `Unknown Programme,2001-03-02,S004,Nursing,2025-06-30`,
      `Duplicate,2000-04-02,S001,${programme.id},2025-06-30`,
      `Future,2001-03-02,S005,${programme.id},2027-06-30`,
    ].join('\r\n');
    const first = await upload(
      `/api/v1/institutions/${institution.id}/graduate-uploads?filename=cohort.csv`,
      registrar.accessToken,
      Buffer.from('\uFEFF' + csv),
      'text/csv',
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'validated', rowCount: 6, validCount: 2, alreadyUploaded: false });
    expect(first.body.errors).toEqual([
      { row: 3, field: 'date_of_birth', reason: '"02/03/2001" is not a date in the form YYYY-MM-DD' },
      {
        row: 4,
        field: 'programme',
        reason: expect.stringContaining('"Nursing" is not a programme of this institution'),
      },
      { row: 5, field: 'student_id', reason: 'duplicates row 1 (same programme and student id)' },
      { row: 6, field: 'graduation_date', reason: 'is in the future' },
    ]);
    const countGraduates = async () =>
      (await t.sql(`select count(*)::int as n from graduate where programme_id = ?`, [programme.id]))[0].n;
    expect(await countGraduates()).toBe(0);

    const again = await upload(
      `/api/v1/institutions/${institution.id}/graduate-uploads`,
      registrar.accessToken,
      Buffer.from('\uFEFF' + csv),
      'text/csv',
    );
    expect(again.body).toMatchObject({ id: first.body.id, alreadyUploaded: true });

    const accepted = await t.request('POST', `/api/v1/graduate-uploads/${first.body.id}/acceptance`, {
      token: registrar.accessToken,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', importedCount: 2 });
    expect(await countGraduates()).toBe(2);
    expect(
      (
        await t.request('POST', `/api/v1/graduate-uploads/${first.body.id}/acceptance`, {
          token: registrar.accessToken,
        })
      ).status,
    ).toBe(409);
    const names = (
      await t.request('GET', `/api/v1/graduates?programmeId=${programme.id}`, { token: registrar.accessToken })
    ).body.items
      .map((g: any) => g.fullName)
      .sort();
    expect(names).toEqual(['Lê Thị Hoa', 'Phạm Văn, Nam']);
  });

  it('refuses a file in the wrong encoding, or with a NUL in a cell, as a whole and stores nothing', async () => {
    const { institution } = await setupProgramme('Cantho');
    const latin1 = Buffer.from(
      'full_name,date_of_birth,student_id,programme,graduation_date\nJos\xe9,2000-01-01,S1,x,2025-01-01\n',
      'latin1',
    );
    const r = await upload(
      `/api/v1/institutions/${institution.id}/graduate-uploads`,
      registrar.accessToken,
      latin1,
      'text/csv',
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      type: 'urn:sw-registry:problem:validation',
      errors: [{ field: 'file', message: 'the file is not UTF-8 text; save it as "CSV UTF-8"' }],
    });
    const nul = await upload(
      `/api/v1/institutions/${institution.id}/graduate-uploads`,
      registrar.accessToken,
      Buffer.from(
        'full_name,date_of_birth,student_id,programme,graduation_date\nAn,2000-01-01,S1,x,2025-01-01\nB\u0000nh,2000-01-01,S2,x,2025-01-01\n',
      ),
      'text/csv',
    );
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([
      { field: 'row 2, column full_name', message: 'contains a character that is not allowed (NUL)' },
    ]);
    expect(await t.sql(`select 1 from graduate_upload where institution_id = ?`, [institution.id])).toEqual([]);
  });
});

describe('expiry job', () => {
  it('e-mails 90 days before expiry once, and expires at the end of the window', async () => {
    const { programme } = await setupProgramme('Haiphong');
    const app = await t.request('POST', '/api/v1/accreditation-applications', {
      token: registrar.accessToken,
      body: { programmeId: programme.id, selfStudySummary: 'Self-study for the Haiphong programme.' },
    });
    await upload(
      `/api/v1/accreditation-applications/${app.body.id}/documents`,
      registrar.accessToken,
      PDF,
      'application/pdf',
    );
    let a = (
      await t.request('POST', `/api/v1/accreditation-applications/${app.body.id}/submit`, {
        token: registrar.accessToken,
        body: { version: app.body.version },
      })
    ).body;
    a = (
      await t.request('POST', `/api/v1/accreditation-applications/${a.id}/reviewers`, {
        token: registrar.accessToken,
        body: { reviewerIds: [reviewer.id], version: a.version },
      })
    ).body;
    a = (
      await t.request('POST', `/api/v1/accreditation-applications/${a.id}/decision`, {
        token: registrar.accessToken,
        body: { outcome: 'accredited', reason: 'Meets every standard of the council.', version: a.version },
      })
    ).body;
    const accId = a.accreditationId;
    const window = (
      await t.sql(`select to_char(valid_until, 'YYYY-MM-DD') as u from accreditation where id = ?`, [accId])
    )[0].u;
    expect(window).toBe('2031-03-09');

    const jobClock = new ManualClock('2030-12-09T12:00:00Z'); // 90 days before 2031-03-09
    const runner = new JobRunner(t.deps.orm, jobClock, pino({ level: 'silent' }), accreditationJobs(t.deps));
    await runner.tick();
    await runner.tick();
    jobClock.set('2030-12-10T12:00:00Z');
    await runner.tick();
    const mails = await t.sql(`select to_address, subject from outbox_message where idempotency_key like ?`, [
      `accreditation-expiry:${accId}:%`,
    ]);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m: any) => m.subject.includes('ends in 90 days or less'))).toBe(true);
    expect(new Set(mails.map((m: any) => m.to_address)).size).toBe(mails.length);

    jobClock.set('2031-03-10T12:00:00Z');
    await runner.tick();
    expect((await t.sql(`select status from accreditation where id = ?`, [accId]))[0].status).toBe('expired');
    expect(
      (
        await t.sql(
          `select count(*)::int as n from audit_event where action = 'accreditation.expired' and entity_id = ?`,
          [accId],
        )
      )[0].n,
    ).toBe(1);
  });
});
