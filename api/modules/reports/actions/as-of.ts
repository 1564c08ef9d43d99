/**
 * Licence status on a past date, from the history: the to_status of the latest licence_event with
 * effective_date <= D (ties broken by when the event was recorded); a licence with no event at all
 * counts as active from the start of its first period. A licence that did not exist yet on D is not
 * counted. Set-based: DISTINCT ON over the covering index licence_event_as_of_idx.
 */
export const STATUS_AS_OF_CTE = `
  ev as (
    select distinct on (e.licence_id) e.licence_id, e.to_status as status
    from licence_event e
    where e.effective_date <= ?::date
    order by e.licence_id, e.effective_date desc, e.created_at desc, e.id desc
  ),
  st as (
    select licence_id, status from ev
    union all
    select l.id, 'active' from licence l
    where not exists (select 1 from licence_event e where e.licence_id = l.id)
      and exists (select 1 from licence_period p where p.licence_id = l.id and p.valid_from <= ?::date)
  )`;

/** Parameters for STATUS_AS_OF_CTE, in order. */
export const statusAsOfParams = (asOf: string): string[] => [asOf, asOf];
