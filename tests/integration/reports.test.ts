/**
 * Workforce reports against a fixed, hand-counted dataset (tests/support/report-dataset.ts),
 * including an "as of" date in the past, small-cell suppression in JSON and CSV, and population
 * figures. (The report tables against the history: report-tables.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { reportDataset } from '../support/report-dataset.js';
import { aLicence } from '../support/builders.js';

let t: TestApp;
let admin: TestAccount, registrar: TestAccount;

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2025-03-15T10:00:00Z')) });
  [admin, registrar] = await Promise.all([t.signIn(['admin']), t.signIn(['registrar'])]);
  await reportDataset(t);
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

describe("the dashboard's trend", () => {
  it('counts licences by status at each month end as the workforce report does, and renewals due by week', async () => {
    const r = await t.request('GET', '/api/v1/dashboard/trend', { token: registrar.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.today).toBe('2025-03-15');
    expect(r.body.months.map((m: { asOf: string }) => m.asOf)).toEqual([
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
      '2025-01-31',
      '2025-02-28',
      '2025-03-15',
    ]);
    for (const m of r.body.months) {
      const w = await t.request('GET', `/api/v1/reports/workforce?asOf=${m.asOf}`, { token: admin.accessToken });
      const statuses = counts(w.body.dimensions.status);
      for (const status of ['active', 'grace', 'suspended', 'lapsed', 'revoked', 'surrendered'])
        expect(m[status], `${status} on ${m.asOf}`).toBe(statuses[status] ?? 0);
    }

    const before = r.body.renewalsDue as { weekOf: string; licences: number }[];
    const holder = await t.request('GET', '/api/v1/registrants?perPage=1', { token: registrar.accessToken });
    await aLicence(t, { registrantId: holder.body.items[0].id, from: '2024-03-26', until: '2025-03-26' });
    const after = (await t.request('GET', '/api/v1/dashboard/trend', { token: registrar.accessToken })).body
      .renewalsDue as { weekOf: string; licences: number }[];
    const week = (list: typeof before) => list.find((w) => w.weekOf === '2025-03-24')?.licences ?? 0;
    expect(week(after)).toBe(week(before) + 1);
    expect(after.every((w) => w.weekOf >= '2025-03-10' && w.weekOf <= '2025-06-13')).toBe(true);
  });

  it('is for staff only', async () => {
    const worker = await t.signIn(['social_worker']);
    expect((await t.request('GET', '/api/v1/dashboard/trend', { token: worker.accessToken })).status).toBe(403);
  });
});
