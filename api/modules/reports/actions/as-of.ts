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
 * staff, the renewal and discipline jobs, the register import). So when status_since is on or
 * before D, the last recorded event is effective by D and the status on D is licence.status, read
 * straight from the licence row. Only licences whose current status starts after D (changed since,
 * issued since, or a change recorded ahead of its date) are reconstructed from their events, through
 * licence_status_since_idx and licence_event_recorded_idx. As of today that is a handful of
 * licences; as of a past date, those changed since. (A licence loaded with no event at all, which
 * the registry never writes, follows its row once its status_since has passed.)
 *
 * `history` runs the rule over every licence's events (no fast path): the definition the fast path
 * is tested against.
 */
export type AsOfMode = 'fast' | 'history';

/**
 * A CTE `lic(registrant_id, tier_code, status)`: the licences that existed on the date, with their
 * status then. Returns the SQL (to follow `with`) and its parameters, in order.
 */
export function licencesAsOf(asOf: string, mode: AsOfMode = 'fast'): { cte: string; params: unknown[] } {
  if (mode === 'history') {
    return {
      cte: `
  lic_ev as (
    select distinct on (e.licence_id) e.licence_id, e.to_status as status
    from licence_event e
    where e.effective_date <= ?::date
    order by e.licence_id, e.created_at desc, e.id desc
  ),
  lic as (
    select l.registrant_id, l.tier_code, ev.status from lic_ev ev join licence l on l.id = ev.licence_id
    union all
    select l.registrant_id, l.tier_code, 'active' from licence l
    where not exists (select 1 from licence_event e where e.licence_id = l.id)
      and exists (select 1 from licence_period p where p.licence_id = l.id and p.valid_from <= ?::date)
  )`,
      params: [asOf, asOf],
    };
  }
  return {
    cte: `
  lic as (
    select l.registrant_id, l.tier_code, l.status from licence l where l.status_since <= ?::date
    union all
    select l.registrant_id, l.tier_code, ev.status
    from licence l cross join lateral (
      select e.to_status as status from licence_event e
      where e.licence_id = l.id and e.effective_date <= ?::date
      order by e.created_at desc, e.id desc limit 1
    ) ev
    where l.status_since > ?::date
    union all
    select l.registrant_id, l.tier_code, 'active' from licence l
    where l.status_since > ?::date
      and not exists (select 1 from licence_event e where e.licence_id = l.id)
      and exists (select 1 from licence_period p where p.licence_id = l.id and p.valid_from <= ?::date)
  )`,
    params: [asOf, asOf, asOf, asOf, asOf],
  };
}

/**
 * Session settings for one report query, local to its transaction: enough memory for the hash
 * tables of a million-licence join to stay in one batch (hash nodes may use twice work_mem), and
 * no JIT compilation (it costs more than it saves on these one-pass aggregates).
 */
export const REPORT_SETTINGS = [`set local work_mem = '64MB'`, `set local jit = off`];
