import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { listOf } from '../../http/schemas.js';
import { listAuditEvents, verifyAuditChain } from './audit.service.js';
import { auditEventOut, auditListQuery, chainVerificationOut } from './audit.schema.js';
import type { AuditEvent } from './audit-event.entity.js';

const view = (e: AuditEvent) => ({
  seq: e.seq,
  occurredAt: e.occurredAt.toISOString(),
  actorId: e.actorId ?? null,
  actorLabel: e.actorLabel,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId ?? null,
  before: e.before ?? null,
  after: e.after ?? null,
  requestId: e.requestId ?? null,
  prevHash: e.prevHash,
  hash: e.hash,
});

export function auditRoutes(deps: AppDeps): RouteDef[] {
  const tags = ['Audit trail'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/audit-events',
      access: permission('audit.read'),
      tags,
      summary: 'The audit trail, newest first (filters: action, entityType, entityId, actorId)',
      description:
        'Lists audit events newest first, a page at a time, each with who acted, what changed (before and after), the request id and its place in the hash chain. Filter by action, entity type, entity id or actor. The trail is append-only: events are never changed or deleted.',
      query: auditListQuery,
      response: { status: 200, schema: listOf(auditEventOut, 'AuditEventList') },
      handler: async ({ query }) => {
        const { items, total } = await listAuditEvents(deps.orm.em, query);
        return { items: items.map(view), total };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/audit-events/verification',
      access: permission('audit.read'),
      tags,
      summary: 'Walk the hash chain and name the first altered or missing row',
      description:
        'Recomputes the hash of every audit event in order and checks each links to the one before. Answers whether the chain is intact and, if not, the first row that was altered or is missing; on a long trail this takes a while.',
      response: { status: 200, schema: chainVerificationOut },
      handler: () => verifyAuditChain(deps.orm),
    }),
  ];
}
