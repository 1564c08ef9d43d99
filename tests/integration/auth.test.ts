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
afterAll(async () => { await t?.close(); });

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const refresh = (cookie: string) => t.request('POST', '/api/v1/auth/refresh', { headers: { cookie } });

describe('sign-in', () => {
  it('answers a wrong password and an unknown e-mail identically', async () => {
    const a = await t.createAccount(['social_worker']);
    const wrong = await t.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: 'not-the-password' } });
    const unknown = await t.request('POST', '/api/v1/auth/sign-in', { body: { email: 'nobody@nowhere.example', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    const strip = (b: any) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
  });

  it('signs a social worker straight in, and sends staff to MFA', async () => {
    const worker = await t.createAccount(['social_worker']);
    const res = await t.request('POST', '/api/v1/auth/sign-in', { body: { email: worker.email, password: worker.password } });
    expect(res.body.status).toBe('signed-in');
    expect(res.headers.get('set-cookie')).toMatch(/swr_refresh=.*HttpOnly.*SameSite=Strict/i);
    const staff = await t.createAccount(['registrar']);
    expect((await t.request('POST', '/api/v1/auth/sign-in', { body: { email: staff.email, password: staff.password } })).body.status).toBe('mfa-required');
    const fresh = await t.createAccount(['auditor'], { mfa: false });
    expect((await t.request('POST', '/api/v1/auth/sign-in', { body: { email: fresh.email, password: fresh.password } })).body.status).toBe('mfa-enrolment-required');
  });

  it('enrols MFA; a recovery code works once; a TOTP code works once', async () => {
    const a = await t.createAccount(['registrar'], { mfa: false });
    const step = (await t.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: a.password } })).body;
    const enrol = await t.request('POST', '/api/v1/auth/mfa/enrolment', { body: { mfaToken: step.mfaToken } });
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(enrol.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const wrong = await t.request('POST', '/api/v1/auth/mfa/enrolment/confirm', { body: { mfaToken: step.mfaToken, code: '000000' } });
    expect(wrong.status).toBe(422);
    const done = await t.request('POST', '/api/v1/auth/mfa/enrolment/confirm', { body: { mfaToken: step.mfaToken, code: totpCode(enrol.body.secret, clock.now()) } });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);

    clock.advance(60_000);
    const signIn = async () => (await t.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: a.password } })).body.mfaToken;
    const code = done.body.recoveryCodes[3];
    expect((await t.request('POST', '/api/v1/auth/mfa/verify', { body: { mfaToken: await signIn(), code } })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/mfa/verify', { body: { mfaToken: await signIn(), code } })).status).toBe(401);

    const totp = totpCode(enrol.body.secret, clock.now());
    expect((await t.request('POST', '/api/v1/auth/mfa/verify', { body: { mfaToken: await signIn(), code: totp } })).status).toBe(200);
    const replay = await t.request('POST', '/api/v1/auth/mfa/verify', { body: { mfaToken: await signIn(), code: totp } });
    expect(replay.status).toBe(401);
  });

  it('limits sign-in attempts across two instances sharing one database', async () => {
    const a = await t.createAccount(['social_worker']);
    const second = await startTestApp({ databaseUrl: t.databaseUrl, clock });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const app = i % 2 === 0 ? t : second;
        statuses.push((await app.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: 'wrong-password' } })).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses[10]).toBe(429);
      const limited = await second.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: a.password } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});

describe('sessions', () => {
  it('rotates the refresh token, and reuse of an old one ends the whole session', async () => {
    const a = await t.signIn(['social_worker']);
    const r1 = await refresh(a.refreshCookie);
    expect(r1.status).toBe(200);
    const c1 = cookieOf(r1);
    expect(c1).not.toBe(a.refreshCookie);
    const reuse = await refresh(a.refreshCookie);
    expect(reuse.status).toBe(401);
    expect((await refresh(c1)).status).toBe(401);
    const audit = await t.sql(`select count(*)::int as n from audit_event where action = 'auth.session.revoked-on-token-reuse' and entity_id = ?`, [a.id]);
    expect(audit[0].n).toBe(1);
  });

  it('signs out, and access tokens expire', async () => {
    const a = await t.signIn(['employer']);
    expect((await t.request('POST', '/api/v1/auth/sign-out', { headers: { cookie: a.refreshCookie } })).status).toBe(204);
    expect((await refresh(a.refreshCookie)).status).toBe(401);
    expect((await t.request('GET', '/api/v1/auth/me', { token: a.accessToken })).status).toBe(200);
    clock.advance(601_000);
    expect((await t.request('GET', '/api/v1/auth/me', { token: a.accessToken })).status).toBe(401);
  });

  it('a disabled account cannot refresh', async () => {
    const admin = await t.signIn(['admin']);
    const worker = await t.signIn(['social_worker']);
    const current = (await t.request('GET', `/api/v1/accounts/${worker.id}`, { token: admin.accessToken })).body;
    expect((await t.request('PATCH', `/api/v1/accounts/${worker.id}`, { token: admin.accessToken, body: { status: 'disabled', version: current.version } })).status).toBe(200);
    expect((await refresh(worker.refreshCookie)).status).toBe(401);
  });

  it('access tokens verify against the published JWKS', async () => {
    const a = await t.signIn(['school_admin']);
    const jwks = createLocalJWKSet((await t.request('GET', '/.well-known/jwks.json')).body);
    const { payload } = await jwtVerify(a.accessToken, jwks, { issuer: 'http://registry.test', currentDate: clock.now() });
    expect(payload.sub).toBe(a.id);
    expect(payload.roles).toEqual(['school_admin']);
  });
});

describe('password reset', () => {
  it('e-mails a single-use link that expires', async () => {
    const a = await t.createAccount(['social_worker']);
    expect((await t.request('POST', '/api/v1/auth/password-reset', { body: { email: a.email } })).status).toBe(202);
    expect((await t.request('POST', '/api/v1/auth/password-reset', { body: { email: 'ghost@nowhere.example' } })).status).toBe(202);
    const [mail] = await t.sql(`select to_address, text_body from outbox_message where to_address = ? order by created_at desc limit 1`, [a.email]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
    expect((await t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'a brand new password' } })).status).toBe(204);
    expect((await t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'another new password' } })).status).toBe(422);
    expect((await t.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: a.password } })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/sign-in', { body: { email: a.email, password: 'a brand new password' } })).status).toBe(200);

    const b = await t.createAccount(['social_worker']);
    await t.request('POST', '/api/v1/auth/password-reset', { body: { email: b.email } });
    const [mail2] = await t.sql(`select text_body from outbox_message where to_address = ?`, [b.email]);
    clock.advance(31 * 60_000);
    const late = await t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token: /token=([A-Za-z0-9_-]+)/.exec(mail2.text_body)![1], password: 'too late password' } });
    expect(late.status).toBe(422);
    expect(late.body.errors[0].field).toBe('token');
  });
});
