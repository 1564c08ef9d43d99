/**
 * The licensing tests' world: a school with one programme accredited 2020–2030 and one never
 * accredited, and the two steps most licensing tests take through the API — a social
 * worker with a registrant record and a qualification, and an application taken into review.
 */
import { expect } from 'vitest';
import type { TestAccount, TestApp } from './app.js';
import { anAccreditation, anInstitution, aProgramme } from './builders.js';

/** `registrar()` is the registrar who takes applications into review (a test may sign them in again). */
export async function licensingWorld(t: TestApp, registrar: () => TestAccount) {
  const institution = (await anInstitution(t, { name: 'Saigon School of Social Work', region: 'HCMC' })).id;
  const accreditedProgramme = (await aProgramme(t, { institutionId: institution, name: 'Bachelor of Social Work' })).id;
  const unaccreditedProgramme = (
    await aProgramme(t, { institutionId: institution, name: 'Bachelor of Community Work' })
  ).id;
  await anAccreditation(t, { programmeId: accreditedProgramme, from: '2020-01-01', until: '2030-12-31' });

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

  /** Creates, submits and takes into review an application; returns it as the registrar sees it. */
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
      token: registrar().accessToken,
      body: { version: submitted.body.version },
    });
    expect(review.status).toBe(200);
    return review.body;
  }

  return { institution, accreditedProgramme, unaccreditedProgramme, worker, apply };
}

export type LicensingWorld = Awaited<ReturnType<typeof licensingWorld>>;
