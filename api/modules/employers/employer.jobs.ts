/**
 * Watchlist notifications, in two jobs that run every minute.
 *
 * 1. The scan finds changes to watched licences recorded since its cursor (less an overlap, for
 *    transactions that committed late): status events (licence_event), public conditions added
 *    (licence_condition) and public conditions that ended. In ONE statement, in one transaction, it
 *    writes a watch_notification per (watch entry, change) — unique, so a second run or a second
 *    instance adds nothing — and, for each new one, the outbox e-mail to the organisation (its own
 *    idempotency key) and a pending webhook delivery when the organisation has a webhook.
 * 2. The delivery job claims due deliveries one at a time with FOR UPDATE SKIP LOCKED (the row stays
 *    locked while it is posted), signs it as Standard Webhooks asks (webhook-id, webhook-timestamp,
 *    webhook-signature; also the earlier X-Registry-Signature), and records the outcome: delivered,
 *    retried later with exponential backoff (network error, timeout, 408, 429, 5xx), or failed.
 *    Every attempt carries the delivery's id as webhook-id and Idempotency-Key, so a receiver can
 *    discard a repeat after a crash.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import type { JobDefinition } from '../../jobs/job-runner.js';
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import { isIP } from 'node:net';
import {
  nonPublicAddressReason,
  retryableStatus,
  signWebhook,
  standardWebhookHeaders,
  webhookBackoffMs,
} from './employer.rules.js';
import { recordWebhookDeliveries } from '../../ops/metrics.js';
import { FALLBACK_LANGUAGE, LANGUAGES, t } from '../../shared/i18n.js';
import { LICENCE_TRANSITIONS, type LicenceStatus } from '../licences/index.js';

/** A delivery refused because the receiver's address is not public; not retried. */
export class NonPublicAddressError extends Error {
  readonly code = 'EPRIVATE';
}

/** The addresses a webhook host stands for: itself when it is an IP literal, else every address DNS gives for the name. */
export async function resolveWebhookHost(hostname: string): Promise<dns.LookupAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family) return [{ address: host, family }];
  const addresses = await new Promise<dns.LookupAddress[]>((resolve, reject) =>
    dns.lookup(host, { all: true }, (err, list) => (err ? reject(err) : resolve(list))),
  );
  if (!addresses.length) throw Object.assign(new Error(`${host} has no address`), { code: 'ENODATA' });
  return addresses;
}

/** The first address that may not receive webhooks, with the reason (the address policy in employer.rules.ts), or null. */
export function firstNonPublic(addresses: dns.LookupAddress[]): { address: string; reason: string } | null {
  for (const { address } of addresses) {
    const reason = nonPublicAddressReason(address);
    if (reason) return { address, reason };
  }
  return null;
}

/** Connection errors after which the next address of the name is worth trying (nothing was sent). */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/**
 * POSTs the body and answers the status code. Redirects are not followed. The host is resolved
 * here, once: with `publicOnly` (production) every address it stands for must be public — an IP
 * literal as much as a name — or nothing is sent (NonPublicAddressError). The connection then goes
 * to an address checked here, never to a second resolution (no DNS rebinding between check and
 * connect); the Host header and, for https, the TLS server name and certificate check keep the name.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  publicOnly: boolean,
): Promise<number> {
  const target = new URL(url);
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = () => Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' });
  const addresses = await Promise.race([
    resolveWebhookHost(target.hostname),
    new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(timedOut()), { once: true })),
  ]);
  if (publicOnly) {
    const blocked = firstNonPublic(addresses);
    if (blocked) {
      const name = target.hostname.replace(/^\[|\]$/g, '');
      throw new NonPublicAddressError(
        `refused: ${name === blocked.address ? name : `${name} resolves to ${blocked.address}, which`} is ${blocked.reason}, not a public address`,
      );
    }
  }
  let lastError: unknown;
  for (const address of addresses) {
    try {
      return await postTo(target, address, headers, body, signal, timedOut);
    } catch (e) {
      lastError = e;
      if (signal.aborted || !NOT_CONNECTED.has((e as { code?: string }).code ?? '')) throw e;
    }
  }
  throw lastError;
}

function postTo(
  target: URL,
  address: dns.LookupAddress,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  timedOut: () => Error,
): Promise<number> {
  const secure = target.protocol === 'https:';
  const name = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        host: address.address,
        family: address.family,
        port: target.port || (secure ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...headers, host: target.host, 'content-length': String(Buffer.byteLength(body)) },
        // SNI and the certificate check use the name (an IP literal has no SNI; its certificate names the address)
        ...(secure && !isIP(name) ? { servername: name } : {}),
        signal,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', (e) => reject(signal.aborted ? timedOut() : e));
    req.end(body);
  });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** How far before the cursor each scan looks again (a transaction may commit after a later one). */
export const SCAN_OVERLAP_MINUTES = 15;

/**
 * Every licence status in words, in every language with a catalogue (`api.watch.statuses.*`), as
 * the status e-mail's {from} and {to} read: { th: { suspended: 'ถูกพักใช้', … }, … }. The scan
 * passes it as one jsonb parameter and looks the words up by the organisation's locale, falling
 * back to English for a locale without a catalogue (as the e-mail itself does) and to the code.
 */
const STATUS_WORDS: Readonly<Record<string, Readonly<Record<LicenceStatus, string>>>> = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    Object.fromEntries(
      (Object.keys(LICENCE_TRANSITIONS) as LicenceStatus[]).map((status) => [
        status,
        t(lang, `api.watch.statuses.${status}`),
      ]),
    ) as Record<LicenceStatus, string>,
  ]),
);
const STATUS_WORDS_JSON = JSON.stringify(STATUS_WORDS);

/** A status code column as words in the organisation's language (the e-mail is rendered from these vars). */
const statusWords = (col: string) =>
  `coalesce(p.status_words -> f.locale ->> ${col}, p.status_words -> '${FALLBACK_LANGUAGE}' ->> ${col}, ${col})`;

export type ScanCounts = { notifications: number; emails: number; webhooks: number };

/** Finds new changes to watched licences and queues their e-mails and webhooks (idempotent). */
export async function scanWatchlists(tx: EntityManager, now: Date, publicUrl: string): Promise<ScanCounts> {
  await tx.execute(
    `insert into watch_scan_cursor (id, scanned_to) values (1, '-infinity') on conflict (id) do nothing`,
  );
  // The row lock serialises scans (should two ever run at once); the unique keys make them harmless anyway.
  const [cursor] = await tx.execute<{ scanned_to: Date | string }[]>(
    `select scanned_to from watch_scan_cursor where id = 1 for update`,
  );
  const scannedTo = cursor?.scanned_to;
  const since =
    scannedTo instanceof Date && Number.isFinite(scannedTo.getTime())
      ? new Date(scannedTo.getTime() - SCAN_OVERLAP_MINUTES * 60_000)
      : new Date(0);
  const [counts] = await tx.execute<ScanCounts[]>(
    `with p as (
       select ?::timestamptz as since, ?::timestamptz as now, ?::date as today, ?::text as base, ?::jsonb as status_words,
              (select settings->'publicRegisterFields' from council where id = 1) as fields,
              coalesce((select name from council where id = 1), 'Social Work Registry') as council_name
     ), changes as (
       select w.id as watch_entry_id, w.organisation_id, w.licence_id, 'status:' || e.id as event_key, 'licence.status_changed' as type, e.created_at as occurred_at,
              jsonb_build_object('from', e.from_status, 'to', e.to_status, 'effectiveDate', to_char(e.effective_date, 'YYYY-MM-DD')) as change,
              e.from_status as v_from, e.to_status as v_to, to_char(e.effective_date, 'YYYY-MM-DD') as v_date, null::text as v_text
       from watch_entry w join licence_event e on e.licence_id = w.licence_id cross join p
       where e.created_at > p.since and e.created_at >= w.created_at and e.from_status <> e.to_status
       union all
       select w.id, w.organisation_id, w.licence_id, 'condition-added:' || c.id, 'licence.condition_added', c.created_at,
              jsonb_build_object('condition', jsonb_build_object('text', c.text, 'startsOn', to_char(c.starts_on, 'YYYY-MM-DD'), 'endsOn', to_char(c.ends_on, 'YYYY-MM-DD'))),
              null, null, to_char(c.starts_on, 'YYYY-MM-DD'), c.text
       from watch_entry w join licence_condition c on c.licence_id = w.licence_id cross join p
       where c.public and c.created_at > p.since and c.created_at >= w.created_at and (p.fields is null or jsonb_exists(p.fields, 'conditions'))
       union all
       select w.id, w.organisation_id, w.licence_id, 'condition-ended:' || c.id, 'licence.condition_ended', (c.ends_on + 1)::timestamp at time zone 'UTC',
              jsonb_build_object('condition', jsonb_build_object('text', c.text, 'startsOn', to_char(c.starts_on, 'YYYY-MM-DD'), 'endsOn', to_char(c.ends_on, 'YYYY-MM-DD'))),
              null, null, to_char(c.ends_on, 'YYYY-MM-DD'), c.text
       from watch_entry w join licence_condition c on c.licence_id = w.licence_id cross join p
       where c.public and c.ends_on is not null and c.ends_on < p.today and c.ends_on >= p.today - 7 and c.ends_on >= w.created_at::date and c.starts_on <= c.ends_on
         and (p.fields is null or jsonb_exists(p.fields, 'conditions'))
     ), fresh as (
       select gen_random_uuid() as id, ch.*, o.webhook_url is not null as has_webhook, o.name as org_name, o.locale, o.contact_email,
              l.number, l.status as current_status, r.full_name
       from changes ch
       join employer_organisation o on o.id = ch.organisation_id and o.status = 'active'
       join licence l on l.id = ch.licence_id
       join registrant r on r.id = l.registrant_id
       where not exists (select 1 from watch_notification n where n.watch_entry_id = ch.watch_entry_id and n.event_key = ch.event_key)
     ), ins as (
       insert into watch_notification (id, organisation_id, watch_entry_id, event_key, type, licence_number, payload, created_at, webhook_status, attempts, next_attempt_at)
       select f.id, f.organisation_id, f.watch_entry_id, f.event_key, f.type, f.number,
              jsonb_build_object('id', f.id, 'type', f.type, 'occurredAt', to_char(f.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                 'licence', jsonb_build_object('number', f.number, 'name', f.full_name, 'status', f.current_status, 'url', p.base || '/verify/' || f.number),
                                 'change', f.change),
              p.now, case when f.has_webhook then 'pending' else 'none' end, 0, case when f.has_webhook then p.now end
       from fresh f cross join p
       on conflict (watch_entry_id, event_key) do nothing
       returning id, organisation_id, watch_entry_id, event_key, webhook_status
     ), mail as (
       insert into outbox_message (id, idempotency_key, template, locale, to_address, subject, text_body, html_body, vars, status, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), 'watch:' || i.id,
              case f.type when 'licence.status_changed' then 'employer-watch-status' when 'licence.condition_added' then 'employer-watch-condition-added' else 'employer-watch-condition-ended' end,
              f.locale, f.contact_email, null, null, null,
              jsonb_strip_nulls(jsonb_build_object('councilName', p.council_name, 'organisationName', f.org_name, 'number', f.number, 'holder', f.full_name, 'link', p.base || '/verify/' || f.number,
                'from', ${statusWords('f.v_from')}, 'to', ${statusWords('f.v_to')},
                'date', f.v_date, 'condition', f.v_text)),
              'pending', 0, p.now, p.now
       from ins i join fresh f on f.id = i.id cross join p
       on conflict (idempotency_key) do nothing
       returning 1
     ), moved as (
       update watch_scan_cursor set scanned_to = greatest(scanned_to, (select now from p)) where id = 1 returning 1
     )
     select (select count(*)::int from ins) as notifications, (select count(*)::int from mail) as emails,
            (select count(*)::int from ins where webhook_status = 'pending') as webhooks, (select count(*)::int from moved) as _cursor`,
    [since, now, isoDay(now), publicUrl, STATUS_WORDS_JSON],
  );
  return { notifications: counts?.notifications ?? 0, emails: counts?.emails ?? 0, webhooks: counts?.webhooks ?? 0 };
}

export type DeliveryCounts = { delivered: number; retried: number; failed: number };

type DueRow = {
  id: string;
  organisation_id: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
  webhook_url: string | null;
  webhook_secret_sealed: string | null;
  previous_secret_sealed: string | null;
  org_status: string;
};

/** Delivers due webhooks, one claimed row per transaction, within a time budget. */
export async function deliverWebhooks(
  deps: Pick<AppDeps, 'orm' | 'clock' | 'box' | 'log' | 'config'>,
  opts: { batch?: number; budgetMs?: number } = {},
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { delivered: 0, retried: 0, failed: 0 };
  const started = Date.now();
  const batch = opts.batch ?? 50;
  const budget = opts.budgetMs ?? 40_000;
  for (let i = 0; i < batch && Date.now() - started < budget; i++) {
    const claimed = await deps.orm.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<DueRow[]>(
        `select n.id, n.organisation_id, n.type, n.payload, n.attempts, o.webhook_url, o.webhook_secret_sealed, o.status as org_status,
                case when o.webhook_previous_secret_until > ? then o.webhook_previous_secret_sealed end as previous_secret_sealed
         from watch_notification n join employer_organisation o on o.id = n.organisation_id
         where n.webhook_status = 'pending' and n.next_attempt_at <= ? order by n.next_attempt_at limit 1 for update of n skip locked`,
        [deps.clock.now(), deps.clock.now()],
      );
      if (!row) return false;
      const attempts = row.attempts + 1;
      const fail = (error: string, status: number | null) =>
        tx.execute(
          `update watch_notification set webhook_status = 'failed', attempts = ?, last_error = ?, last_status_code = ?, next_attempt_at = null where id = ?`,
          [attempts, error.slice(0, 500), status, row.id],
        );
      if (!row.webhook_url || !row.webhook_secret_sealed || row.org_status !== 'active') {
        await fail('the organisation has no webhook (or is inactive) any more', null);
        counts.failed++;
        return true;
      }
      const body = JSON.stringify(row.payload);
      const secret = deps.box.openText(row.webhook_secret_sealed, `webhook:${row.organisation_id}`);
      const previous = row.previous_secret_sealed
        ? deps.box.openText(row.previous_secret_sealed, `webhook:${row.organisation_id}`)
        : null;
      const at = deps.clock.now();
      let status: number | null = null;
      let error: string | null = null;
      let permanent = false;
      try {
        status = await postWebhook(
          row.webhook_url,
          {
            'content-type': 'application/json',
            'user-agent': 'SocialWorkRegistry-Webhook/1',
            'idempotency-key': row.id,
            'x-registry-event': row.type,
            'x-registry-delivery': row.id,
            'x-registry-attempt': String(attempts),
            'x-registry-signature': signWebhook(secret, body, Math.floor(at.getTime() / 1000)),
            ...standardWebhookHeaders(row.id, previous ? [secret, previous] : [secret], body, at),
          },
          body,
          deps.config.webhookTimeoutMs,
          deps.config.env === 'production',
        );
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (e) {
        permanent = (e as { code?: string }).code === 'EPRIVATE';
        error =
          (e as Error).name === 'TimeoutError'
            ? `no answer within ${deps.config.webhookTimeoutMs} ms`
            : `${(e as Error).message}${(e as { cause?: Error }).cause ? `: ${(e as { cause?: Error }).cause!.message}` : ''}`;
      }
      if (error === null) {
        await tx.execute(
          `update watch_notification set webhook_status = 'delivered', attempts = ?, last_status_code = ?, last_error = null, delivered_at = ?, next_attempt_at = null where id = ?`,
          [attempts, status, deps.clock.now(), row.id],
        );
        counts.delivered++;
      } else if (permanent || !retryableStatus(status) || attempts >= deps.config.webhookMaxAttempts) {
        await fail(error, status);
        counts.failed++;
        deps.log.warn({ deliveryId: row.id, attempts, error }, 'webhook delivery failed');
      } else {
        const next = new Date(deps.clock.now().getTime() + webhookBackoffMs(attempts));
        await tx.execute(
          `update watch_notification set attempts = ?, last_error = ?, last_status_code = ?, next_attempt_at = ? where id = ?`,
          [attempts, error.slice(0, 500), status, next, row.id],
        );
        counts.retried++;
      }
      return true;
    });
    if (!claimed) break;
  }
  return counts;
}

export function employerJobs(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: 'employer-watch-scan',
      cadence: { everyMinutes: 1 },
      run: async ({ now }) => deps.orm.em.transactional((tx) => scanWatchlists(tx, now, deps.config.publicUrl)),
    },
    {
      name: 'employer-webhooks',
      cadence: { everyMinutes: 1 },
      run: async () => recordWebhookDeliveries(await deliverWebhooks(deps)),
    },
  ];
}
