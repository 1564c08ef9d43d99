/**
 * Drains the outbox. Each row is claimed with FOR UPDATE SKIP LOCKED in its own transaction that
 * stays open while it is sent, so two instances never take the same row. A failure schedules a retry
 * with exponential backoff; after the last attempt the row is marked failed for staff to see.
 * The Message-ID is derived from the idempotency key, so a receiving server can discard a repeat.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import { hashToken } from '../../shared/ids.js';
import { renderEmail } from './templates.js';

export type DrainResult = { sent: number; retried: number; failed: number };

export const backoffMs = (attempts: number): number => Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));

export async function drainOutbox(
  deps: {
    orm: MikroORM;
    transport: Transporter;
    clock: Clock;
    log: Logger;
    from: string;
    maxAttempts: number;
    messageIdDomain: string;
  },
  batchSize = 20,
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  // One message per transaction: its row stays locked (SKIP LOCKED keeps other instances off it)
  // while it is sent, and "sent" is committed right after the server accepts it. A crash can then
  // repeat at most the one message in flight, and that repeat carries the same Message-ID.
  for (let i = 0; i < batchSize; i++) {
    const claimed = await deps.orm.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<
        {
          id: string;
          idempotency_key: string;
          to_address: string;
          subject: string | null;
          text_body: string | null;
          html_body: string | null;
          template: string;
          locale: string;
          vars: Record<string, string> | null;
          attempts: number;
        }[]
      >(
        `select id, idempotency_key, to_address, subject, text_body, html_body, template, locale, vars, attempts from outbox_message
         where status = 'pending' and next_attempt_at <= ? order by next_attempt_at limit 1 for update skip locked`,
        [deps.clock.now()],
      );
      if (!row) return false;
      try {
        // Rows queued in bulk carry only their variables: render them now, in the recipient's language.
        const mail =
          row.subject !== null
            ? { subject: row.subject, text: row.text_body ?? '', html: row.html_body ?? '' }
            : renderEmail(row.template, row.locale, row.vars ?? {});
        await deps.transport.sendMail({
          from: deps.from,
          to: row.to_address,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${hashToken(row.idempotency_key).slice(0, 32)}@${deps.messageIdDomain}>`,
        });
        await tx.execute(
          `update outbox_message set status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = null where id = ?`,
          [deps.clock.now(), row.id],
        );
        result.sent++;
      } catch (e) {
        const attempts = row.attempts + 1;
        const message = (e as Error).message?.slice(0, 500) ?? String(e);
        if (attempts >= deps.maxAttempts) {
          await tx.execute(`update outbox_message set status = 'failed', attempts = ?, last_error = ? where id = ?`, [
            attempts,
            message,
            row.id,
          ]);
          result.failed++;
          deps.log.error({ outboxId: row.id, attempts, error: message }, 'e-mail failed permanently');
        } else {
          const next = new Date(deps.clock.now().getTime() + backoffMs(attempts));
          await tx.execute(`update outbox_message set attempts = ?, last_error = ?, next_attempt_at = ? where id = ?`, [
            attempts,
            message,
            next,
            row.id,
          ]);
          result.retried++;
          deps.log.warn(
            { outboxId: row.id, attempts, error: message, nextAttemptAt: next },
            'e-mail not sent; will retry',
          );
        }
      }
      return true;
    });
    if (!claimed) break;
  }
  return result;
}
