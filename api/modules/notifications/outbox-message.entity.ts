import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * An e-mail waiting to go out, written in the same transaction as the change that caused it.
 * `idempotencyKey` is unique, so the same notice is never queued twice; the sender claims rows with
 * SKIP LOCKED and retries with backoff until `maxAttempts`, then marks the row failed for staff.
 */
export const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    idempotencyKey: p.string().length(200).unique(),
    template: p.string().length(80),
    locale: p.string().length(10),
    toAddress: p.string().length(254),
    /** Rendered when queued, or — for rows queued in bulk by set-based SQL — at send time from `vars`. */
    subject: p.string().length(300).nullable(),
    textBody: p.text().nullable(),
    htmlBody: p.text().nullable(),
    vars: p.json<Record<string, string>>().nullable(),
    status: p.string().length(16).default('pending').$type<OutboxStatus>(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lastError: p.text().nullable(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
  },
});
export class OutboxMessage extends OutboxMessageSchema.class {}
OutboxMessageSchema.setClass(OutboxMessage);
