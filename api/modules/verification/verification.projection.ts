/**
 * The public projection of a licence: the only shape in which a licence leaves the registry
 * without sign-in (public register, bulk verification, certificate check). It is an allowlist:
 * every field is named here and read from the licence's row of the public register (table
 * public_register, kept by the database, see verification.entity.ts), which holds nothing else, and
 * the response schema is strict. Identity numbers, dates of birth, contact details and internal ids
 * are never read on this path.
 *
 * Per council, the statute decides which optional fields the register shows (council setting
 * `publicRegisterFields`); a field the register does not show is null. Number, name, tier and
 * status (with whether the holder may practise) are always shown.
 */
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PublicRegisterEntryData } from './verification.entity.js';

export const PUBLIC_STATUSES = ['active', 'grace', 'lapsed', 'suspended', 'revoked', 'surrendered'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** Optional fields a council may publish; the rest of the projection is always shown. */
export const OPTIONAL_PUBLIC_FIELDS = [
  'nameNative',
  'protectedTitle',
  'validFrom',
  'validUntil',
  'statusSince',
  'conditions',
  'sanctions',
] as const;
export type OptionalPublicField = (typeof OPTIONAL_PUBLIC_FIELDS)[number];

export type PublicRegisterSettings = { fields: ReadonlySet<OptionalPublicField> };
export const DEFAULT_PUBLIC_REGISTER: PublicRegisterSettings = Object.freeze({
  fields: new Set(OPTIONAL_PUBLIC_FIELDS),
});

/** Reads the allowlist from the council's settings JSON (absent → every optional field is shown). */
export function publicRegisterSettingsFrom(settings: unknown): PublicRegisterSettings {
  const raw = (settings as { publicRegisterFields?: unknown } | null | undefined)?.publicRegisterFields;
  if (!Array.isArray(raw)) return DEFAULT_PUBLIC_REGISTER;
  return {
    fields: new Set(
      raw.filter((f): f is OptionalPublicField => (OPTIONAL_PUBLIC_FIELDS as readonly unknown[]).includes(f)),
    ),
  };
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const localised = z.record(z.string(), z.string());

export const publicConditionSchema = z
  .object({
    text: z.string().meta({ description: 'The condition as the council publishes it' }),
    since: day.meta({ description: 'Day the condition took effect' }),
  })
  .strict()
  .meta({
    id: 'PublicLicenceCondition',
    description: 'A condition on practice that the council publishes, in force today',
    example: { text: 'Practises only under the supervision of a licensed supervisor', since: '2026-04-15' },
  });

export const publicSanctionSchema = z
  .object({
    type: z.string().meta({ description: 'Outcome type, e.g. suspension, reprimand, conditions' }),
    text: z.string().meta({ description: 'The published wording (may be empty)' }),
    from: day.meta({ description: 'First day the outcome is published' }),
    until: day.nullable().meta({ description: 'Last day the outcome is published (null: until further notice)' }),
  })
  .strict()
  .meta({
    id: 'PublicSanction',
    description: 'A disciplinary outcome currently published on the register',
    example: {
      type: 'suspension',
      text: 'Suspended for six months for a breach of professional boundaries',
      from: '2026-02-01',
      until: '2026-07-31',
    },
  });

/** A public register entry as the API answers it (also the example of the documents that embed one). */
export const PUBLIC_LICENCE_EXAMPLE = {
  number: 'VN-SW-26-000123-5',
  name: 'Nguyễn Thị Mai Anh',
  nameNative: null,
  tier: {
    code: 'licensed',
    name: { en: 'Licensed social worker', vi: 'Nhân viên công tác xã hội được cấp phép' },
    title: { en: 'Licensed Social Worker', vi: 'Nhân viên công tác xã hội' },
  },
  status: 'active',
  practiseAllowed: true,
  validFrom: '2026-03-02',
  validUntil: '2029-03-01',
  statusSince: '2026-03-02',
  conditions: [],
  sanctions: [],
} as const;

export const publicLicenceSchema = z
  .object({
    number: z.string().meta({ description: 'Licence number as issued' }),
    name: z.string().meta({ description: 'Name as registered (Latin script)' }),
    nameNative: z
      .string()
      .nullable()
      .meta({ description: 'Name in native script, if registered and shown by this register' }),
    tier: z
      .object({
        code: z.string().meta({ description: "The tier's code in this council's ladder, e.g. para, licensed" }),
        name: localised.meta({ description: 'Tier name by language tag' }),
        title: localised.nullable().meta({
          description:
            'The protected title the holder may use, by language tag (null when this register does not show it)',
        }),
      })
      .strict()
      .meta({ description: "The licence's tier: its code, name and protected title" }),
    status: z.enum(PUBLIC_STATUSES).meta({
      description:
        'Licence status: active; grace (the period ended and the licence can still be renewed); lapsed (not renewed in time); suspended; revoked; surrendered (given up by the holder)',
    }),
    practiseAllowed: z
      .boolean()
      .meta({ description: 'Whether the holder may practise today (active, or in grace where the tier allows it)' }),
    validFrom: day.nullable().meta({ description: 'Start of the current licence period' }),
    validUntil: day.nullable().meta({ description: 'End of the current licence period' }),
    statusSince: day.nullable().meta({ description: 'Date of the last status change' }),
    conditions: z
      .array(publicConditionSchema)
      .nullable()
      .meta({ description: 'Public conditions in force (null when this register does not publish conditions)' }),
    sanctions: z.array(publicSanctionSchema).nullable().meta({
      description: 'Disciplinary outcomes currently published (null when this register does not publish them)',
    }),
  })
  .strict()
  .meta({
    id: 'PublicLicence',
    description: 'The public register entry for a licence',
    example: PUBLIC_LICENCE_EXAMPLE,
  });
export type PublicLicence = z.infer<typeof publicLicenceSchema>;

/** Keys of the projection, top level and nested: tests compare responses against exactly these. */
export const PUBLIC_LICENCE_KEYS = Object.keys(publicLicenceSchema.shape).sort();

const NUMBER = /^[A-Z0-9-]{3,32}$/;

/**
 * Licence number as typed by a person or a system: trimmed, NFKC (full-width digits and letters
 * become ASCII), upper case, typographic dashes become '-'. Null when it cannot be a number.
 */
export function normaliseLicenceNumberInput(input: string): string | null {
  if (typeof input !== 'string' || input.length > 200) return null;
  const n = input
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212\uFE63\uFF0D]/g, '-');
  return NUMBER.test(n) ? n : null;
}

/** A row of the public register (table public_register, see verification.entity.ts), as the lookup statements return it. */
export type PublicRegisterRow = {
  number: string;
  version: string;
  entry: PublicRegisterEntryData;
  /** The council's publicRegisterFields as JSON text (null: every optional field). */
  fields: string | null;
};

/** The tier a row's label stands for (public_register_label). */
export type PublicRegisterLabel = { code: string; name: Record<string, string>; title: Record<string, string> };

/** The council's allowlist (JSON text), read with every lookup so a change applies at once (one probe of its one row). */
const FIELDS = `(select c.settings -> 'publicRegisterFields' from council c where c.id = 1)::text as fields`;
/** One licence by number: one probe of the register's primary key, returning the entry and its version. */
export const LOOKUP_ONE_SQL = `select version::text, entry, ${FIELDS} from public_register where number = $1`;
const REGISTER_COLUMNS = `number, version::text, entry, ${FIELDS}`;
/** The columns a statement that reads public_register (as `alias`) returns for projectRegisterRows. */
export const registerColumns = (alias: string): string =>
  `${alias}.number, ${alias}.version::text, ${alias}.entry, ${FIELDS}`;
const LOOKUP_MANY_SQL = `select ${REGISTER_COLUMNS} from public_register where number = any($1::text[])`;
const LABELS_SQL = `select id::text, tier_code, tier_name, tier_title from public_register_label where id = any($1::bigint[])`;

/**
 * Labels by id. Their ids are hashes of their content and the rows never change, so every instance
 * keeps what it has read, whatever the database (at most one entry per tier name ever used).
 */
const labelCache = new Map<string, PublicRegisterLabel>();
/** Keeps a label (a public_register_label row) in this instance's cache. */
export const rememberLabel = (id: string, label: PublicRegisterLabel): void => void labelCache.set(id, label);

/** A statement runner: the public read pool's (named, prepared) or the ORM connection's. */
export type RegisterQuery = (sql: { name?: string; text: string }, values: unknown[]) => Promise<unknown[]>;

async function loadLabels(query: RegisterQuery, rows: PublicRegisterRow[]): Promise<void> {
  const missing = [...new Set(rows.map((r) => r.entry.label).filter((id) => !labelCache.has(id)))];
  if (!missing.length) return;
  const found = (await query({ name: 'public-register-labels', text: LABELS_SQL }, [missing])) as {
    id: string;
    tier_code: string;
    tier_name: Record<string, string>;
    tier_title: Record<string, string>;
  }[];
  for (const l of found) rememberLabel(l.id, { code: l.tier_code, name: l.tier_name, title: l.tier_title });
}

/** The allowlist from the fields text the statement read, parsed once per distinct text. */
let lastFields: { text: string | null; settings: PublicRegisterSettings } = {
  text: null,
  settings: DEFAULT_PUBLIC_REGISTER,
};
export function settingsFromFields(text: string | null): PublicRegisterSettings {
  if (text === lastFields.text) return lastFields.settings;
  let parsed: unknown;
  try {
    parsed = text === null ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const settings = publicRegisterSettingsFrom({ publicRegisterFields: parsed });
  lastFields = { text, settings };
  return settings;
}

/** A short, stable tag of an allowlist (which optional fields it shows), for ETags. */
const tags = new WeakMap<PublicRegisterSettings, string>();
export function settingsTag(s: PublicRegisterSettings): string {
  let tag = tags.get(s);
  if (tag === undefined) {
    tag = OPTIONAL_PUBLIC_FIELDS.reduce((m, f, i) => (s.fields.has(f) ? m | (1 << i) : m), 0).toString(36);
    tags.set(s, tag);
  }
  return tag;
}

/** Whether what the entry shows depends on the day (more than one period, conditions or sanctions with their dates). */
export const dependsOnDay = (entry: PublicRegisterEntryData): boolean =>
  entry.conditions !== null || entry.sanctions !== null || entry.periodStarts.length > 1;

/** The start of the period current on `today`: the latest begun by then, else the first (null without periods). */
function currentPeriodStart(starts: string[], today: string): string | null {
  let current: string | null = null;
  for (const s of starts) if (s <= today) current = s;
  return current ?? starts[0] ?? null;
}

/**
 * Builds the projection from a register entry as it stands on `today` (YYYY-MM-DD): the current
 * period, and the public conditions and published sanctions in force that day. Only allowlisted
 * values are copied. The entry's label must have been loaded (the finders do it).
 */
export function projectRow(
  number: string,
  entry: PublicRegisterEntryData,
  settings: PublicRegisterSettings,
  today: string,
): PublicLicence {
  const show = (f: OptionalPublicField) => settings.fields.has(f);
  const label = labelCache.get(entry.label);
  if (!label) throw new Error(`public register: label ${entry.label} not loaded`);
  return {
    number,
    name: entry.name,
    nameNative: show('nameNative') ? (entry.nativeName ?? null) : null,
    tier: { code: label.code, name: { ...label.name }, title: show('protectedTitle') ? { ...label.title } : null },
    status: entry.status as PublicStatus,
    practiseAllowed: entry.practiseAllowed,
    validFrom: show('validFrom') ? currentPeriodStart(entry.periodStarts, today) : null,
    validUntil: show('validUntil') ? entry.validUntil : null,
    statusSince: show('statusSince') ? entry.statusSince : null,
    conditions: show('conditions')
      ? (entry.conditions ?? [])
          .filter((c) => c.since <= today && (c.until === null || c.until >= today))
          .map((c) => ({ text: c.text, since: c.since }))
      : null,
    sanctions: show('sanctions')
      ? (entry.sanctions ?? [])
          .filter((s) => s.from !== null && s.from <= today && (s.until === null || s.until >= today))
          .map((s) => ({ type: s.type, text: s.text, from: s.from!, until: s.until ?? null }))
      : null,
  };
}

export const MAX_PUBLIC_LOOKUP = 1000;

function wantedNumbers(numbers: string[], today: string): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new TypeError(`today must be YYYY-MM-DD, got ${today}`);
  const wanted = [...new Set(numbers.filter((n) => typeof n === 'string' && NUMBER.test(n)))];
  if (wanted.length > MAX_PUBLIC_LOOKUP) throw new RangeError(`at most ${MAX_PUBLIC_LOOKUP} numbers per lookup`);
  return wanted;
}

async function findOn(
  query: RegisterQuery,
  numbers: string[],
  today: string,
  settings?: PublicRegisterSettings,
): Promise<Map<string, PublicLicence>> {
  const out = new Map<string, PublicLicence>();
  const wanted = wantedNumbers(numbers, today);
  if (!wanted.length) return out;
  const rows = (await query({ name: 'public-register-many', text: LOOKUP_MANY_SQL }, [wanted])) as PublicRegisterRow[];
  await loadLabels(query, rows);
  const s = settings ?? settingsFromFields(rows[0]?.fields ?? null);
  for (const row of rows) out.set(row.number, projectRow(row.number, row.entry, s, today));
  return out;
}

/**
 * The projections of public register rows that another statement read (see registerColumns), on
 * `today`, in their order.
 */
export async function projectRegisterRows(
  em: EntityManager,
  rows: PublicRegisterRow[],
  today: string,
): Promise<PublicLicence[]> {
  await loadLabels(ormQuery(em), rows);
  const s = settingsFromFields(rows[0]?.fields ?? null);
  return rows.map((row) => projectRow(row.number, row.entry, s, today));
}

const ormQuery =
  (em: EntityManager): RegisterQuery =>
  (sql, values) =>
    rawQuery(
      em,
      sql.text,
      values.map((v) => (Array.isArray(v) ? `{${v.join(',')}}` : v)),
    );
/** A node-postgres pool (or client): the public read path's own connections, see verification.read-pool.ts. */
export type PgQueryable = {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
};
const poolQuery =
  (pool: PgQueryable): RegisterQuery =>
  (sql, values) =>
    pool.query({ ...sql, values }).then((r) => r.rows);

/**
 * The public projection of up to 1,000 licences in one round trip (one probe each of the public
 * register), keyed by the number as stored. Unknown and pending licences are simply absent from the
 * map. Pass normalised numbers (normaliseLicenceNumberInput); anything else cannot match and is
 * ignored. `settings` overrides the council's allowlist (otherwise read in the same statement).
 */
export const findPublicLicences = (
  em: EntityManager,
  numbers: string[],
  today: string,
  settings?: PublicRegisterSettings,
): Promise<Map<string, PublicLicence>> => findOn(ormQuery(em), numbers, today, settings);

/**
 * findPublicLicences on a dedicated pool with named (prepared) statements: no ORM and, with a cached
 * generic plan, no planning per request. For the public read path.
 */
export const findPublicLicencesOnPool = (
  pool: PgQueryable,
  numbers: string[],
  today: string,
  settings?: PublicRegisterSettings,
): Promise<Map<string, PublicLicence>> => findOn(poolQuery(pool), numbers, today, settings);

/** One licence's public entry and its entity tag (changes with the row, the allowlist and, where it matters, the day). */
export type PublicEntry = { licence: PublicLicence; etag: string };

/** Numbers one batched probe asks for at most. */
export const LOOKUP_BATCH_MAX = 256;
type RegisterRowOf = Omit<PublicRegisterRow, 'number'>;
type Waiter = { number: string; resolve: (row: RegisterRowOf | undefined) => void; reject: (err: unknown) => void };

/**
 * The lookups that arrive in one turn of the event loop, sent to PostgreSQL as one statement: a
 * request alone is one probe by number (as before), several are one `number = any($1)` probe, and
 * each request gets its own row. Under load this turns many small writes to the database (each a
 * system call that waits for the scheduler on a busy machine) into one; alone, a lookup waits for
 * nothing but the end of the current turn (setImmediate).
 */
class LookupBatcher {
  private waiting: Waiter[] = [];
  private scheduled = false;

  constructor(private readonly pool: PgQueryable) {}

  row(number: string): Promise<RegisterRowOf | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ number, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.waiting;
    this.waiting = [];
    for (let i = 0; i < all.length; i += LOOKUP_BATCH_MAX) void this.probe(all.slice(i, i + LOOKUP_BATCH_MAX));
  }

  private async probe(batch: Waiter[]): Promise<void> {
    try {
      if (batch.length === 1) {
        const { rows } = await this.pool.query({
          name: 'public-register-one',
          text: LOOKUP_ONE_SQL,
          values: [batch[0]!.number],
        });
        batch[0]!.resolve(rows[0] as RegisterRowOf | undefined);
        return;
      }
      const numbers = [...new Set(batch.map((w) => w.number))];
      const { rows } = await this.pool.query({
        name: 'public-register-many',
        text: LOOKUP_MANY_SQL,
        values: [numbers],
      });
      const byNumber = new Map((rows as PublicRegisterRow[]).map((r) => [r.number, r]));
      for (const w of batch) w.resolve(byNumber.get(w.number));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
const batchers = new WeakMap<PgQueryable, LookupBatcher>();

/**
 * The hot lookup: one licence by (normalised) number, one probe of the public register (batched
 * with the other lookups of the same turn), no other work unless a label is new to this instance.
 * Null when not on the register.
 */
export async function lookupPublicLicence(
  pool: PgQueryable,
  number: string,
  today: string,
): Promise<PublicEntry | null> {
  let batcher = batchers.get(pool);
  if (!batcher) batchers.set(pool, (batcher = new LookupBatcher(pool)));
  const row = await batcher.row(number);
  if (!row) return null;
  if (!labelCache.has(row.entry.label)) await loadLabels(poolQuery(pool), [{ number, ...row }]);
  const settings = settingsFromFields(row.fields);
  const etag = `"${row.version}-${settingsTag(settings)}${dependsOnDay(row.entry) ? `-${today}` : ''}"`;
  return { licence: projectRow(number, row.entry, settings, today), etag };
}

/**
 * The projection computed from the register's own tables, as the public register is defined: licence,
 * holder's names, tier grace rule, current period, public conditions and published sanctions on
 * `today`. The public register must always give the same answer (tests compare the two); nothing on
 * the public path reads this.
 */
export async function recomputePublicLicences(
  em: EntityManager,
  numbers: string[],
  today: string,
): Promise<Map<string, PublicLicence>> {
  const out = new Map<string, PublicLicence>();
  const wanted = wantedNumbers(numbers, today);
  if (!wanted.length) return out;
  const rows = await rawQuery<{
    number: string;
    full_name: string;
    full_name_native: string | null;
    tier_code: string;
    tier_name: Record<string, string>;
    protected_title: Record<string, string>;
    status: string;
    practise_in_grace: boolean;
    valid_from: string | null;
    valid_until: string | null;
    status_since: string | null;
    conditions: { text: string; since: string }[] | null;
    sanctions: { type: string; text: string; from: string; until: string | null }[] | null;
    council_settings: unknown;
  }>(
    em,
    `select l.number, r.full_name, r.full_name_native, l.tier_code, l.tier_name, l.protected_title, l.status,
  coalesce((t.renewal->>'practiseInGrace')::boolean, true) as practise_in_grace,
  to_char(l.status_since, 'YYYY-MM-DD') as status_since, to_char(l.valid_until, 'YYYY-MM-DD') as valid_until,
  (select to_char(coalesce(max(p.valid_from) filter (where p.valid_from <= $2::date), min(p.valid_from)), 'YYYY-MM-DD') from licence_period p where p.licence_id = l.id) as valid_from,
  (select json_agg(json_build_object('text', c.text, 'since', to_char(c.starts_on, 'YYYY-MM-DD')) order by c.starts_on, c.id)
     from licence_condition c where c.licence_id = l.id and c.public and c.starts_on <= $2::date and (c.ends_on is null or c.ends_on >= $2::date)) as conditions,
  (select json_agg(json_build_object('type', s.type, 'text', coalesce(s.public_text, ''), 'from', to_char(s.published_from, 'YYYY-MM-DD'), 'until', to_char(s.published_until, 'YYYY-MM-DD')) order by s.published_from, s.id)
     from discipline_sanction s where s.licence_id = l.id and s.publication_state = 'published' and s.published_from <= $2::date and (s.published_until is null or s.published_until >= $2::date)) as sanctions,
  (select settings from council where id = 1) as council_settings
from licence l
join registrant r on r.id = l.registrant_id
left join tier t on t.code = l.tier_code
where l.number = any($1::text[]) and l.status <> 'pending'`,
    [`{${wanted.join(',')}}`, today],
  );
  const settings = publicRegisterSettingsFrom(rows[0]?.council_settings);
  const show = (f: OptionalPublicField) => settings.fields.has(f);
  for (const row of rows) {
    const status = row.status as PublicStatus;
    out.set(row.number, {
      number: row.number,
      name: row.full_name,
      nameNative: show('nameNative') ? (row.full_name_native ?? null) : null,
      tier: {
        code: row.tier_code,
        name: { ...row.tier_name },
        title: show('protectedTitle') ? { ...row.protected_title } : null,
      },
      status,
      practiseAllowed: status === 'active' || (status === 'grace' && row.practise_in_grace),
      validFrom: show('validFrom') ? row.valid_from : null,
      validUntil: show('validUntil') ? row.valid_until : null,
      statusSince: show('statusSince') ? row.status_since : null,
      conditions: show('conditions') ? (row.conditions ?? []) : null,
      sanctions: show('sanctions') ? (row.sanctions ?? []) : null,
    });
  }
  return out;
}

/**
 * Runs a statement written with $n placeholders (each may repeat) as plain SQL on the connection:
 * no ORM hydration on the public hot path.
 */
export async function rawQuery<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return em.execute<T[]>(text, ordered);
}
