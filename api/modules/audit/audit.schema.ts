import { z } from 'zod';
import { listQuery } from '../../http/schemas.js';

export const auditListQuery = listQuery(['seq']).extend({
  action: z.string().max(100).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(100).optional(),
  actorId: z.uuid().optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEventOut = z
  .object({
    seq: z.number().int(),
    occurredAt: z.iso.datetime(),
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

export const chainVerificationOut = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBrokenSeq: z.number().int().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditChainVerification' });
