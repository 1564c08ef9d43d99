/**
 * The audit trail: written in the transaction of the change it records, append-only in the database
 * itself, one gap-free hash chain under concurrency, and tampering is found — by the API and by
 * `npm run audit:verify`.
 */
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
afterAll(async () => {
  await t?.close();
});

/** `npm run audit:verify` against the test database: the same command line as the npm script. */
const verifyCli = () =>
  run(process.execPath, ['--import', 'tsx', 'api/cli/audit-verify.ts'], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' },
    timeout: 30_000,
  })
    .then((r) => ({ code: 0, out: r.stdout }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));
const verifyApi = async () => {
  const res = await t.request('GET', '/api/v1/audit-events/verification', { token: auditor.accessToken });
  expect(res.status).toBe(200);
  return res.body as { ok: boolean; checked: number; firstBrokenSeq: number | null; reason: string | null };
};
const auditRows = async () => (await t.sql(`select count(*)::int as n from audit_event`))[0].n as number;
const invite = (email: string) =>
  t.request('POST', '/api/v1/accounts', {
    token: admin.accessToken,
    body: { email, displayName: 'Audited', roles: ['reviewer'] },
  });
/** Runs SQL with the append-only trigger off (as a superuser could), and always turns it back on. */
async function tamper(sql: string, params: unknown[] = []) {
  await t.sql(`alter table audit_event disable trigger audit_event_no_update`);
  try {
    await t.sql(sql, params);
  } finally {
    await t.sql(`alter table audit_event enable trigger audit_event_no_update`);
  }
}

describe('audit trail', () => {
  it('records a change with who made it and the request it came from', async () => {
    const created = await invite('audited@council.example');
    expect(created.status).toBe(201);
    const rows = await t.sql(`select actor_id, action, after, request_id from audit_event where entity_id = ?`, [
      created.body.id,
    ]);
    expect(rows).toEqual([
      {
        actor_id: admin.id,
        action: 'account.invited',
        request_id: created.headers.get('x-request-id'),
        after: expect.objectContaining({ email: 'audited@council.example', roles: ['reviewer'] }),
      },
    ]);
    const listed = await t.request('GET', `/api/v1/audit-events?entityId=${created.body.id}`, {
      token: auditor.accessToken,
    });
    expect(listed.body.items).toEqual([expect.objectContaining({ action: 'account.invited', actorId: admin.id })]);
  });

  it('writes nothing when the change fails', async () => {
    expect((await invite('twice@council.example')).status).toBe(201);
    const before = await auditRows();
    const again = await invite('twice@council.example');
    expect(again.status).toBe(409);
    expect(await auditRows()).toBe(before);
    const created = await invite('stale@council.example');
    await t.request('PATCH', `/api/v1/accounts/${created.body.id}`, {
      token: admin.accessToken,
      body: { displayName: 'One', version: created.body.version },
    });
    const afterFirst = await auditRows();
    const stale = await t.request('PATCH', `/api/v1/accounts/${created.body.id}`, {
      token: admin.accessToken,
      body: { displayName: 'Two', version: created.body.version },
    });
    expect(stale.status).toBe(409);
    expect(await auditRows()).toBe(afterFirst);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const [first] = await t.sql(`select seq::int as seq, action, hash from audit_event order by seq limit 1`);
    expect(first).toBeDefined();
    const before = await auditRows();
    await expect(t.sql(`update audit_event set action = 'tampered' where seq = ?`, [first.seq])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(t.sql(`delete from audit_event where seq = ?`, [first.seq])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(t.sql(`truncate audit_event`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await t.sql(`select seq::int as seq, action, hash from audit_event order by seq limit 1`)).toEqual([first]);
    expect(await auditRows()).toBe(before);
  });

  it('keeps one gap-free chain under 30 concurrent writers', async () => {
    const before = await auditRows();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => invite(`burst${i}@council.example`)));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    const [{ n, max, invited }] = await t.sql(
      `select count(*)::int as n, max(seq)::int as max, count(*) filter (where action = 'account.invited' and after->>'email' like 'burst%')::int as invited from audit_event`,
    );
    expect(n - before).toBe(30);
    expect(invited).toBe(30);
    expect(max).toBe(n);
    const forks = await t.sql(
      `select prev_hash, count(*)::int as c from audit_event group by prev_hash having count(*) > 1`,
    );
    expect(forks).toEqual([]);
    expect(await verifyApi()).toEqual({ ok: true, checked: n, firstBrokenSeq: null, reason: null });
  });

  it('finds an altered row (API and npm run audit:verify name its seq), and a removed last row', async () => {
    const intact = await verifyCli();
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/\bok\b/i);

    const [row] = await t.sql(
      `select seq::int as seq, after::text as after from audit_event where action = 'account.invited' order by seq limit 1 offset 3`,
    );
    const [{ max }] = await t.sql(`select max(seq)::int as max from audit_event`);
    expect(row.seq).toBeLessThan(max);
    await tamper(
      `update audit_event set after = jsonb_set(after, '{email}', '"someone-else@council.example"') where seq = ?`,
      [row.seq],
    );

    expect(await verifyApi()).toMatchObject({ ok: false, firstBrokenSeq: row.seq, checked: row.seq - 1 });
    const broken = await verifyCli();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(new RegExp(`\\b${row.seq}\\b`));

    // put the row back exactly as it was: the chain is whole again
    await tamper(`update audit_event set after = ?::jsonb where seq = ?`, [row.after, row.seq]);
    expect(await verifyApi()).toMatchObject({ ok: true, firstBrokenSeq: null });

    // now remove the newest row: nothing links to it, only the chain head knows it existed
    await tamper(`delete from audit_event where seq = ?`, [max]);
    const truncated = await verifyApi();
    expect(truncated).toMatchObject({ ok: false, firstBrokenSeq: max, checked: max - 1 });
    expect(truncated.reason).toMatch(/removed/);
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(new RegExp(`\\b${max}\\b`));
  });

  it('names a row removed from the middle', async () => {
    const other = await startTestApp();
    try {
      const a = await other.signIn(['admin']);
      for (const email of ['m1@council.example', 'm2@council.example']) {
        await other.request('POST', '/api/v1/accounts', {
          token: a.accessToken,
          body: { email, displayName: 'M', roles: ['reviewer'] },
        });
      }
      const [{ max }] = await other.sql(`select max(seq)::int as max from audit_event`);
      await other.sql(`alter table audit_event disable trigger audit_event_no_update`);
      await other.sql(`delete from audit_event where seq = ?`, [max - 1]);
      await other.sql(`alter table audit_event enable trigger audit_event_no_update`);
      const check = await other.request('GET', '/api/v1/audit-events/verification', { token: a.accessToken });
      expect(check.body).toMatchObject({ ok: false, firstBrokenSeq: max - 1 });
    } finally {
      await other.close();
    }
  });
});
