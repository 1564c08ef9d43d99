/**
 * The report tables the database keeps (report_licence, report_person_year) against the register and
 * its history, on the reports' hand-counted dataset: the fast path gives the figures the history
 * gives, the tables follow every change (including concurrent ones), and are rebuilt after a load
 * that bypassed them. (The reports themselves: reports.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { workforceFigures, ratioFigures, cpdFigures } from '../../api/modules/reports/index.js';
import { aLicence, aRegistrant, aCpdRecord } from '../support/builders.js';
import { reportDataset } from '../support/report-dataset.js';

let t: TestApp;
let admin: TestAccount;
let rid: Map<string, string>;
let licence: Awaited<ReturnType<typeof reportDataset>>['licence'];

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2025-03-15T10:00:00Z')) });
  admin = await t.signIn(['admin']);
  ({ rid, licence } = await reportDataset(t));
});
afterAll(() => t?.close());

const counts = (buckets: { key: string; count: number | null }[]) =>
  Object.fromEntries(buckets.map((b) => [b.key, b.count]));

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
