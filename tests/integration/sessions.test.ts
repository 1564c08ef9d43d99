/**
 * Sessions as an attacker would try them: staff roles without a second factor, and access tokens
 * that should stop working the moment their session ends — on every instance, not after their
 * ten-minute life. Two instances share one database, as behind a load balancer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestApp, type TestAccount, type TestApp } from '../support/app.js';
import { aSession } from '../support/builders.js';
import { ManualClock } from '../../api/shared/clock.js';
import { newId } from '../../api/shared/ids.js';

let a: TestApp; // instance A
let b: TestApp; // instance B, same database
let admin: TestAccount;
const clock = new ManualClock('2026-05-04T08:00:00Z');

beforeAll(async () => {
  a = await startTestApp({ clock });
  b = await startTestApp({ clock, databaseUrl: a.databaseUrl });
  admin = await a.signIn(['admin']);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const refresh = (app: TestApp, cookie: string) => app.request('POST', '/api/v1/auth/refresh', { headers: { cookie } });
const me = (app: TestApp, token: string) => app.request('GET', '/api/v1/auth/me', { token });

/** Polls until the token is refused, for at most a second; answers the status seen last. */
async function refusedWithinASecond(app: TestApp, token: string): Promise<number> {
  const deadline = Date.now() + 1000;
  let status = 0;
  do {
    status = (await me(app, token)).status;
    if (status === 401) return status;
    await new Promise((r) => setTimeout(r, 25));
  } while (Date.now() < deadline);
  return status;
}

async function setRoles(accountId: string, roles: string[]) {
  const current = await a.request('GET', `/api/v1/accounts/${accountId}`, { token: admin.accessToken });
  const res = await a.request('PATCH', `/api/v1/accounts/${accountId}`, {
    token: admin.accessToken,
    body: { roles, version: current.body.version },
  });
  expect(res.status, res.text).toBe(200);
}

/** Runs SQL with triggers switched off, as a careless superuser might. */
async function withoutTriggers(sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: a.databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await client.query(sql, params);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

describe('council staff roles need a second factor', () => {
  it('a school admin made auditor cannot refresh the old session into staff access', async () => {
    const current = await a.signIn(['school_admin']);
    expect(current.totpSecret).toBeNull();

    await setRoles(current.id, ['school_admin', 'auditor']);

    const refreshed = await refresh(a, current.refreshCookie);
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.accessToken).toBeUndefined();
    for (const path of ['/api/v1/audit-events', '/api/v1/registrants', '/api/v1/auth/me']) {
      expect((await a.request('GET', path, { token: current.accessToken })).status, path).toBe(401);
    }
    // signing in again asks for MFA enrolment before any staff token exists
    const again = await a.request('POST', '/api/v1/auth/sign-in', {
      body: { email: current.email, password: current.password },
    });
    expect(again.body).toEqual({ status: 'mfa-enrolment-required', mfaToken: expect.any(String) });
    const [row] = await a.sql(`select revoked_reason from auth_session where account_id = ? order by created_at desc`, [
      current.id,
    ]);
    expect(row.revoked_reason).toBe('roles-changed');
  });

  it('refresh never mints a staff token for a session without MFA, even when roles changed behind its back', async () => {
    const school = await a.signIn(['school_admin']);
    await withoutTriggers(`update account set roles = '{school_admin,auditor}' where id = $1`, [school.id]);
    const refreshed = await refresh(a, school.refreshCookie);
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.detail).toMatch(/second factor/);
    expect(
      await a.sql(`select 1 from audit_event where action = 'auth.session.ended-without-mfa' and entity_id = ?`, [
        school.id,
      ]),
    ).toHaveLength(1);
  });

  it('the one access check refuses a staff token whose sign-in proved no second factor', async () => {
    const auditor = await a.createAccount(['auditor']);
    const sid = newId();
    await aSession(a, { id: sid, accountId: auditor.id, mfa: null });
    const token = (mfa: boolean) =>
      a.deps.tokens.issueAccess({ sub: auditor.id, roles: ['auditor'], name: auditor.email, mfa, sid });
    const withoutMfa = await token(false);
    for (const path of ['/api/v1/audit-events', '/api/v1/registrants', '/api/v1/dashboard', '/api/v1/auth/me']) {
      const res = await a.request('GET', path, { token: withoutMfa });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await a.request('GET', '/api/v1/audit-events', { token: await token(true) })).status).toBe(200);
  });
});

describe('an ended session refuses its access tokens at once, on every instance', () => {
  it('after sign-out', async () => {
    const user = await a.signIn(['social_worker']);
    expect((await me(b, user.accessToken)).status).toBe(200);
    const out = await a.request('POST', '/api/v1/auth/sign-out', { headers: { cookie: user.refreshCookie } });
    expect(out.status).toBe(204);
    expect(await refusedWithinASecond(b, user.accessToken)).toBe(401);
    expect((await me(a, user.accessToken)).status).toBe(401);
  });

  it('after sign-out with the access token alone (no cookie)', async () => {
    const user = await a.signIn(['employer']);
    expect((await me(b, user.accessToken)).status).toBe(200);
    expect((await a.request('POST', '/api/v1/auth/sign-out', { token: user.accessToken })).status).toBe(204);
    expect(await refusedWithinASecond(b, user.accessToken)).toBe(401);
    expect((await refresh(a, user.refreshCookie)).status).toBe(401);
  });

  it('after a used refresh token comes back (theft): the whole session ends', async () => {
    const user = await a.signIn(['social_worker']);
    const rotated = await refresh(a, user.refreshCookie);
    expect(rotated.status).toBe(200);
    const stolenAccess = rotated.body.accessToken as string;
    expect((await me(b, stolenAccess)).status).toBe(200);
    expect((await refresh(a, user.refreshCookie)).status).toBe(401); // the old cookie again
    expect(await refusedWithinASecond(b, stolenAccess)).toBe(401);
    expect(await refusedWithinASecond(b, user.accessToken)).toBe(401);
    expect((await refresh(a, cookieOf(rotated))).status).toBe(401);
  });

  it('after the account is disabled', async () => {
    const user = await a.signIn(['social_worker']);
    expect((await me(b, user.accessToken)).status).toBe(200);
    const current = await a.request('GET', `/api/v1/accounts/${user.id}`, { token: admin.accessToken });
    const disabled = await a.request('PATCH', `/api/v1/accounts/${user.id}`, {
      token: admin.accessToken,
      body: { status: 'disabled', version: current.body.version },
    });
    expect(disabled.status).toBe(200);
    expect(await refusedWithinASecond(b, user.accessToken)).toBe(401);
  });

  it('after a password reset', async () => {
    const user = await a.signIn(['social_worker']);
    expect((await me(b, user.accessToken)).status).toBe(200);
    await a.request('POST', '/api/v1/auth/password-reset', { body: { email: user.email } });
    let mail: { text_body: string } | undefined;
    for (let i = 0; i < 100 && !mail; i++) {
      [mail] = await a.sql(
        `select text_body from outbox_message where to_address = ? and template = 'password-reset'`,
        [user.email],
      );
      if (!mail) await new Promise((r) => setTimeout(r, 20));
    }
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!;
    const confirmed = await a.request('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'a completely new passphrase' },
    });
    expect(confirmed.status).toBe(204);
    expect(await refusedWithinASecond(b, user.accessToken)).toBe(401);
  });

  it('checks the database once per session, not on every request', async () => {
    const user = await a.signIn(['social_worker']);
    const before = b.deps.sessions.lookups;
    for (let i = 0; i < 30; i++) expect((await me(b, user.accessToken)).status).toBe(200);
    expect(b.deps.sessions.lookups - before).toBe(1);
  });

  it('while its notification connection is down, an instance checks every request and misses no sign-out', async () => {
    const user = await a.signIn(['social_worker']);
    expect((await me(b, user.accessToken)).status).toBe(200);
    await a.sql(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'sw-registry sessions' and datname = current_database()`,
    );
    expect((await a.request('POST', '/api/v1/auth/sign-out', { token: user.accessToken })).status).toBe(204);
    expect((await me(b, user.accessToken)).status).toBe(401);
    // and it listens again by itself
    for (let i = 0; i < 200 && !b.deps.sessions.listening; i++) await new Promise((r) => setTimeout(r, 25));
    expect(b.deps.sessions.listening).toBe(true);
    const next = await a.signIn(['social_worker']);
    expect((await me(b, next.accessToken)).status).toBe(200);
    expect((await a.request('POST', '/api/v1/auth/sign-out', { token: next.accessToken })).status).toBe(204);
    expect(await refusedWithinASecond(b, next.accessToken)).toBe(401);
  });
});

describe('password reset', () => {
  it('answers without touching the account: a locked account row does not delay the answer', async () => {
    const user = await a.createAccount(['social_worker']);
    const holder = new pg.Client({ connectionString: a.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from account where id = $1 for update', [user.id]);
      const answer = await Promise.race([
        a.request('POST', '/api/v1/auth/password-reset', { body: { email: user.email } }),
        new Promise<{ status: number }>((r) => setTimeout(() => r({ status: -1 }), 5000)),
      ]);
      expect(answer.status).toBe(202);
      expect(await a.sql(`select 1 from outbox_message where to_address = ?`, [user.email])).toHaveLength(0);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    let mails: unknown[] = [];
    for (let i = 0; i < 200 && !mails.length; i++) {
      mails = await a.sql(`select 1 from outbox_message where to_address = ? and template = 'password-reset'`, [
        user.email,
      ]);
      if (!mails.length) await new Promise((r) => setTimeout(r, 25));
    }
    expect(mails).toHaveLength(1);
  });
});
