/**
 * Writing and reading the audit trail. `recordAudit` must be called with the EntityManager of the
 * transaction that makes the change, so the record commits or rolls back with it.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { currentScope, SYSTEM_ACTOR } from '../../http/request-context.js';
import { AuditEvent } from './audit-event.entity.js';
import type { AuditListQuery } from './audit.schema.js';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  occurredAt?: Date;
};

export async function recordAudit(em: EntityManager, entry: AuditEntry): Promise<void> {
  const scope = currentScope();
  const actor = scope?.actor ?? SYSTEM_ACTOR;
  await em.execute(
    `insert into audit_event (occurred_at, actor_id, actor_label, action, entity_type, entity_id, before, after, request_id, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')`,
    [
      entry.occurredAt ?? new Date(),
      actor.id,
      actor.label,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      entry.before ? JSON.stringify(entry.before) : null,
      entry.after ? JSON.stringify(entry.after) : null,
      scope?.requestId ?? null,
    ],
    'run',
  );
}

export async function listAuditEvents(em: EntityManager, q: AuditListQuery) {
  const where: Record<string, unknown> = {};
  if (q.action) where.action = q.action;
  if (q.entityType) where.entityType = q.entityType;
  if (q.entityId) where.entityId = q.entityId;
  if (q.actorId) where.actorId = q.actorId;
  const [items, total] = await em.findAndCount(AuditEvent, where, {
    orderBy: { seq: q.order === 'asc' ? 'asc' : 'desc' },
    limit: q.perPage,
    offset: (q.page - 1) * q.perPage,
  });
  return { items, total };
}

export type ChainVerification = { ok: boolean; checked: number; firstBrokenSeq: number | null; reason: string | null };

/**
 * Walks the chain in seq order (keyset batches): each row's stored hash must equal its recomputed
 * digest, its prev_hash must equal the previous row's hash, and seq must have no gaps. The first
 * row that fails is named.
 */
export async function verifyAuditChain(orm: MikroORM, batchSize = 5000): Promise<ChainVerification> {
  const conn = orm.em.fork();
  let prevHash = '0'.repeat(64);
  let prevSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await conn.execute<{ seq: string; prev_hash: string; hash: string; expected: string }[]>(
      `select e.seq, e.prev_hash, e.hash, audit_digest(e) as expected from audit_event e where e.seq > ? order by e.seq limit ?`,
      [prevSeq, batchSize],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== prevSeq + 1)
        return {
          ok: false,
          checked,
          firstBrokenSeq: prevSeq + 1,
          reason: `row ${prevSeq + 1} is missing (next row is ${seq})`,
        };
      if (r.prev_hash !== prevHash)
        return {
          ok: false,
          checked,
          firstBrokenSeq: seq,
          reason: `row ${seq} does not link to row ${prevSeq} (prev_hash differs)`,
        };
      if (r.expected !== r.hash)
        return {
          ok: false,
          checked,
          firstBrokenSeq: seq,
          reason: `row ${seq} was altered (its content no longer matches its hash)`,
        };
      prevHash = r.hash;
      prevSeq = seq;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  const head = await conn.execute<{ seq: string; hash: string }[]>(
    'select seq, hash from audit_chain_head where id = 1',
  );
  if (head[0] && (Number(head[0].seq) !== prevSeq || head[0].hash !== prevHash)) {
    return {
      ok: false,
      checked,
      firstBrokenSeq: prevSeq + 1,
      reason: `the chain ends at row ${prevSeq} but the head records row ${head[0].seq}: rows were removed from the end`,
    };
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
