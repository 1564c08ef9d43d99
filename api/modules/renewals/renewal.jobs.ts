/**
 * The daily licence sweeps, each one set-based SQL statement whatever the size of the register:
 * - expiry: active licences past their period move to grace, with one status event each;
 * - lapse: licences in grace past their tier's grace days move to lapsed, with one event each —
 *   except while a renewal submitted in time is being decided (the registrant did their part);
 * - reminders: one outbox row per (licence, period, reminder offset), queued with INSERT … SELECT
 *   and rendered in the recipient's language when sent. The idempotency key makes a second run,
 *   or a run on another instance, queue nothing.
 * Each sweep records one summary row in the audit trail; the per-licence history is the events.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import type { JobDefinition } from '../../jobs/job-runner.js';
import { recordAudit } from '../audit/index.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function sweepExpiries(
  tx: EntityManager,
  today: string,
  now: Date,
): Promise<{ toGrace: number; toLapsed: number }> {
  const [grace] = await tx.execute<{ n: string }[]>(
    `with moved as (
       update licence set status = 'grace', status_since = valid_until + 1, version = version + 1
       where status = 'active' and valid_until < ?::date
       returning id, valid_until
     ), events as (
       insert into licence_event (id, licence_id, from_status, to_status, effective_date, reason, legal_basis, actor_id, created_at)
       select gen_random_uuid(), id, 'active', 'grace', valid_until + 1, 'the licence period ended without renewal', null, null, ?::timestamptz from moved
       returning 1
     ) select count(*) as n from events`,
    [today, now],
  );
  const [lapsed] = await tx.execute<{ n: string }[]>(
    `with moved as (
       update licence l set status = 'lapsed', status_since = l.valid_until + 1 + (t.renewal->>'graceDays')::int, version = l.version + 1
       from tier t
       where t.code = l.tier_code and l.status = 'grace' and l.valid_until + (t.renewal->>'graceDays')::int < ?::date
         and not exists (select 1 from licence_application a where a.licence_id = l.id and a.type = 'renewal'
                         and a.status in ('submitted', 'under_review', 'information_requested', 'resubmitted'))
       returning l.id, l.status_since
     ), events as (
       insert into licence_event (id, licence_id, from_status, to_status, effective_date, reason, legal_basis, actor_id, created_at)
       select gen_random_uuid(), id, 'grace', 'lapsed', status_since, 'the grace period ended without renewal', null, null, ?::timestamptz from moved
       returning 1
     ) select count(*) as n from events`,
    [today, now],
  );
  return { toGrace: Number(grace?.n ?? 0), toLapsed: Number(lapsed?.n ?? 0) };
}

export async function queueRenewalReminders(
  tx: EntityManager,
  today: string,
  now: Date,
  publicUrl: string,
): Promise<number> {
  // Candidates are bounded by the largest configured offset; keys already queued are dropped by an
  // index probe before anything else is joined, so a day's run touches registrants only for the
  // reminders it actually queues.
  const [queued] = await tx.execute<{ n: string }[]>(
    `with offsets as (
       select code, array(select x::int from jsonb_array_elements_text(renewal->'reminderDays') x) as days from tier
     ), candidates as (
       select l.id, l.number, l.valid_until, l.registrant_id,
              (select min(d) from unnest(o.days) d where d >= l.valid_until - ?::date) as offset_days
       from licence l join offsets o on o.code = l.tier_code
       where l.status = 'active' and l.valid_until >= ?::date
         and l.valid_until <= ?::date + (select coalesce(max(d), 0) from offsets, unnest(days) d)
     ), fresh as (
       select c.*, 'licence-renewal:' || c.id || ':' || c.valid_until || ':' || c.offset_days as key
       from candidates c
       where c.offset_days is not null
         and not exists (select 1 from outbox_message m where m.idempotency_key = 'licence-renewal:' || c.id || ':' || c.valid_until || ':' || c.offset_days)
     ), queued as (
       insert into outbox_message (id, idempotency_key, template, locale, to_address, vars, status, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), f.key, 'licence-renewal-reminder', coalesce(a.locale, 'en'), coalesce(r.email, a.email),
              jsonb_build_object('name', r.full_name, 'number', f.number, 'validUntil', to_char(f.valid_until, 'YYYY-MM-DD'), 'days', f.offset_days::text,
                                 'councilName', (select name from council where id = 1), 'link', ?::text),
              'pending', 0, ?::timestamptz, ?::timestamptz
       from fresh f join registrant r on r.id = f.registrant_id left join account a on a.id = r.account_id
       where coalesce(r.email, a.email) is not null
       on conflict (idempotency_key) do nothing
       returning 1
     ) select count(*) as n from queued`,
    [today, today, today, `${publicUrl}/#/my-registration`, now, now],
  );
  return Number(queued?.n ?? 0);
}

export function renewalJobs(deps: AppDeps): JobDefinition[] {
  const em = () => deps.orm.em;
  return [
    {
      name: 'licence-expiry',
      cadence: { everyMinutes: 1440, offsetMinutes: 10 },
      run: async ({ now }) =>
        em().transactional(async (tx) => {
          const counts = await sweepExpiries(tx, isoDay(now), now);
          if (counts.toGrace || counts.toLapsed)
            await recordAudit(tx, {
              action: 'licence.expiry-sweep',
              entityType: 'job',
              entityId: 'licence-expiry',
              after: { ...counts, date: isoDay(now) },
            });
          return counts;
        }),
    },
    {
      name: 'licence-renewal-reminders',
      cadence: { everyMinutes: 1440, offsetMinutes: 20 },
      run: async ({ now }) => ({
        remindersQueued: await em().transactional((tx) =>
          queueRenewalReminders(tx, isoDay(now), now, deps.config.publicUrl),
        ),
      }),
    },
  ];
}
