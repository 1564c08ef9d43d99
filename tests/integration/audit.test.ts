import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';

const run = promisify(execFile);
let t: TestApp;
let admin: TestAccount;
let auditor: TestAccount;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn(['admin']);
  auditor = await t.signIn(['auditor']);
});
afterAll(async () => { await t?.close(); });

const verifyCli = () =>
  run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'api/cli/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' } })
    .then((r) => ({ code: 0, out: r.stdout }))
    .catch((e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));

describe('audit trail', () => {
  it('is written with the change, and not at all when the change fails', async () => {
    const created = await t.request('POST', '/api/v1/accounts', { token: admin.accessToken, body: { email: 'audited@council.example', displayName: 'Audited', roles: ['reviewer'] } });
    const rows = await t.sql(`select actor_id, action, after from audit_event where entity_id = ?`, [created.body.id]);
    expect(rows).toEqual([{ actor_id: admin.id, action: 'account.invited', after: expect.objectContaining({ email: 'audited@council.example' }) }]);
    const before = (await t.sql(`select count(*)::int as n from audit_event`))[0].n;
    expect((await t.request('POST', '/api/v1/accounts', { token: admin.accessToken, body: { email: 'audited@council.example', displayName: 'Again', roles: ['reviewer'] } })).status).toBe(409);
    expect((await t.sql(`select count(*)::int as n from audit_event`))[0].n).toBe(before);
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    await expect(t.sql(`update audit_event set action = 'tampered' where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`delete from audit_event where seq = 1`)).rejects.toThrow(/append-only/);
  });

  it('keeps one gap-free chain under 30 concurrent writers', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      t.request('POST', '/api/v1/accounts', { token: admin.accessToken, body: { email: `burst${i}@council.example`, displayName: `Burst ${i}`, roles: ['reviewer'] } })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const check = await t.request('GET', '/api/v1/audit-events/verification', { token: auditor.accessToken });
    expect(check.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    const [{ n, max }] = await t.sql(`select count(*)::int as n, max(seq)::int as max from audit_event`);
    expect(n).toBe(max);
    expect(check.body.checked).toBe(n);
  });

  it('npm run audit:verify names the row that was altered, and a removed last row', async () => {
    expect(await verifyCli()).toMatchObject({ code: 0, out: expect.stringContaining('ok:') });
    const [{ seq }] = await t.sql(`select seq::int as seq from audit_event where action = 'account.invited' order by seq limit 1 offset 3`);
    await t.sql(`alter table audit_event disable trigger audit_event_no_update`);
    await t.sql(`update audit_event set after = '{"email":"someone-else@council.example"}' where seq = ?`, [seq]);
    await t.sql(`alter table audit_event enable trigger audit_event_no_update`);
    const broken = await verifyCli();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN at row ${seq}: row ${seq} was altered`);
    const api = await t.request('GET', '/api/v1/audit-events/verification', { token: auditor.accessToken });
    expect(api.body).toMatchObject({ ok: false, firstBrokenSeq: seq });
  });

  it('detects a deleted last row', async () => {
    const other = await startTestApp();
    try {
      await other.signIn(['admin']);
      const [{ max }] = await other.sql(`select max(seq)::int as max from audit_event`);
      await other.sql(`alter table audit_event disable trigger audit_event_no_update`);
      await other.sql(`delete from audit_event where seq = ?`, [max]);
      const r = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'api/cli/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: other.databaseUrl } }).catch((e) => e);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('rows were removed from the end');
    } finally {
      await other.close();
    }
  });
});
