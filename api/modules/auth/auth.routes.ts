import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { authService, type ClientInfo, type SignedIn } from './auth.service.js';
import { accountService } from './account.service.js';
import { STAFF_ROLES } from './auth.permissions.js';
import { FLOW_COOKIE, FLOW_COOKIE_PATH, oidcService } from './oidc.js';
import * as s from './auth.schema.js';

export const REFRESH_COOKIE = 'swr_refresh';
const COOKIE_PATH = '/api/v1/auth';

const client = (req: Request): ClientInfo => ({ ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] });

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function authRoutes(deps: AppDeps): RouteDef[] {
  const auth = authService(deps);
  const accounts = accountService(deps);
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.cookieSecure,
    path: COOKIE_PATH,
  };

  /** Puts the refresh token in its cookie; the body carries only the access token. */
  const deliver = (res: Response, result: SignedIn) => {
    const { refreshToken, ...body } = result;
    res.cookie(REFRESH_COOKIE, refreshToken, {
      ...cookieOptions,
      maxAge: deps.config.refreshTokenTtlDays * 86_400_000,
    });
    return body;
  };
  const tag = ['Authentication'];
  const sso = oidcService(deps);
  const flowCookie = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.cookieSecure,
    path: FLOW_COOKIE_PATH,
  };
  /** Sends the browser back to the admin UI with the outcome of a single sign-on in the address's fragment. */
  const backToUi = (res: Response, fragment: string) => res.redirect(303, `${deps.config.publicUrl}/#/${fragment}`);

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/oidc',
      access: 'public',
      tags: tag,
      summary: 'Whether staff can sign in with the council directory (single sign-on), and its button label',
      description: 'The sign-in page asks this to show a "Sign in with …" button.',
      response: { status: 200, schema: s.oidcPublicOut },
      handler: () => sso.publicView(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/oidc/settings',
      access: permission('council.manage'),
      tags: tag,
      summary: 'Single sign-on settings (the client secret is never shown)',
      description: 'Includes the redirect URI to register with the directory.',
      response: { status: 200, schema: s.oidcSettingsOut },
      handler: async () => sso.adminView(await sso.settings()),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/auth/oidc/settings',
      access: permission('council.manage'),
      tags: tag,
      summary: 'Set up single sign-on with the council directory (OpenID Connect)',
      description:
        'The directory decides the roles: each sign-in sets the account’s roles from roleMap (only allowedRoles). A sign-in counts as MFA only when the ID token’s amr or acr says so; otherwise staff give their TOTP code. Audited; the secret is stored sealed.',
      body: s.oidcSettingsBody,
      response: { status: 200, schema: s.oidcSettingsOut },
      handler: async ({ body }) => sso.adminView(await sso.save(body)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/oidc/start',
      access: 'public',
      tags: tag,
      summary: 'Start a single sign-on: redirects to the directory (authorization code with PKCE)',
      description:
        'Sets a sealed, ten-minute cookie with the state, nonce and PKCE verifier, and answers 303 to the directory.',
      response: { status: 303, description: 'Redirect to the directory' },
      raw: true,
      handler: async ({ res }) => {
        const { url, cookie } = await sso.start();
        res.cookie(FLOW_COOKIE, cookie, { ...flowCookie, maxAge: 10 * 60_000 });
        res.redirect(303, url);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/oidc/callback',
      access: 'public',
      tags: tag,
      summary: "The directory's redirect back: checks its answer and signs the account in",
      description:
        'On success sets the refresh cookie and sends the browser to the admin UI (#/); when staff must still give their TOTP code, to the sign-in page with the second step (#/login?mfa=…); when refused, to the sign-in page with the reason (#/login?sso-error=…).',
      query: z.object({
        code: z.string().max(4000).optional(),
        state: z.string().max(4000).optional(),
        error: z.string().max(200).optional(),
        error_description: z.string().max(2000).optional(),
        iss: z.string().max(2000).optional(),
        session_state: z.string().max(2000).optional(),
      }),
      response: { status: 303, description: 'Redirect to the admin UI' },
      raw: true,
      handler: async ({ req, res }) => {
        const cookie = readCookie(req, FLOW_COOKIE);
        res.clearCookie(FLOW_COOKIE, flowCookie);
        try {
          const outcome = await sso.finish(new URL(req.originalUrl, deps.config.publicUrl), cookie);
          const result = await auth.signInVerified(outcome, client(req));
          if (result.status !== 'signed-in')
            return backToUi(
              res,
              `login?${result.status === 'mfa-required' ? 'mfa' : 'enrol'}=${encodeURIComponent(result.mfaToken)}`,
            );
          deliver(res, result);
          backToUi(res, '');
        } catch (e) {
          if (!(e instanceof Error) || !('problem' in e)) throw e;
          backToUi(res, `login?sso-error=${encodeURIComponent(e.message)}`);
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/oidc/logout',
      access: 'public',
      tags: tag,
      summary:
        'After signing out of the registry, also sign out of the directory (its end-session page, when it has one)',
      response: { status: 303, description: 'Redirect to the directory, or to the sign-in page' },
      raw: true,
      handler: async ({ res }) => res.redirect(303, await sso.logoutUrl()),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/sign-in',
      rateLimited: true,
      access: 'public',
      tags: tag,
      summary: 'Sign in with e-mail and password',
      description:
        'Council staff continue with the MFA step (or MFA enrolment). Rate-limited per account and per client.',
      body: s.signInBody,
      response: { status: 200, schema: s.signInOut },
      handler: async ({ body, req, res }) => {
        const result = await auth.signIn(body, client(req));
        return result.status === 'signed-in' ? deliver(res, result) : result;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/verify',
      rateLimited: true,
      access: 'public',
      tags: tag,
      summary: 'Complete sign-in with a TOTP code or a recovery code',
      description:
        'The second step after a staff password (or single sign-on without MFA): the mfaToken from the first step and a 6-digit TOTP code or a recovery code. Each TOTP code is accepted once; five wrong codes in five minutes are refused (429). Sets the refresh cookie and returns an access token whose mfa claim is true.',
      body: s.mfaVerifyBody,
      response: { status: 200, schema: s.signedInOut },
      handler: async ({ body, req, res }) => deliver(res, await auth.verifyMfa(body, client(req))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/enrolment',
      access: 'public',
      tags: tag,
      summary: 'Start TOTP enrolment (staff without MFA, after the password step)',
      description:
        'For staff who have not set up TOTP yet: returns a new secret and a QR code image of its otpauth URI for an authenticator app. Nothing is saved until the first code is confirmed.',
      body: s.mfaEnrolBody,
      response: { status: 200, schema: s.enrolmentOut },
      handler: ({ body }) => auth.startMfaEnrolment(body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/enrolment/confirm',
      rateLimited: true,
      access: 'public',
      tags: tag,
      summary: 'Confirm TOTP enrolment with a first code; returns single-use recovery codes once',
      description:
        'Saves the TOTP secret when the first code matches, signs the account in and returns ten single-use recovery codes, shown only in this answer.',
      body: s.mfaVerifyBody,
      response: { status: 200, schema: s.signedInOut },
      handler: async ({ body, req, res }) => deliver(res, await auth.confirmMfaEnrolment(body, client(req))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/mfa/recovery-codes',
      access: { roles: STAFF_ROLES },
      tags: tag,
      summary: 'Replace your recovery codes (the old ones stop working)',
      description:
        'Staff only. Returns ten new single-use recovery codes, shown only in this answer; the previous codes stop working at once. Audited.',
      response: { status: 200, schema: s.recoveryCodesOut },
      handler: async ({ auth: a }) => ({ recoveryCodes: await auth.regenerateRecoveryCodes(a!.accountId) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/refresh',
      access: 'public',
      tags: tag,
      summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)',
      description:
        'Reads the HttpOnly refresh cookie (path /api/v1/auth), issues a new access token and a new refresh cookie. A refresh token presented twice ends the whole session (theft detection); a session ended by sign-out, a role change or a disabled account answers 401 and clears the cookie.',
      response: { status: 200, schema: s.signedInOut },
      handler: async ({ req, res }) => {
        try {
          return deliver(res, await auth.refresh(readCookie(req, REFRESH_COOKIE), client(req)));
        } catch (e) {
          res.clearCookie(REFRESH_COOKIE, cookieOptions);
          throw e;
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/sign-out',
      access: 'public',
      tags: tag,
      summary: 'End this session (revokes its refresh tokens)',
      description:
        'Ends the session of the refresh cookie and of the bearer token, if one is sent: its access tokens stop working at once on every instance.',
      response: { status: 204 },
      handler: async ({ req, res, auth: a }) => {
        await auth.signOut(readCookie(req, REFRESH_COOKIE), a?.sessionId);
        res.clearCookie(REFRESH_COOKIE, cookieOptions);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      access: 'authenticated',
      tags: tag,
      summary: 'The signed-in account',
      description:
        'The account of the access token: id, e-mail, display name, roles, whether MFA is set up, and its language.',
      response: { status: 200, schema: s.accountOut },
      handler: ({ auth: a }) => auth.me(a!.accountId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/auth/me/language',
      access: 'authenticated',
      tags: tag,
      summary: "Choose the signed-in account's language",
      description:
        'Keeps the language the person chose in the interface on their account, so e-mails and documents sent to them later are in it too. It must be one of the languages the council offers.',
      body: z
        .object({ language: z.string().min(2).max(10).describe('a language code the council offers, e.g. "th"') })
        .strict(),
      response: { status: 200, schema: s.accountOut },
      handler: ({ auth: a, body }) => auth.chooseLanguage(a!.accountId, body.language),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password-reset',
      rateLimited: true,
      access: 'public',
      tags: tag,
      summary: 'E-mail a single-use password reset link (always answers 202)',
      description:
        'Queues the request and answers 202 in the same time whether or not the address has an account, so the answer reveals nothing; an active account then gets a link that works once and expires in 30 minutes. Rate-limited (429 with Retry-After).',
      body: s.resetRequestBody,
      response: {
        status: 202,
        schema: z.object({
          accepted: z
            .literal(true)
            .describe('The request was taken (the same answer whether or not the address has an account)'),
        }),
      },
      handler: async ({ body, req }) => {
        await auth.requestPasswordReset(body, client(req));
        return { accepted: true as const };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password-reset/confirm',
      access: 'public',
      tags: tag,
      summary: 'Choose a new password with the e-mailed token; ends every session of the account',
      description:
        'Sets the new password (12 characters or more) with the token from the e-mail; the token works once. Every session of the account ends, on every instance.',
      body: s.resetConfirmBody,
      response: { status: 204 },
      handler: async ({ body }) => {
        await auth.confirmPasswordReset(body);
      },
    }),

    // Account administration
    defineRoute({
      method: 'get',
      path: '/api/v1/accounts',
      access: permission('accounts.manage'),
      tags: ['Accounts'],
      summary: 'List accounts',
      description:
        'Admins only: every account with its roles, status, language and whether MFA is set up; filter by role and search by e-mail or name; paged.',
      query: s.accountListQuery,
      response: { status: 200, schema: s.accountListOut },
      handler: ({ query }) => accounts.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/staff-directory',
      access: permission('council.read'),
      tags: ['Accounts'],
      summary: 'Active council staff (to assign reviewers and panel members)',
      description:
        'Staff only: active admins, registrars, reviewers and auditors (or one role) with their names, to choose reviewers and panel members. No other account details.',
      query: z.object({ role: z.enum(['admin', 'registrar', 'reviewer', 'auditor']).optional() }),
      response: {
        status: 200,
        schema: z
          .object({
            items: z.array(
              z.object({
                id: z.uuid().describe('Id of the account'),
                displayName: z.string().describe('Name shown for the account'),
                email: z.string().describe("The account's e-mail address"),
                roles: z.array(z.string()).describe('Its staff roles'),
              }),
            ),
            total: z.number().int(),
          })
          .meta({ id: 'StaffDirectory' }),
      },
      handler: ({ query }) => accounts.staffDirectory(query.role),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/accounts/:id',
      access: permission('accounts.manage'),
      tags: ['Accounts'],
      summary: 'One account',
      description:
        'Admins only: one account with its roles, status, language, MFA state and version (send the version back to change it).',
      params: idParams,
      response: { status: 200, schema: s.managedAccountOut },
      handler: ({ params }) => accounts.get(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/accounts',
      access: permission('accounts.manage'),
      tags: ['Accounts'],
      summary: 'Create an account and e-mail an invitation to choose a password',
      description:
        'Admins only: creates the account without a password and e-mails an invitation link (valid seven days) to choose one. Staff set up TOTP at their first sign-in. An address already in use answers 409. Audited.',
      body: s.accountCreateBody,
      response: { status: 201, schema: s.managedAccountOut },
      handler: ({ body }) => accounts.invite(body),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/accounts/:id',
      access: permission('accounts.manage'),
      tags: ['Accounts'],
      summary: 'Change roles, name, language or status (send the version you read)',
      description:
        'Admins only, with the version read (409 if it changed). A change of roles or status ends every session of the account at once, on every instance; an admin cannot disable their own account or remove their own admin role. Audited.',
      params: idParams,
      body: s.accountUpdateBody,
      response: { status: 200, schema: s.managedAccountOut },
      handler: ({ params, body, auth: a }) => accounts.update(params.id, a!.accountId, body),
    }),
  ];
}
