/**
 * Licence status on a date D, from the history.
 *
 * The rule: a licence's status on D is the status set by the last event *recorded* among its events
 * effective on or before D. Each event is a transition applied when it is recorded and effective
 * from its date, so a later decision dated earlier (a revocation back-dated before a lapse, a
 * scheduled suspension cancelled before it began) supersedes what was recorded before it for the
 * dates it covers. A licence with no event at all counts as active from the start of its first
 * period; a licence with neither an event nor a period by D did not exist yet and is not counted.
 *
 * The fast path: every status change writes licence.status and licence.status_since together with
 * its event, in one transaction, status_since being that event's effective date (issue, changes by
 * staff, the renewal and discipline jobs, the register import), and the report_licence trigger
 * copies both in that transaction. So when status_since is on or before D, the last recorded event
 * is effective by D and the status on D is the licence's current status, read straight from its
 * report row. Only licences whose current status starts after D (changed since, issued since, or a
 * change recorded ahead of its date) are reconstructed from their events, one probe each of
 * licence_event_recorded_idx. As of today that is a handful of licences; as of a past date, those
 * changed since. (A licence loaded with no event at all, which
 * the registry never writes, follows its row once its status_since has passed.)
 *
 * `history` runs the rule over every licence's events (no fast path): the definition the fast path
 * is tested against.
 */
export type AsOfMode = 'fast' | 'history';

/** One source of licences as of a date: a parenthesised subquery (to follow `from`) and its parameters. */
export type LicenceSource = { sql: string; params: unknown[] };

/**
 * The licences that existed on the date, with their status then and their holder's details, as
 * subqueries with the columns (registrant_id, tier_code, status, region, sex, sector,
 * date_of_birth, shared_holder). Each report aggregates every source on its own and combines the
 * results, so that the large source (licences whose status started by the date: nearly all of
 * them) is a plain scan the database can aggregate in parallel. `shared_holder` is true where the
 * holder has held another licence too (always, in `history`): a count of people needs to
 * de-duplicate only those rows, across sources.
 *
 * The fast path reads report_licence (one narrow row per licence, kept by triggers: see
 * report-tables.entity.ts); `history` reads licence, licence_event and registrant themselves.
 */
export function licencesAsOf(asOf: string, mode: AsOfMode = 'fast'): LicenceSource[] {
  if (mode === 'history') {
    return [
      {
        sql: `(
    with lic_ev as (
      select distinct on (e.licence_id) e.licence_id, e.to_status as status
      from licence_event e
      where e.effective_date <= ?::date
      order by e.licence_id, e.created_at desc, e.id desc
    ),
    lic_h as (
      select ev.licence_id, ev.status from lic_ev ev
      union all
      select l.id, 'active' from licence l
      where not exists (select 1 from licence_event e where e.licence_id = l.id)
        and exists (select 1 from licence_period p where p.licence_id = l.id and p.valid_from <= ?::date)
    )
    select l.registrant_id, l.tier_code, h.status, r.region, r.sex, r.sector, r.date_of_birth, true as shared_holder
    from lic_h h join licence l on l.id = h.licence_id join registrant r on r.id = l.registrant_id
  )`,
        params: [asOf, asOf],
      },
    ];
  }
  const cols = 'f.registrant_id, f.tier_code, f.region, f.sex, f.sector, f.date_of_birth, f.shared_holder';
  return [
    {
      sql: `(select f.registrant_id, f.tier_code, f.status, f.region, f.sex, f.sector, f.date_of_birth, f.shared_holder from report_licence f where f.status_since <= ?::date)`,
      params: [asOf],
    },
    {
      sql: `(
    select ${cols}, ev.status
    from report_licence f cross join lateral (
      select e.to_status as status from licence_event e
      where e.licence_id = f.licence_id and e.effective_date <= ?::date
      order by e.created_at desc, e.id desc limit 1
    ) ev
    where f.status_since > ?::date
    union all
    select ${cols}, 'active' from report_licence f
    where f.status_since > ?::date
      and not exists (select 1 from licence_event e where e.licence_id = f.licence_id)
      and exists (select 1 from licence_period p where p.licence_id = f.licence_id and p.valid_from <= ?::date)
  )`,
      params: [asOf, asOf, asOf, asOf],
    },
  ];
}

/**
 * Session settings for one report query, local to its transaction: enough memory for the hash
 * tables of a million-row aggregation to stay in one batch (hash nodes may use twice work_mem); no
 * JIT compilation (it costs more than it saves on these one-pass aggregates); and partial
 * aggregates from parallel workers valued at what they cost: the planner cannot tell how few
 * combinations an age band over a date parameter gives, guesses 100,000 rows to gather, and would
 * otherwise aggregate a million licences in one process.
 */
export const REPORT_SETTINGS = [
  `set local work_mem = '64MB'`,
  `set local jit = off`,
  `set local parallel_tuple_cost = 0.001`,
];
