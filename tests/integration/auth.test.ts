/**
 * Signing in as a user experiences it: passwords, MFA (enrolment, TOTP, recovery codes), sessions
 * with rotating refresh cookies, password reset by e-mail, rate limits shared by every instance.
 * Time moves only through the ManualClock, so expiry is tested without waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startTestApp, type TestApp } from '../support/app.js';
import { totpCode } from '../../api/modules/auth/index.js';
import { ManualClock } from '../../api/shared/clock.js';

let t: TestApp;
let clock: ManualClock;
beforeAll(async () => {
  clock = new ManualClock('2026-04-01T08:00:00Z');
  t = await startTestApp({ clock });
});
afterAll(async () => {
  await t?.close();
});

const MINUTE = 60_000;
const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const signIn = (email: string, password: string, app: TestApp = t) =>
  app.request('POST', '/api/v1/auth/sign-in', { body: { email, password } });
const verify = (mfaToken: string, code: string) =>
  t.request('POST', '/api/v1/auth/mfa/verify', { body: { mfaToken, code } });
const refresh = (cookie: string) => t.request('POST', '/api/v1/auth/refresh', { headers: { cookie } });
const me = (token: string) => t.request('GET', '/api/v1/auth/me', { token });
const auditCount = async (action: string, entityId: string) =>
  (await t.sql(`select count(*)::int as n from audit_event where action = ? and entity_id = ?`, [action, entityId]))[0]
    .n as number;
const withoutRequestId = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });

describe('sign-in', () => {
  it('answers a wrong password and an unknown e-mail identically', async () => {
    const a = await t.createAccount(['social_worker']);
    const wrong = await signIn(a.email, 'not-the-password');
    const unknown = await signIn('nobody@nowhere.example', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.type).toBe('urn:sw-registry:problem:unauthenticated');
    expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(unknown.body));
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await auditCount('auth.sign-in.failed', a.id)).toBe(1);
  });

  it('signs a social worker straight in with an httpOnly refresh cookie', async () => {
    const worker = await t.createAccount(['social_worker']);
    const res = await signIn(worker.email.toUpperCase(), worker.password);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'signed-in',
      expiresIn: t.deps.config.accessTokenTtlSeconds,
      account: { id: worker.id, roles: ['social_worker'] },
    });
    expect(res.headers.get('set-cookie')).toMatch(
      /^swr_refresh=[\w-]{40,};.*Path=\/api\/v1\/auth;.*HttpOnly;.*SameSite=Strict/i,
    );
    expect((await me(res.body.accessToken)).body).toMatchObject({ id: worker.id, email: worker.email });
  });

  it('sends council staff to MFA (or to enrolment) without giving them a session yet', async () => {
    const staff = await t.createAccount(['registrar']);
    const step = await signIn(staff.email, staff.password);
    expect(step.body).toEqual({ status: 'mfa-required', mfaToken: expect.any(String) });
    expect(step.headers.get('set-cookie')).toBeNull();
    // the step token is not an access token
    expect((await me(step.body.mfaToken)).status).toBe(401);

    const fresh = await t.createAccount(['auditor'], { mfa: false });
    const enrol = await signIn(fresh.email, fresh.password);
    expect(enrol.body).toEqual({ status: 'mfa-enrolment-required', mfaToken: expect.any(String) });
    expect(enrol.headers.get('set-cookie')).toBeNull();
    // an enrolment step token cannot be used to skip the code
    expect((await verify(enrol.body.mfaToken, '123456')).status).toBe(401);
  });

  it('enrols MFA: the confirmed secret signs in, recovery codes are shown once and each works once', async () => {
    const a = await t.createAccount(['registrar'], { mfa: false });
    const step = (await signIn(a.email, a.password)).body;
    expect(step.status).toBe('mfa-enrolment-required');
    const enrol = await t.request('POST', '/api/v1/auth/mfa/enrolment', { body: { mfaToken: step.mfaToken } });
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUri).toMatch(new RegExp(`^otpauth://totp/.*secret=${enrol.body.secret}`));
    expect(enrol.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);

    const wrong = await t.request('POST', '/api/v1/auth/mfa/enrolment/confirm', {
      body: {
        mfaToken: step.mfaToken,
        code: totpCode(enrol.body.secret, new Date(clock.now().getTime() - 5 * MINUTE)),
      },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
    const done = await t.request('POST', '/api/v1/auth/mfa/enrolment/confirm', {
      body: { mfaToken: step.mfaToken, code: totpCode(enrol.body.secret, clock.now()) },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'signed-in', account: { id: a.id, mfaEnabled: true } });
    expect(done.headers.get('set-cookie')).toMatch(/^swr_refresh=/);
    const codes: string[] = done.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await auditCount('auth.mfa.enrolled', a.id)).toBe(1);

    clock.advance(MINUTE);
    const mfaStep = async () => {
      const res = await signIn(a.email, a.password);
      expect(res.body.status).toBe('mfa-required');
      return res.body.mfaToken as string;
    };
    // the code as a person might type it off paper
    const typed = codes[3]!.toUpperCase().replace('-', ' ');
    const first = await verify(await mfaStep(), typed);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('signed-in');
    const again = await verify(await mfaStep(), codes[3]!);
    expect(again.status).toBe(401);
    expect(again.body.type).toBe('urn:sw-registry:problem:unauthenticated');
    expect((await verify(await mfaStep(), codes[4]!)).status).toBe(200);
    expect(await auditCount('auth.signed-in.recovery-code', a.id)).toBe(2);
  });

  it('accepts a TOTP code once: a replay is refused', async () => {
    const a = await t.createAccount(['reviewer']);
    clock.advance(MINUTE);
    const code = totpCode(a.totpSecret!, clock.now());
    const first = await verify((await signIn(a.email, a.password)).body.mfaToken, code);
    expect(first.status).toBe(200);
    const replay = await verify((await signIn(a.email, a.password)).body.mfaToken, code);
    expect(replay.status).toBe(401);
    expect(replay.headers.get('set-cookie')).toBeNull();
    // the next code (next 30 s step) works
    clock.advance(30_000);
    expect(
      (await verify((await signIn(a.email, a.password)).body.mfaToken, totpCode(a.totpSecret!, clock.now()))).status,
    ).toBe(200);
  });

  it('limits sign-in attempts across two instances sharing one database', async () => {
    const a = await t.createAccount(['social_worker']);
    const second = await startTestApp({ databaseUrl: t.databaseUrl, clock });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await signIn(a.email, 'wrong-password', i % 2 === 0 ? t : second)).status);
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      // now even the right password is refused, on either instance, until the window has passed
      for (const app of [t, second]) {
        const limited = await signIn(a.email, a.password, app);
        expect(limited.status).toBe(429);
        expect(limited.body.type).toBe('urn:sw-registry:problem:rate-limited');
        const retry = Number(limited.headers.get('retry-after'));
        expect(retry).toBeGreaterThan(0);
        expect(retry).toBeLessThanOrEqual(t.deps.config.signInWindowSeconds);
      }
      // another account is not affected
      const other = await t.createAccount(['social_worker']);
      expect((await signIn(other.email, other.password, second)).status).toBe(200);
      clock.advance(t.deps.config.signInWindowSeconds * 1000 + 1000);
      expect((await signIn(a.email, a.password, second)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe('sessions', () => {
  it('rotates the refresh cookie; re-using an old one ends that whole session and is audited', async () => {
    const a = await t.signIn(['social_worker']);
    const otherDevice = cookieOf(await signIn(a.email, a.password));
    const r1 = await refresh(a.refreshCookie);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ status: 'signed-in', account: { id: a.id } });
    expect((await me(r1.body.accessToken)).status).toBe(200);
    const c1 = cookieOf(r1);
    expect(c1).toMatch(/^swr_refresh=/);
    expect(c1).not.toBe(a.refreshCookie);
    const r2 = await refresh(c1);
    expect(r2.status).toBe(200);
    const c2 = cookieOf(r2);

    const reuse = await refresh(a.refreshCookie);
    expect(reuse.status).toBe(401);
    expect(reuse.headers.get('set-cookie')).toMatch(/^swr_refresh=;.*Expires=Thu, 01 Jan 1970/);
    expect((await refresh(c2)).status).toBe(401);
    expect((await refresh(c1)).status).toBe(401);
    expect(await auditCount('auth.session.revoked-on-token-reuse', a.id)).toBe(1);
    // the session on the other device is a different family and goes on
    expect((await refresh(otherDevice)).status).toBe(200);
  });

  it('signs out: the refresh cookie is cleared and stops working', async () => {
    const a = await t.signIn(['employer']);
    const out = await t.request('POST', '/api/v1/auth/sign-out', { headers: { cookie: a.refreshCookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^swr_refresh=;.*Expires=Thu, 01 Jan 1970/);
    expect((await refresh(a.refreshCookie)).status).toBe(401);
    expect(await auditCount('auth.signed-out', a.id)).toBe(1);
  });

  it('access tokens expire after ACCESS_TOKEN_TTL_SECONDS; the refresh cookie then gets a new one', async () => {
    const ttl = t.deps.config.accessTokenTtlSeconds;
    const a = await t.signIn(['employer']);
    clock.advance((ttl - 5) * 1000);
    expect((await me(a.accessToken)).status).toBe(200);
    clock.advance(10_000);
    const expired = await me(a.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body.type).toBe('urn:sw-registry:problem:unauthenticated');
    const renewed = await refresh(a.refreshCookie);
    expect(renewed.status).toBe(200);
    expect((await me(renewed.body.accessToken)).status).toBe(200);
  });

  it('a disabled account can neither refresh nor sign in', async () => {
    const admin = await t.signIn(['admin']);
    const worker = await t.signIn(['social_worker']);
    const current = (await t.request('GET', `/api/v1/accounts/${worker.id}`, { token: admin.accessToken })).body;
    const disabled = await t.request('PATCH', `/api/v1/accounts/${worker.id}`, {
      token: admin.accessToken,
      body: { status: 'disabled', version: current.version },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe('disabled');
    expect((await refresh(worker.refreshCookie)).status).toBe(401);
    const attempt = await signIn(worker.email, worker.password);
    const wrong = await signIn(worker.email, 'not-the-password');
    expect(attempt.status).toBe(401);
    expect(withoutRequestId(attempt.body)).toEqual(withoutRequestId(wrong.body));

    // however the account came to be disabled (not only through PATCH, which also revokes its sessions)
    const other = await t.signIn(['social_worker']);
    await t.sql(`update account set status = 'disabled' where id = ?`, [other.id]);
    expect((await refresh(other.refreshCookie)).status).toBe(401);
  });

  it('access tokens verify against the published JWKS, which holds no private key', async () => {
    const a = await t.signIn(['school_admin']);
    const jwks = await t.request('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys.length).toBeGreaterThan(0);
    for (const k of jwks.body.keys) expect(k).not.toHaveProperty('d');
    const { payload, protectedHeader } = await jwtVerify(a.accessToken, createLocalJWKSet(jwks.body), {
      issuer: t.deps.config.publicUrl,
      audience: `${t.deps.config.publicUrl}/api`,
      currentDate: clock.now(),
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload.sub).toBe(a.id);
    expect(payload.roles).toEqual(['school_admin']);
    expect(payload.exp! - payload.iat!).toBe(t.deps.config.accessTokenTtlSeconds);
    // a token with one altered claim does not verify
    const [h, , s] = a.accessToken.split('.');
    const forged = [h, Buffer.from(JSON.stringify({ ...payload, roles: ['admin'] })).toString('base64url'), s].join(
      '.',
    );
    await expect(jwtVerify(forged, createLocalJWKSet(jwks.body), { currentDate: clock.now() })).rejects.toThrow();
    expect((await t.request('GET', '/api/v1/accounts', { token: forged })).status).toBe(401);
  });
});

describe('password reset', () => {
  const mailsTo = (email: string) =>
    t.sql<{ text_body: string; html_body: string; subject: string }>(
      `select subject, text_body, html_body from outbox_message where to_address = ? and template = 'password-reset' order by created_at`,
      [email],
    );
  /** The link is made just after the answer: wait (a bounded while) until no request is queued. */
  const resetMails = async (email: string) => {
    for (let i = 0; i < 100 && (await t.sql(`select 1 from password_reset_request`)).length; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return mailsTo(email);
  };
  const tokenIn = (text: string) => /reset-password\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!;
  const confirm = (token: string, password: string) =>
    t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password } });

  it('e-mails a single-use link; the new password replaces the old one and ends existing sessions', async () => {
    const a = await t.signIn(['social_worker']);
    const known = await t.request('POST', '/api/v1/auth/password-reset', { body: { email: a.email } });
    expect(known.status).toBe(202);
    const [mail] = await resetMails(a.email);
    expect(mail!.subject).toBe('Reset your password');
    expect(mail!.text_body).toContain(`${t.deps.config.publicUrl}/#/reset-password?token=`);
    const token = tokenIn(mail!.text_body);
    expect(mail!.html_body).toContain(token);

    expect((await confirm(token, 'a brand new password')).status).toBe(204);
    expect((await signIn(a.email, a.password)).status).toBe(401);
    expect((await signIn(a.email, 'a brand new password')).body.status).toBe('signed-in');
    expect((await refresh(a.refreshCookie)).status).toBe(401);

    const reuse = await confirm(token, 'another new password');
    expect(reuse.status).toBe(422);
    expect(reuse.body.errors).toEqual([{ field: 'token', message: expect.any(String) }]);
    expect((await signIn(a.email, 'another new password')).status).toBe(401);
  });

  it('answers an unknown e-mail exactly like a known one, and sends nothing', async () => {
    const a = await t.createAccount(['social_worker']);
    const known = await t.request('POST', '/api/v1/auth/password-reset', { body: { email: a.email } });
    const unknown = await t.request('POST', '/api/v1/auth/password-reset', {
      body: { email: 'ghost@nowhere.example' },
    });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(known.body).toEqual({ accepted: true });
    expect(await resetMails(a.email)).toHaveLength(1);
    expect(await t.sql(`select 1 from outbox_message where to_address = 'ghost@nowhere.example'`)).toEqual([]);
    expect(await t.sql(`select 1 from password_reset where account_id = ?`, [a.id])).toHaveLength(1);
  });

  it('a link works for 30 minutes and not after', async () => {
    const early = await t.createAccount(['social_worker']);
    const late = await t.createAccount(['social_worker']);
    await t.request('POST', '/api/v1/auth/password-reset', { body: { email: early.email } });
    await t.request('POST', '/api/v1/auth/password-reset', { body: { email: late.email } });
    const earlyToken = tokenIn((await resetMails(early.email))[0]!.text_body);
    const lateToken = tokenIn((await resetMails(late.email))[0]!.text_body);
    clock.advance(29 * MINUTE);
    expect((await confirm(earlyToken, 'in time password')).status).toBe(204);
    clock.advance(2 * MINUTE);
    const expired = await confirm(lateToken, 'too late password');
    expect(expired.status).toBe(422);
    expect(expired.body.errors[0].field).toBe('token');
    expect((await signIn(late.email, late.password)).body.status).toBe('signed-in');
  });
});

describe('sign-in limits and code formats', () => {
  it('does not count successful sign-ins against a shared client address', async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => t.createAccount(['social_worker'])));
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const p of people)
        statuses.push(
          (await t.request('POST', '/api/v1/auth/sign-in', { body: { email: p.email, password: p.password } })).status,
        );
    }
    expect(statuses.length).toBeGreaterThan(t.deps.config.signInLimit * 5);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('accepts a TOTP code typed with a space in the middle', async () => {
    const a = await t.createAccount(['reviewer']);
    clock.advance(5 * 60_000);
    const step = (await t.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: a.password } }))
      .body;
    const code = totpCode(a.totpSecret!, clock.now());
    const res = await t.request('POST', '/api/v1/auth/mfa/verify', {
      body: { mfaToken: step.mfaToken, code: `${code.slice(0, 3)} ${code.slice(3)}` },
    });
    expect(res.status).toBe(200);
  });
});
