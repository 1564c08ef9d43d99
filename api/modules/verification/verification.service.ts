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
  DEFAULT_PUBLIC_REGISTER,
  findPublicLicencesOnPool,
  publicRegisterSettingsFrom,
  rawQuery,
  type PublicLicence,
  type PublicRegisterSettings,
} from './verification.projection.js';
import { closePublicReadPool, publicReadPool } from './verification.read-pool.js';

export const SEARCH_MIN_LENGTH = 3;
export const SEARCH_MAX_RESULTS = 20;
/** Names a search considers at most before ordering; more matches than this answer "truncated". */
export const SEARCH_CANDIDATES = 1000;

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

/** How long an instance keeps the council's public-register allowlist before reading it again. */
export const SETTINGS_TTL_MS = 2000;
const settingsCache = new WeakMap<
  AppDeps,
  { value: PublicRegisterSettings; expires: number; pending: Promise<PublicRegisterSettings> | null }
>();

/** The council's allowlist, read at most every SETTINGS_TTL_MS per instance (a change shows within that time). */
async function registerSettings(deps: AppDeps): Promise<PublicRegisterSettings> {
  const now = deps.clock.now().getTime();
  const c = settingsCache.get(deps);
  if (c && c.expires > now) return c.value;
  if (c?.pending) return c.pending;
  const pending = publicReadPool(deps)
    .query({ name: 'public-register-settings', text: 'select settings from council where id = 1', values: [] })
    .then(({ rows }) => {
      const value = publicRegisterSettingsFrom((rows[0] as { settings?: unknown } | undefined)?.settings);
      settingsCache.set(deps, { value, expires: now + SETTINGS_TTL_MS, pending: null });
      return value;
    })
    .catch((e: unknown) => {
      if (c) c.pending = null;
      throw e;
    });
  if (c) c.pending = pending;
  else settingsCache.set(deps, { value: DEFAULT_PUBLIC_REGISTER, expires: 0, pending });
  return pending;
}

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

export type CertificateOutcome =
  | { valid: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' }
  | { valid: true; claims: CertificateClaims; issuedOn: string; live: PublicLicence | null };

export function verificationService(deps: AppDeps) {
  const em = () => deps.orm.em;
  const today = () => isoDay(deps.clock.now());
  const reg = publicRegister(deps);
  const find = async (numbers: string[]) =>
    findPublicLicencesOnPool(publicReadPool(deps), numbers, today(), await registerSettings(deps));

  return {
    /** One licence by (normalised) number; unknown, pending and implausible numbers are all the same "not found". */
    async lookup(number: string): Promise<PublicLicence> {
      const found = (await find([number])).get(number);
      if (!found) throw new NotFoundError('A licence with this number on the register');
      reg.counter.count([found.number]);
      return found;
    },

    /** Name search: every word must appear in the normalised name; native-script words also in the native name as written (NFC). */
    async search(q: string): Promise<{ items: PublicLicence[]; truncated: boolean }> {
      const terms = searchTerms(q) ?? [];
      const where = terms.map(() => `r.search_name like ? escape '\\'`);
      const params: unknown[] = terms.map((t) => `%${escapeLike(t)}%`);
      const nfc = q.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (NON_LATIN.test(nfc)) {
        for (const word of nfc.split(' ').filter((w) => NON_LATIN.test(w))) {
          where.push(`normalize(r.full_name_native, NFC) like ? escape '\\'`);
          params.push(`%${escapeLike(word)}%`);
        }
      }
      if (!where.length) return { items: [], truncated: false };
      // Matching names come from the trigram index, at most SEARCH_CANDIDATES of them (a broad name such as
      // "Nguyen" matches a large part of a register); they are then ordered by name. Past the cap, the answer
      // says "truncated": type more of the name.
      const rows = await em().execute<{ number: string; capped: boolean }[]>(
        `with m as materialized (select r.id, r.search_name from registrant r where ${where.join(' and ')} limit ${SEARCH_CANDIDATES})
         select l.number, (select count(*) from m) >= ${SEARCH_CANDIDATES} as capped
         from m join licence l on l.registrant_id = m.id
         where l.status <> 'pending'
         order by m.search_name, l.number limit ${SEARCH_MAX_RESULTS + 1}`,
        params,
      );
      const numbers = rows.slice(0, SEARCH_MAX_RESULTS).map((r) => r.number);
      const found = await find(numbers);
      return {
        items: numbers.map((n) => found.get(n)).filter((x): x is PublicLicence => !!x),
        truncated: rows.length > SEARCH_MAX_RESULTS || !!rows[0]?.capped,
      };
    },

    /** Checks a certificate's QR payload, and if the signature holds, reads the licence's live public entry. */
    async checkCertificate(token: string): Promise<CertificateOutcome> {
      const check = await verifyCertificateToken(deps.keys, token);
      if (!check.valid) return check;
      const live = (await find([check.claims.num])).get(check.claims.num) ?? null;
      if (live) reg.counter.count([live.number]);
      return { valid: true, claims: check.claims, issuedOn: isoDay(new Date(check.claims.iat * 1000)), live };
    },

    /** Staff: how often the licence was verified publicly (total, last 30 days, and by day for the last 30 days). */
    async verificationCount(licenceId: string) {
      const [exists] = await rawQuery<{ n: number }>(em(), `select count(*)::int as n from licence where id = $1`, [
        licenceId,
      ]);
      if (!exists?.n) throw new NotFoundError('The licence');
      const since = isoDay(new Date(deps.clock.now().getTime() - 29 * 86400_000));
      const rows = await rawQuery<{ day: string; count: number }>(
        em(),
        `select to_char(day, 'YYYY-MM-DD') as day, count from licence_verification_count where licence_id = $1 and day >= $2::date order by day`,
        [licenceId, since],
      );
      const [total] = await rawQuery<{ total: number }>(
        em(),
        `select coalesce(sum(count), 0)::int as total from licence_verification_count where licence_id = $1`,
        [licenceId],
      );
      return {
        total: total?.total ?? 0,
        last30Days: rows.reduce((a, r) => a + r.count, 0),
        byDay: rows.map((r) => ({ day: r.day, count: r.count })),
      };
    },
  };
}
