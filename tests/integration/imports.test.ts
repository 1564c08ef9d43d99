/**
 * Register import: dry run with row-level errors (nothing written), commit of exactly the valid
 * rows, re-import changes nothing, UTF-8 BOM and Windows-1252 files, and reports see the import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';

let t: TestApp;
let registrar: TestAccount;
const HEADER =
  'nationality,national_id,full_name,full_name_native,date_of_birth,sex,region,sector,email,licence_number,tier,status,valid_from,valid_until,status_since,qualification_title,qualification_level,qualification_institution,qualification_country,qualification_awarded_on';
const GOOD = [
  'VN,079100000001,Nguyen Thi Lan,Nguyễn Thị Lan,1988-04-12,female,Ha Noi,social_welfare,lan@example.org,IMP-0001,licensed,active,2023-01-01,2025-12-31,,Bachelor of Social Work,bachelor,University of Labour,VN,2010-06-30',
  'VN,079100000002,Tran Van Binh,,1975-02-01,male,Hue,health,,IMP-0002,provisional,lapsed,2019-01-01,2020-12-31,2021-02-01,,,,,',
  'VN,079100000001,Nguyen Thi Lan,Nguyễn Thị Lan,1988-04-12,female,Ha Noi,social_welfare,lan@example.org,IMP-0003,para,surrendered,2015-01-01,2016-12-31,2016-06-01,,,,,',
];
const BAD = [
  'VN,079100000003,Le Thi Hoa,,1990-13-01,female,Da Nang,social_welfare,,IMP-0004,licensed,active,2023-01-01,2025-12-31,,,,,,', // bad date
  'VN,079100000004,Pham Van Duc,,1980-01-01,male,Da Nang,social_welfare,,IMP-0005,wizard,active,2023-01-01,2025-12-31,,,,,,', // unknown tier
  'VN,079100000005,Vo Thi Mai,,1985-01-01,female,Da Nang,social_welfare,,IMP-0001,licensed,active,2023-01-01,2025-12-31,,,,,,', // duplicate licence number in the file
  'VN,079100000001,Nguyen Thi Lam,,1988-04-12,female,Ha Noi,social_welfare,,IMP-0006,licensed,active,2023-01-01,2025-12-31,,,,,,', // same person, different name
];
const file = (rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

const upload = (body: Buffer | string, filename = 'register.csv') =>
  fetch(`${t.baseUrl}/api/v1/imports?filename=${filename}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${registrar.accessToken}`, 'content-type': 'text/csv' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

async function commit(id: string) {
  const r = await t.request('POST', `/api/v1/imports/${id}/commit`, { token: registrar.accessToken });
  expect(r.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const j = await t.request('GET', `/api/v1/imports/${id}`, { token: registrar.accessToken });
    if (j.body.status !== 'committing') return j.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('commit did not finish');
}

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2025-03-15T10:00:00Z')) });
  registrar = await t.signIn(['registrar']);
});
afterAll(() => t?.close());

describe('register import', () => {
  let jobId: string;

  it('gives a precise row-level report on a dry run and imports nothing', async () => {
    const r = await upload(file([...GOOD, ...BAD]));
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('validated');
    expect(r.body.dryRun).toMatchObject({
      rows: 7,
      validRows: 3,
      errorRows: 4,
      registrantsNew: 2,
      licencesNew: 3,
      qualificationsNew: 1,
    });
    expect(r.body.errors).toEqual([
      { row: 4, field: 'date_of_birth', reason: '"1990-13-01" is not a date in the form YYYY-MM-DD' },
      { row: 5, field: 'tier', reason: expect.stringContaining('"wizard" is not a tier') },
      { row: 6, field: 'licence_number', reason: 'duplicates row 1' },
      { row: 7, field: 'national_id', reason: 'the same person is on row 1 with a different name or date of birth' },
    ]);
    jobId = r.body.id;
    expect((await t.sql(`select count(*)::int as n from registrant`))[0].n).toBe(0);
    expect((await t.sql(`select count(*)::int as n from licence`))[0].n).toBe(0);
    const csv = await (
      await fetch(`${t.baseUrl}/api/v1/imports/${jobId}/errors`, {
        headers: { authorization: `Bearer ${registrar.accessToken}` },
      })
    ).text();
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, 3),
    ).toEqual([
      'row,field,reason',
      '4,date_of_birth,"""1990-13-01"" is not a date in the form YYYY-MM-DD"',
      expect.stringMatching(/^5,tier,/),
    ]);
  });

  it('commits exactly the valid rows, with periods and history, audited once with its counts', async () => {
    const j = await commit(jobId);
    expect(j.status).toBe('committed');
    expect(j.processed).toBe(j.total);
    expect(j.result).toMatchObject({
      registrantsNew: 2,
      registrantsExisting: 0,
      licencesNew: 3,
      licencesExisting: 0,
      qualificationsNew: 1,
    });
    const licences = await t.sql(
      `select number, status, to_char(status_since, 'YYYY-MM-DD') as since from licence order by number`,
    );
    expect(licences).toEqual([
      { number: 'IMP-0001', status: 'active', since: '2023-01-01' },
      { number: 'IMP-0002', status: 'lapsed', since: '2021-02-01' },
      { number: 'IMP-0003', status: 'surrendered', since: '2016-06-01' },
    ]);
    expect((await t.sql(`select count(*)::int as n from licence_period`))[0].n).toBe(3);
    expect((await t.sql(`select count(*)::int as n from licence_event`))[0].n).toBe(5);
    const audit = await t.sql(`select after from audit_event where action = 'register.imported'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ licencesNew: 3, registrantsNew: 2 });
    const again = await t.request('POST', `/api/v1/imports/${jobId}/commit`, { token: registrar.accessToken });
    expect(again.status).toBe(409);
  });

  it('imports nothing new when the same file is imported again', async () => {
    const r = await upload(file([...GOOD, ...BAD]));
    expect(r.body.dryRun).toMatchObject({
      validRows: 3,
      registrantsNew: 0,
      registrantsExisting: 2,
      licencesNew: 0,
      licencesExisting: 3,
      qualificationsNew: 0,
      qualificationsExisting: 1,
    });
    const j = await commit(r.body.id);
    expect(j.result).toMatchObject({ registrantsNew: 0, licencesNew: 0, qualificationsNew: 0, licencesExisting: 3 });
    expect((await t.sql(`select count(*)::int as n from licence_event`))[0].n).toBe(5);
    expect((await t.sql(`select count(*)::int as n from qualification`))[0].n).toBe(1);
  });

  it('is reflected in the reports as of past dates', async () => {
    const admin = await t.signIn(['admin']);
    const r = await t.request('GET', '/api/v1/reports/workforce?asOf=2020-06-01', { token: admin.accessToken });
    expect(r.body.total).toBe(2);
    expect(Object.fromEntries(r.body.dimensions.status.map((b: any) => [b.key, b.count]))).toEqual({
      active: 1,
      surrendered: 1,
    });
  });

  it('reads UTF-8 with a byte-order mark and Windows-1252 files', async () => {
    const row =
      'VN,079100000009,Dang Thi Hue,Đặng Thị Huệ,1992-01-01,female,Hue,social_welfare,,IMP-0009,licensed,active,2024-01-01,2026-12-31,,,,,,';
    const bom = await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(file([row]), 'utf8')]));
    expect(bom.body.encoding).toBe('utf-8-bom');
    expect(bom.body.dryRun.validRows).toBe(1);
    const j = await commit(bom.body.id);
    expect(j.result.licencesNew).toBe(1);
    expect(
      (await t.sql(`select full_name_native from registrant where full_name = 'Dang Thi Hue'`))[0].full_name_native,
    ).toBe('Đặng Thị Huệ');

    const latin = file([
      'FR,1234567890,Amélie Lefèvre,Amélie Lefèvre,1980-03-03,female,Hue,other,,IMP-0010,licensed,active,2024-01-01,2026-12-31,,,,,,',
    ]);
    const cp1252 = Buffer.from(latin, 'latin1');
    const w = await upload(cp1252);
    expect(w.body.encoding).toBe('windows-1252');
    await commit(w.body.id);
    expect((await t.sql(`select full_name from registrant where nationality = 'FR'`))[0].full_name).toBe(
      'Amélie Lefèvre',
    );
  });

  it('refuses a file without the required columns, naming them', async () => {
    const r = await upload('name,licence\r\nA,B\r\n');
    expect(r.status).toBe(422);
    expect(r.body.errors[0].field).toBe('file');
    expect(r.body.detail ?? r.body.title).toContain('nationality');
  });

  it('offers a template whose header is the documented column mapping', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/imports/template`, {
      headers: { authorization: `Bearer ${registrar.accessToken}` },
    });
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const columns = await t.request('GET', '/api/v1/imports/columns', { token: registrar.accessToken });
    expect(text.split('\r\n')[0]).toBe(columns.body.items.map((c: any) => c.name).join(','));
    for (const c of HEADER.split(',')) expect(text.split('\r\n')[0]!.split(',')).toContain(c);
    const dry = await upload(text);
    expect(dry.body.errorCount).toBe(0);
  });
});
