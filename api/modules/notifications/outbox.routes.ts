/**
 * The outbox as staff see it: what is waiting, what went out, what failed and why, and a retry
 * for failed messages (audited). Bodies are not listed: addresses and subjects are enough to act.
 */
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { idParams, listOf, listQuery } from '../../http/schemas.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { OutboxMessage } from './outbox-message.entity.js';

const outboxOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    template: z.string().describe('The e-mail template'),
    toAddress: z.string().describe("The recipient's address"),
    subject: z.string().nullable().describe('Subject line'),
    status: z.enum(['pending', 'sent', 'failed']).describe('pending (will be tried again), sent or failed (gave up)'),
    attempts: z.number().int().describe('Sending attempts so far'),
    nextAttemptAt: z.iso.datetime().describe('When the next attempt is due'),
    lastError: z.string().nullable().describe("The last attempt's error"),
    createdAt: z.iso.datetime().describe('When the record was created'),
    sentAt: z.iso.datetime().nullable().describe('When it was sent'),
    idempotencyKey: z.string().describe('Key that keeps the same message from being queued twice'),
  })
  .meta({ id: 'OutboxMessage' });

const query = listQuery(['createdAt', 'nextAttemptAt']).extend({
  status: z.enum(['pending', 'sent', 'failed']).optional().describe('Only messages in this status'),
  template: z.string().max(80).optional().describe('Only messages of this template'),
});

const view = (m: OutboxMessage) => ({
  id: m.id,
  template: m.template,
  toAddress: m.toAddress,
  subject: m.subject ?? null,
  status: m.status,
  attempts: m.attempts,
  nextAttemptAt: m.nextAttemptAt.toISOString(),
  lastError: m.lastError ?? null,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
  idempotencyKey: m.idempotencyKey,
});

export function outboxRoutes(deps: AppDeps): RouteDef[] {
  const em = () => deps.orm.em;
  const tags = ['Outbox'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/outbox',
      access: permission('outbox.read'),
      tags,
      summary:
        'E-mails in the outbox: pending (with the next attempt), sent, and failed (with the last error); q searches the address',
      query,
      description:
        'Lists outgoing e-mails newest first (or sorted by creation or next attempt), a page at a time; filter by status or template, and q matches part of the recipient address. Message bodies are not included: the address, subject, attempts and last error are enough to act on a failure.',
      response: { status: 200, schema: listOf(outboxOut, 'OutboxMessageList') },
      handler: async ({ query: q }) => {
        const where: Record<string, unknown> = {};
        if (q.status) where.status = q.status;
        if (q.template) where.template = q.template;
        if (q.q) where.toAddress = { $ilike: `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
        const [rows, total] = await em().findAndCount(OutboxMessage, where, {
          orderBy: { [q.sort ?? 'createdAt']: q.sort ? q.order : 'desc' },
          limit: q.perPage,
          offset: (q.page - 1) * q.perPage,
        });
        return { total, items: rows.map(view) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/outbox/:id/retry',
      access: permission('outbox.manage'),
      tags,
      summary: 'Send a failed e-mail again: it goes back to pending with its attempts reset',
      description:
        'Puts a failed message back in the queue with its attempts reset, so the sender tries it again at once. Only a message in state failed can be retried (409 otherwise, also when two people retry at the same time). The retry is audited.',
      params: idParams,
      response: { status: 200, schema: outboxOut },
      handler: ({ params }) =>
        em().transactional(async (tx) => {
          // Conditional update: two staff pressing retry at once, or a sender mid-flight, cannot race.
          const now = deps.clock.now();
          const updated = await tx.execute<{ id: string }[]>(
            `update outbox_message set status = 'pending', attempts = 0, next_attempt_at = ?, last_error = null where id = ? and status = 'failed' returning id`,
            [now, params.id],
          );
          const m = await tx.findOne(OutboxMessage, { id: params.id }, { refresh: true });
          if (!m) throw new NotFoundError('The message');
          if (!updated.length)
            throw new ConflictError(`Only a failed message can be retried (this one is ${m.status})`);
          await recordAudit(tx, {
            action: 'outbox.retry',
            entityType: 'outbox_message',
            entityId: m.id,
            before: { status: 'failed' },
            after: { status: 'pending' },
          });
          return view(m);
        }),
    }),
  ];
}
