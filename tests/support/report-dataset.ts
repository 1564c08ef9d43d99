/**
 * The reports tests' dataset: eleven people and their licences with hand-counted histories (periods
 * and status events), CPD records, renewal answers about supervision, and two accredited programmes
 * with graduates. The figures the report tests expect are counted from exactly this.
 */
import { randomUUID } from 'node:crypto';
import type { Sector } from '../../api/modules/registrants/index.js';
import type { LicenceStatus } from '../../api/modules/licences/index.js';
import type { TestApp } from './app.js';
import {
  aCpdRecord,
  aGraduateList,
  aLicence,
  anAccreditation,
  anApplication,
  anInstitution,
  aProgramme,
  aRegistrant,
} from './builders.js';

/** Loads the dataset; returns each person's registrant id by key (R1 … R11) and a way to add a licence. */
export async function reportDataset(t: TestApp) {
  type Person = { key: string; region: string; sex: 'female' | 'male'; sector: Sector; dob: string };
  const people: Person[] = [
    { key: 'R1', region: 'Ha Noi', sex: 'female', sector: 'social_welfare', dob: '1990-01-01' },
    { key: 'R2', region: 'Ha Noi', sex: 'female', sector: 'health', dob: '1960-06-01' },
    { key: 'R3', region: 'Ha Noi', sex: 'male', sector: 'social_welfare', dob: '2002-03-01' },
    { key: 'R4', region: 'Hue', sex: 'female', sector: 'social_welfare', dob: '1985-05-05' },
    { key: 'R5', region: 'Hue', sex: 'male', sector: 'education', dob: '1975-07-07' },
    ...[6, 7, 8, 9, 10, 11].map((i) => ({
      key: `R${i}`,
      region: 'Da Nang',
      sex: 'female' as const,
      sector: 'social_welfare' as const,
      dob: '1980-01-01',
    })),
  ];
  const rid = new Map<string, string>();

  async function licence(
    person: string,
    tier: string,
    periods: ['initial' | 'renewal' | 'restoration', string, string][],
    events: [LicenceStatus, LicenceStatus, string][],
  ) {
    const l = await aLicence(t, {
      registrantId: rid.get(person)!,
      number: `T-${randomUUID().slice(0, 8)}`,
      tier,
      tierName: { en: 'Tier' },
      protectedTitle: { en: 'Title' },
      status: events.at(-1)?.[1] ?? 'active',
      statusSince: events.at(-1)?.[2] ?? periods[0]![1],
      until: periods.at(-1)![2],
      periods: periods.map(([kind, from, until]) => ({ kind, from, until })),
      events: events.map(([from, to, on]) => ({ from, to, on })),
    });
    return l.id;
  }

  for (const p of people) {
    const r = await aRegistrant(t, {
      name: `Person ${p.key}`,
      dateOfBirth: p.dob,
      sex: p.sex,
      region: p.region,
      sector: p.sector,
      email: null,
    });
    rid.set(p.key, r.id);
  }
  await licence(
    'R1',
    'licensed',
    [
      ['initial', '2020-01-01', '2022-12-31'],
      ['renewal', '2023-01-01', '2025-12-31'],
    ],
    [['pending', 'active', '2020-01-01']],
  );
  await licence(
    'R2',
    'licensed',
    [['initial', '2019-03-01', '2021-02-28']],
    [
      ['pending', 'active', '2019-03-01'],
      ['active', 'suspended', '2021-06-15'],
      ['suspended', 'revoked', '2022-02-01'],
    ],
  );
  await licence('R3', 'para', [['initial', '2023-05-01', '2025-04-30']], [['pending', 'active', '2023-05-01']]);
  await licence(
    'R4',
    'provisional',
    [['initial', '2018-01-01', '2019-12-31']],
    [
      ['pending', 'active', '2018-01-01'],
      ['active', 'grace', '2020-01-01'],
      ['grace', 'lapsed', '2020-02-01'],
    ],
  );
  await licence(
    'R5',
    'licensed',
    [
      ['initial', '2021-01-01', '2023-12-31'],
      ['renewal', '2024-01-01', '2026-12-31'],
    ],
    [['pending', 'active', '2021-01-01']],
  );
  for (const k of ['R6', 'R7', 'R8', 'R9', 'R10', 'R11'])
    await licence(k, 'licensed', [['initial', '2020-07-01', '2026-06-30']], [['pending', 'active', '2020-07-01']]);
  // A licence with no event at all: active from the start of its first period.
  await licence('R1', 'specialist', [['initial', '2021-09-01', '2024-08-31']], []);

  // CPD in 2021: R1 and R5 accepted; R6 pending (not counted); R3 accepted but not registered in 2021.
  for (const [k, status] of [
    ['R1', 'accepted'],
    ['R5', 'accepted'],
    ['R6', 'pending'],
    ['R3', 'accepted'],
  ] as const) {
    await aCpdRecord(t, {
      registrantId: rid.get(k)!,
      category: 'ethics',
      completedOn: '2021-05-05',
      credits: 5,
      status,
    });
  }
  // Renewals submitted in 2024: supervised adequately ×3, not ×1, unanswered ×1, plus a draft (not counted).
  for (const [k, answer, status] of [
    ['R6', true, 'submitted'],
    ['R7', true, 'approved'],
    ['R8', true, 'approved'],
    ['R9', false, 'submitted'],
    ['R10', null, 'submitted'],
    ['R11', false, 'draft'],
  ] as const) {
    await anApplication(t, {
      registrantId: rid.get(k)!,
      type: 'renewal',
      tier: 'licensed',
      status,
      declarations: { ethics: true, fitness: true, adequateSupervision: answer },
      submittedAt: status === 'draft' ? null : new Date('2024-04-01T00:00:00Z'),
    });
  }
  // Programmes: A accredited 2020–2030, B accredited 2015–2019; six graduates of A in 2020.
  const school = await anInstitution(t, { name: 'School', region: 'Hue' });
  const a = await aProgramme(t, { institutionId: school.id, name: 'Programme A' });
  const b = await aProgramme(t, { institutionId: school.id, name: 'Programme B' });
  await anAccreditation(t, { programmeId: a.id, from: '2020-01-01', until: '2030-12-31' });
  await anAccreditation(t, { programmeId: b.id, from: '2015-01-01', until: '2019-12-31' });
  await aGraduateList(t, {
    institutionId: school.id,
    programmeId: a.id,
    graduates: Array.from({ length: 6 }, (_, i) => ({
      studentId: `S${i}`,
      fullName: 'G',
      dateOfBirth: '2000-01-01',
      graduatedOn: '2020-06-30',
    })),
  });
  return { rid, licence };
}
