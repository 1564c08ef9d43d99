/**
 * Workforce reports against a fixed, hand-counted dataset (inserted directly), including an
 * "as of" date in the past, small-cell suppression in JSON and CSV, and population figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { workforceFigures, ratioFigures, cpdFigures } from '../../api/modules/reports/index.js';
import type { Sector } from '../../api/modules/registrants/index.js';
import type { LicenceStatus } from '../../api/modules/licences/index.js';
import {
  aCpdRecord,
  aGraduateList,
  aLicence,
  anAccreditation,
  anApplication,
  anInstitution,
  aProgramme,
  aRegistrant,
} from '../support/builders.js';

let t: TestApp;
let admin: TestAccount, registrar: TestAccount;

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

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2025-03-15T10:00:00Z')) });
  [admin, registrar] = await Promise.all([t.signIn(['admin']), t.signIn(['registrar'])]);
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
});
afterAll(() => t?.close());

const counts = (buckets: { key: string; count: number | null }[]) =>
  Object.fromEntries(buckets.map((b) => [b.key, b.count]));

describe('workforce as of a date', () => {
  it('reproduces the hand-counted figures for a date in the past, from the licence history', async () => {
    const r = await t.request('GET', '/api/v1/reports/workforce?asOf=2021-01-01', { token: admin.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.suppressed).toBe(false);
    expect(r.body.total).toBe(10);
    const d = r.body.dimensions;
    expect(counts(d.status)).toEqual({ active: 9, lapsed: 1 });
    expect(counts(d.tier)).toEqual({ licensed: 9, provisional: 1 });
    expect(counts(d.region)).toEqual({ 'Da Nang': 6, 'Ha Noi': 2, Hue: 2 });
    expect(counts(d.sex)).toEqual({ female: 9, male: 1 });
    expect(counts(d.sector)).toEqual({ education: 1, health: 1, social_welfare: 8 });
    expect(counts(d.ageBand)).toEqual({ '25_34': 1, '35_44': 7, '45_54': 1, '55_64': 1 });
  });

  it('counts later history: suspension then revocation, a new para licence, and a licence with no events', async () => {
    const r = await t.request('GET', '/api/v1/reports/workforce?asOf=2024-06-30', { token: admin.accessToken });
    expect(r.body.total).toBe(12);
    expect(counts(r.body.dimensions.status)).toEqual({ active: 10, lapsed: 1, revoked: 1 });
    const mid = await t.request('GET', '/api/v1/reports/workforce?asOf=2021-07-01&status=suspended', {
      token: admin.accessToken,
    });
    expect(mid.body.total).toBe(1);
    expect(counts(mid.body.dimensions.region)).toEqual({ 'Ha Noi': 1 });
  });

  it('applies filters before counting', async () => {
    const r = await t.request('GET', '/api/v1/reports/workforce?asOf=2024-06-30&region=Ha%20Noi&tier=licensed', {
      token: admin.accessToken,
    });
    expect(r.body.total).toBe(2);
    expect(counts(r.body.dimensions.status)).toEqual({ active: 1, revoked: 1 });
  });

  it('suppresses small cells for non-admins, with a complementary cell so totals do not give them back', async () => {
    const r = await t.request('GET', '/api/v1/reports/workforce?asOf=2021-01-01', { token: registrar.accessToken });
    expect(r.body.suppressed).toBe(true);
    expect(r.body.threshold).toBe(5);
    expect(r.body.total).toBe(10);
    expect(counts(r.body.dimensions.status)).toEqual({ active: null, lapsed: null });
    expect(counts(r.body.dimensions.region)).toEqual({ 'Da Nang': 6, 'Ha Noi': null, Hue: null });
  });

  it('refuses a malformed date, naming the field', async () => {
    const r = await t.request('GET', '/api/v1/reports/workforce?asOf=2021-02-30', { token: admin.accessToken });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain('asOf');
  });
});

describe('CSV exports', () => {
  const numericCells = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));

  it('never contains a count between 1 and N-1, even for an admin, and no dimension has a single withheld cell', async () => {
    const r = await fetch(`${t.baseUrl}/api/v1/reports/workforce/csv?asOf=2021-01-01`, {
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const rows = numericCells(await r.text());
    for (const [, , v] of rows) {
      if (v !== '<5') expect(Number(v) === 0 || Number(v) >= 5, `cell ${v}`).toBe(true);
    }
    const byDim = new Map<string, string[]>();
    for (const [dim, , v] of rows) byDim.set(dim!, [...(byDim.get(dim!) ?? []), v!]);
    for (const [dim, cells] of byDim)
      if (dim !== 'total') expect(cells.filter((c) => c === '<5').length, dim).not.toBe(1);
    expect(rows).toContainEqual(['total', 'all', '10']);
    expect(rows).toContainEqual(['region', 'Da Nang', '6']);
  });

  it('follows the council threshold setting', async () => {
    const set = await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: { settings: { reportSmallCellThreshold: 3 } },
    });
    if (set.status !== 200)
      await t.sql(`update council set settings = settings || '{"reportSmallCellThreshold": 3}'::jsonb where id = 1`);
    try {
      const r = await fetch(`${t.baseUrl}/api/v1/reports/workforce/csv?asOf=2021-01-01`, {
        headers: { authorization: `Bearer ${registrar.accessToken}` },
      });
      const rows = numericCells(await r.text());
      expect(rows).toContainEqual(['status', 'active', '<3']);
      expect(rows).toContainEqual(['status', 'lapsed', '<3']);
      expect(rows).toContainEqual(['sector', 'social_welfare', '8']);
    } finally {
      await t.sql(`update council set settings = settings - 'reportSmallCellThreshold' where id = 1`);
    }
  });

  it('exports monthly activity with small counts withheld', async () => {
    const r = await fetch(`${t.baseUrl}/api/v1/reports/activity/csv?from=2020-06&to=2020-07`, {
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    const text = await r.text();
    expect(text).toContain('month,new_registrations,renewals,lapses,sanctions');
    expect(text).toContain('2020-07,6,0,0,0');
  });
});

describe('reports over time', () => {
  it('counts new registrations, renewals, lapses and sanctions per month', async () => {
    const r = await t.request('GET', '/api/v1/reports/activity?from=2020-01&to=2023-12', { token: admin.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.rows).toHaveLength(48);
    const m = Object.fromEntries(r.body.rows.map((x: any) => [x.month, x]));
    expect(m['2020-01']).toMatchObject({ newRegistrations: 1, lapses: 0 });
    expect(m['2020-02']).toMatchObject({ lapses: 1 });
    expect(m['2020-07']).toMatchObject({ newRegistrations: 6 });
    expect(m['2021-06']).toMatchObject({ sanctions: 1 });
    expect(m['2022-02']).toMatchObject({ sanctions: 1 });
    expect(m['2023-01']).toMatchObject({ renewals: 1 });
    expect(m['2021-09']).toMatchObject({ newRegistrations: 1 });
    const total = (k: string) => r.body.rows.reduce((a: number, x: any) => a + x[k], 0);
    expect([total('newRegistrations'), total('renewals'), total('lapses'), total('sanctions')]).toEqual([10, 1, 1, 2]);
  });

  it('counts CPD engagement per cycle among people registered that year', async () => {
    const r = await t.request('GET', '/api/v1/reports/cpd-engagement?fromYear=2021&toYear=2021', {
      token: admin.accessToken,
    });
    expect(r.body.rows).toEqual([{ year: 2021, registered: 9, engaged: 2, notEngaged: 7, percentEngaged: 22.2 }]);
    const s = await t.request('GET', '/api/v1/reports/cpd-engagement?fromYear=2021&toYear=2021', {
      token: registrar.accessToken,
    });
    expect(s.body.rows).toEqual([{ year: 2021, registered: 9, engaged: null, notEngaged: null, percentEngaged: null }]);
  });

  it('reports supervision adequacy from the renewal question', async () => {
    const r = await t.request('GET', '/api/v1/reports/supervision?fromYear=2023&toYear=2024', {
      token: admin.accessToken,
    });
    expect(r.body.rows).toEqual([
      { year: 2023, adequate: 0, notAdequate: 0, unanswered: 0, total: 0, percentAdequate: null },
      { year: 2024, adequate: 3, notAdequate: 1, unanswered: 1, total: 5, percentAdequate: 75 },
    ]);
  });

  it('counts accredited programmes and graduates per year', async () => {
    const r = await t.request('GET', '/api/v1/reports/programmes?fromYear=2019&toYear=2021', {
      token: admin.accessToken,
    });
    expect(r.body.rows).toEqual([
      { year: 2019, accreditedProgrammes: 1, graduates: 0 },
      { year: 2020, accreditedProgrammes: 1, graduates: 6 },
      { year: 2021, accreditedProgrammes: 1, graduates: 0 },
    ]);
  });
});

describe('social workers per 10,000 population', () => {
  it('uses the latest population figure up to the as-of year, and says which year', async () => {
    for (const body of [
      { region: 'Ha Noi', year: 2023, population: 10_000 },
      { region: 'Ha Noi', year: 2025, population: 20_000 },
      { region: 'Da Nang', year: 2023, population: 12_000, source: 'Statistics office' },
    ]) {
      const r = await t.request('PUT', '/api/v1/population-figures', { token: registrar.accessToken, body });
      expect(r.status).toBe(200);
    }
    const again = await t.request('PUT', '/api/v1/population-figures', {
      token: registrar.accessToken,
      body: { region: 'Da Nang', year: 2023, population: 12_000 },
    });
    expect(again.body.population).toBe(12_000);
    expect((await t.request('GET', '/api/v1/population-figures', { token: registrar.accessToken })).body.total).toBe(3);
    const bad = await t.request('PUT', '/api/v1/population-figures', {
      token: registrar.accessToken,
      body: { region: 'Hue', year: 2023, population: -4 },
    });
    expect(bad.status).toBe(400);

    const r = await t.request('GET', '/api/v1/reports/workforce-ratio?asOf=2024-06-30', { token: admin.accessToken });
    expect(r.status).toBe(200);
    const rows = Object.fromEntries(r.body.rows.map((x: any) => [x.region, x]));
    // Ha Noi: R1 (two licences, one person) and R3 → 2 people; Hue: R5; Da Nang: six.
    expect(rows['Ha Noi']).toEqual({
      region: 'Ha Noi',
      socialWorkers: 2,
      population: 10_000,
      populationYear: 2023,
      per10000: 2,
    });
    expect(rows['Da Nang']).toEqual({
      region: 'Da Nang',
      socialWorkers: 6,
      population: 12_000,
      populationYear: 2023,
      per10000: 5,
    });
    expect(rows.Hue).toEqual({
      region: 'Hue',
      socialWorkers: 1,
      population: null,
      populationYear: null,
      per10000: null,
    });
    const later = await t.request('GET', '/api/v1/reports/workforce-ratio?asOf=2025-03-01', {
      token: admin.accessToken,
    });
    expect(later.body.rows.find((x: any) => x.region === 'Ha Noi')).toMatchObject({
      populationYear: 2025,
      population: 20_000,
    });

    const csv = await (
      await fetch(`${t.baseUrl}/api/v1/reports/workforce-ratio/csv?asOf=2024-06-30`, {
        headers: { authorization: `Bearer ${admin.accessToken}` },
      })
    ).text();
    expect(csv).toContain('Da Nang,6,12000,2023,5');
    expect(csv).toContain('Ha Noi,<5,10000,2023,\r\n');
    expect(csv).toContain('Hue,<5,,,');
  });

  it('lets only managers enter population figures', async () => {
    const reviewer = await t.signIn(['reviewer']);
    const r = await t.request('PUT', '/api/v1/population-figures', {
      token: reviewer.accessToken,
      body: { region: 'Hue', year: 2023, population: 100 },
    });
    expect(r.status).toBe(403);
  });
});

describe('region filters on yearly reports', () => {
  it('filters supervision and CPD by region', async () => {
    const s = await t.request('GET', '/api/v1/reports/supervision?fromYear=2024&toYear=2024&region=Da%20Nang', {
      token: admin.accessToken,
    });
    expect(s.body.rows[0]).toMatchObject({ adequate: 3, notAdequate: 1, unanswered: 1 });
    const none = await t.request('GET', '/api/v1/reports/supervision?fromYear=2024&toYear=2024&region=Hue', {
      token: admin.accessToken,
    });
    expect(none.body.rows[0]).toMatchObject({ total: 0 });
    const c = await t.request('GET', '/api/v1/reports/cpd-engagement?fromYear=2021&toYear=2021&region=Hue', {
      token: admin.accessToken,
    });
    expect(c.body.rows[0]).toMatchObject({ registered: 1, engaged: 1 });
  });
});

describe('the fast path (licence rows) against the history', () => {
  const exact = (f: { total: number; dimensions: Record<string, { key: string; count: number }[]> }) => ({
    total: f.total,
    ...Object.fromEntries(Object.entries(f.dimensions).map(([d, b]) => [d, counts(b)])),
  });

  it('counts CPD engagement across several cycles', async () => {
    const r = await t.request('GET', '/api/v1/reports/cpd-engagement?fromYear=2020&toYear=2022', {
      token: admin.accessToken,
    });
    expect(r.body.rows.map((x: any) => [x.year, x.registered, x.engaged])).toEqual([
      [2020, 8, 0],
      [2021, 9, 2],
      [2022, 8, 0],
    ]);
  });

  it('gives the same figures as reconstructing every licence from its events, including a change recorded ahead of its date', async () => {
    // Recorded on 2025-03-10, effective 2025-04-01: the licence row already says suspended.
    const id = await licence(
      'R4',
      'licensed',
      [['initial', '2024-01-01', '2026-12-31']],
      [
        ['pending', 'active', '2024-01-01'],
        ['active', 'suspended', '2025-04-01'],
      ],
    );
    expect((await t.sql(`select status from licence where id = ?`, [id]))[0].status).toBe('suspended');
    const em = t.deps.orm.em.fork();
    for (const asOf of [
      '2019-06-30',
      '2021-01-01',
      '2021-07-01',
      '2024-06-30',
      '2025-03-15',
      '2025-04-01',
      '2026-01-01',
    ]) {
      for (const q of [
        {},
        { region: 'Ha Noi' },
        { status: 'active' as const },
        { tier: 'licensed', ageBand: '35_44' as const },
      ]) {
        const fast = await workforceFigures(em, { asOf, ...q });
        const history = await workforceFigures(em, { asOf, ...q }, 'history');
        expect(exact(fast), `${asOf} ${JSON.stringify(q)}`).toEqual(exact(history));
      }
      expect(await ratioFigures(em, { asOf }), asOf).toEqual(await ratioFigures(em, { asOf }, 'history'));
    }
    // As of the clock's today the scheduled suspension has not begun; from its date it has.
    const today = await t.request('GET', '/api/v1/reports/workforce', { token: admin.accessToken });
    expect(today.body.asOf).toBe('2025-03-15');
    expect(counts(today.body.dimensions.status)).toEqual({ active: 11, lapsed: 1, revoked: 1 }); // the ten of 2024-06-30 and the new one
    const later = await t.request('GET', '/api/v1/reports/workforce?asOf=2025-04-01', { token: admin.accessToken });
    expect(counts(later.body.dimensions.status)).toMatchObject({ suspended: 1 });
  });
});

describe('the report tables follow every change to the register', () => {
  /** Rows of report_licence / report_person_year that differ from the register recomputed now. */
  const drift = async () => {
    const licences = await t.sql(
      `(select licence_id, registrant_id, tier_code, status, status_since, region, sex, sector, date_of_birth from report_licence
        except select l.id, l.registrant_id, l.tier_code, l.status, l.status_since, r.region, r.sex, r.sector, r.date_of_birth from licence l join registrant r on r.id = l.registrant_id)
       union all
       (select l.id, l.registrant_id, l.tier_code, l.status, l.status_since, r.region, r.sex, r.sector, r.date_of_birth from licence l join registrant r on r.id = l.registrant_id
        except select licence_id, registrant_id, tier_code, status, status_since, region, sex, sector, date_of_birth from report_licence)`,
    );
    const unshared = await t.sql(
      `select f.licence_id from report_licence f where not f.shared_holder and (select count(*) from licence l where l.registrant_id = f.registrant_id) > 1`,
    );
    const years = await t.sql(
      `with now_counted as (
         select registrant_id, year, sum(periods)::int as periods, sum(cpd)::int as accepted_cpd from (
           select l.registrant_id, y.year, 1 as periods, 0 as cpd from licence_period p join licence l on l.id = p.licence_id
             cross join generate_series(extract(year from p.valid_from)::int, extract(year from p.valid_until)::int) as y(year)
           union all
           select c.registrant_id, extract(year from c.completed_on)::int, 0, 1 from cpd_record c where c.status = 'accepted'
         ) x group by 1, 2)
       (select registrant_id, year, periods, accepted_cpd from report_person_year where periods <> 0 or accepted_cpd <> 0 except select * from now_counted)
       union all
       (select * from now_counted except select registrant_id, year, periods, accepted_cpd from report_person_year)`,
    );
    return { licences, unshared, years };
  };
  const em = () => t.deps.orm.em.fork();
  const sameAsHistory = async () => {
    for (const asOf of ['2021-07-01', '2024-06-30', '2025-03-15']) {
      expect(await workforceFigures(em(), { asOf }), asOf).toEqual(await workforceFigures(em(), { asOf }, 'history'));
      expect(await ratioFigures(em(), { asOf }), asOf).toEqual(await ratioFigures(em(), { asOf }, 'history'));
    }
    for (const region of [undefined, 'Hue', 'Ha Noi']) {
      const q = { fromYear: 2018, toYear: 2026, region };
      expect(await cpdFigures(em(), q), JSON.stringify(q)).toEqual(await cpdFigures(em(), q, 'history'));
    }
  };

  it('match the register after the whole dataset above, and give the figures the history gives', async () => {
    expect(await drift()).toEqual({ licences: [], unshared: [], years: [] });
    await sameAsHistory();
  });

  it('follow a move of region, a CPD decision reversed, a period changed and a period removed', async () => {
    const before = await t.request('GET', '/api/v1/reports/cpd-engagement?fromYear=2021&toYear=2021&region=Hue', {
      token: admin.accessToken,
    });
    expect(before.body.rows[0]).toMatchObject({ registered: 1, engaged: 1 }); // R5
    await t.sql(`update registrant set region = 'Hue', date_of_birth = '1950-01-01' where id = ?`, [rid.get('R1')]);
    await t.sql(`update cpd_record set status = 'rejected' where registrant_id = ?`, [rid.get('R5')]);
    await t.sql(`update cpd_record set status = 'accepted' where registrant_id = ? and status = 'pending'`, [
      rid.get('R6'),
    ]);
    // R6's only period now starts in 2022, so R6 is no longer registered in 2021 (nor engaged).
    await t.sql(
      `update licence_period set valid_from = '2022-01-01' where licence_id in (select id from licence where registrant_id = ?)`,
      [rid.get('R6')],
    );
    await t.sql(
      `delete from licence_period where kind = 'renewal' and licence_id in (select id from licence where registrant_id = ?)`,
      [rid.get('R5')],
    );
    const after = await t.request('GET', '/api/v1/reports/cpd-engagement?fromYear=2021&toYear=2021&region=Hue', {
      token: admin.accessToken,
    });
    expect(after.body.rows[0]).toMatchObject({ registered: 2, engaged: 1 }); // R5 (CPD now rejected) and R1 (moved, engaged)
    const all = await t.request('GET', '/api/v1/reports/cpd-engagement?fromYear=2021&toYear=2025', {
      token: admin.accessToken,
    });
    expect(all.body.rows.find((x: any) => x.year === 2021)).toMatchObject({ registered: 8, engaged: 1 });
    // 2025: R1, R3, R4 (its 2024 licence), R6–R11; not R5, whose renewal 2024–2026 is gone.
    expect(all.body.rows.find((x: any) => x.year === 2025)).toMatchObject({ registered: 9 });
    const hue = await t.request('GET', '/api/v1/reports/workforce?asOf=2024-06-30&region=Hue', {
      token: admin.accessToken,
    });
    expect(hue.body.total).toBe(5); // R4's two (one lapsed), R5's, and R1's two
    expect(counts(hue.body.dimensions.ageBand)).toMatchObject({ '65_plus': 2 });
    expect(await drift()).toEqual({ licences: [], unshared: [], years: [] });
    await sameAsHistory();
  });

  it('let go of a licence and a person deleted outright', async () => {
    const [r2] = await t.sql(`select id from licence where registrant_id = ?`, [rid.get('R2')]);
    await t.sql(`delete from licence_event where licence_id = ?`, [r2.id]);
    await t.sql(`delete from licence_period where licence_id = ?`, [r2.id]);
    await t.sql(`delete from licence where id = ?`, [r2.id]);
    expect(await t.sql(`select 1 from report_licence where licence_id = ?`, [r2.id])).toEqual([]);
    const { id: person } = await aRegistrant(t, { name: 'Gone', email: null });
    await aCpdRecord(t, { registrantId: person, category: 'ethics', completedOn: '2024-05-05', credits: 5 });
    expect(
      await t.sql(`select year, periods, accepted_cpd from report_person_year where registrant_id = ?`, [person]),
    ).toEqual([{ year: 2024, periods: 0, accepted_cpd: 1 }]);
    await t.sql(`delete from cpd_record where registrant_id = ?`, [person]);
    await t.sql(`delete from registrant where id = ?`, [person]);
    expect(await t.sql(`select 1 from report_person_year where registrant_id = ?`, [person])).toEqual([]);
    expect(await drift()).toEqual({ licences: [], unshared: [], years: [] });
    await sameAsHistory();
  });

  it('are rebuilt from the register by report_tables_rebuild() after a load that bypassed them', async () => {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query(`set session_replication_role = replica`); // as a data-only restore with triggers off would
      await c.query(`update registrant set region = 'Elsewhere' where id = $1`, [rid.get('R9')]);
      await c.query(`delete from report_person_year where registrant_id = $1`, [rid.get('R10')]);
    } finally {
      await c.end();
    }
    const stale = await drift();
    expect(stale.licences.length).toBeGreaterThan(0);
    expect(stale.years.length).toBeGreaterThan(0);
    await t.sql(`select report_tables_rebuild()`);
    expect(await drift()).toEqual({ licences: [], unshared: [], years: [] });
    await sameAsHistory();
  });

  it('put a person in the older age band from their birthday on, in both paths', async () => {
    // R3 (Ha Noi, born 2002-03-01) turns 25 on 2027-03-01.
    for (const mode of ['fast', 'history'] as const) {
      const eve = await workforceFigures(em(), { asOf: '2027-02-28', region: 'Ha Noi' }, mode);
      const day = await workforceFigures(em(), { asOf: '2027-03-01', region: 'Ha Noi' }, mode);
      expect(counts(eve.dimensions.ageBand).under_25, mode).toBe(1);
      expect(counts(day.dimensions.ageBand).under_25, mode).toBeUndefined();
      expect(counts(day.dimensions.ageBand)['25_34'], mode).toBe((counts(eve.dimensions.ageBand)['25_34'] ?? 0) + 1);
    }
  });

  it('count a holder once even when two licences for them are issued at the same moment', async () => {
    const { default: pg } = await import('pg');
    const [a, b] = [t.deps.orm.em.fork(), t.deps.orm.em.fork()];
    const issue = (inside: typeof a, tier: string) =>
      aLicence(
        t,
        {
          registrantId: rid.get('R7')!,
          number: `C-${randomUUID().slice(0, 8)}`,
          tier,
          tierName: { en: 'Tier' },
          protectedTitle: { en: 'Title' },
          from: '2024-01-01',
          until: '2026-12-31',
          events: [{ from: 'pending', to: 'active', on: '2024-01-01', reason: 'issued' }],
        },
        inside,
      );
    try {
      // R7 holds one licence; two more are issued by two transactions at once, while a third moves R7 to Hue.
      await Promise.all([a.begin(), b.begin()]);
      await issue(a, 'para');
      let bDone = false;
      // Each commits as soon as its statement is through, in whichever order the database lets them.
      const second = issue(b, 'specialist').then(() => {
        bDone = true;
        return b.commit();
      });
      const c = new pg.Client({ connectionString: t.databaseUrl });
      await c.connect();
      await c.query('begin');
      const move = c
        .query(`update registrant set region = 'Hue' where id = $1`, [rid.get('R7')])
        .then(() => c.query('commit'));
      await new Promise((r) => setTimeout(r, 300));
      expect(bDone).toBe(false); // the second issue waits for the first
      await a.commit();
      await Promise.all([second, move]);
      await c.end();
    } finally {
      for (const tx of [a, b]) if (tx.isInTransaction()) await tx.rollback();
    }
    const rows = await t.sql(`select shared_holder, region from report_licence where registrant_id = ?`, [
      rid.get('R7'),
    ]);
    expect(rows).toHaveLength(3);
    expect(rows.every((r: any) => r.shared_holder && r.region === 'Hue')).toBe(true);
    const ratio = await ratioFigures(em(), { asOf: '2025-03-15' });
    expect(ratio.find((r) => r.region === 'Hue')?.socialWorkers).toBe(4); // R4, R5, R1 (two licences) and R7 (three), once each
    expect(await drift()).toEqual({ licences: [], unshared: [], years: [] });
    await sameAsHistory();
  });
});
