import { z } from 'zod';
import { listQuery } from '../../http/schemas.js';

export const auditListQuery = listQuery(['seq']).extend({
  action: z.string().max(100).optional().describe('What was done (module.verb, e.g. licence.suspended)'),
  entityType: z.string().max(60).optional().describe('Kind of record acted on'),
  entityId: z.string().max(100).optional().describe('The record acted on'),
  actorId: z.uuid().optional().describe('Only what this account did'),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEventOut = z
  .object({
    seq: z.number().int().describe('Position in the audit chain (1, 2, 3…)'),
    occurredAt: z.iso.datetime().describe('When it happened'),
    actorId: z.string().nullable().describe('The account that did it (none: the system)'),
    actorLabel: z.string().describe("Who did it, as a name or the job's name"),
    action: z.string().describe('What was done (module.verb, e.g. licence.suspended)'),
    entityType: z.string().describe('Kind of record acted on'),
    entityId: z.string().nullable().describe('The record acted on'),
    before: z.record(z.string(), z.unknown()).nullable().describe("The record's fields before the change"),
    after: z.record(z.string(), z.unknown()).nullable().describe("The record's fields after the change"),
    requestId: z.string().nullable().describe('The HTTP request that made the change (matches the logs)'),
    prevHash: z.string().describe('Hash of the previous event'),
    hash: z
      .string()
      .describe('SHA-256 over this event and the previous hash; altering any event breaks the chain after it'),
  })
  .meta({ id: 'AuditEvent' });

export const chainVerificationOut = z
  .object({
    ok: z.boolean().describe('Whether the whole chain verifies'),
    checked: z.number().int().describe('Events checked'),
    firstBrokenSeq: z.number().int().nullable().describe('First event that does not verify'),
    reason: z.string().nullable().describe('What is wrong with it'),
  })
  .meta({ id: 'AuditChainVerification' });
