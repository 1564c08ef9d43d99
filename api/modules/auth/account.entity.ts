import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { isStaff, type Role } from './auth.permissions.js';

export const AccountSchema = defineEntity({
  name: 'Account',
  tableName: 'account',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    email: p.string().length(254).unique(),
    displayName: p.string().length(200),
    passwordHash: p.string().length(200).nullable().hidden().lazy(),
    roles: p.array().$type<Role[]>(),
    status: p.string().length(16).default('active').$type<'active' | 'disabled'>(),
    locale: p.string().length(10).default('en'),
    mfaSecretSealed: p.text().nullable().hidden().lazy(),
    mfaEnabledAt: p.datetime().nullable(),
    mfaLastStep: p.bigint('number').nullable(),
    /** The directory user (issuer#sub) this account signs in as with single sign-on, bound at the first sign-in. */
    oidcSubject: p.string().length(500).nullable().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

export class Account extends AccountSchema.class {
  isStaff(): boolean {
    return isStaff(this.roles);
  }
  hasMfa(): boolean {
    return this.mfaEnabledAt != null;
  }
  canSignIn(): boolean {
    return this.status === 'active';
  }
}
AccountSchema.setClass(Account);
