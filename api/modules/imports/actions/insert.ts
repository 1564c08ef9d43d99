/**
 * Set-based inserts of a validated import plan, in chunks (one statement per table per chunk, rows
 * passed as one JSON parameter; each chunk's parameters are built while the database runs the
 * chunk before). Keys are enforced by the database too: a person or licence that
 * another transaction inserted meanwhile is skipped (ON CONFLICT DO NOTHING) and counted as
 * existing, so the counts are what was actually written.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../../shared/ids.js';
import type { ImportCounts } from '../import.entity.js';
import type { ImportPlan } from '../import.rules.js';

const CHUNK = 5000;
const REASON = 'Imported from the existing register';

type Helpers = {
  now: Date;
  seal: (nationalId: string, registrantId: string) => string;
  searchKey: (...names: (string | null)[]) => string;
  progress: (processed: number, total: number) => Promise<void>;
};
type Row = ImportPlan['rows'][number];

/** One chunk's statements, their parameters built (synchronously) ahead of running them. */
function prepareChunk(chunk: Row[], seenPeople: Set<string>, now: string, opts: Helpers) {
  // 1. people not yet on the register (first row of each person wins; the plan checked the rest agree)
  const people = [];
  for (const r of chunk) {
    if (r.existingPersonId || seenPeople.has(r.personKey)) continue;
    seenPeople.add(r.personKey);
    const id = newId();
    people.push({
      id,
      full_name: r.fullName,
      full_name_native: r.fullNameNative,
      search_name: opts.searchKey(r.fullName, r.fullNameNative),
      date_of_birth: r.dateOfBirth,
      sex: r.sex,
      nationality: r.nationality,
      sealed: opts.seal(r.nationalId, id),
      hash: r.personKey,
      last4: r.nationalId.slice(-4),
      email: r.email,
      phone: r.phone,
      region: r.region,
      employer: r.employer,
      sector: r.sector,
    });
  }
  // 2. licences not yet on the register, joined to their person by key (whoever inserted them)
  const licences = chunk
    .filter((r) => !r.licenceExists)
    .map((r) => ({
      id: newId(),
      number: r.licenceNumber,
      nationality: r.nationality,
      hash: r.personKey,
      tier: r.tier,
      status: r.status,
      status_since: r.status === 'active' ? r.validFrom : r.statusSince,
      valid_from: r.validFrom,
      valid_until: r.validUntil,
    }));
  // 3. qualifications not yet recorded for the person (person, title, award date)
  const quals = chunk
    .filter((r) => r.qualification && !r.qualificationExists)
    .map((r) => ({
      nationality: r.nationality,
      hash: r.personKey,
      title: r.qualification!.title,
      level: r.qualification!.level,
      institution: r.qualification!.institution,
      country: r.qualification!.country,
      awarded_on: r.qualification!.awardedOn,
    }));
  return {
    size: chunk.length,
    withQual: chunk.filter((r) => r.qualification).length,
    people: people.length ? JSON.stringify(people) : null,
    licences: licences.length ? JSON.stringify(licences) : null,
    quals: quals.length ? JSON.stringify(quals) : null,
  };
}

/**
 * Runs one prepared chunk: its statements are sent together (they run in order on the
 * transaction's connection, each seeing the rows of the one before) and the counts taken from
 * what each returned.
 */
async function runChunk(tx: EntityManager, c: ReturnType<typeof prepareChunk>, now: string, counts: ImportCounts) {
  const none = Promise.resolve([] as { id: string }[]);
  const [people, licences, quals] = await Promise.all([
    c.people
      ? tx.execute<{ id: string }[]>(
          `insert into registrant (id, full_name, full_name_native, search_name, date_of_birth, sex, nationality,
                                  national_id_sealed, national_id_hash, national_id_last4, email, phone, region, employer,
                                  sector, created_at, version)
       select id, full_name, full_name_native, search_name, date_of_birth, sex, nationality, sealed, hash, last4, email,
              phone, region, employer, sector, ?::timestamptz, 1
       from jsonb_to_recordset(?::jsonb) as x(id uuid, full_name text, full_name_native text, search_name text,
              date_of_birth date, sex text, nationality text, sealed text, hash text, last4 text, email text, phone text,
              region text, employer text, sector text)
       on conflict (nationality, national_id_hash) do nothing returning id`,
          [now, c.people],
        )
      : none,
    c.licences
      ? tx.execute<{ id: string }[]>(
          `with x as (select * from jsonb_to_recordset(?::jsonb) as x(id uuid, number text, nationality text, hash text, tier text, status text, status_since date, valid_from date, valid_until date)),
       ins as (
         insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
         select x.id, x.number, r.id, t.code, t.name, t.protected_title, x.status, x.status_since, x.valid_until, ?::timestamptz, 1
         from x join registrant r on r.nationality = x.nationality and r.national_id_hash = x.hash join tier t on t.code = x.tier
         on conflict (number) do nothing returning id
       ),
       per as (
         insert into licence_period (id, licence_id, valid_from, valid_until, kind, application_id, created_at)
         select gen_random_uuid(), x.id, x.valid_from, x.valid_until, 'initial', null, ?::timestamptz from x join ins on ins.id = x.id
       ),
       issued as (
         insert into licence_event (id, licence_id, from_status, to_status, effective_date, reason, legal_basis, actor_id, created_at)
         select gen_random_uuid(), x.id, 'pending', 'active', x.valid_from, ?, null, null, ?::timestamptz from x join ins on ins.id = x.id
       ),
       moved as (
         insert into licence_event (id, licence_id, from_status, to_status, effective_date, reason, legal_basis, actor_id, created_at)
         select gen_random_uuid(), x.id, 'active', x.status, x.status_since, ?, null, null, ?::timestamptz + interval '1 millisecond' from x join ins on ins.id = x.id where x.status <> 'active'
       )
       select id from ins`,
          [c.licences, now, now, REASON, now, `${REASON} (status as recorded there)`, now],
        )
      : none,
    c.quals
      ? tx.execute<{ id: string }[]>(
          `insert into qualification (id, registrant_id, programme_id, student_id, "foreign", awarding_institution, country, level, title, awarded_on, created_at)
       select gen_random_uuid(), r.id, null, null, x.country <> c.country, x.institution, x.country, x.level, x.title, x.awarded_on, ?::timestamptz
       from (select distinct * from jsonb_to_recordset(?::jsonb) as x(nationality text, hash text, title text, level text, institution text, country text, awarded_on date)) x
       join registrant r on r.nationality = x.nationality and r.national_id_hash = x.hash
       cross join (select country from council where id = 1) c
       where not exists (select 1 from qualification q where q.registrant_id = r.id and q.title = x.title and q.awarded_on = x.awarded_on)
       returning id`,
          [now, c.quals],
        )
      : none,
  ]);
  counts.registrantsNew += people.length;
  counts.licencesNew += licences.length;
  counts.licencesExisting += c.size - licences.length;
  counts.qualificationsNew += quals.length;
  counts.qualificationsExisting += c.withQual - quals.length;
}

export async function insertPlan(tx: EntityManager, plan: ImportPlan, opts: Helpers): Promise<ImportCounts> {
  const counts: ImportCounts = {
    ...plan.counts,
    registrantsNew: 0,
    registrantsExisting: 0,
    licencesNew: 0,
    licencesExisting: 0,
    qualificationsNew: 0,
    qualificationsExisting: 0,
  };
  const now = opts.now.toISOString();
  const seenPeople = new Set<string>();
  await opts.progress(0, plan.total);
  // Each chunk is prepared while the database works on the one before (at most one in flight).
  let running: Promise<void> = Promise.resolve();
  for (let start = 0; start < plan.rows.length; start += CHUNK) {
    const prepared = prepareChunk(plan.rows.slice(start, start + CHUNK), seenPeople, now, opts);
    await running;
    const done = Math.min(start + CHUNK, plan.rows.length);
    running = runChunk(tx, prepared, now, counts).then(() => opts.progress(done, plan.total));
  }
  await running;
  counts.registrantsExisting = new Set(plan.rows.map((r) => r.personKey)).size - counts.registrantsNew;
  await opts.progress(plan.total, plan.total);
  return counts;
}
