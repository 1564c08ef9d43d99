/**
 * Drains the outbox. Each row is claimed with FOR UPDATE SKIP LOCKED in its own transaction that
 * stays open while it is sent, so two instances never take the same row. A failure schedules a retry
 * with exponential backoff; after the last attempt the row is marked failed for staff to see.
 * A mail server that cannot be reached at all is no fault of the message: the message keeps its
 * attempts and its place, and the drain stops until its next run (which tries again), so an outage
 * of any length neither uses up OUTBOX_MAX_ATTEMPTS nor delays delivery once the server is back.
 * The Message-ID is derived from the idempotency key, so a receiving server can discard a repeat.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import { hashToken } from '../../shared/ids.js';
import { renderEmail } from './templates.js';

export type DrainResult = {
  sent: number;
  retried: number;
  failed: number;
  /** Why the mail server could not be reached, when it could not (the drain stopped there). */
  unreachable?: string;
};

/**
 * Whether sending failed before any conversation with the mail server began (refused, unreachable,
 * no DNS answer, no connection or greeting in time) or the server said it is not available (421).
 * Failures later in the conversation count against the message: it may be the message's fault.
 */
export function mailServerUnreachable(err: unknown): boolean {
  const e = err as {
    code?: string;
    originalCode?: string;
    timeoutType?: string;
    command?: string;
    responseCode?: number;
  };
  if (e?.responseCode === 421) return true;
  if (e?.command !== 'CONN') return false;
  return (
    e.code === 'EDNS' ||
    ['CONNECT_TIMEOUT', 'GREETING_TIMEOUT'].includes(e.timeoutType ?? '') ||
    ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN'].includes(e.originalCode ?? '')
  );
}

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
    /** Aborted when the instance stops: the message in flight is abandoned untouched, for the next drain. */
    signal?: AbortSignal;
  },
  batchSize = 20,
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  // One message per transaction: its row stays locked (SKIP LOCKED keeps other instances off it)
  // while it is sent, and "sent" is committed right after the server accepts it. A crash can then
  // repeat at most the one message in flight, and that repeat carries the same Message-ID.
  for (let i = 0; i < batchSize && !deps.signal?.aborted; i++) {
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
      if (!row) return 'empty' as const;
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
          signal: deps.signal,
        });
        await tx.execute(
          `update outbox_message set status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = null where id = ?`,
          [deps.clock.now(), row.id],
        );
        result.sent++;
      } catch (e) {
        // Stopping: the transaction rolls back and the message stays as it was.
        if (deps.signal?.aborted) throw e;
        const message = (e as Error).message?.slice(0, 500) ?? String(e);
        if (mailServerUnreachable(e)) {
          await tx.execute(`update outbox_message set last_error = ? where id = ?`, [message, row.id]);
          result.unreachable = message;
          return 'unreachable' as const;
        }
        const attempts = row.attempts + 1;
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
      return 'handled' as const;
    });
    if (claimed !== 'handled') break;
  }
  return result;
}
