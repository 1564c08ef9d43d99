import { defineEntity, p } from '@mikro-orm/core';

/**
 * Append-only, hash-chained audit trail. Rows are inserted by `recordAudit` in the transaction of
 * the change they describe; a database trigger assigns `seq`, `prevHash` and `hash` under a lock on
 * the chain head, and another trigger refuses UPDATE and DELETE.
 */
export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  indexes: [{ properties: ['entityType', 'entityId'] }, { properties: ['occurredAt'] }],
  properties: {
    seq: p.bigint('number').primary().autoincrement(false),
    occurredAt: p.datetime(),
    actorId: p.uuid().nullable(),
    actorLabel: p.string().length(254),
    action: p.string().length(100),
    entityType: p.string().length(60),
    entityId: p.string().length(100).nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    requestId: p.string().length(64).nullable(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
});
export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);

/** The single row that holds the end of the chain; locking it serialises chain appends. */
export const AuditChainHeadSchema = defineEntity({
  name: 'AuditChainHead',
  tableName: 'audit_chain_head',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    seq: p.bigint('number'),
    hash: p.string().length(64),
  },
});
export class AuditChainHead extends AuditChainHeadSchema.class {}
AuditChainHeadSchema.setClass(AuditChainHead);
