/**
 * Who may reach a registrant's records: council staff reach anyone's, a social worker only their
 * own. Every module that serves a person's records (licences, applications, CPD, certificates,
 * supervision, renewals) asks here.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthContext } from '../../http/authenticate.js';
import { ForbiddenError } from '../../shared/errors.js';
import { isStaff } from '../auth/index.js';

/** The registrant of the signed-in social worker, or null. */
export async function ownRegistrantId(em: EntityManager, auth: AuthContext): Promise<string | null> {
  const rows = await em.execute<{ id: string }[]>(`select id from registrant where account_id = ?`, [auth.accountId]);
  return rows[0]?.id ?? null;
}

/** Staff may reach any registrant; anyone else only their own. */
export async function assertRegistrantAccess(
  em: EntityManager,
  auth: AuthContext,
  registrantId: string,
): Promise<void> {
  if (isStaff(auth.roles)) return;
  if ((await ownRegistrantId(em, auth)) !== registrantId) throw new ForbiddenError('This is not your record');
}
