/**
 * Signing in and staying signed in: password check, TOTP MFA (with enrolment and recovery codes),
 * rotating refresh tokens with reuse detection, and password reset by e-mailed single-use link.
 * Answers never reveal whether an account exists.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import QRCode from 'qrcode';
import type { AppDeps } from '../../deps.js';
import { ConflictError, UnauthenticatedError, ValidationError } from '../../shared/errors.js';
import { hashToken, newId, newToken } from '../../shared/ids.js';
import { assertUnderRateLimit, clearRateLimit, hitRateLimit } from '../../shared/rate-limit.js';
import { recordAudit } from '../audit/index.js';
import { queueEmail } from '../notifications/index.js';
import { Council } from '../council/index.js';
import { Account } from './account.entity.js';
import {
  dummyPasswordHash,
  hashPassword,
  hashRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  totpUri,
  verifyPassword,
} from './credentials.js';
import { PasswordReset, RecoveryCode, RefreshToken, type MfaMethod } from './session.entity.js';
import { endSessions, openSession } from './sessions.js';
import { setActor } from '../../http/request-context.js';

export type AccountView = {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  mfaEnabled: boolean;
  locale: string;
};
export type SignedIn = {
  status: 'signed-in';
  accessToken: string;
  expiresIn: number;
  account: AccountView;
  refreshToken: string;
  recoveryCodes?: string[];
};
export type SignInResult = SignedIn | { status: 'mfa-required' | 'mfa-enrolment-required'; mfaToken: string };
export type ClientInfo = { ip: string; userAgent: string | undefined };

const WRONG_CREDENTIALS = 'The e-mail address or password is not right';
const RESET_MINUTES = 30;
export const INVITATION_MINUTES = 7 * 24 * 60;

export const accountView = (a: Account): AccountView => ({
  id: a.id,
  email: a.email,
  displayName: a.displayName,
  roles: [...a.roles],
  mfaEnabled: a.hasMfa(),
  locale: a.locale,
});

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export function authService(deps: AppDeps) {
  const { orm, clock, tokens, box, config } = deps;
  const em = () => orm.em;
  const limit = (key: string, n: number, windowSeconds = config.signInWindowSeconds) =>
    hitRateLimit(orm.em.fork(), key, { limit: n, windowSeconds }, clock.now());
  const actAs = (a: Account) => setActor({ id: a.id, label: a.email, roles: a.roles });

  /**
   * Issues a refresh token and an access token for a session: a new one (sign-in) or the one a
   * refresh token belongs to. The access token says whether that session's sign-in proved a second
   * factor, which is what staff roles require, never whether the account has MFA set up.
   */
  async function issueTokens(
    tx: EntityManager,
    account: Account,
    client: ClientInfo,
    session: { id: string; mfaMethod?: MfaMethod | null },
  ): Promise<SignedIn> {
    const now = clock.now();
    const refreshToken = newToken();
    tx.create(RefreshToken, {
      tokenHash: hashToken(refreshToken),
      familyId: session.id,
      account: account.id,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + config.refreshTokenTtlDays * 86_400_000),
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    const accessToken = await tokens.issueAccess({
      sub: account.id,
      roles: [...account.roles],
      name: account.email,
      mfa: session.mfaMethod != null,
      sid: session.id,
    });
    return {
      status: 'signed-in',
      accessToken,
      expiresIn: config.accessTokenTtlSeconds,
      account: accountView(account),
      refreshToken,
    };
  }

  /** A new session for an account whose password (and, for staff, second factor) was just checked. */
  const startSession = (tx: EntityManager, account: Account, client: ClientInfo, mfaMethod: MfaMethod | null) =>
    issueTokens(tx, account, client, openSession(tx, account.id, mfaMethod, client, clock.now()));

  async function signedInWithAudit(
    account: Account,
    client: ClientInfo,
    action: string,
    mfaMethod: MfaMethod | null,
  ): Promise<SignedIn> {
    return em().transactional(async (tx) => {
      actAs(account);
      const session = await startSession(tx, account, client, mfaMethod);
      await recordAudit(tx, {
        action,
        entityType: 'account',
        entityId: account.id,
        after: { ip: client.ip, userAgent: client.userAgent ?? null },
      });
      return session;
    });
  }

  async function accountForMfa(mfaToken: string, step: 'verify' | 'enrol'): Promise<Account> {
    const claims = await tokens.verifyMfa(mfaToken);
    if (claims.step !== step) throw new UnauthenticatedError('This sign-in step does not match; sign in again');
    const account = await em().findOne(Account, { id: claims.sub }, { populate: ['mfaSecretSealed'] });
    if (!account || !account.canSignIn()) throw new UnauthenticatedError('Sign in again');
    return account;
  }

  return {
    /**
     * A sign-in whose first step another party checked (single sign-on): a session, or — for staff
     * whose directory did not prove a second factor — the TOTP step, exactly as after a password.
     */
    async signInVerified(
      outcome:
        | { kind: 'signed-in'; accountId: string; mfa: boolean }
        | { kind: 'mfa-required' | 'mfa-enrolment-required'; accountId: string },
      client: ClientInfo,
    ): Promise<SignInResult> {
      const account = await em().findOneOrFail(Account, { id: outcome.accountId });
      if (outcome.kind !== 'signed-in')
        return {
          status: outcome.kind,
          mfaToken: await tokens.issueMfa({
            sub: account.id,
            step: outcome.kind === 'mfa-required' ? 'verify' : 'enrol',
          }),
        };
      return signedInWithAudit(account, client, 'auth.signed-in.sso', outcome.mfa ? 'directory' : null);
    },

    async signIn(input: { email: string; password: string }, client: ClientInfo): Promise<SignInResult> {
      const email = normaliseEmail(input.email);
      // Per client address only failures count, so an office behind one address is not locked out
      // by its own successful sign-ins; per account every attempt counts until one succeeds.
      const ipKey = `sign-in:ip:${client.ip}`;
      const ipLimit = { limit: config.signInLimit * 5, windowSeconds: config.signInWindowSeconds };
      await assertUnderRateLimit(em(), ipKey, ipLimit, clock.now());
      await limit(`sign-in:account:${email}`, config.signInLimit);
      const account = await em().findOne(Account, { email }, { populate: ['passwordHash'] });
      const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
      if (!account || !ok || !account.canSignIn() || !account.passwordHash) {
        if (account) {
          await em().transactional((tx) =>
            recordAudit(tx, {
              action: 'auth.sign-in.failed',
              entityType: 'account',
              entityId: account.id,
              after: { ip: client.ip },
            }),
          );
        }
        await hitRateLimit(orm.em.fork(), ipKey, ipLimit, clock.now()).catch(() => {});
        throw new UnauthenticatedError(WRONG_CREDENTIALS);
      }
      await clearRateLimit(em(), `sign-in:account:${email}`);
      if (account.isStaff()) {
        const step = account.hasMfa() ? 'verify' : 'enrol';
        return {
          status: step === 'verify' ? 'mfa-required' : 'mfa-enrolment-required',
          mfaToken: await tokens.issueMfa({ sub: account.id, step }),
        };
      }
      return signedInWithAudit(account, client, 'auth.signed-in', null);
    },

    async verifyMfa(input: { mfaToken: string; code: string }, client: ClientInfo): Promise<SignedIn> {
      const account = await accountForMfa(input.mfaToken, 'verify');
      await limit(`mfa:${account.id}`, 5, 300);
      // "123 456" as printed by many authenticator apps is a TOTP code, not a recovery code.
      const code = /^\d{3}\s+\d{3}$/.test(input.code.trim()) ? input.code.replace(/\s+/g, '') : input.code.trim();
      let accepted = false;
      if (/^\d{6}$/.test(code)) {
        const secret = box.openText(account.mfaSecretSealed as unknown as string, `totp:${account.id}`);
        const step = matchTotp(secret, code, clock.now());
        if (step !== null) {
          // Atomic: a code (time step) is accepted once, even by two requests at the same moment.
          const rows = await em().execute(
            `update account set mfa_last_step = ? where id = ? and (mfa_last_step is null or mfa_last_step < ?) returning id`,
            [step, account.id, step],
          );
          accepted = rows.length === 1;
        }
      } else {
        const rows = await em().execute(
          `update mfa_recovery_code set used_at = ? where code_hash = ? and account_id = ? and used_at is null returning code_hash`,
          [clock.now(), hashRecoveryCode(code), account.id],
        );
        accepted = rows.length === 1;
      }
      if (!accepted) {
        await em().transactional((tx) => {
          actAs(account);
          return recordAudit(tx, {
            action: 'auth.mfa.failed',
            entityType: 'account',
            entityId: account.id,
            after: { ip: client.ip },
          });
        });
        throw new UnauthenticatedError('The authentication code is not right, or was already used');
      }
      await clearRateLimit(em(), `mfa:${account.id}`);
      const totp = /^\d{6}$/.test(code);
      return signedInWithAudit(
        account,
        client,
        totp ? 'auth.signed-in' : 'auth.signed-in.recovery-code',
        totp ? 'totp' : 'recovery-code',
      );
    },

    async startMfaEnrolment(input: {
      mfaToken: string;
    }): Promise<{ secret: string; otpauthUri: string; qrDataUrl: string }> {
      const account = await accountForMfa(input.mfaToken, 'enrol');
      if (account.hasMfa()) throw new ConflictError('MFA is already set up for this account');
      const secret = newTotpSecret();
      await em().execute(`update account set mfa_secret_sealed = ? where id = ? and mfa_enabled_at is null`, [
        box.seal(secret, `totp:${account.id}`),
        account.id,
      ]);
      const council = await em().findOne(Council, { id: 1 });
      const uri = totpUri(secret, account.email, council?.name ?? 'Social Work Registry');
      return { secret, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
    },

    async confirmMfaEnrolment(input: { mfaToken: string; code: string }, client: ClientInfo): Promise<SignedIn> {
      const account = await accountForMfa(input.mfaToken, 'enrol');
      if (account.hasMfa()) throw new ConflictError('MFA is already set up for this account');
      if (!account.mfaSecretSealed) throw new ConflictError('Start the enrolment first');
      await limit(`mfa:${account.id}`, 5, 300);
      const secret = box.openText(account.mfaSecretSealed as unknown as string, `totp:${account.id}`);
      const step = matchTotp(secret, input.code.trim(), clock.now());
      if (step === null)
        throw new ValidationError(
          'code',
          'the code does not match; check the time on your device and try the next code',
        );
      await clearRateLimit(em(), `mfa:${account.id}`);
      const codes = newRecoveryCodes();
      return em().transactional(async (tx) => {
        actAs(account);
        account.mfaEnabledAt = clock.now();
        account.mfaLastStep = step;
        await tx.nativeDelete(RecoveryCode, { account: account.id });
        for (const c of codes)
          tx.create(RecoveryCode, { codeHash: hashRecoveryCode(c), account: account.id, createdAt: clock.now() });
        await recordAudit(tx, { action: 'auth.mfa.enrolled', entityType: 'account', entityId: account.id });
        const session = await startSession(tx, account, client, 'totp');
        await recordAudit(tx, {
          action: 'auth.signed-in',
          entityType: 'account',
          entityId: account.id,
          after: { ip: client.ip, userAgent: client.userAgent ?? null },
        });
        return { ...session, recoveryCodes: codes };
      });
    },

    async regenerateRecoveryCodes(accountId: string): Promise<string[]> {
      const codes = newRecoveryCodes();
      await em().transactional(async (tx) => {
        const account = await tx.findOneOrFail(Account, { id: accountId });
        if (!account.hasMfa()) throw new ConflictError('Set up MFA first');
        await tx.nativeDelete(RecoveryCode, { account: accountId });
        for (const c of codes)
          tx.create(RecoveryCode, { codeHash: hashRecoveryCode(c), account: accountId, createdAt: clock.now() });
        await recordAudit(tx, {
          action: 'auth.mfa.recovery-codes-replaced',
          entityType: 'account',
          entityId: accountId,
        });
      });
      return codes;
    },

    /**
     * Rotates a refresh token within its session. Presenting one that was already used ends the
     * session (token theft). A session that no longer suits the account ends too: a disabled
     * account, or council staff roles without a second factor proved at sign-in (a role change
     * ends sessions itself; this is the second guard).
     */
    async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<SignedIn> {
      if (!refreshToken) throw new UnauthenticatedError('No session; sign in');
      const result = await em().transactional(async (tx) => {
        const [row] = await tx.execute<
          {
            family_id: string;
            account_id: string;
            used_at: Date | null;
            revoked_at: Date | null;
            expires_at: Date;
            session_revoked_at: Date | null;
            mfa_method: MfaMethod | null;
          }[]
        >(
          `select t.family_id, t.account_id, t.used_at, t.revoked_at, t.expires_at, s.revoked_at as session_revoked_at, s.mfa_method
           from refresh_token t left join auth_session s on s.id = t.family_id
           where t.token_hash = ? for update of t`,
          [hashToken(refreshToken)],
        );
        const now = clock.now();
        if (!row || row.revoked_at || row.session_revoked_at || new Date(row.expires_at) <= now) return null;
        const account = await tx.findOne(Account, { id: row.account_id });
        if (!account) return null;
        actAs(account);
        const session = { id: row.family_id, mfaMethod: row.mfa_method };
        if (row.used_at) {
          await endSessions(tx, { sessionId: session.id }, 'refresh-token-reused', now);
          await recordAudit(tx, {
            action: 'auth.session.revoked-on-token-reuse',
            entityType: 'account',
            entityId: account.id,
            after: { ip: client.ip, familyId: row.family_id },
          });
          return 'reused' as const;
        }
        await tx.execute(`update refresh_token set used_at = ? where token_hash = ?`, [now, hashToken(refreshToken)]);
        if (!account.canSignIn()) {
          await endSessions(tx, { sessionId: session.id }, 'account-disabled', now);
          return null;
        }
        if (account.isStaff() && session.mfaMethod === null) {
          await endSessions(tx, { sessionId: session.id }, 'mfa-missing', now);
          await recordAudit(tx, {
            action: 'auth.session.ended-without-mfa',
            entityType: 'account',
            entityId: account.id,
            after: { ip: client.ip, familyId: row.family_id },
          });
          return 'mfa' as const;
        }
        return issueTokens(tx, account, client, session);
      });
      if (result === 'reused')
        throw new UnauthenticatedError(
          'This session was ended because an old sign-in token was used again; sign in again',
        );
      if (result === 'mfa')
        throw new UnauthenticatedError('Council staff sign in with a second factor (MFA); sign in again');
      if (!result) throw new UnauthenticatedError('The session has ended; sign in again');
      return result;
    },

    /** Ends the session of the refresh cookie and of the access token presented (either may be missing). */
    async signOut(refreshToken: string | undefined, sessionId: string | undefined): Promise<void> {
      await em().transactional(async (tx) => {
        const [row] = refreshToken
          ? await tx.execute<{ family_id: string }[]>(`select family_id from refresh_token where token_hash = ?`, [
              hashToken(refreshToken),
            ])
          : [];
        const ids = [...new Set([row?.family_id, sessionId].filter((id): id is string => Boolean(id)))];
        if (!ids.length) return;
        for (const id of ids) await endSessions(tx, { sessionId: id }, 'signed-out', clock.now());
        const [owner] = await tx.execute<{ account_id: string }[]>(`select account_id from auth_session where id = ?`, [
          ids[0],
        ]);
        if (owner)
          await recordAudit(tx, { action: 'auth.signed-out', entityType: 'account', entityId: owner.account_id });
      });
      if (sessionId) deps.sessions.forget(sessionId);
    },

    async me(accountId: string): Promise<AccountView> {
      return accountView(await em().findOneOrFail(Account, { id: accountId }));
    },

    /** The signed-in person's own language choice, kept on the account (e-mails and PDFs follow it). */
    async chooseLanguage(accountId: string, language: string): Promise<AccountView> {
      const council = await em().findOneOrFail(Council, { id: 1 });
      if (!council.locales.includes(language))
        throw new ValidationError('language', `not a language this registry offers (${council.locales.join(', ')})`);
      const account = await em().findOneOrFail(Account, { id: accountId });
      if (account.locale !== language) {
        account.locale = language;
        await em().flush();
      }
      return accountView(account);
    },

    /**
     * Always succeeds from the caller's point of view, in the same time whether or not the account
     * exists: the request is only queued here. The link is made and e-mailed (to an active account
     * only) right after the answer, by processResetRequests.
     */
    async requestPasswordReset(input: { email: string }, client: ClientInfo): Promise<void> {
      const email = normaliseEmail(input.email);
      await limit(`reset:ip:${client.ip}`, 20, 3600);
      await limit(`reset:account:${email}`, 3, 3600);
      await em().execute(`insert into password_reset_request (id, email, ip, created_at) values (?, ?, ?, ?)`, [
        newId(),
        email,
        client.ip.slice(0, 64),
        clock.now(),
      ]);
      setImmediate(() => {
        processResetRequests(deps).catch((err: unknown) =>
          deps.log.warn({ err }, 'password reset requests: sending failed; the job retries within a minute'),
        );
      });
    },

    async confirmPasswordReset(input: { token: string; password: string }): Promise<void> {
      const passwordHash = await hashPassword(input.password);
      await em().transactional(async (tx) => {
        const now = clock.now();
        const rows = await tx.execute<{ account_id: string; purpose: string }[]>(
          `update password_reset set used_at = ? where token_hash = ? and used_at is null and expires_at > ? returning account_id, purpose`,
          [now, hashToken(input.token), now],
        );
        if (rows.length !== 1)
          throw new ValidationError(
            'token',
            'this link is not valid any more (used, expired or replaced); ask for a new one',
          );
        const accountId = rows[0]!.account_id;
        const account = await tx.findOneOrFail(Account, { id: accountId });
        if (input.password.toLowerCase().includes(account.email.split('@')[0]!.toLowerCase())) {
          throw new ValidationError('password', 'must not contain your e-mail name');
        }
        actAs(account);
        account.passwordHash = passwordHash;
        await tx.execute(`update password_reset set used_at = ? where account_id = ? and used_at is null`, [
          now,
          accountId,
        ]);
        await endSessions(tx, { accountId }, 'password-reset', now);
        await recordAudit(tx, {
          action: rows[0]!.purpose === 'invitation' ? 'auth.password.set' : 'auth.password.reset',
          entityType: 'account',
          entityId: accountId,
        });
      });
    },
  };
}

/**
 * Turns queued password reset requests into links and e-mails, a batch per transaction; rows are
 * claimed with SKIP LOCKED, so instances and the job share the work and each request is handled once.
 */
export async function processResetRequests(deps: AppDeps): Promise<number> {
  let handled = 0;
  for (;;) {
    const n = await deps.orm.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string; email: string; ip: string }[]>(
        `select id, email, ip from password_reset_request order by created_at limit 20 for update skip locked`,
      );
      for (const r of rows) {
        const account = await tx.findOne(Account, { email: r.email });
        if (!account || !account.canSignIn()) continue;
        await issueSetPasswordLink(deps, tx, account, 'reset', RESET_MINUTES);
        await recordAudit(tx, {
          action: 'auth.password-reset.requested',
          entityType: 'account',
          entityId: account.id,
          after: { ip: r.ip },
        });
      }
      if (rows.length) {
        await tx.execute(
          `delete from password_reset_request where id in (${rows.map(() => '?').join(', ')})`,
          rows.map((r) => r.id),
        );
      }
      return rows.length;
    });
    handled += n;
    if (n < 20) return handled;
  }
}

/** Creates a single-use link token and queues the e-mail that carries it, in the caller's transaction. */
export async function issueSetPasswordLink(
  deps: AppDeps,
  tx: EntityManager,
  account: Account,
  purpose: 'reset' | 'invitation',
  minutes: number,
): Promise<void> {
  const token = newToken();
  const now = deps.clock.now();
  tx.create(PasswordReset, {
    tokenHash: hashToken(token),
    account: account.id,
    purpose,
    createdAt: now,
    expiresAt: new Date(now.getTime() + minutes * 60_000),
  });
  const council = await tx.findOne(Council, { id: 1 });
  await queueEmail(
    tx,
    {
      idempotencyKey: `${purpose}:${hashToken(token)}`,
      to: account.email,
      template: purpose === 'reset' ? 'password-reset' : 'account-invitation',
      locale: account.locale,
      vars: {
        name: account.displayName,
        councilName: council?.name ?? 'Social Work Registry',
        link: `${deps.config.publicUrl}/#/reset-password?token=${token}`,
        validMinutes: String(minutes),
      },
    },
    now,
  );
}
