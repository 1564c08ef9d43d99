/**
 * Staff single sign-on against a real OpenID provider running in the test (the certified
 * `oidc-provider` package, not a mock): settings, sign-in with authorization code + PKCE, the
 * directory's roles mapped to registry roles, unknown and role-less users refused, MFA only when
 * the directory proves it (amr) — otherwise the TOTP step — and signing out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { decodeJwt } from 'jose';
import { startTestApp, type TestAccount, type TestApp } from '../support/app.js';
import { totpCode } from '../../api/modules/auth/index.js';

type DirectoryUser = { email: string; email_verified: boolean; name: string; roles: string[]; amr: string[] };
const directory = new Map<string, DirectoryUser>();
let nextUser = '';
let t: TestApp;
let admin: TestAccount;
let issuer: string;
let idp: http.Server;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn(['admin']);
  idp = http.createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', () => resolve()));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'registry',
        client_secret: 'a-long-client-secret-for-the-registry-0123456789',
        redirect_uris: ['http://registry.test/api/v1/auth/oidc/callback'],
        post_logout_redirect_uris: ['http://registry.test/'],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    findAccount: async (_ctx, sub) => {
      const u = directory.get(sub);
      return u
        ? {
            accountId: sub,
            claims: async () => ({
              sub,
              email: u.email,
              email_verified: u.email_verified,
              name: u.name,
              roles: u.roles,
            }),
          }
        : undefined;
    },
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      // Like Entra ID, the directory states the methods used (amr) in every ID token.
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'roles'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-cookie-key-0123456789'] },
  });
  const handle = provider.callback();
  // The directory's sign-in page: signs in whoever the test chose, with the factors it chose.
  idp.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    const details = await provider.interactionDetails(req, res);
    const grant = new provider.Grant({ accountId: nextUser, clientId: String(details.params.client_id) });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'roles']);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: nextUser, amr: directory.get(nextUser)?.amr }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => idp?.close(resolve));
});

const settings = (body: Record<string, unknown>) =>
  t.request('PUT', '/api/v1/auth/oidc/settings', { token: admin.accessToken, body });
const good = () => ({
  enabled: true,
  label: 'Council directory',
  issuer,
  clientId: 'registry',
  clientSecret: 'a-long-client-secret-for-the-registry-0123456789',
  roleClaim: 'roles',
  roleMap: { 'Registry.Registrars': 'registrar', 'Registry.Reviewers': 'reviewer', 'Registry.Auditors': 'auditor' },
  allowedRoles: ['registrar', 'reviewer', 'auditor'],
});

const setCookies = (r: Response) => r.headers.getSetCookie().map((c) => c.split(';')[0]!);

/** One single sign-on as the directory user `sub`, through the real redirects; where the registry sends the browser. */
async function ssoSignIn(sub: string) {
  nextUser = sub;
  const start = await fetch(`${t.baseUrl}/api/v1/auth/oidc/start`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const flow = setCookies(start).find((c) => c.startsWith('swr_oidc='))!;
  let url = start.headers.get('location')!;
  expect(url.startsWith(`${issuer}/auth?`)).toBe(true);
  expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
  const jar = new Map<string, string>();
  for (let hops = 0; url.startsWith(issuer) && hops < 10; hops++) {
    const r = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of setCookies(r)) {
      const [k, ...v] = c.split('=');
      jar.set(k!, v.join('='));
    }
    if (!r.headers.get('location'))
      throw new Error(
        `${r.status} at ${url}: ${(await r.text())
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(-400)}`,
      );
    url = new URL(r.headers.get('location')!, url).href;
  }
  const callback = new URL(url);
  expect(callback.origin + callback.pathname).toBe('http://registry.test/api/v1/auth/oidc/callback');
  const back = await fetch(`${t.baseUrl}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: { cookie: flow },
  });
  expect(back.status).toBe(303);
  const refresh = setCookies(back).find((c) => c.startsWith('swr_refresh='));
  return { location: back.headers.get('location')!, refresh };
}

async function refreshWith(cookie: string) {
  const r = await t.request('POST', '/api/v1/auth/refresh', { headers: { cookie } });
  return r;
}

describe('staff single sign-on (OpenID Connect)', () => {
  let registrar: Awaited<ReturnType<TestApp['createAccount']>>;

  it('an admin sets it up; bad settings are refused naming the field; the sign-in page learns its label', async () => {
    expect((await t.request('GET', '/api/v1/auth/oidc')).body).toEqual({ enabled: false, label: null });
    const bad = await settings({ ...good(), roleMap: { 'Registry.Admins': 'admin' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('roleMap');
    expect((await settings({ ...good(), issuer: 'not a url' })).body.errors[0].field).toBe('issuer');
    const ok = await settings(good());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      clientSecretSet: true,
      redirectUri: 'http://registry.test/api/v1/auth/oidc/callback',
    });
    expect(JSON.stringify(ok.body)).not.toContain('a-long-client-secret');
    expect((await t.request('GET', '/api/v1/auth/oidc')).body).toEqual({ enabled: true, label: 'Council directory' });
    const registrarToken = (await t.signIn(['registrar'])).accessToken;
    expect((await t.request('PUT', '/api/v1/auth/oidc/settings', { token: registrarToken, body: good() })).status).toBe(
      403,
    );
  });

  it('a registrar whose directory proved MFA is signed in with a staff token; the directory user is bound to the account', async () => {
    registrar = await t.createAccount(['registrar'], { email: 'lan.nguyen@council.example' });
    directory.set('entra-0001', {
      email: 'Lan.Nguyen@council.example',
      email_verified: true,
      name: 'Nguyễn Thị Lan',
      roles: ['Registry.Registrars', 'Everyone'],
      amr: ['pwd', 'mfa'],
    });
    const out = await ssoSignIn('entra-0001');
    expect(out.location).toBe('http://registry.test/#/');
    const r = await refreshWith(out.refresh!);
    expect(r.status).toBe(200);
    expect(decodeJwt(r.body.accessToken)).toMatchObject({ sub: registrar.id, roles: ['registrar'], mfa: true });
    expect((await t.request('GET', '/api/v1/registrants', { token: r.body.accessToken })).status).toBe(200);
    const [row] = await t.sql(`select oidc_subject from account where id = ?`, [registrar.id]);
    expect(row.oidc_subject).toBe(`${issuer}#entra-0001`);
  });

  it('without MFA from the directory, staff still give their TOTP code', async () => {
    directory.set('entra-0001', { ...directory.get('entra-0001')!, amr: ['pwd'] });
    const out = await ssoSignIn('entra-0001');
    expect(out.refresh).toBeUndefined();
    const mfaToken = decodeURIComponent(/login\?mfa=(.+)$/.exec(out.location)![1]!);
    const verified = await t.request('POST', '/api/v1/auth/mfa/verify', {
      body: { mfaToken, code: totpCode(registrar.totpSecret!, t.clock.now()) },
    });
    expect(verified.status).toBe(200);
    expect(decodeJwt(verified.body.accessToken)).toMatchObject({ roles: ['registrar'], mfa: true });
  });

  it('the directory decides the roles: a registrar moved to the reviewers group signs in as a reviewer', async () => {
    directory.set('entra-0001', {
      ...directory.get('entra-0001')!,
      roles: ['Registry.Reviewers'],
      amr: ['pwd', 'mfa'],
    });
    const out = await ssoSignIn('entra-0001');
    const r = await refreshWith(out.refresh!);
    expect(decodeJwt(r.body.accessToken)).toMatchObject({ roles: ['reviewer'] });
    const [row] = await t.sql(`select roles from account where id = ?`, [registrar.id]);
    expect(row.roles).toEqual(['reviewer']);
    const audit = await t.sql(
      `select after from audit_event where entity_id = ? and action = 'auth.sso.verified' order by occurred_at desc limit 1`,
      [registrar.id],
    );
    expect(audit[0].after).toMatchObject({ rolesBefore: ['registrar'], roles: ['reviewer'] });
  });

  it('refuses unknown directory users, unverified e-mail, users with no mapped role, and accounts with roles SSO may not grant', async () => {
    directory.set('entra-9999', {
      email: 'stranger@council.example',
      email_verified: true,
      name: 'Stranger',
      roles: ['Registry.Registrars'],
      amr: ['mfa'],
    });
    const unknown = await ssoSignIn('entra-9999');
    expect(unknown.refresh).toBeUndefined();
    expect(decodeURIComponent(unknown.location)).toContain('login?sso-error=There is no registry account');

    await t.createAccount(['auditor'], { email: 'unverified@council.example' });
    directory.set('entra-0002', {
      email: 'unverified@council.example',
      email_verified: false,
      name: 'U',
      roles: ['Registry.Auditors'],
      amr: ['mfa'],
    });
    expect(decodeURIComponent((await ssoSignIn('entra-0002')).location)).toContain('There is no registry account');

    await t.createAccount(['auditor'], { email: 'norole@council.example' });
    directory.set('entra-0003', {
      email: 'norole@council.example',
      email_verified: true,
      name: 'N',
      roles: ['Everyone'],
      amr: ['mfa'],
    });
    expect(decodeURIComponent((await ssoSignIn('entra-0003')).location)).toContain(
      'no role that may use this registry',
    );

    await t.createAccount(['admin'], { email: 'boss@council.example' });
    directory.set('entra-0004', {
      email: 'boss@council.example',
      email_verified: true,
      name: 'B',
      roles: ['Registry.Registrars'],
      amr: ['mfa'],
    });
    const adminTry = await ssoSignIn('entra-0004');
    expect(decodeURIComponent(adminTry.location)).toContain('admin role sign in with their password');
    const [boss] = await t.sql(`select roles from account where email = 'boss@council.example'`);
    expect(boss.roles).toEqual(['admin']);
    const refusals = await t.sql(`select count(*)::int as n from audit_event where action = 'auth.sso.refused'`);
    expect(refusals[0].n).toBe(4);
  });

  it('a callback without its flow cookie, or replayed, is refused', async () => {
    nextUser = 'entra-0001';
    const start = await fetch(`${t.baseUrl}/api/v1/auth/oidc/start`, { redirect: 'manual' });
    const location = start.headers.get('location')!;
    const state = new URL(location).searchParams.get('state');
    const forged = await fetch(`${t.baseUrl}/api/v1/auth/oidc/callback?code=abc&state=${state}`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect(decodeURIComponent(forged.headers.get('location')!)).toContain('sso-error=');
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('swr_refresh='))).toBe(false);
  });

  it('signing out ends the session; the directory end-session page is offered', async () => {
    const out = await ssoSignIn('entra-0001');
    const signedIn = await refreshWith(out.refresh!);
    const cookie = signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('swr_refresh='))!
      .split(';')[0]!;
    const signOut = await t.request('POST', '/api/v1/auth/sign-out', {
      token: signedIn.body.accessToken,
      headers: { cookie },
    });
    expect(signOut.status).toBe(204);
    expect((await refreshWith(cookie)).status).toBe(401);
    expect((await t.request('GET', '/api/v1/registrants', { token: signedIn.body.accessToken })).status).toBe(401);
    const logout = await fetch(`${t.baseUrl}/api/v1/auth/oidc/logout`, { redirect: 'manual' });
    expect(logout.status).toBe(303);
    const to = new URL(logout.headers.get('location')!);
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe('http://registry.test/');
  });
});
