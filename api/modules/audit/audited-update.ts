/**
 * The one shape of an audited edit: load, check the version the caller read (409 when stale),
 * apply the change, flush, and record before/after in the same transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode, type EntityName } from '@mikro-orm/core';
import { recordAudit } from './audit.service.js';

export async function updateAudited<
  T extends { id: string | number; version: number },
  S extends Record<string, unknown>,
>(
  tx: EntityManager,
  entity: EntityName<T>,
  id: string,
  version: number,
  audit: { entityType: string; action: string; snapshot: (e: T) => S },
  apply: (e: T) => void,
): Promise<T> {
  const record = (await tx.findOneOrFail(entity, { id } as never)) as T;
  await tx.lock(record, LockMode.OPTIMISTIC, version);
  const before = audit.snapshot(record);
  apply(record);
  await tx.flush();
  await recordAudit(tx, {
    action: audit.action,
    entityType: audit.entityType,
    entityId: id,
    before,
    after: audit.snapshot(record),
  });
  return record;
}
