/**
 * Sign-in sessions in the database: opened at sign-in (recording whether a second factor was
 * proved) and ended with a reason. Ending one revokes its refresh tokens in the same statement
 * batch; the auth_session trigger then notifies every instance (see session-guard.ts).
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { newId } from '../../shared/ids.js';
import { AuthSession, type MfaMethod } from './session.entity.js';

export type SessionEndReason =
  'signed-out' | 'refresh-token-reused' | 'account-disabled' | 'mfa-missing' | 'password-reset';

export function openSession(
  tx: EntityManager,
  accountId: string,
  mfaMethod: MfaMethod | null,
  client: { ip: string; userAgent: string | undefined },
  now: Date,
): AuthSession {
  return tx.create(AuthSession, {
    id: newId(),
    account: accountId,
    mfaMethod,
    createdAt: now,
    ip: client.ip.slice(0, 64),
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
}

/** Ends one session, or every open session of an account; answers the ids ended. */
export async function endSessions(
  tx: EntityManager,
  which: { sessionId: string } | { accountId: string },
  reason: SessionEndReason,
  now: Date,
): Promise<string[]> {
  const [column, value] = 'sessionId' in which ? ['id', which.sessionId] : ['account_id', which.accountId];
  const ended = await tx.execute<{ id: string }[]>(
    `update auth_session set revoked_at = ?, revoked_reason = ? where ${column} = ? and revoked_at is null returning id`,
    [now, reason, value],
  );
  const familyColumn = 'sessionId' in which ? 'family_id' : 'account_id';
  await tx.execute(`update refresh_token set revoked_at = ? where ${familyColumn} = ? and revoked_at is null`, [
    now,
    value,
  ]);
  return ended.map((r) => r.id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a session is open and its account active (what SessionGuard asks the database). */
export async function sessionIsOpen(orm: MikroORM, sessionId: string): Promise<boolean> {
  if (!UUID.test(sessionId)) return false;
  const rows = await orm.em.getConnection().execute<{ open: number }[]>(
    `select 1 as open from auth_session s join account a on a.id = s.account_id
     where s.id = ? and s.revoked_at is null and a.status = 'active'`,
    [sessionId],
  );
  return rows.length === 1;
}
