/**
 * The public projection of a licence: the only shape in which a licence leaves the registry
 * without sign-in (public register, bulk verification, certificate check). It is an allowlist:
 * every field is named here, read by one SQL statement that selects nothing else, and the
 * response schema is strict. Identity numbers, dates of birth, contact details and internal ids
 * are never read on this path.
 *
 * Per council, the statute decides which optional fields the register shows (council setting
 * `publicRegisterFields`); a field the register does not show is null. Number, name, tier and
 * status (with whether the holder may practise) are always shown.
 */
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';

export const PUBLIC_STATUSES = ['active', 'grace', 'lapsed', 'suspended', 'revoked', 'surrendered'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** Optional fields a council may publish; the rest of the projection is always shown. */
export const OPTIONAL_PUBLIC_FIELDS = [
  'nativeName',
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

export const publicConditionSchema = z.object({ text: z.string(), since: day }).strict().meta({
  id: 'PublicLicenceCondition',
  description: 'A condition on practice that the council publishes, in force today',
});

export const publicSanctionSchema = z
  .object({
    type: z.string().meta({ description: 'Outcome type, e.g. suspension, reprimand, conditions' }),
    text: z.string().meta({ description: 'The published wording (may be empty)' }),
    from: day,
    until: day.nullable(),
  })
  .strict()
  .meta({ id: 'PublicSanction', description: 'A disciplinary outcome currently published on the register' });

export const publicLicenceSchema = z
  .object({
    number: z.string().meta({ description: 'Licence number as issued' }),
    name: z.string().meta({ description: 'Name as registered (Latin script)' }),
    nativeName: z
      .string()
      .nullable()
      .meta({ description: 'Name in native script, if registered and shown by this register' }),
    tier: z
      .object({
        code: z.string(),
        name: localised.meta({ description: 'Tier name by language tag' }),
        title: localised.nullable().meta({
          description:
            'The protected title the holder may use, by language tag (null when this register does not show it)',
        }),
      })
      .strict(),
    status: z.enum(PUBLIC_STATUSES),
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
  .meta({ id: 'PublicLicence', description: 'The public register entry for a licence' });
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

type Row = {
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
  council_settings?: unknown;
};

/**
 * One statement: licence + holder's names + tier grace rule + current period + public conditions +
 * published sanctions (+ the council's allowlist, unless given). `today` drives what is "current".
 */
function statement(withSettings: boolean): string {
  return `select l.number, r.full_name, r.full_name_native, l.tier_code, l.tier_name, l.protected_title, l.status,
  coalesce((t.renewal->>'practiseInGrace')::boolean, true) as practise_in_grace,
  to_char(l.status_since, 'YYYY-MM-DD') as status_since, to_char(l.valid_until, 'YYYY-MM-DD') as valid_until,
  (select to_char(coalesce(max(p.valid_from) filter (where p.valid_from <= $2::date), min(p.valid_from)), 'YYYY-MM-DD') from licence_period p where p.licence_id = l.id) as valid_from,
  (select json_agg(json_build_object('text', c.text, 'since', to_char(c.starts_on, 'YYYY-MM-DD')) order by c.starts_on, c.id)
     from licence_condition c where c.licence_id = l.id and c.public and c.starts_on <= $2::date and (c.ends_on is null or c.ends_on >= $2::date)) as conditions,
  (select json_agg(json_build_object('type', s.type, 'text', coalesce(s.public_text, ''), 'from', to_char(s.published_from, 'YYYY-MM-DD'), 'until', to_char(s.published_until, 'YYYY-MM-DD')) order by s.published_from, s.id)
     from discipline_sanction s where s.licence_id = l.id and s.publication_state = 'published' and s.published_from <= $2::date and (s.published_until is null or s.published_until >= $2::date)) as sanctions
  ${withSettings ? `, (select settings from council where id = 1) as council_settings` : ''}
from licence l
join registrant r on r.id = l.registrant_id
left join tier t on t.code = l.tier_code
where l.number = any($1::text[]) and l.status <> 'pending'`;
}
const SQL_WITH_SETTINGS = statement(true);
const SQL_WITHOUT_SETTINGS = statement(false);

/** Builds the projection from one row; only the allowlisted values are copied. */
export function projectRow(row: Row, settings: PublicRegisterSettings): PublicLicence {
  const show = (f: OptionalPublicField) => settings.fields.has(f);
  const status = row.status as PublicStatus;
  return {
    number: row.number,
    name: row.full_name,
    nativeName: show('nativeName') ? (row.full_name_native ?? null) : null,
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
    conditions: show('conditions') ? (row.conditions ?? []).map((c) => ({ text: c.text, since: c.since })) : null,
    sanctions: show('sanctions')
      ? (row.sanctions ?? []).map((s) => ({ type: s.type, text: s.text, from: s.from, until: s.until ?? null }))
      : null,
  };
}

export const MAX_PUBLIC_LOOKUP = 1000;

/**
 * The public projection of up to 1,000 licences in one round trip, keyed by the number as stored.
 * Unknown and pending licences are simply absent from the map. Pass normalised numbers
 * (normaliseLicenceNumberInput); anything else cannot match and is ignored. `settings` overrides
 * the council's allowlist (otherwise read in the same statement).
 */
export async function findPublicLicences(
  em: EntityManager,
  numbers: string[],
  today: string,
  settings?: PublicRegisterSettings,
): Promise<Map<string, PublicLicence>> {
  const out = new Map<string, PublicLicence>();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new TypeError(`today must be YYYY-MM-DD, got ${today}`);
  const wanted = [...new Set(numbers.filter((n) => typeof n === 'string' && NUMBER.test(n)))];
  if (!wanted.length) return out;
  if (wanted.length > MAX_PUBLIC_LOOKUP) throw new RangeError(`at most ${MAX_PUBLIC_LOOKUP} numbers per lookup`);
  const rows = await rawQuery<Row>(em, settings ? SQL_WITHOUT_SETTINGS : SQL_WITH_SETTINGS, [
    `{${wanted.join(',')}}`,
    today,
  ]);
  const s = settings ?? publicRegisterSettingsFrom(rows[0]?.council_settings);
  for (const row of rows) out.set(row.number, projectRow(row, s));
  return out;
}

/** A node-postgres pool (or client): the public read path's own connections, see verification.read-pool.ts. */
export type PgQueryable = {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
};

/**
 * findPublicLicences on a dedicated pool with a named (prepared) statement: no ORM, no query
 * building and, with a cached generic plan, no planning per request. For the public hot path.
 */
export async function findPublicLicencesOnPool(
  pool: PgQueryable,
  numbers: string[],
  today: string,
  settings?: PublicRegisterSettings,
): Promise<Map<string, PublicLicence>> {
  const out = new Map<string, PublicLicence>();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new TypeError(`today must be YYYY-MM-DD, got ${today}`);
  const wanted = [...new Set(numbers.filter((n) => typeof n === 'string' && NUMBER.test(n)))];
  if (!wanted.length) return out;
  if (wanted.length > MAX_PUBLIC_LOOKUP) throw new RangeError(`at most ${MAX_PUBLIC_LOOKUP} numbers per lookup`);
  const { rows } = await pool.query(
    settings
      ? { name: 'public-licences', text: SQL_WITHOUT_SETTINGS, values: [wanted, today] }
      : { name: 'public-licences-with-settings', text: SQL_WITH_SETTINGS, values: [wanted, today] },
  );
  const typed = rows as Row[];
  const s = settings ?? publicRegisterSettingsFrom(typed[0]?.council_settings);
  for (const row of typed) out.set(row.number, projectRow(row, s));
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
