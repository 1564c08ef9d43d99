/**
 * Reports over time: new registrations, renewals, lapses and sanctions per month; CPD engagement
 * and supervision adequacy per year; accredited programmes and graduates per year.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { monthRange, percent } from '../reports.rules.js';
import { REPORT_SETTINGS, type AsOfMode } from './as-of.js';

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};

/**
 * Per month: new registrations (licences whose initial period starts in the month), renewals
 * (renewal periods starting in the month), lapses (events to 'lapsed') and sanctions (events to
 * 'suspended' or 'revoked', whatever decided them).
 */
export async function activityFigures(
  em: EntityManager,
  q: { from: string; to: string; tier?: string; region?: string },
) {
  const start = `${q.from}-01`;
  const end = nextMonth(q.to);
  const join: string[] = [];
  const cond: string[] = [];
  const extra: unknown[] = [];
  if (q.tier || q.region) join.push('join licence l on l.id = x.licence_id');
  if (q.region) join.push('join registrant r on r.id = l.registrant_id');
  if (q.tier) {
    cond.push('l.tier_code = ?');
    extra.push(q.tier);
  }
  if (q.region) {
    cond.push('r.region = ?');
    extra.push(q.region);
  }
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
 *
 * The fast path counts report_person_year (per person and year: periods overlapping it, accepted
 * records completed in it; kept by triggers, see report-tables.entity.ts), one index-only pass over
 * the years asked for. `history` computes the same from the periods and records themselves: each
 * person's years held and years with accepted CPD as two bit masks, joined once, then bit tests;
 * it is the definition the fast path is tested against.
 */
export async function cpdFigures(
  em: EntityManager,
  q: { fromYear: number; toYear: number; region?: string },
  mode: AsOfMode = 'fast',
) {
  const rows = await em.transactional(async (tx) => {
    for (const s of REPORT_SETTINGS) await tx.execute(s);
    if (mode === 'fast') {
      return tx.execute<{ y: number; registered: string; engaged: string }[]>(
        `select years.y, coalesce(c.registered, 0) as registered, coalesce(c.engaged, 0) as engaged
         from generate_series(?::int, ?::int) as years(y)
         left join (
           select c.year, count(*) as registered, count(*) filter (where c.accepted_cpd > 0) as engaged
           from report_person_year c
           where c.year between ? and ? and c.periods > 0
             ${q.region ? 'and c.registrant_id in (select f.registrant_id from report_licence f where f.region = ?)' : ''}
           group by c.year
         ) c on c.year = years.y
         order by years.y`,
        [q.fromYear, q.toYear, q.fromYear, q.toYear, ...(q.region ? [q.region] : [])],
      );
    }
    const regionJoin = q.region ? 'join registrant r on r.id = l.registrant_id and r.region = ?' : '';
    const y0 = q.fromYear;
    return tx.execute<{ y: number; registered: string; engaged: string }[]>(
      `with held as (
         select l.registrant_id,
                bit_or((1::bigint << (least(extract(year from p.valid_until)::int, ?::int) - ?::int + 1)) - (1::bigint << (greatest(extract(year from p.valid_from)::int, ?::int) - ?::int))) as m
         from licence_period p join licence l on l.id = p.licence_id ${regionJoin}
         where p.valid_from <= make_date(?::int, 12, 31) and p.valid_until >= make_date(?::int, 1, 1)
         group by l.registrant_id
       ),
       engaged as (
         select c.registrant_id, bit_or(1::bigint << (extract(year from c.completed_on)::int - ?::int)) as m
         from cpd_record c
         where c.status = 'accepted' and c.completed_on >= make_date(?::int, 1, 1) and c.completed_on <= make_date(?::int, 12, 31)
         group by c.registrant_id
       ),
       combos as (
         select h.m as held, coalesce(e.m, 0) as cpd, count(*) as n
         from held h left join engaged e on e.registrant_id = h.registrant_id
         group by 1, 2
       )
       select years.y,
              coalesce(sum(c.n) filter (where c.held & (1::bigint << (years.y - ?::int)) <> 0), 0) as registered,
              coalesce(sum(c.n) filter (where c.held & c.cpd & (1::bigint << (years.y - ?::int)) <> 0), 0) as engaged
       from generate_series(?::int, ?::int) as years(y) left join combos c on true
       group by years.y order by years.y`,
      [
        q.toYear,
        y0,
        y0,
        y0,
        ...(q.region ? [q.region] : []),
        q.toYear,
        q.fromYear,
        y0,
        q.fromYear,
        q.toYear,
        y0,
        y0,
        q.fromYear,
        q.toYear,
      ],
    );
  });
  return rows.map((r) => {
    const registered = Number(r.registered);
    const engaged = Number(r.engaged);
    return {
      year: Number(r.y),
      registered,
      engaged,
      notEngaged: registered - engaged,
      percentEngaged: percent(engaged, registered),
    };
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
    return {
      year: Number(r.y),
      adequate,
      notAdequate,
      unanswered,
      total: adequate + notAdequate + unanswered,
      percentAdequate: percent(adequate, adequate + notAdequate),
    };
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
  return rows.map((r) => ({
    year: Number(r.y),
    accreditedProgrammes: Number(r.programmes),
    graduates: Number(r.graduates),
  }));
}
