/**
 * Reports over time: new registrations, renewals, lapses and sanctions per month; CPD engagement
 * and supervision adequacy per year; accredited programmes and graduates per year.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { monthRange, percent } from '../reports.rules.js';

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};

/**
 * Per month: new registrations (licences whose initial period starts in the month), renewals
 * (renewal periods starting in the month), lapses (events to 'lapsed') and sanctions (events to
 * 'suspended' or 'revoked', whatever decided them).
 */
export async function activityFigures(em: EntityManager, q: { from: string; to: string; tier?: string; region?: string }) {
  const start = `${q.from}-01`;
  const end = nextMonth(q.to);
  const join: string[] = [];
  const cond: string[] = [];
  const extra: unknown[] = [];
  if (q.tier || q.region) join.push('join licence l on l.id = x.licence_id');
  if (q.region) join.push('join registrant r on r.id = l.registrant_id');
  if (q.tier) { cond.push('l.tier_code = ?'); extra.push(q.tier); }
  if (q.region) { cond.push('r.region = ?'); extra.push(q.region); }
  const more = cond.map((c) => ` and ${c}`).join('');
  const rows = await em.execute<{ m: string; kind: string; n: string }[]>(
    `select to_char(x.valid_from, 'YYYY-MM') as m, x.kind, count(*) as n
       from licence_period x ${join.join(' ')}
      where x.valid_from >= ?::date and x.valid_from < ?::date and x.kind in ('initial', 'renewal')${more}
      group by 1, 2
     union all
     select to_char(x.effective_date, 'YYYY-MM'), case when x.to_status = 'lapsed' then 'lapsed' else 'sanction' end, count(*)
       from licence_event x ${join.join(' ')}
      where x.effective_date >= ?::date and x.effective_date < ?::date and x.to_status in ('lapsed', 'suspended', 'revoked')${more}
      group by 1, 2`,
    [start, end, ...extra, start, end, ...extra],
  );
  const by = new Map(rows.map((r) => [`${r.m}|${r.kind}`, Number(r.n)]));
  return monthRange(q.from, q.to).map((month) => ({
    month,
    newRegistrations: by.get(`${month}|initial`) ?? 0,
    renewals: by.get(`${month}|renewal`) ?? 0,
    lapses: by.get(`${month}|lapsed`) ?? 0,
    sanctions: by.get(`${month}|sanction`) ?? 0,
  }));
}

/**
 * CPD engagement per cycle (calendar year): people holding a licence period that overlaps the year,
 * and how many of them have at least one accepted CPD record completed in that year.
 */
export async function cpdFigures(em: EntityManager, q: { fromYear: number; toYear: number; region?: string }) {
  const regionJoin = q.region ? 'join registrant r on r.id = l.registrant_id and r.region = ?' : '';
  const rows = await em.execute<{ y: number; registered: string; engaged: string }[]>(
    `with years as (select generate_series(?::int, ?::int) as y),
     held as (
       select distinct y.y, l.registrant_id
       from years y
       join licence_period p on p.valid_from <= make_date(y.y, 12, 31) and p.valid_until >= make_date(y.y, 1, 1)
       join licence l on l.id = p.licence_id ${regionJoin}
     ),
     engaged as (
       select distinct extract(year from c.completed_on)::int as y, c.registrant_id
       from cpd_record c
       where c.status = 'accepted' and c.completed_on >= make_date(?::int, 1, 1) and c.completed_on <= make_date(?::int, 12, 31)
     )
     select years.y, count(h.registrant_id) as registered, count(e.registrant_id) as engaged
     from years left join held h on h.y = years.y left join engaged e on e.y = h.y and e.registrant_id = h.registrant_id
     group by years.y order by years.y`,
    [q.fromYear, q.toYear, ...(q.region ? [q.region] : []), q.fromYear, q.toYear],
  );
  return rows.map((r) => {
    const registered = Number(r.registered);
    const engaged = Number(r.engaged);
    return { year: Number(r.y), registered, engaged, notEngaged: registered - engaged, percentEngaged: percent(engaged, registered) };
  });
}

/**
 * Supervision adequacy from the renewal question ("do you receive adequate supervision?"), per year
 * the renewal was submitted; drafts and withdrawn applications are left out.
 */
export async function supervisionFigures(em: EntityManager, q: { fromYear: number; toYear: number; region?: string }) {
  const regionJoin = q.region ? 'join registrant r on r.id = a.registrant_id and r.region = ?' : '';
  const source = q.region ? `(licence_application a ${regionJoin})` : 'licence_application a';
  const rows = await em.execute<{ y: number; yes: string; no: string; unanswered: string }[]>(
    `with years as (select generate_series(?::int, ?::int) as y)
     select years.y,
            count(a.id) filter (where a.declarations->>'adequateSupervision' = 'true') as yes,
            count(a.id) filter (where a.declarations->>'adequateSupervision' = 'false') as no,
            count(a.id) filter (where coalesce(a.declarations->>'adequateSupervision', 'null') not in ('true', 'false')) as unanswered
     from years
     left join ${source} on a.type = 'renewal' and a.status not in ('draft', 'withdrawn')
          and a.submitted_at is not null and extract(year from a.submitted_at)::int = years.y
     group by years.y order by years.y`,
    [q.fromYear, q.toYear, ...(q.region ? [q.region] : [])],
  );
  return rows.map((r) => {
    const adequate = Number(r.yes);
    const notAdequate = Number(r.no);
    const unanswered = Number(r.unanswered);
    return { year: Number(r.y), adequate, notAdequate, unanswered, total: adequate + notAdequate + unanswered, percentAdequate: percent(adequate, adequate + notAdequate) };
  });
}

/**
 * Accredited programmes per year (an accreditation window overlapping the year, not withdrawn
 * before it began) and graduates per year of graduation (from the schools' graduate lists).
 */
export async function programmeFigures(em: EntityManager, q: { fromYear: number; toYear: number }) {
  const rows = await em.execute<{ y: number; programmes: string; graduates: string }[]>(
    `with years as (select generate_series(?::int, ?::int) as y)
     select years.y,
       (select count(distinct a.programme_id) from accreditation a
         where a.valid_from <= make_date(years.y, 12, 31) and a.valid_until >= make_date(years.y, 1, 1)
           and (a.withdrawn_from is null or a.withdrawn_from > make_date(years.y, 1, 1))) as programmes,
       (select count(*) from graduate g where g.graduation_date >= make_date(years.y, 1, 1) and g.graduation_date <= make_date(years.y, 12, 31)) as graduates
     from years order by years.y`,
    [q.fromYear, q.toYear],
  );
  return rows.map((r) => ({ year: Number(r.y), accreditedProgrammes: Number(r.programmes), graduates: Number(r.graduates) }));
}
