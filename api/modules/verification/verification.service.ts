/**
 * Public verification: look a licence up by number, search the register by name, and check a
 * certificate's signed QR payload against the live register. Everything returned is the public
 * projection (verification.projection.ts); per-client limits and verification counts are kept by
 * the per-instance PublicRegister below.
 */
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../shared/errors.js';
import { searchKey } from '../../shared/names.js';
import { verifyCertificateToken, type CertificateClaims } from '../certificates/index.js';
import { LeasedRateLimiter } from './verification.rate-limit.js';
import { VerificationCounter } from './verification.counts.js';
import {
  findPublicLicencesOnPool,
  lookupPublicLicence,
  projectRegisterRows,
  rawQuery,
  registerColumns,
  type PublicEntry,
  type PublicLicence,
  type PublicRegisterRow,
} from './verification.projection.js';
import { closePublicReadPool, publicReadPool } from './verification.read-pool.js';

export const SEARCH_MIN_LENGTH = 3;
export const SEARCH_MAX_RESULTS = 20;
/** Names a search considers at most before ordering; more matches than this answer "truncated". */
export const SEARCH_CANDIDATES = 200;

/** Per instance (per AppDeps): the leased rate limiter and the in-memory verification counter. */
export type PublicRegister = { limiter: LeasedRateLimiter; counter: VerificationCounter };
const registers = new WeakMap<AppDeps, PublicRegister>();
export function publicRegister(deps: AppDeps): PublicRegister {
  let r = registers.get(deps);
  if (!r) {
    r = {
      limiter: new LeasedRateLimiter(deps.orm as never, deps.clock, deps.config.rateLimitLease, (err) =>
        deps.log.warn({ err }, 'public register: shared rate limit unreachable; counting on this instance'),
      ),
      counter: new VerificationCounter(
        deps.orm as never,
        deps.clock,
        deps.log,
        deps.config.verificationCountFlushSeconds,
      ),
    };
    registers.set(deps, r);
  }
  return r;
}

/** Counts public verifications of these licence numbers (as stored); written within seconds. */
export const countVerifications = (deps: AppDeps, numbers: Iterable<string>): void =>
  publicRegister(deps).counter.count(numbers);
/** Writes this instance's pending verification counts now. */
export const flushVerificationCounts = (deps: AppDeps): Promise<void> =>
  registers.get(deps)?.counter.flush() ?? Promise.resolve();
/** On shutdown: writes the last verification counts and closes the public read pool. */
export async function closePublicRegister(deps: AppDeps): Promise<void> {
  try {
    await registers.get(deps)?.counter.close();
  } finally {
    await closePublicReadPool(deps);
  }
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Letters of a script other than Latin (and Common/Inherited): the query then also has to match the native name exactly (NFC). */
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The normalised search words of a name query (see searchKey), or null when shorter than the minimum. */
export function searchTerms(q: string): string[] | null {
  // Letters with their marks, counted as typed: searchKey splits some scripts (Khmer, Burmese) at spacing vowel signs.
  if (q.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}]/gu, '').length < SEARCH_MIN_LENGTH) return null;
  const terms = searchKey(q).split(' ').filter(Boolean);
  return terms.length ? terms : null;
}

/** Entries of people whose name begins with the pattern, in name order (byte order, as the prefix index keeps it). */
const prefixSql = (name: string, where: string) =>
  `select ${registerColumns('pr')}
     from registrant r
     cross join lateral (select pr.* from licence l join public_register pr on pr.number = l.number where l.registrant_id = r.id) pr
    where ${where}(${name} collate "C") like ? escape '\\'
    order by (${name} collate "C"), r.id, pr.number
    limit ${SEARCH_MAX_RESULTS + 1}`;
const LATIN_PREFIX_SQL = prefixSql('r.search_name', '');
const NATIVE_PREFIX_SQL = prefixSql('normalize(r.full_name_native, NFC)', 'r.full_name_native is not null and ');

export type CertificateOutcome =
  | { valid: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' }
  | { valid: true; claims: CertificateClaims; issuedOn: string; live: PublicLicence | null };

export function verificationService(deps: AppDeps) {
  const em = () => deps.orm.em;
  const today = () => isoDay(deps.clock.now());
  const reg = publicRegister(deps);
  const find = (numbers: string[]) => findPublicLicencesOnPool(publicReadPool(deps), numbers, today());

  return {
    /**
     * One licence by (normalised) number, with its entity tag; unknown, pending and implausible
     * numbers are all the same "not found". One probe of the public register.
     */
    async lookup(number: string): Promise<PublicEntry> {
      const found = await lookupPublicLicence(publicReadPool(deps), number, today());
      if (!found) throw new NotFoundError('A licence with this number on the register');
      reg.counter.countOne(found.licence.number);
      return found;
    },

    /**
     * Name search: every Latin-script word must appear in the normalised name (case and diacritics
     * folded); every word in another script must appear in the native name as written (NFC).
     */
    async search(q: string): Promise<{ items: PublicLicence[]; truncated: boolean }> {
      const nfc = q.normalize('NFC').trim().replace(/\s+/g, ' ');
      const words = nfc.split(' ').filter(Boolean);
      const native = words.filter((w) => NON_LATIN.test(w));
      const terms = searchKey(words.filter((w) => !NON_LATIN.test(w)).join(' '))
        .split(' ')
        .filter(Boolean);
      const where = terms.map(() => `r.search_name like ? escape '\\'`);
      const params: unknown[] = terms.map((t) => `%${escapeLike(t)}%`);
      if (native.length) where.push('r.full_name_native is not null');
      for (const word of native) {
        where.push(`normalize(r.full_name_native, NFC) like ? escape '\\'`);
        params.push(`%${escapeLike(word)}%`);
      }
      if (!terms.length && !native.length) return { items: [], truncated: false };
      // First, the names that begin with what was typed (all Latin words, or all native-script words),
      // walked in name order on a prefix index until the 21st entry. When there are more than 20, they
      // are the answer: the first 20 in name order, truncated. A common name costs a short index walk.
      const prefix = !native.length ? terms.join(' ') : native.length === words.length ? native.join(' ') : null;
      if (prefix) {
        const byPrefix = await em().execute<PublicRegisterRow[]>(native.length ? NATIVE_PREFIX_SQL : LATIN_PREFIX_SQL, [
          `${escapeLike(prefix)}%`,
        ]);
        if (byPrefix.length > SEARCH_MAX_RESULTS)
          return {
            items: await projectRegisterRows(em(), byPrefix.slice(0, SEARCH_MAX_RESULTS), today()),
            truncated: true,
          };
      }
      // Matching names come from the trigram indexes (normalised name; native name as written), at most
      // SEARCH_CANDIDATES of them (a broad name such as "Nguyen" matches a large part of a register). They
      // are ordered by name, and only the first people's entries are read (an incremental sort stops after
      // SEARCH_MAX_RESULTS + 1), in the same statement. Past the cap, the answer says "truncated".
      const rows = await em().execute<(PublicRegisterRow & { capped: boolean })[]>(
        `with m as materialized (select r.id, r.search_name from registrant r where ${where.join(' and ')} limit ${SEARCH_CANDIDATES})
         select ${registerColumns('pr')}, (select count(*) from m) >= ${SEARCH_CANDIDATES} as capped
         from (select id, search_name from m order by search_name, id) c
         cross join lateral (select pr.* from licence l join public_register pr on pr.number = l.number where l.registrant_id = c.id) pr
         order by c.search_name, c.id, pr.number limit ${SEARCH_MAX_RESULTS + 1}`,
        params,
      );
      const items = await projectRegisterRows(em(), rows.slice(0, SEARCH_MAX_RESULTS), today());
      return { items, truncated: rows.length > SEARCH_MAX_RESULTS || !!rows[0]?.capped };
    },

    /** Checks a certificate's QR payload, and if the signature holds, reads the licence's live public entry. */
    async checkCertificate(token: string): Promise<CertificateOutcome> {
      const check = await verifyCertificateToken(deps.keys, token);
      if (!check.valid) return check;
      const live = (await find([check.claims.num])).get(check.claims.num) ?? null;
      if (live) reg.counter.countOne(live.number);
      return { valid: true, claims: check.claims, issuedOn: isoDay(new Date(check.claims.iat * 1000)), live };
    },

    /** Staff: how often the licence was verified publicly (total, last 30 days, and by day for the last 30 days). */
    async verificationCount(licenceId: string) {
      const [licence] = await rawQuery<{ number: string }>(em(), `select number from licence where id = $1`, [
        licenceId,
      ]);
      if (!licence) throw new NotFoundError('The licence');
      const since = isoDay(new Date(deps.clock.now().getTime() - 29 * 86400_000));
      const rows = await rawQuery<{ day: string; count: number }>(
        em(),
        `select to_char(day, 'YYYY-MM-DD') as day, count from licence_verification_count where number = $1 and day >= $2::date order by day`,
        [licence.number, since],
      );
      const [total] = await rawQuery<{ total: number }>(
        em(),
        `select coalesce(sum(count), 0)::int as total from licence_verification_count where number = $1`,
        [licence.number],
      );
      return {
        total: total?.total ?? 0,
        last30Days: rows.reduce((a, r) => a + r.count, 0),
        byDay: rows.map((r) => ({ day: r.day, count: r.count })),
      };
    },
  };
}
