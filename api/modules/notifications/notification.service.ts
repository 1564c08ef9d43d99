/**
 * Queueing e-mail: an outbox row in the caller's transaction. The idempotency key makes the same
 * notice impossible to queue twice (a second attempt is ignored).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../shared/ids.js';
import { renderEmail } from './templates.js';

export type EmailRequest = {
  idempotencyKey: string;
  to: string;
  template: string;
  locale: string;
  vars: Record<string, string>;
  notBefore?: Date;
};

/** Returns true when a new message was queued, false when the key was already used. */
export async function queueEmail(em: EntityManager, req: EmailRequest, now: Date): Promise<boolean> {
  const mail = renderEmail(req.template, req.locale, req.vars);
  const rows = await em.execute<{ id: string }[]>(
    `insert into outbox_message (id, idempotency_key, template, locale, to_address, subject, text_body, html_body, status, attempts, next_attempt_at, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
     on conflict (idempotency_key) do nothing returning id`,
    [
      newId(),
      req.idempotencyKey,
      req.template,
      mail.locale,
      req.to,
      mail.subject,
      mail.text,
      mail.html,
      req.notBefore ?? now,
      now,
    ],
  );
  return rows.length > 0;
}
