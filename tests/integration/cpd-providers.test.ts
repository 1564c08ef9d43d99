/**
 * CPD providers over HTTP against PostgreSQL: approved providers and their accounts, activities
 * proposed and approved, and attendance rosters that give each matched licence holder one verified
 * record (a 10,000-row roster with bad rows). (Rules, self-declared records, exemptions and the
 * transcript: cpd.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { bulkLicensees } from '../support/builders.js';

let t: TestApp;
const clock = new ManualClock('2026-06-01T03:00:00Z');
let registrar: TestAccount, reviewer: TestAccount;

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

describe('providers, activities and rosters', () => {
  let providerId: string, providerAccount: TestAccount, otherProviderAccount: TestAccount;

  beforeAll(async () => {
    const p = await t.request('POST', '/api/v1/cpd/providers', {
      token: registrar.accessToken,
      body: {
        name: 'Hanoi Social Work Training Centre',
        contactEmail: 'cpd@hswtc.example',
        approvedFrom: '2026-01-01',
      },
    });
    expect(p.status).toBe(201);
    providerId = p.body.id;
    providerAccount = await t.signIn(['cpd_provider']);
    otherProviderAccount = await t.signIn(['cpd_provider']);
    const other = await t.request('POST', '/api/v1/cpd/providers', {
      token: registrar.accessToken,
      body: { name: 'Another Provider', approvedFrom: '2026-01-01' },
    });
    expect(
      (
        await t.request('POST', `/api/v1/cpd/providers/${providerId}/accounts`, {
          token: registrar.accessToken,
          body: { accountId: providerAccount.id },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.request('POST', `/api/v1/cpd/providers/${other.body.id}/accounts`, {
          token: registrar.accessToken,
          body: { accountId: otherProviderAccount.id },
        })
      ).status,
    ).toBe(200);
    const notProvider = await t.request('POST', `/api/v1/cpd/providers/${providerId}/accounts`, {
      token: registrar.accessToken,
      body: { accountId: reviewer.id },
    });
    expect(notProvider.status).toBe(422);
  });

  async function approvedActivity(credits = 8) {
    const proposed = await t.request('POST', '/api/v1/cpd/activities', {
      token: providerAccount.accessToken,
      body: {
        providerId,
        title: 'Child protection case conferences',
        categoryCode: 'practice-skills',
        credits,
        startsOn: '2026-04-01',
        endsOn: '2026-04-03',
        structured: true,
      },
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.status).toBe('proposed');
    const approved = await t.request('POST', `/api/v1/cpd/activities/${proposed.body.id}/decision`, {
      token: registrar.accessToken,
      body: { decision: 'approved', version: proposed.body.version },
    });
    expect(approved.body.status).toBe('approved');
    return approved.body;
  }

  it('a provider proposes activities for its own provider only, and sees only its own', async () => {
    const forOther = await t.request('POST', '/api/v1/cpd/activities', {
      token: otherProviderAccount.accessToken,
      body: {
        providerId,
        title: 'Not mine',
        categoryCode: 'ethics',
        credits: 2,
        startsOn: '2026-04-01',
        endsOn: '2026-04-01',
      },
    });
    expect(forOther.status).toBe(403);
    const proposed = await t.request('POST', '/api/v1/cpd/activities', {
      token: providerAccount.accessToken,
      body: {
        providerId,
        title: 'Ethics in practice',
        categoryCode: 'ethics',
        credits: 3,
        startsOn: '2026-04-01',
        endsOn: '2026-04-01',
      },
    });
    const early = await t.request('POST', `/api/v1/cpd/activities/${proposed.body.id}/roster-rows`, {
      token: providerAccount.accessToken,
      body: { rows: [{ licenceNumber: 'X' }] },
    });
    expect(early.status).toBe(409);
    expect(
      (
        await t.request('GET', `/api/v1/cpd/activities/${proposed.body.id}`, {
          token: otherProviderAccount.accessToken,
        })
      ).status,
    ).toBe(403);
    const otherList = (await t.request('GET', '/api/v1/cpd/activities', { token: otherProviderAccount.accessToken }))
      .body;
    expect(otherList.items.map((a: any) => a.id)).not.toContain(proposed.body.id);
    const otherFiltered = (
      await t.request('GET', `/api/v1/cpd/activities?providerId=${providerId}`, {
        token: otherProviderAccount.accessToken,
      })
    ).body;
    expect(otherFiltered.items).toEqual([]);
    expect(
      (await t.request('GET', '/api/v1/cpd/activities', { token: providerAccount.accessToken })).body.items.map(
        (a: any) => a.id,
      ),
    ).toContain(proposed.body.id);
    expect(
      (await t.request('GET', '/api/v1/cpd/providers', { token: otherProviderAccount.accessToken })).body.items.map(
        (p: any) => p.name,
      ),
    ).toEqual(['Another Provider']);
  });

  it('a 10,000-row roster with bad rows: the report names each bad row; accepting imports the good ones once; re-importing adds nothing', async () => {
    const prefix = `BK${Math.floor(Math.random() * 1e6)}`;
    const people = 9_997;
    const good = 9_991;
    const started = Date.now();
    await bulkLicensees(
      t,
      prefix,
      Array.from({ length: people }, (_, i) => ({ name: `Bulk Person ${i + 1}`, email: null })),
    );
    const activity = await approvedActivity(8);
    const num = (n: number) => `${prefix}-${String(n).padStart(6, '0')}`;
    const lines = ['licence_number,full_name,credits,completed_on'];
    for (let n = 1; n <= good; n++)
      lines.push(`${num(n)},Bulk Person ${n},${n % 2 ? '' : '6.5'},${n % 3 ? '' : '2026-04-02'}`);
    // the bad rows: data rows 9,992 … 10,000
    lines.push('VN-SW-00-999999-0,Nobody,,'); // 9992 unknown licence
    lines.push(`${num(1)},Bulk Person 1,,`); // 9993 duplicate of row 1
    lines.push(`${num(2)},Someone Else,,`); // 9994 duplicate of row 2 and a name that does not match
    lines.push(',,,'); // an empty line is not a row
    lines.push(`${num(9992)},Bulk Person 9992,12,`); // 9995 more credits than the activity
    lines.push(`${num(9993)},Bùi Person 9993,abc,`); // 9996 not a number (and the wrong name)
    lines.push(`${num(9994)},BULK  PERSON 9994,,2026-05-01`); // 9997 outside the activity's dates (the name matches, spacing and case aside)
    lines.push(`${num(9995)},Bulk Person 9995,,2026-02-30`); // 9998 not a date
    lines.push(`${num(9996)},Bulk Person 9996,0,`); // 9999 not positive
    lines.push(`${num(9997)},Bulk Person 9997,1.234,`); // 10000 too precise
    const csv = lines.join('\n') + '\n';
    const tUpload = Date.now();
    const report = await upload(
      `/api/v1/cpd/activities/${activity.id}/rosters?filename=april.csv`,
      providerAccount.accessToken,
      csv,
      'text/csv',
    );
    const uploadMs = Date.now() - tUpload;
    expect(report.status, JSON.stringify(report.body).slice(0, 500)).toBe(201);
    expect(report.body.rowCount).toBe(10_000);
    const fields = (row: number) =>
      report.body.errors.filter((e: any) => e.row === row).map((e: any) => `${e.field}: ${e.reason}`);
    expect(fields(9992)).toEqual([expect.stringContaining('licence_number: no licence with number')]);
    expect(fields(9993)).toEqual(['licence_number: duplicates row 1']);
    expect(fields(9994)).toEqual([
      'full_name: does not match the name of the licence holder',
      'licence_number: duplicates row 2',
    ]);
    expect(fields(9995)).toEqual([expect.stringContaining('credits: is more than the activity')]);
    expect(fields(9996)).toEqual([
      'full_name: does not match the name of the licence holder',
      'credits: "abc" is not a positive number',
    ]);
    expect(fields(9997)).toEqual([expect.stringContaining("completed_on: is outside the activity's dates")]);
    expect(fields(9998)).toEqual([expect.stringContaining('completed_on: "2026-02-30" is not a date')]);
    expect(fields(9999)).toEqual(['credits: "0" is not a positive number']);
    expect(fields(10000)).toEqual(['credits: has more than two decimal places']);
    expect(new Set(report.body.errors.map((e: any) => e.row)).size).toBe(9);
    expect(report.body.validCount).toBe(good);
    expect(await t.sql(`select count(*)::int as n from cpd_record where activity_id = ?`, [activity.id])).toEqual([
      { n: 0 },
    ]);

    const tAccept = Date.now();
    const accepted = await t.request(
      'POST',
      `/api/v1/cpd/activities/${activity.id}/rosters/${report.body.id}/acceptance`,
      { token: providerAccount.accessToken },
    );
    const acceptMs = Date.now() - tAccept;
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', importedCount: good });
    const stored = await t.sql(
      `select count(*)::int as n, sum(credits)::float as credits, count(*) filter (where completed_on = '2026-04-02')::int as on2nd from cpd_record where activity_id = ? and status = 'accepted' and source = 'provider'`,
      [activity.id],
    );
    // even n: 6.5 credits, odd n: 8
    expect(stored[0]).toEqual({ n: good, credits: 4995 * 6.5 + 4996 * 8, on2nd: 3330 });
    expect(
      (
        await t.request('POST', `/api/v1/cpd/activities/${activity.id}/rosters/${report.body.id}/acceptance`, {
          token: providerAccount.accessToken,
        })
      ).status,
    ).toBe(409);

    const again = await upload(
      `/api/v1/cpd/activities/${activity.id}/rosters?filename=april-again.csv`,
      providerAccount.accessToken,
      csv,
      'text/csv',
    );
    expect(again.body).toMatchObject({ id: report.body.id, alreadyUploaded: true });
    const overlap = await t.request('POST', `/api/v1/cpd/activities/${activity.id}/roster-rows`, {
      token: providerAccount.accessToken,
      body: { rows: [{ licenceNumber: num(1) }, { licenceNumber: num(2), credits: 1 }] },
    });
    expect(overlap.body).toMatchObject({ validCount: 2, errors: [] });
    const overlapAccepted = await t.request(
      'POST',
      `/api/v1/cpd/activities/${activity.id}/rosters/${overlap.body.id}/acceptance`,
      { token: registrar.accessToken },
    );
    expect(overlapAccepted.body.importedCount).toBe(0);
    expect(await t.sql(`select count(*)::int as n from cpd_record where activity_id = ?`, [activity.id])).toEqual([
      { n: good },
    ]);
    const other = await t.request(
      'POST',
      `/api/v1/cpd/activities/${activity.id}/rosters/${overlap.body.id}/acceptance`,
      { token: otherProviderAccount.accessToken },
    );
    expect(other.status).toBe(403);

    // two instances accepting the same roster at once: one imports, the other is refused
    const race = await t.request('POST', `/api/v1/cpd/activities/${activity.id}/roster-rows`, {
      token: providerAccount.accessToken,
      body: { rows: [{ licenceNumber: num(3) }, { licenceNumber: num(9992) }] },
    });
    const both = await Promise.all(
      [1, 2].map(() =>
        t.request('POST', `/api/v1/cpd/activities/${activity.id}/rosters/${race.body.id}/acceptance`, {
          token: providerAccount.accessToken,
        }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 200)!.body.importedCount).toBe(1);
    expect(await t.sql(`select count(*)::int as n from cpd_record where activity_id = ?`, [activity.id])).toEqual([
      { n: good + 1 },
    ]);

    // the verified record counts in the person's progress
    const [p1] = await t.sql(`select registrant_id from licence where number = ?`, [num(2)]);
    const progress = (
      await t.request('GET', `/api/v1/cpd/registrants/${p1.registrant_id}/progress`, { token: registrar.accessToken })
    ).body;
    expect(progress.categories.find((c: any) => c.code === 'practice-skills').counted).toBe(6.5);
    console.log(
      `roster of 10,000 rows: setup+upload ${tUpload - started} ms, validation ${uploadMs} ms, acceptance ${acceptMs} ms`,
    );
  }, 120_000);
});
