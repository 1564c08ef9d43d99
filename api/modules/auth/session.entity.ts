import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/** How a session's sign-in proved a second factor (null: password only, which staff roles never accept). */
/** How a session's sign-in proved a second factor: a TOTP code, a recovery code, or the directory (single sign-on). */
export type MfaMethod = 'totp' | 'recovery-code' | 'directory';

/**
 * One sign-in: what its access tokens carry as `sid`. Its refresh tokens form one family (family_id
 * is the session id). Ending a session (sign-out, refresh-token reuse, a change to the account's
 * roles or status, a password reset) sets revoked_at; a trigger then tells every instance through
 * PostgreSQL NOTIFY, so the session's access tokens stop working at once.
 */
export const AuthSessionSchema = defineEntity({
  name: 'AuthSession',
  tableName: 'auth_session',
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).ref().index().deleteRule('cascade'),
    mfaMethod: p.string().length(16).nullable().$type<MfaMethod>(),
    createdAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.string().length(40).nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(300).nullable(),
  },
});
export class AuthSession extends AuthSessionSchema.class {}
AuthSessionSchema.setClass(AuthSession);

/**
 * One refresh token. Tokens of one sign-in share a family; each use rotates to a new token, and
 * presenting a used one revokes the whole family (token theft detection).
 */
export const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  properties: {
    tokenHash: p.string().length(64).primary(),
    familyId: p.uuid().index(),
    account: () => p.manyToOne(Account).ref().index().deleteRule('cascade'),
    issuedAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    userAgent: p.string().length(300).nullable(),
  },
});
export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);

export const PasswordResetSchema = defineEntity({
  name: 'PasswordReset',
  tableName: 'password_reset',
  properties: {
    tokenHash: p.string().length(64).primary(),
    account: () => p.manyToOne(Account).ref().index().deleteRule('cascade'),
    purpose: p.string().length(16).$type<'reset' | 'invitation'>(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export class PasswordReset extends PasswordResetSchema.class {}
PasswordResetSchema.setClass(PasswordReset);

export const RecoveryCodeSchema = defineEntity({
  name: 'RecoveryCode',
  tableName: 'mfa_recovery_code',
  properties: {
    codeHash: p.string().length(64).primary(),
    account: () => p.manyToOne(Account).ref().index().deleteRule('cascade'),
    createdAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export class RecoveryCode extends RecoveryCodeSchema.class {}
RecoveryCodeSchema.setClass(RecoveryCode);

/**
 * A request for a password reset link, as received: every request (for an account or not) writes
 * exactly this row and nothing else, so the answer takes the same time either way. The link is
 * made and e-mailed after the answer, from this queue (and by a job every minute should that fail).
 */
export const PasswordResetRequestSchema = defineEntity({
  name: 'PasswordResetRequest',
  tableName: 'password_reset_request',
  properties: {
    id: p.uuid().primary(),
    email: p.string().length(254),
    ip: p.string().length(64),
    createdAt: p.datetime().index(),
  },
});
export class PasswordResetRequest extends PasswordResetRequestSchema.class {}
PasswordResetRequestSchema.setClass(PasswordResetRequest);
