import { Migration } from '@mikro-orm/migrations';

/**
 * The tables the workforce reports read (api/modules/reports/report-tables.entity.ts), the triggers
 * that keep them, and their first contents from the register as it stands.
 *
 * report_licence follows licence (insert, change of tier, status or holder, delete by cascade) and
 * registrant (region, sex, sector, date of birth). A new licence locks its holder's registrant row
 * (FOR NO KEY UPDATE, as an update of that row would) before copying the holder's details and
 * counting the holder's licences, so it waits for, or is waited for by, a concurrent change of the
 * holder's details or another licence for the same holder: neither can miss the other.
 *
 * report_person_year is kept by adding and subtracting counts (periods overlapping a year, accepted
 * CPD records completed in it): INSERT … ON CONFLICT DO UPDATE with increments, in key order, so
 * concurrent changes for the same person queue on that row and none is lost. A licence deleted
 * outright subtracts its periods before the cascade removes them (the periods' own trigger then
 * finds no licence and leaves the counts alone). Neither table has foreign keys (an import of
 * 100,000 licences would pay a key check for each of their 400,000 derived rows): the triggers
 * remove a deleted licence's row and a deleted person's years themselves.
 */
export class Migration20261126004944_report_tables extends Migration {
  override name = 'Migration20261126004944_report_tables';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "report_licence" ("licence_id" uuid not null, "registrant_id" uuid not null, "tier_code" varchar(40) not null, "status" varchar(12) not null, "status_since" date not null, "region" varchar(120) not null, "sex" varchar(12) not null, "sector" varchar(20) not null, "date_of_birth" date not null, "shared_holder" boolean not null default false, primary key ("licence_id"));`,
    );
    this.addSql(`create index "report_licence_registrant_idx" on "report_licence" ("registrant_id");`);

    this.addSql(
      `create table "report_person_year" ("registrant_id" uuid not null, "year" int not null, "periods" int not null default 0, "accepted_cpd" int not null default 0, primary key ("registrant_id", "year"));`,
    );
    this.addSql(
      `create index "report_person_year_year_idx" on "report_person_year" ("year") include ("registrant_id", "accepted_cpd") where "periods" > 0;`,
    );

    for (const sql of TRIGGERS) this.addSql(sql);

    // The reports read these tables now; the indexes added for them on licence and cpd_record go,
    // so that every licence change and CPD record no longer pays for them.
    this.addSql(`drop index if exists "licence_status_since_idx";`);
    this.addSql(`drop index if exists "cpd_record_accepted_idx";`);

    // First contents, from the register as it stands (the same function rebuilds them after a load
    // made with triggers switched off).
    this.addSql(REBUILD);
    this.addSql(`select report_tables_rebuild();`);
    this.addSql(`analyze "report_licence";`);
    this.addSql(`analyze "report_person_year";`);
  }

  override down(): void | Promise<void> {
    for (const t of [
      'report_licence_added',
      'report_licence_changed',
      'report_licence_removed',
      'report_registrant_changed',
      'report_registrant_removed',
      'report_periods_added',
      'report_periods_changed',
      'report_periods_removed',
      'report_cpd_added',
      'report_cpd_changed',
      'report_cpd_removed',
    ]) {
      const table = t.startsWith('report_licence')
        ? 'licence'
        : t.startsWith('report_registrant')
          ? 'registrant'
          : t.startsWith('report_periods')
            ? 'licence_period'
            : 'cpd_record';
      this.addSql(`drop trigger if exists "${t}" on "${table}";`);
    }
    for (const f of [
      'report_licences_added',
      'report_licences_changed',
      'report_licence_removed',
      'report_registrants_changed',
      'report_registrants_removed',
      'report_periods_counted',
      'report_cpd_counted',
      'report_tables_rebuild',
    ])
      this.addSql(`drop function if exists ${f}();`);
    this.addSql(`create index if not exists "licence_status_since_idx" on "licence" ("status_since");`);
    this.addSql(
      `create index if not exists "cpd_record_accepted_idx" on "cpd_record" ("registrant_id", "completed_on") where "status" = 'accepted';`,
    );
    this.addSql(`drop table if exists "report_licence" cascade;`);
    this.addSql(`drop table if exists "report_person_year" cascade;`);
  }
}

/**
 * Recomputes both tables from the register. Their triggers keep them right through every change; this
 * is for a database loaded with triggers switched off (session_replication_role = replica, or
 * pg_restore --disable-triggers of a data-only dump). It locks the two tables for the time it takes,
 * so changes made meanwhile wait and then apply on top of the rebuilt rows.
 */
const REBUILD = `create function report_tables_rebuild() returns void language plpgsql as $$
  begin
    lock table report_licence, report_person_year in access exclusive mode;
    delete from report_licence;
    delete from report_person_year;
    insert into report_licence (licence_id, registrant_id, tier_code, status, status_since, region, sex, sector, date_of_birth, shared_holder)
      select l.id, l.registrant_id, l.tier_code, l.status, l.status_since, r.region, r.sex, r.sector, r.date_of_birth,
             count(*) over (partition by l.registrant_id) > 1
      from licence l join registrant r on r.id = l.registrant_id;
    insert into report_person_year (registrant_id, year, periods, accepted_cpd)
      select registrant_id, year, sum(periods), sum(cpd) from (
        select l.registrant_id, y.year, 1 as periods, 0 as cpd
        from licence_period p join licence l on l.id = p.licence_id
        cross join generate_series(extract(year from p.valid_from)::int, extract(year from p.valid_until)::int) as y(year)
        union all
        select c.registrant_id, extract(year from c.completed_on)::int, 0, 1 from cpd_record c where c.status = 'accepted'
      ) x group by 1, 2;
  end $$;`;

/** Years a period overlaps, from a row set p with valid_from and valid_until. */
const YEARS_OF = `generate_series(extract(year from p.valid_from)::int, extract(year from p.valid_until)::int) as y(year)`;

/**
 * Adds per-(person, year) deltas, given by a query of (registrant_id, year, delta), to one count of
 * report_person_year: in key order, so concurrent statements queue on the rows the same way.
 */
const addTo = (
  count: 'periods' | 'accepted_cpd',
  deltas: string,
) => `insert into report_person_year as t (registrant_id, year, ${count})
         ${deltas}
         order by 1, 2
         on conflict (registrant_id, year) do update set ${count} = t.${count} + excluded.${count};`;

/** Marks every licence of the new rows' holders as shared once a holder has more than one. */
const MARK_SHARED_HOLDERS = `update report_licence f set shared_holder = true
         where f.registrant_id in (select registrant_id from new_rows) and not f.shared_holder
           and exists (select 1 from report_licence s where s.registrant_id = f.registrant_id and s.licence_id <> f.licence_id);`;

const TRIGGERS = [
  `create function report_licences_added() returns trigger language plpgsql as $$
   begin
     -- The holders first: waits for a change of their details or another licence of theirs. Rows
     -- this transaction wrote itself (people just imported or changed) are already held.
     perform 1 from registrant r where r.id in (select registrant_id from new_rows) and r.xmin <> pg_current_xact_id()::xid
       order by r.id for no key update;
     insert into report_licence (licence_id, registrant_id, tier_code, status, status_since, region, sex, sector, date_of_birth)
       select n.id, n.registrant_id, n.tier_code, n.status, n.status_since, r.region, r.sex, r.sector, r.date_of_birth
       from new_rows n join registrant r on r.id = n.registrant_id;
     ${MARK_SHARED_HOLDERS}
     return null;
   end $$;`,
  `create trigger report_licence_added after insert on licence referencing new table as new_rows
     for each statement execute function report_licences_added();`,

  `create function report_licences_changed() returns trigger language plpgsql as $$
   begin
     update report_licence f set tier_code = n.tier_code, status = n.status, status_since = n.status_since
       from new_rows n
       where f.licence_id = n.id and f.registrant_id = n.registrant_id
         and (f.tier_code, f.status, f.status_since) is distinct from (n.tier_code, n.status, n.status_since);
     -- A licence moved to another holder (the registry never does this; a database administrator might).
     if exists (select 1 from new_rows n join report_licence f on f.licence_id = n.id where f.registrant_id <> n.registrant_id) then
       perform 1 from registrant r where r.id in (select registrant_id from new_rows union select registrant_id from old_rows) order by r.id for no key update;
       update report_licence f set registrant_id = n.registrant_id, tier_code = n.tier_code, status = n.status, status_since = n.status_since,
              region = r.region, sex = r.sex, sector = r.sector, date_of_birth = r.date_of_birth
         from new_rows n join registrant r on r.id = n.registrant_id
         where f.licence_id = n.id and f.registrant_id <> n.registrant_id;
       ${MARK_SHARED_HOLDERS}
       ${addTo(
         'periods',
         `select registrant_id, year, sum(d) from (
           select o.registrant_id, y.year, -1 as d from old_rows o join new_rows n on n.id = o.id and n.registrant_id <> o.registrant_id
             join licence_period p on p.licence_id = o.id cross join ${YEARS_OF}
           union all
           select n.registrant_id, y.year, 1 from old_rows o join new_rows n on n.id = o.id and n.registrant_id <> o.registrant_id
             join licence_period p on p.licence_id = n.id cross join ${YEARS_OF}
         ) x group by 1, 2`,
       )}
     end if;
     return null;
   end $$;`,
  `create trigger report_licence_changed after update on licence referencing old table as old_rows new table as new_rows
     for each statement execute function report_licences_changed();`,

  // A licence deleted outright: its row goes, and its periods are subtracted while the licence still
  // names its holder (before a cascade removes them).
  `create function report_licence_removed() returns trigger language plpgsql as $$
   begin
     delete from report_licence where licence_id = old.id;
     -- (not when the holder is being deleted too)
     ${addTo(
       'periods',
       `select old.registrant_id, y.year, -count(*) from licence_period p cross join ${YEARS_OF}
         where p.licence_id = old.id and exists (select 1 from registrant r where r.id = old.registrant_id)
         group by 1, 2`,
     )}
     return old;
   end $$;`,
  `create trigger report_licence_removed before delete on licence for each row execute function report_licence_removed();`,

  `create function report_registrants_removed() returns trigger language plpgsql as $$
   begin
     delete from report_person_year where registrant_id in (select id from old_rows);
     return null;
   end $$;`,
  `create trigger report_registrant_removed after delete on registrant referencing old table as old_rows
     for each statement execute function report_registrants_removed();`,

  `create function report_registrants_changed() returns trigger language plpgsql as $$
   begin
     update report_licence f set region = n.region, sex = n.sex, sector = n.sector, date_of_birth = n.date_of_birth
       from new_rows n
       where f.registrant_id = n.id
         and (f.region, f.sex, f.sector, f.date_of_birth) is distinct from (n.region, n.sex, n.sector, n.date_of_birth);
     return null;
   end $$;`,
  `create trigger report_registrant_changed after update on registrant referencing new table as new_rows
     for each statement execute function report_registrants_changed();`,

  // Periods: +1 for each year a new period overlaps, -1 for each year an old one did.
  `create function report_periods_counted() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       ${addTo(
         'periods',
         `select l.registrant_id, y.year, count(*) from new_rows p join licence l on l.id = p.licence_id cross join ${YEARS_OF}
         group by 1, 2`,
       )}
     elsif tg_op = 'UPDATE' then
       ${addTo(
         'periods',
         `select registrant_id, year, sum(d) from (
           select l.registrant_id, y.year, -1 as d from old_rows p join licence l on l.id = p.licence_id cross join ${YEARS_OF}
           union all
           select l.registrant_id, y.year, 1 from new_rows p join licence l on l.id = p.licence_id cross join ${YEARS_OF}
         ) x group by 1, 2 having sum(d) <> 0`,
       )}
     else
       ${addTo(
         'periods',
         `select l.registrant_id, y.year, -count(*) from old_rows p join licence l on l.id = p.licence_id cross join ${YEARS_OF}
         group by 1, 2`,
       )}
     end if;
     return null;
   end $$;`,
  `create trigger report_periods_added after insert on licence_period referencing new table as new_rows
     for each statement execute function report_periods_counted();`,
  `create trigger report_periods_changed after update on licence_period referencing old table as old_rows new table as new_rows
     for each statement execute function report_periods_counted();`,
  `create trigger report_periods_removed after delete on licence_period referencing old table as old_rows
     for each statement execute function report_periods_counted();`,

  // Accepted CPD records: +1 in the year of completion when a record is or becomes accepted, -1 when it stops being.
  `create function report_cpd_counted() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       ${addTo(
         'accepted_cpd',
         `select c.registrant_id, extract(year from c.completed_on)::int, count(*) from new_rows c where c.status = 'accepted'
         group by 1, 2`,
       )}
     elsif tg_op = 'UPDATE' then
       ${addTo(
         'accepted_cpd',
         `select registrant_id, year, sum(d) from (
           select c.registrant_id, extract(year from c.completed_on)::int as year, -1 as d from old_rows c where c.status = 'accepted'
           union all
           select c.registrant_id, extract(year from c.completed_on)::int, 1 from new_rows c where c.status = 'accepted'
         ) x group by 1, 2 having sum(d) <> 0`,
       )}
     else
       -- (not when the person is being deleted too)
       ${addTo(
         'accepted_cpd',
         `select c.registrant_id, extract(year from c.completed_on)::int, -count(*) from old_rows c
         where c.status = 'accepted' and exists (select 1 from registrant r where r.id = c.registrant_id)
         group by 1, 2`,
       )}
     end if;
     return null;
   end $$;`,
  `create trigger report_cpd_added after insert on cpd_record referencing new table as new_rows
     for each statement execute function report_cpd_counted();`,
  `create trigger report_cpd_changed after update on cpd_record referencing old table as old_rows new table as new_rows
     for each statement execute function report_cpd_counted();`,
  `create trigger report_cpd_removed after delete on cpd_record referencing old table as old_rows
     for each statement execute function report_cpd_counted();`,
];
