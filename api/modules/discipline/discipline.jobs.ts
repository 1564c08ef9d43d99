/**
 * Sanctions acting on licences, and publication, as set-based SQL (whatever the size of the
 * register), idempotent, with at most one status event per licence per run:
 * - removal in force → revoked (the strictest; terminal);
 * - a suspension (final or interim) in force on the day → suspended;
 * - a licence suspended by a sanction with none in force any more → back where renewal would have
 *   put it: active while its period runs, else grace or lapsed under its tier's renewal rules (a
 *   renewal submitted in time holds it in grace, as in the renewal sweep);
 * - publication: sanctions enter the public register on their first public day and leave it after
 *   their last, each change written to the audit trail (what was public, from when, until when).
 * The same functions run in the decision's transaction for the licence concerned (so a sanction
 * starting today acts at once) and daily for every licence.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import type { JobDefinition } from '../../jobs/job-runner.js';
import { recordAudit } from '../audit/index.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A PostgreSQL uuid[] literal for `= any(?::uuid[])` (the driver would spread a JS array into a list). */
export function uuidArray(ids: string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
}

/** The legal basis written on licence events caused by a sanction; it also marks a suspension the job may end. */
export const DISCIPLINE_BASIS = 'discipline:';

const inForce = (s: string, d: string) =>
  `${s}.status in ('in_force', 'lifted') and coalesce(${s}.lifted_on, 'infinity'::date) > ${d} and ${s}.starts_on <= ${d} and (${s}.ends_on is null or ${s}.ends_on >= ${d})`;

export type LicenceMove = { licence_id: string; from_status: string; to_status: string; effective_date: string };

export async function applySanctions(
  tx: EntityManager,
  today: string,
  now: Date,
  licenceIds?: string[],
): Promise<LicenceMove[]> {
  const only = licenceIds ? ` and l.id = any(?::uuid[])` : '';
  const extra = licenceIds ? [uuidArray(licenceIds)] : [];
  const eventCols = `insert into licence_event (id, licence_id, from_status, to_status, effective_date, reason, legal_basis, actor_id, created_at)`;

  /** Moves every licence (in `from`) covered on the day by a sanction of `types` to `to`, with one event each. */
  const moveCovered = (types: string[], from: string[], to: 'revoked' | 'suspended', reason: string) =>
    tx.execute<LicenceMove[]>(
      `with p as (select ?::date as d),
       covering as (
         select s.licence_id, min(s.starts_on) as starts_on, min(c.reference) as ref
         from discipline_sanction s join discipline_case c on c.id = s.case_id cross join p
         where s.type in (${types.map((x) => `'${x}'`).join(', ')}) and s.licence_id is not null and ${inForce('s', 'p.d')}
         group by s.licence_id
       ), target as (
         select l.id, l.status as from_status, greatest(l.status_since, cv.starts_on) as eff, cv.ref
         from licence l join covering cv on cv.licence_id = l.id
         where l.status in (${from.map((x) => `'${x}'`).join(', ')})${only}
         for update of l
       ), moved as (
         update licence l set status = '${to}', status_since = t.eff, version = l.version + 1 from target t where l.id = t.id
         returning l.id, t.from_status, t.eff, t.ref
       ), events as (
         ${eventCols}
         select gen_random_uuid(), id, from_status, '${to}', eff, ?, '${DISCIPLINE_BASIS}' || ref, null, ?::timestamptz from moved
         returning licence_id, from_status, to_status, to_char(effective_date, 'YYYY-MM-DD') as effective_date
       ) select * from events`,
      [today, ...extra, reason, now],
    );

  // Removal first: it is the strictest and final; then suspensions of what is still practising.
  const revoked = await moveCovered(
    ['removal'],
    ['active', 'grace', 'suspended', 'lapsed'],
    'revoked',
    'removed from the register by a fitness-to-practise decision',
  );
  const suspended = await moveCovered(
    ['suspension', 'interim_suspension'],
    ['active', 'grace'],
    'suspended',
    'suspended by a fitness-to-practise sanction',
  );

  const released = await tx.execute<LicenceMove[]>(
    `with p as (select ?::date as d),
     held as (
       select l.id, l.status as from_status, l.valid_until, l.status_since, l.tier_code
       from licence l cross join p
       where l.status = 'suspended'${only}
         and (select e.legal_basis from licence_event e where e.licence_id = l.id and e.to_status = 'suspended' order by e.created_at desc, e.id desc limit 1) like '${DISCIPLINE_BASIS}%'
         and not exists (select 1 from discipline_sanction s where s.licence_id = l.id and s.type in ('suspension', 'interim_suspension', 'removal') and ${inForce('s', 'p.d')})
       for update of l
     ), target as (
       select h.id, h.from_status,
              case when h.valid_until >= p.d then 'active'
                   when h.valid_until + coalesce((t.renewal->>'graceDays')::int, 0) >= p.d
                     or exists (select 1 from licence_application a where a.licence_id = h.id and a.type = 'renewal'
                                and a.status in ('submitted', 'under_review', 'information_requested', 'resubmitted')) then 'grace'
                   else 'lapsed' end as to_status,
              greatest(h.status_since, least(p.d, coalesce((
                select max(coalesce(s.lifted_on, s.ends_on + 1)) from discipline_sanction s
                where s.licence_id = h.id and s.type in ('suspension', 'interim_suspension') and s.status in ('in_force', 'lifted')
                  and coalesce(s.lifted_on, s.ends_on + 1) <= p.d), p.d))) as eff
       from held h cross join p left join tier t on t.code = h.tier_code
     ), moved as (
       update licence l set status = t.to_status, status_since = t.eff, version = l.version + 1 from target t where l.id = t.id
       returning l.id, t.from_status, t.to_status, t.eff
     ), events as (
       ${eventCols}
       select gen_random_uuid(), id, from_status, to_status, eff,
              case to_status when 'active' then 'the suspension ended' when 'grace' then 'the suspension ended after the licence period; in grace for renewal'
                             else 'the suspension ended after the grace period; the licence has lapsed' end,
              null, null, ?::timestamptz from moved
       returning licence_id, from_status, to_status, to_char(effective_date, 'YYYY-MM-DD') as effective_date
     ) select * from events`,
    [today, ...extra, now],
  );
  return [...revoked, ...suspended, ...released];
}

type PublicationRow = {
  id: string;
  case_id: string;
  licence_id: string | null;
  type: string;
  public_text: string | null;
  published_from: string;
  published_until: string | null;
};

/** Publishes sanctions whose public period has begun and withdraws those whose period has ended; each change is audited. */
export async function sweepPublication(
  tx: EntityManager,
  today: string,
  now: Date,
  sanctionIds?: string[],
): Promise<{ published: number; unpublished: number }> {
  const only = sanctionIds ? ` and id = any(?::uuid[])` : '';
  const extra = sanctionIds ? [uuidArray(sanctionIds)] : [];
  const cols = `id, case_id, licence_id, type, public_text, to_char(published_from, 'YYYY-MM-DD') as published_from, to_char(published_until, 'YYYY-MM-DD') as published_until`;
  const ended = await tx.execute<PublicationRow[]>(
    `update discipline_sanction set publication_state = 'ended'
     where publication_state = 'published' and published_until < ?::date${only} returning ${cols}`,
    [today, ...extra],
  );
  // A window that closed before it ever opened (an outcome stayed before its start) is simply over.
  await tx.execute(
    `update discipline_sanction set publication_state = 'ended' where publication_state = 'unpublished' and published_until < published_from${only}`,
    extra,
  );
  const published = await tx.execute<PublicationRow[]>(
    `update discipline_sanction set publication_state = 'published'
     where publication_state = 'unpublished' and published_from <= ?::date and (published_until is null or published_until >= ?::date)${only} returning ${cols}`,
    [today, today, ...extra],
  );
  for (const r of published) {
    await recordAudit(tx, {
      action: 'discipline.sanction-published',
      entityType: 'discipline_sanction',
      entityId: r.id,
      after: {
        caseId: r.case_id,
        licenceId: r.licence_id,
        type: r.type,
        text: r.public_text,
        publicFrom: r.published_from,
        publicUntil: r.published_until,
        on: today,
      },
      occurredAt: now,
    });
  }
  for (const r of ended) {
    await recordAudit(tx, {
      action: 'discipline.sanction-unpublished',
      entityType: 'discipline_sanction',
      entityId: r.id,
      before: { type: r.type, text: r.public_text, publicFrom: r.published_from, publicUntil: r.published_until },
      after: { on: today },
      occurredAt: now,
    });
  }
  return { published: published.length, unpublished: ended.length };
}

export type PublishedSanction = { type: string; text: string; from: string; until: string | null };

/**
 * What the public register shows for these licences on `asOf`: only sanctions that are published
 * and inside their public period, in one query.
 */
export async function publishedSanctionsFor(
  em: EntityManager,
  licenceIds: string[],
  asOf: Date,
): Promise<Map<string, PublishedSanction[]>> {
  const out = new Map<string, PublishedSanction[]>();
  if (!licenceIds.length) return out;
  const rows = await em.execute<
    {
      licence_id: string;
      type: string;
      public_text: string | null;
      published_from: string;
      published_until: string | null;
    }[]
  >(
    `select licence_id, type, public_text, to_char(published_from, 'YYYY-MM-DD') as published_from, to_char(published_until, 'YYYY-MM-DD') as published_until
     from discipline_sanction
     where licence_id = any(?::uuid[]) and publication_state = 'published' and published_from <= ?::date and (published_until is null or published_until >= ?::date)
     order by licence_id, published_from, id`,
    [uuidArray(licenceIds), isoDay(asOf), isoDay(asOf)],
  );
  for (const r of rows) {
    const list = out.get(r.licence_id) ?? [];
    list.push({ type: r.type, text: r.public_text ?? '', from: r.published_from, until: r.published_until });
    out.set(r.licence_id, list);
  }
  return out;
}

/** Forgets used complaint form tokens past their expiry (they are refused as expired anyway); run hourly. */
export async function removeExpiredFormTokens(em: EntityManager, now: Date): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `with gone as (delete from complaint_form_token where expires_at < ? returning 1) select count(*)::int as n from gone`,
    [now],
  );
  return row?.n ?? 0;
}

export function disciplineJobs(deps: AppDeps): JobDefinition[] {
  const em = () => deps.orm.em;
  return [
    {
      name: 'discipline-sanctions',
      // After the renewal sweep of the day (offset 10), so a suspension ending lands on the day's renewal state.
      cadence: { everyMinutes: 1440, offsetMinutes: 15 },
      run: async ({ now }) =>
        em().transactional(async (tx) => {
          const today = isoDay(now);
          const moves = await applySanctions(tx, today, now);
          const pub = await sweepPublication(tx, today, now);
          const counts = {
            revoked: moves.filter((m) => m.to_status === 'revoked').length,
            suspended: moves.filter((m) => m.to_status === 'suspended').length,
            released: moves.filter((m) => !['revoked', 'suspended'].includes(m.to_status)).length,
            ...pub,
          };
          if (moves.length)
            await recordAudit(tx, {
              action: 'discipline.sanctions-sweep',
              entityType: 'job',
              entityId: 'discipline-sanctions',
              after: { date: today, moves },
            });
          return counts;
        }),
    },
  ];
}
