/**
 * Webhook settings (URL and a signing secret issued by the registry, sealed at rest and shown once)
 * and the notifications an organisation received, with each webhook delivery's state.
 */
import type { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/index.js';
import { isStaff } from '../../auth/index.js';
import { EmployerOrganisation } from '../employer.entity.js';
import { firstNonPublic, resolveWebhookHost } from '../employer.jobs.js';
import { newWebhookSecret, WEBHOOK_SECRET_OVERLAP_MS, webhookUrlProblem } from '../employer.rules.js';
import { scopeFor } from '../employer.service.js';
import type * as s from '../employer.schema.js';

type NotificationRow = {
  id: string;
  organisation_id: string;
  organisation_name: string;
  type: string;
  licence_number: string;
  created_at: Date;
  webhook_status: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  last_status_code: number | null;
  delivered_at: Date | null;
  payload: Record<string, unknown>;
};
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const notificationView = (r: NotificationRow) => ({
  id: r.id,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  type: r.type,
  licenceNumber: r.licence_number,
  createdAt: iso(r.created_at)!,
  webhookStatus: r.webhook_status as 'none' | 'pending' | 'delivered' | 'failed',
  attempts: r.attempts,
  nextAttemptAt: iso(r.next_attempt_at),
  lastError: r.last_error,
  lastStatusCode: r.last_status_code,
  deliveredAt: iso(r.delivered_at),
  payload: r.payload,
});

/**
 * Production: the name must resolve, and only to public addresses (the same policy and resolution
 * as each delivery, which checks again: DNS can change after registration).
 */
async function assertPublicHost(hostname: string): Promise<void> {
  let addresses;
  try {
    addresses = await resolveWebhookHost(hostname);
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    if (code === 'ENOTFOUND' || code === 'ENODATA')
      throw new ValidationError('url', `must name a host that exists: ${hostname} has no address (${code})`);
    throw new UnavailableError(
      `The address of ${hostname} could not be looked up just now (${code}); nothing was changed. Try again shortly.`,
    );
  }
  const blocked = firstNonPublic(addresses);
  if (blocked)
    throw new ValidationError(
      'url',
      `must be a public address: ${hostname} resolves to ${blocked.address}, which is ${blocked.reason}`,
    );
}

export function webhookService(deps: AppDeps) {
  const em = () => deps.orm.em;

  return {
    async get(auth: AuthContext, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      const [o] = await em().execute<
        { webhook_url: string | null; has_secret: boolean; previous_until: Date | null }[]
      >(
        `select webhook_url, webhook_secret_sealed is not null as has_secret,
                case when webhook_previous_secret_until > ? then webhook_previous_secret_until end as previous_until
         from employer_organisation where id = ?`,
        [deps.clock.now(), scope.organisationId],
      );
      return {
        url: o?.webhook_url ?? null,
        secretSet: Boolean(o?.has_secret),
        previousSecretUntil: iso(o?.previous_until ?? null),
      };
    },

    /**
     * Sets or removes the URL; a secret is issued with the first URL, or on request, and returned this
     * once. On a rotation the previous secret keeps signing deliveries beside the new one for 24 hours
     * (two signatures in webhook-signature), unless the caller ends it at once (a leaked secret).
     */
    async update(auth: AuthContext, input: z.infer<typeof s.webhookUpdate>, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      if (input.url !== null) {
        const production = deps.config.env === 'production';
        const problem = webhookUrlProblem(input.url, production);
        if (problem) throw new ValidationError('url', problem);
        if (production) await assertPublicHost(new URL(input.url).hostname);
      }
      return em().transactional(async (tx) => {
        const o = await tx.findOneOrFail(
          EmployerOrganisation,
          { id: scope.organisationId },
          { populate: ['webhookSecretSealed', 'webhookPreviousSecretSealed'] },
        );
        const now = deps.clock.now();
        const before = { url: o.webhookUrl ?? null };
        let secret: string | undefined;
        if (input.url === null) {
          o.webhookUrl = null;
          o.webhookSecretSealed = null;
          o.webhookPreviousSecretSealed = null;
          o.webhookPreviousSecretUntil = null;
        } else {
          o.webhookUrl = input.url;
          if (!o.webhookSecretSealed || input.rotateSecret) {
            const keep = Boolean(o.webhookSecretSealed) && input.keepPreviousSecret;
            o.webhookPreviousSecretSealed = keep ? o.webhookSecretSealed : null;
            o.webhookPreviousSecretUntil = keep ? new Date(now.getTime() + WEBHOOK_SECRET_OVERLAP_MS) : null;
            secret = newWebhookSecret();
            o.webhookSecretSealed = deps.box.seal(secret, `webhook:${o.id}`);
          }
        }
        o.updatedAt = now;
        await tx.flush();
        const previousSecretUntil =
          o.webhookPreviousSecretUntil && o.webhookPreviousSecretUntil > now ? iso(o.webhookPreviousSecretUntil) : null;
        await recordAudit(tx, {
          action: 'employer.webhook-updated',
          entityType: 'employer_organisation',
          entityId: o.id,
          before,
          after: { url: o.webhookUrl ?? null, secretRotated: Boolean(secret), previousSecretUntil },
        });
        return {
          url: o.webhookUrl ?? null,
          secretSet: Boolean(o.webhookSecretSealed),
          previousSecretUntil,
          ...(secret ? { secret } : {}),
        };
      });
    },

    /** Employers see their own organisation's notifications; staff see all (filterable). */
    async list(auth: AuthContext, q: z.infer<typeof s.notificationQuery>) {
      const staff = isStaff(auth.roles) && !auth.organisationId;
      const organisationId = staff ? q.organisationId : (await scopeFor(em(), auth)).organisationId;
      const where: string[] = [];
      const params: unknown[] = [];
      if (organisationId) {
        where.push('n.organisation_id = ?');
        params.push(organisationId);
      }
      if (q.webhookStatus) {
        where.push('n.webhook_status = ?');
        params.push(q.webhookStatus);
      }
      if (q.q) {
        where.push('n.licence_number ilike ?');
        params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      const cond = where.length ? `where ${where.join(' and ')}` : '';
      const [rows, [count]] = await Promise.all([
        em().execute<NotificationRow[]>(
          `select n.id, n.organisation_id, o.name as organisation_name, n.type, n.licence_number, n.created_at, n.webhook_status, n.attempts, n.next_attempt_at, n.last_error,
                  n.last_status_code, n.delivered_at, n.payload
           from watch_notification n join employer_organisation o on o.id = n.organisation_id ${cond}
           order by n.created_at ${q.order === 'asc' && q.sort ? 'asc' : 'desc'}, n.id limit ? offset ?`,
          [...params, q.perPage, (q.page - 1) * q.perPage],
        ),
        em().execute<{ n: number }[]>(`select count(*)::int as n from watch_notification n ${cond}`, params),
      ]);
      return { items: rows.map(notificationView), total: count?.n ?? 0 };
    },

    /** Sends a failed webhook again (its attempts start over); audited. */
    async retry(auth: AuthContext, id: string) {
      const staff = isStaff(auth.roles) && !auth.organisationId;
      const organisationId = staff ? null : (await scopeFor(em(), auth)).organisationId;
      return em().transactional(async (tx) => {
        const now = deps.clock.now();
        const updated = await tx.execute<{ id: string }[]>(
          `update watch_notification set webhook_status = 'pending', attempts = 0, next_attempt_at = ?, last_error = null
           where id = ? and webhook_status = 'failed' and (?::uuid is null or organisation_id = ?::uuid) returning id`,
          [now, id, organisationId, organisationId],
        );
        const [row] = await tx.execute<NotificationRow[]>(
          `select n.id, n.organisation_id, o.name as organisation_name, n.type, n.licence_number, n.created_at, n.webhook_status, n.attempts, n.next_attempt_at, n.last_error,
                  n.last_status_code, n.delivered_at, n.payload
           from watch_notification n join employer_organisation o on o.id = n.organisation_id where n.id = ? and (?::uuid is null or n.organisation_id = ?::uuid)`,
          [id, organisationId, organisationId],
        );
        if (!row) throw new NotFoundError('The notification');
        if (!updated.length)
          throw new ConflictError(`Only a failed delivery can be retried (this one is ${row.webhook_status})`);
        await recordAudit(tx, {
          action: 'employer.webhook-retry',
          entityType: 'watch_notification',
          entityId: id,
          before: { status: 'failed' },
          after: { status: 'pending' },
        });
        return notificationView(row);
      });
    },
  };
}
