/** Council admins manage accounts: invite, change roles, disable. Every change is audited. */
import { LockMode } from '@mikro-orm/core';
import type { AppDeps } from '../../deps.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { Account } from './account.entity.js';
import { INVITATION_MINUTES, issueSetPasswordLink, normaliseEmail } from './auth.service.js';
import type { AccountListQuery } from './auth.schema.js';
import type { Role } from './auth.permissions.js';

export const managedAccountView = (a: Account) => ({
  id: a.id,
  email: a.email,
  displayName: a.displayName,
  roles: [...a.roles],
  mfaEnabled: a.hasMfa(),
  locale: a.locale,
  status: a.status,
  createdAt: a.createdAt.toISOString(),
  version: a.version,
});

const snapshot = (a: Account) => ({
  email: a.email,
  displayName: a.displayName,
  roles: [...a.roles],
  status: a.status,
  locale: a.locale,
});

export function accountService(deps: AppDeps) {
  const em = () => deps.orm.em;
  return {
    async list(q: AccountListQuery) {
      const where: Record<string, unknown> = {};
      if (q.status) where.status = q.status;
      if (q.role) where.roles = { $contains: [q.role] };
      if (q.q) where.$or = [{ email: { $ilike: `%${q.q}%` } }, { displayName: { $ilike: `%${q.q}%` } }];
      const [items, total] = await em().findAndCount(Account, where, {
        orderBy: { [q.sort ?? 'email']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: items.map(managedAccountView), total };
    },

    /** Active council staff, for assigning work (reviewers, panel members). */
    async staffDirectory(role?: Role) {
      const roles = role ? [role] : ['admin', 'registrar', 'reviewer', 'auditor'];
      const items = await em().find(
        Account,
        { status: 'active', roles: { $overlap: roles } },
        { orderBy: { displayName: 'asc' }, limit: 500 },
      );
      return {
        items: items.map((a) => ({ id: a.id, displayName: a.displayName, email: a.email, roles: [...a.roles] })),
        total: items.length,
      };
    },

    async get(id: string) {
      return managedAccountView(await em().findOneOrFail(Account, { id }));
    },

    /** Creates the account and e-mails a single-use link to choose a password. */
    async invite(input: { email: string; displayName: string; roles: Role[]; locale: string }) {
      const email = normaliseEmail(input.email);
      return em().transactional(async (tx) => {
        if (await tx.count(Account, { email }))
          throw new ConflictError('An account with this e-mail address already exists', 'email');
        const account = tx.create(Account, {
          email,
          displayName: input.displayName,
          roles: [...new Set(input.roles)],
          locale: input.locale,
          status: 'active',
        });
        await tx.flush();
        await issueSetPasswordLink(deps, tx, account, 'invitation', INVITATION_MINUTES);
        await recordAudit(tx, {
          action: 'account.invited',
          entityType: 'account',
          entityId: account.id,
          after: snapshot(account),
        });
        return managedAccountView(account);
      });
    },

    async update(
      id: string,
      actorId: string,
      input: { displayName?: string; roles?: Role[]; status?: 'active' | 'disabled'; locale?: string; version: number },
    ) {
      return em().transactional(async (tx) => {
        const account = await tx.findOneOrFail(Account, { id });
        await tx.lock(account, LockMode.OPTIMISTIC, input.version);
        if (id === actorId && input.status === 'disabled')
          throw new ValidationError('status', 'you cannot disable your own account');
        if (id === actorId && input.roles && !input.roles.includes('admin') && account.roles.includes('admin')) {
          throw new ValidationError('roles', 'you cannot remove your own admin role; ask another admin');
        }
        const before = snapshot(account);
        if (input.displayName !== undefined) account.displayName = input.displayName;
        if (input.roles !== undefined) account.roles = [...new Set(input.roles)];
        if (input.status !== undefined) account.status = input.status;
        if (input.locale !== undefined) account.locale = input.locale;
        // A change of roles or status ends every session of the account in this transaction (the
        // account_access_changed trigger), so no token carries roles the account no longer has, and a
        // newly granted staff role is used only after a sign-in with MFA.
        await tx.flush();
        await recordAudit(tx, {
          action: 'account.updated',
          entityType: 'account',
          entityId: id,
          before,
          after: snapshot(account),
        });
        return managedAccountView(account);
      });
    },
  };
}
