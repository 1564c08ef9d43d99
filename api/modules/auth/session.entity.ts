import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

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
