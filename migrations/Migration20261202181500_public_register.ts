import { Migration } from '@mikro-orm/migrations';

/**
 * The public register as the lookup reads it (api/modules/verification/verification.entity.ts): one
 * row per licence on the register, keyed by number, whose entry (one jsonb document) holds everything
 * the public projection can show, so a lookup by number is one index probe returning one value.
 * Statement-level triggers keep it in the transaction of every change that affects it, whoever makes
 * it (services, jobs, the register import, SQL by hand):
 *
 * - licence: a licence leaving pending gets its whole row (and loses it going back to pending or
 *   being deleted); any other change writes only what the licence holds (number, tier name and title,
 *   status, its date, the end of validity, whether the holder may practise);
 * - registrant: the holder's names; tier: whether a licence in grace may practise (the tier's
 *   renewal rule); licence_period: the periods' starts; licence_condition: the public conditions;
 *   discipline_sanction: the published sanctions.
 *
 * Each trigger merges only its own part into the entry with an UPDATE, so changes to different parts
 * of a row by concurrent transactions compose (an UPDATE waits for the row and applies to its newest
 * version).
 * A part that is an aggregate of several rows (periods, conditions, sanctions) is recomputed after
 * locking the licence row (FOR NO KEY UPDATE, as an update of it would), so two transactions changing
 * the same licence's conditions queue, and the second sees the first. A whole row is written after
 * locking the holder (as a change of their name would) and, for a licence in grace, the tier (FOR
 * SHARE: a change of the tier's grace rule waits, or is waited for). Rows this transaction wrote
 * itself are already held and are not locked again (an import does not lock what it inserts).
 *
 * What depends on the day is stored with its dates and chosen when read; `version` comes from one
 * sequence and moves whenever a row changes (the lookup's ETag). Tier codes, names and titles are
 * stored once per distinct triple in public_register_label, keyed by a hash of their content.
 * public_register_rebuild() recomputes everything after a load made with triggers switched off.
 *
 * Also: a trigram index on the native name as written (NFC), which name searches in a native script
 * use (the normalised search name splits some scripts into fragments too short for its index).
 */
export class Migration20261202181500_public_register extends Migration {
  override name = 'Migration20261202181500_public_register';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "public_register" ("number" varchar(40) not null, "version" bigint not null, "entry" jsonb not null, primary key ("number"));`,
    );
    this.addSql(
      `create table "public_register_label" ("id" bigint not null, "tier_code" varchar(40) not null, "tier_name" jsonb not null, "tier_title" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create sequence "public_register_version";`);
    // Name search in a native script matches the native name as written (NFC): from its own trigram index.
    this.addSql(
      `create index "registrant_native_name_trgm_idx" on "registrant" using gin ((normalize("full_name_native", NFC)) gin_trgm_ops) where "full_name_native" is not null;`,
    );
    this.addSql(LABEL_ID);
    for (const sql of TRIGGERS) this.addSql(sql);
    this.addSql(REBUILD);
    this.addSql(`select public_register_rebuild();`);
    this.addSql(`analyze "public_register";`);
    this.addSql(`analyze "public_register_label";`);
  }

  override down(): void | Promise<void> {
    for (const [trigger, table] of [
      ['public_register_licence_added', 'licence'],
      ['public_register_licence_changed', 'licence'],
      ['public_register_licence_removed', 'licence'],
      ['public_register_registrant_changed', 'registrant'],
      ['public_register_tier_added', 'tier'],
      ['public_register_tier_changed', 'tier'],
      ['public_register_tier_removed', 'tier'],
      ['public_register_periods_added', 'licence_period'],
      ['public_register_periods_changed', 'licence_period'],
      ['public_register_periods_removed', 'licence_period'],
      ['public_register_conditions_added', 'licence_condition'],
      ['public_register_conditions_changed', 'licence_condition'],
      ['public_register_conditions_removed', 'licence_condition'],
      ['public_register_sanctions_added', 'discipline_sanction'],
      ['public_register_sanctions_changed', 'discipline_sanction'],
      ['public_register_sanctions_removed', 'discipline_sanction'],
    ])
      this.addSql(`drop trigger if exists "${trigger}" on "${table}";`);
    for (const f of [
      'public_register_licences_added()',
      'public_register_licences_changed()',
      'public_register_licences_removed()',
      'public_register_registrants_changed()',
      'public_register_tiers_changed()',
      'public_register_periods_changed()',
      'public_register_conditions_changed()',
      'public_register_sanctions_changed()',
      'public_register_rebuild()',
      'public_register_label_id(text, jsonb, jsonb)',
    ])
      this.addSql(`drop function if exists ${f};`);
    this.addSql(`drop sequence if exists "public_register_version";`);
    this.addSql(`drop index if exists "registrant_native_name_trgm_idx";`);
    this.addSql(`drop table if exists "public_register" cascade;`);
    this.addSql(`drop table if exists "public_register_label" cascade;`);
  }
}

/** A tier code, name and title's key: the first 64 bits of the MD5 of their canonical (jsonb) text. */
const LABEL_ID = `create function public_register_label_id(tier_code text, tier_name jsonb, tier_title jsonb) returns bigint
  language sql immutable parallel safe
  as $$ select ('x' || left(md5(jsonb_build_array(tier_code, tier_name, tier_title)::text), 16))::bit(64)::bigint $$;`;

/** Whether a licence (`l`, with its tier `t`) lets the holder practise: active, or in grace where the tier allows it. */
const PRACTISE_ALLOWED = `(l.status = 'active' or (l.status = 'grace' and coalesce((t.renewal ->> 'practiseInGrace')::boolean, true)))`;
/** Starts of a licence's periods, ascending. */
const PERIOD_STARTS = `coalesce((select jsonb_agg(p.valid_from order by p.valid_from) from licence_period p where p.licence_id = l.id), '[]')`;
/** Its public conditions (in force or not: the day is chosen when read), by start. */
const CONDITIONS = `(select jsonb_agg(jsonb_build_object('text', c.text, 'since', c.starts_on, 'until', c.ends_on) order by c.starts_on, c.id)
     from licence_condition c where c.licence_id = l.id and c.public)`;
/** Its published sanctions, by publication date. */
const SANCTIONS = `(select jsonb_agg(jsonb_build_object('type', s.type, 'text', coalesce(s.public_text, ''), 'from', s.published_from, 'until', s.published_until) order by s.published_from, s.id)
     from discipline_sanction s where s.licence_id = l.id and s.publication_state = 'published')`;
/** What the licence itself (`l`, with its tier `t`) puts in the entry. */
const LICENCE_PART = `'label', public_register_label_id(l.tier_code, l.tier_name, l.protected_title)::text, 'status', l.status,
     'practiseAllowed', ${PRACTISE_ALLOWED}, 'statusSince', l.status_since, 'validUntil', l.valid_until`;

/**
 * The whole row of each licence in `licences` (a relation with licence's columns, aliased l) that is
 * on the register, from the register as it stands.
 */
const ROWS = (licences: string) => `select l.number, nextval('public_register_version'),
     jsonb_build_object('name', r.full_name, 'nativeName', r.full_name_native, ${LICENCE_PART},
       'periodStarts', ${PERIOD_STARTS}, 'conditions', ${CONDITIONS}, 'sanctions', ${SANCTIONS})
   from ${licences} l join registrant r on r.id = l.registrant_id left join tier t on t.code = l.tier_code
   where l.status <> 'pending'`;

/**
 * Merges `part` (a jsonb object) into the entry of each licence `l` that `from` yields, where that
 * changes it, with a new version. An UPDATE applies to a row's newest version, so parts written by
 * concurrent transactions compose.
 */
const MERGE = (from: string, part: string) => `update public_register pr
       set entry = pr.entry || x.part, version = nextval('public_register_version')
       from (select l.number, ${part} as part from ${from}) x
       where pr.number = x.number and pr.entry || x.part <> pr.entry;`;

/** Tier codes, names and titles of `licences` not stored yet. */
const LABELS = (licences: string) => `insert into public_register_label (id, tier_code, tier_name, tier_title)
     select distinct on (1) public_register_label_id(l.tier_code, l.tier_name, l.protected_title), l.tier_code, l.tier_name, l.protected_title
     from ${licences} l
     where l.status <> 'pending'
     on conflict (id) do nothing;`;

/** Locks the tiers of `licences` in grace (their rule decides practiseAllowed), so a change of that rule cannot cross ours. */
const LOCK_GRACE_TIERS = (licences: string) =>
  `perform 1 from tier t where t.code in (select l.tier_code from ${licences} l where l.status = 'grace') order by t.code for share;`;

/** Writes the whole row of each licence in `licences`, after locking their holders and the tiers of those in grace. */
const WRITE = (licences: string) => `
     perform 1 from registrant r where r.id in (select l.registrant_id from ${licences} l) and r.xmin <> pg_current_xact_id()::xid
       order by r.id for no key update;
     ${LOCK_GRACE_TIERS(licences)}
     ${LABELS(licences)}
     insert into public_register as pr (number, version, entry)
       ${ROWS(licences)}
       order by 1
       on conflict (number) do update set version = excluded.version, entry = excluded.entry
       where pr.entry <> excluded.entry;`;

/**
 * Recomputes one aggregate part of the entries (`key` = `value`, an expression over licence l) for the
 * licences whose ids `ids` selects, after locking those licences (rows written by this transaction excepted).
 */
const REFRESH = (ids: string, key: string, value: string) => `
     perform 1 from licence l where l.id in (${ids}) and l.xmin <> pg_current_xact_id()::xid order by l.id for no key update;
     ${MERGE(`licence l where l.id in (${ids})`, `jsonb_build_object('${key}', ${value})`)}`;

/** The same trigger function on insert, update and delete of a table: `ids` of the licences concerned, from the transition tables. */
const onEachChange = (
  fn: string,
  body: (rows: string) => string,
) => `create function ${fn}() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       ${body('new_rows')}
     elsif tg_op = 'UPDATE' then
       ${body('(select * from old_rows union all select * from new_rows)')}
     else
       ${body('old_rows')}
     end if;
     return null;
   end $$;`;

const triggersFor = (table: string, name: string, fn: string) => [
  `create trigger ${name}_added after insert on ${table} referencing new table as new_rows
     for each statement execute function ${fn}();`,
  `create trigger ${name}_changed after update on ${table} referencing old table as old_rows new table as new_rows
     for each statement execute function ${fn}();`,
  `create trigger ${name}_removed after delete on ${table} referencing old table as old_rows
     for each statement execute function ${fn}();`,
];

const TRIGGERS = [
  `create function public_register_licences_added() returns trigger language plpgsql as $$
   begin
     ${WRITE('new_rows')}
     return null;
   end $$;`,
  `create trigger public_register_licence_added after insert on licence referencing new table as new_rows
     for each statement execute function public_register_licences_added();`,

  `create function public_register_licences_changed() returns trigger language plpgsql as $$
   declare
     whole uuid[];
   begin
     -- Off the register again (back to pending), or renumbered: the row under the old number goes.
     delete from public_register where number in (
       select o.number from old_rows o join new_rows n on n.id = o.id
       where o.status <> 'pending' and (n.status = 'pending' or n.number <> o.number));
     -- New on the register, renumbered or given to another holder: the whole row. (Collected first: an
     -- EXISTS over the two transition tables would be planned as a nested loop over both.)
     whole := array(select n.id from old_rows o join new_rows n on n.id = o.id
                    where n.status <> 'pending' and (o.status = 'pending' or n.number <> o.number or n.registrant_id <> o.registrant_id));
     if cardinality(whole) > 0 then
       ${WRITE(`(select * from new_rows where id = any(whole))`)}
     end if;
     -- Otherwise what the licence itself holds, where that changed.
     ${LOCK_GRACE_TIERS(`(select n.* from old_rows o join new_rows n on n.id = o.id where (n.status, n.tier_code) is distinct from (o.status, o.tier_code))`)}
     ${LABELS(`(select n.* from old_rows o join new_rows n on n.id = o.id where (n.tier_code, n.tier_name, n.protected_title) is distinct from (o.tier_code, o.tier_name, o.protected_title))`)}
     ${MERGE(
       `old_rows o join new_rows l on l.id = o.id left join tier t on t.code = l.tier_code
        where o.status <> 'pending' and l.status <> 'pending' and l.number = o.number and l.registrant_id = o.registrant_id
          and (l.status, l.status_since, l.valid_until, l.tier_code, l.tier_name, l.protected_title)
              is distinct from (o.status, o.status_since, o.valid_until, o.tier_code, o.tier_name, o.protected_title)`,
       `jsonb_build_object(${LICENCE_PART})`,
     )}
     return null;
   end $$;`,
  `create trigger public_register_licence_changed after update on licence referencing old table as old_rows new table as new_rows
     for each statement execute function public_register_licences_changed();`,

  `create function public_register_licences_removed() returns trigger language plpgsql as $$
   begin
     delete from public_register where number in (select number from old_rows);
     return null;
   end $$;`,
  `create trigger public_register_licence_removed after delete on licence referencing old table as old_rows
     for each statement execute function public_register_licences_removed();`,

  `create function public_register_registrants_changed() returns trigger language plpgsql as $$
   begin
     ${MERGE(
       'new_rows n join licence l on l.registrant_id = n.id',
       `jsonb_build_object('name', n.full_name, 'nativeName', n.full_name_native)`,
     )}
     return null;
   end $$;`,
  `create trigger public_register_registrant_changed after update on registrant referencing new table as new_rows
     for each statement execute function public_register_registrants_changed();`,

  // A tier's grace rule (or its code) changed, or a tier appeared or went: its licences in grace.
  `create function public_register_tiers_changed() returns trigger language plpgsql as $$
   declare
     codes text[];
   begin
     if tg_op = 'INSERT' then
       codes := array(select code from new_rows);
     elsif tg_op = 'DELETE' then
       codes := array(select code from old_rows);
     else
       codes := array(select unnest(array[o.code, n.code]) from old_rows o join new_rows n on n.id = o.id
                      where n.code <> o.code or (n.renewal -> 'practiseInGrace') is distinct from (o.renewal -> 'practiseInGrace'));
     end if;
     if cardinality(codes) > 0 then
       ${MERGE(
         `licence l where l.status = 'grace' and l.tier_code = any(codes)`,
         `jsonb_build_object('practiseAllowed', coalesce((select (t.renewal ->> 'practiseInGrace')::boolean from tier t where t.code = l.tier_code), true))`,
       )}
     end if;
     return null;
   end $$;`,
  ...triggersFor('tier', 'public_register_tier', 'public_register_tiers_changed'),

  onEachChange('public_register_periods_changed', (rows) =>
    REFRESH(`select licence_id from ${rows} x`, 'periodStarts', PERIOD_STARTS),
  ),
  ...triggersFor('licence_period', 'public_register_periods', 'public_register_periods_changed'),

  onEachChange('public_register_conditions_changed', (rows) =>
    REFRESH(`select licence_id from ${rows} x where x.public`, 'conditions', CONDITIONS),
  ),
  ...triggersFor('licence_condition', 'public_register_conditions', 'public_register_conditions_changed'),

  onEachChange('public_register_sanctions_changed', (rows) =>
    REFRESH(
      `select licence_id from ${rows} x where x.publication_state = 'published' and x.licence_id is not null`,
      'sanctions',
      SANCTIONS,
    ),
  ),
  ...triggersFor('discipline_sanction', 'public_register_sanctions', 'public_register_sanctions_changed'),
];

/**
 * Recomputes the public register from the register. The triggers keep it right through every change;
 * this is for a database loaded with triggers switched off (session_replication_role = replica, or
 * pg_restore --disable-triggers of a data-only dump). It locks the table for the time it takes, so
 * lookups and changes made meanwhile wait, then read or apply to the rebuilt rows.
 */
const REBUILD = `create function public_register_rebuild() returns void language plpgsql as $$
  begin
    lock table public_register, public_register_label in access exclusive mode;
    delete from public_register;
    ${LABELS('licence')}
    insert into public_register (number, version, entry) ${ROWS('licence')};
  end $$;`;
