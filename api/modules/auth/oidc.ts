/**
 * Staff single sign-on with OpenID Connect (authorization code + PKCE, `openid-client`), set up by
 * an admin as a council setting: the directory (Microsoft Entra ID, Google Workspace, Keycloak…),
 * the client, which claim carries the directory's groups or roles, how they map to registry roles,
 * and which registry roles may sign in this way. Local password + TOTP stays for everyone else.
 *
 * - Only accounts that exist in the registry sign in; the first sign-in binds the directory's
 *   subject to the account whose e-mail the directory has verified.
 * - The directory decides the roles: each sign-in sets the account's roles to the mapped ones
 *   (a change ends the account's other sessions, as every role change does).
 * - It counts as MFA only when the directory says so (`amr` or `acr`); otherwise staff still give
 *   their TOTP code, exactly as after a password.
 * - The flow's state, nonce and PKCE verifier travel in a sealed, short-lived cookie, so any
 *   instance can finish a sign-in another one started.
 */
import * as oidc from 'openid-client';
import type { AppDeps } from '../../deps.js';
import { ConflictError, UnauthenticatedError, ValidationError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { Council } from '../council/index.js';
import { Account } from './account.entity.js';
import { isStaff, ROLES, type Role } from './auth.permissions.js';

export type OidcSettings = {
  enabled: boolean;
  label: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string | null;
  /** The ID token claim with the directory's roles or groups (a string or an array of strings). */
  roleClaim: string;
  /** Directory value → registry role. */
  roleMap: Record<string, Role>;
  /** Registry roles that may sign in with the directory. */
  allowedRoles: Role[];
  /** `amr` values that prove a second factor (RFC 8176), and `acr` values that do. */
  mfaAmr: string[];
  mfaAcr: string[];
};

export const DEFAULT_MFA_AMR = ['mfa', 'otp', 'hwk', 'swk', 'sc', 'fpt', 'face', 'iris', 'retina', 'vbm'];
export const FLOW_COOKIE = 'swr_oidc';
export const FLOW_COOKIE_PATH = '/api/v1/auth/oidc';
const FLOW_MINUTES = 10;

/** What the callback leads to: signed in (the caller sets the refresh cookie), or the second step. */
export type OidcOutcome =
  | { kind: 'signed-in'; accountId: string; mfa: boolean }
  | { kind: 'mfa-required' | 'mfa-enrolment-required'; accountId: string };

export function oidcService(deps: AppDeps) {
  const { orm, box, config, clock } = deps;
  const redirectUri = `${config.publicUrl}/api/v1/auth/oidc/callback`;
  let cached: { key: string; configuration: oidc.Configuration } | null = null;

  async function settings(): Promise<OidcSettings | null> {
    const council = await orm.em.fork().findOne(Council, { id: 1 });
    return ((council?.settings as { oidc?: OidcSettings } | undefined)?.oidc ?? null) as OidcSettings | null;
  }

  /** The directory's metadata (discovery), fetched once per instance and settings version. */
  async function configuration(s: OidcSettings): Promise<oidc.Configuration> {
    const key = `${s.issuer}|${s.clientId}|${s.clientSecretSealed}`;
    if (cached?.key === key) return cached.configuration;
    const secret = s.clientSecretSealed ? box.openText(s.clientSecretSealed, 'oidc-client-secret') : undefined;
    const issuer = new URL(s.issuer);
    const insecure = issuer.protocol === 'http:' && config.env !== 'production';
    try {
      const discovered = await oidc.discovery(
        issuer,
        s.clientId,
        secret,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      );
      cached = { key, configuration: discovered };
      return discovered;
    } catch (e) {
      throw new ConflictError(`The sign-in directory at ${s.issuer} did not answer (${(e as Error).message})`);
    }
  }

  const enabled = async () => {
    const s = await settings();
    if (!s?.enabled) throw new ConflictError('Single sign-on is not set up for this registry');
    return s;
  };

  return {
    redirectUri,
    settings,

    /** What the sign-in page shows. */
    async publicView() {
      const s = await settings();
      return { enabled: !!s?.enabled, label: s?.enabled ? s.label : null };
    },

    adminView(s: OidcSettings | null) {
      return {
        enabled: s?.enabled ?? false,
        label: s?.label ?? '',
        issuer: s?.issuer ?? '',
        clientId: s?.clientId ?? '',
        clientSecretSet: !!s?.clientSecretSealed,
        roleClaim: s?.roleClaim ?? 'roles',
        roleMap: s?.roleMap ?? {},
        allowedRoles: s?.allowedRoles ?? [],
        mfaAmr: s?.mfaAmr ?? DEFAULT_MFA_AMR,
        mfaAcr: s?.mfaAcr ?? [],
        redirectUri,
      };
    },

    async save(input: Omit<OidcSettings, 'clientSecretSealed'> & { clientSecret?: string }) {
      if (input.enabled && new URL(input.issuer).protocol !== 'https:' && config.env === 'production')
        throw new ValidationError('issuer', 'must be an https address');
      for (const role of Object.values(input.roleMap))
        if (!input.allowedRoles.includes(role))
          throw new ValidationError('roleMap', `maps to ${role}, which is not among allowedRoles`);
      return orm.em.fork().transactional(async (tx) => {
        const council = await tx.findOneOrFail(Council, { id: 1 });
        const before = (council.settings as { oidc?: OidcSettings }).oidc ?? null;
        const { clientSecret, ...rest } = input;
        const next: OidcSettings = {
          ...rest,
          clientSecretSealed:
            clientSecret !== undefined
              ? box.seal(clientSecret, 'oidc-client-secret')
              : (before?.clientSecretSealed ?? null),
        };
        council.settings = { ...council.settings, oidc: next };
        await tx.flush();
        await recordAudit(tx, {
          action: 'council.oidc-settings-changed',
          entityType: 'council',
          entityId: '1',
          before: before ? { ...before, clientSecretSealed: before.clientSecretSealed ? '(set)' : null } : undefined,
          after: { ...next, clientSecretSealed: next.clientSecretSealed ? '(set)' : null },
        });
        cached = null;
        return next;
      });
    },

    /** The directory's authorization URL, and the sealed flow cookie to set. */
    async start(): Promise<{ url: string; cookie: string }> {
      const s = await enabled();
      const c = await configuration(s);
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const cookie = box.seal(
        JSON.stringify({ verifier, state, nonce, exp: clock.now().getTime() + FLOW_MINUTES * 60_000 }),
        'oidc-flow',
      );
      return { url: url.href, cookie };
    },

    /**
     * Finishes a sign-in: checks the directory's answer (state, PKCE, nonce, ID token signature and
     * audience), finds the account, sets its roles from the mapping, and says whether the directory
     * proved a second factor.
     */
    async finish(callbackUrl: URL, flowCookie: string | undefined): Promise<OidcOutcome> {
      const s = await enabled();
      if (!flowCookie)
        throw new UnauthenticatedError('The sign-in took too long or was started elsewhere; start again');
      let flow: { verifier: string; state: string; nonce: string; exp: number };
      try {
        flow = JSON.parse(box.openText(flowCookie, 'oidc-flow'));
      } catch {
        throw new UnauthenticatedError('The sign-in could not be continued; start again');
      }
      if (flow.exp < clock.now().getTime()) throw new UnauthenticatedError('The sign-in took too long; start again');
      const c = await configuration(s);
      let claims: oidc.IDToken;
      try {
        const tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims()!;
      } catch (e) {
        throw new UnauthenticatedError(`The directory's answer was refused: ${(e as Error).message}`);
      }
      const subject = `${s.issuer}#${claims.sub}`;
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
      const raw = claims[s.roleClaim];
      const values = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
      const mapped = [...new Set(values.map((v) => s.roleMap[v]).filter((r): r is Role => !!r))].filter((r) =>
        s.allowedRoles.includes(r),
      );
      const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : [];
      const mfa =
        amr.some((m) => s.mfaAmr.includes(m)) || (typeof claims.acr === 'string' && s.mfaAcr.includes(claims.acr));

      const em = orm.em.fork();
      const result = await em.transactional(
        async (tx): Promise<OidcOutcome | { refused: string; accountId: string | null }> => {
          let account = await tx.findOne(Account, { oidcSubject: subject }, { populate: ['mfaSecretSealed'] });
          if (!account && email && claims.email_verified === true) {
            account = await tx.findOne(Account, { email }, { populate: ['mfaSecretSealed'] });
            if (account?.oidcSubject) account = null;
          }
          if (!account)
            return {
              refused: 'There is no registry account for this directory user; ask an administrator',
              accountId: null,
            };
          if (!account.canSignIn()) return { refused: 'This registry account is disabled', accountId: account.id };
          if (!mapped.length)
            return {
              refused: 'Your directory account has no role that may use this registry; ask an administrator',
              accountId: account.id,
            };
          const outside = account.roles.filter((r) => !s.allowedRoles.includes(r));
          if (outside.length)
            return {
              refused: `Accounts with the ${outside.join(', ')} role sign in with their password`,
              accountId: account.id,
            };
          account.oidcSubject = subject;
          const before = [...account.roles].sort();
          const after = [...mapped].sort();
          if (before.join() !== after.join()) account.roles = after;
          await tx.flush();
          await recordAudit(tx, {
            action: 'auth.sso.verified',
            entityType: 'account',
            entityId: account.id,
            after: {
              subject,
              amr,
              acr: claims.acr ?? null,
              mfa,
              ...(before.join() !== after.join() ? { rolesBefore: before, roles: after } : {}),
            },
          });
          if (isStaff(account.roles) && !mfa)
            return { kind: account.hasMfa() ? 'mfa-required' : 'mfa-enrolment-required', accountId: account.id };
          return { kind: 'signed-in', accountId: account.id, mfa };
        },
      );
      if ('refused' in result) {
        // Recorded on its own: the refusal changes nothing else.
        await em.transactional((tx) =>
          recordAudit(tx, {
            action: 'auth.sso.refused',
            entityType: 'account',
            entityId: result.accountId,
            after: { subject, email, reason: result.refused },
          }),
        );
        throw new UnauthenticatedError(result.refused);
      }
      return result;
    },

    /** Where to send the browser after signing out: the directory's end-session endpoint when it has one. */
    async logoutUrl(): Promise<string> {
      // Post-logout addresses may not carry a fragment (OpenID Connect RP-initiated logout): the UI root.
      const back = `${config.publicUrl}/`;
      const s = await settings();
      if (!s?.enabled) return back;
      const c = await configuration(s);
      if (!c.serverMetadata().end_session_endpoint) return back;
      return oidc.buildEndSessionUrl(c, { post_logout_redirect_uri: back, client_id: s.clientId }).href;
    },
  };
}

export const ROLE_VALUES = ROLES;
export type OidcService = ReturnType<typeof oidcService>;
