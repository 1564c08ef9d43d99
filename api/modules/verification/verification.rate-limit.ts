/**
 * Per-client rate limits for the public register that hold across instances, without one database
 * write per request. The shared counter is the fixed-window row in `rate_limit_bucket` (PostgreSQL);
 * each instance takes a lease of several hits from it in one upsert and spends them locally. A
 * client therefore gets at most `limit` requests per window in total, and an instance never holds
 * more than `lease` unspent hits (what it leased but did not use is simply not served anywhere);
 * for very high limits (a trusted client) the lease grows to a thousandth of the limit.
 *
 * Leases start at one hit and double up to `lease` while a client keeps coming back in the same
 * window, so an occasional visitor costs one small upsert per request and a heavy client one per
 * `lease` requests. A refused client is remembered locally until the window ends, so a scraper
 * hammering a refused key costs no database work at all.
 *
 * When the shared counter cannot be reached (the primary is down while lookups are served from a
 * read replica), each instance counts on its own for that window: the limit then holds per instance.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.js';
import { RateLimitedError, type RateLimitState } from '../../shared/errors.js';
import { ADD_HITS_SQL, ratePolicyName } from '../../shared/rate-limit.js';
import { isDatabaseUnreachable } from '../../shared/db-errors.js';

export type WindowLimit = { limit: number; windowSeconds: number };

type Entry = {
  /** The policy name in the RateLimit headers. */
  policy: string;
  windowEnd: number;
  remaining: number;
  /** Hits the shared counter still had for the client when this instance last leased (others may have spent some since). */
  shared: number;
  nextLease: number;
  blockedUntil: number;
  pending: Promise<void> | null;
  /** Hits granted locally in this window while the shared counter was unreachable. */
  localHits: number;
};

const MAX_ENTRIES = 50_000;
const SHARED_RETRY_MS = 5000;

export class LeasedRateLimiter {
  private readonly entries = new Map<string, Entry>();
  /** Until when the shared counter is treated as unreachable (after a failed lease). */
  private sharedDownUntil = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly maxLease: number,
    private readonly onUnreachable: (err: unknown) => void = () => {},
  ) {}

  /**
   * Counts one request for `key` from this instance's lease, synchronously, when it can (the common
   * case for a returning client), and answers where the client stands; null when `hit` must be
   * awaited instead (a new lease, or a refusal).
   */
  tryHit(key: string, limit: WindowLimit): RateLimitState | null {
    const e = this.entries.get(key);
    if (!e || e.remaining <= 0) return null;
    const now = this.clock.now().getTime();
    if (e.windowEnd <= now || e.blockedUntil > now) return null;
    e.remaining--;
    return {
      policy: e.policy,
      ...limit,
      remaining: e.remaining + e.shared,
      resetSeconds: Math.max(1, Math.ceil((e.windowEnd - now) / 1000)),
    };
  }

  /**
   * Counts one request for `key`; throws RateLimitedError (with Retry-After seconds) when over the
   * limit, else answers where the client stands: what this instance holds for it plus what the
   * shared counter had left at the last lease (other instances may have spent some of that since).
   */
  async hit(key: string, limit: WindowLimit): Promise<RateLimitState> {
    for (;;) {
      const now = this.clock.now().getTime();
      let e = this.entries.get(key);
      if (e && e.blockedUntil > now)
        throw new RateLimitedError(Math.max(1, Math.ceil((e.blockedUntil - now) / 1000)), {
          policy: e.policy,
          ...limit,
        });
      const served = this.tryHit(key, limit);
      if (served) return served;
      if (e?.pending) {
        await e.pending;
        continue;
      }
      if (!e) {
        if (this.entries.size >= MAX_ENTRIES) this.prune(now);
        e = {
          policy: ratePolicyName(key),
          windowEnd: 0,
          remaining: 0,
          shared: 0,
          nextLease: 1,
          blockedUntil: 0,
          pending: null,
          localHits: 0,
        };
        this.entries.set(key, e);
      }
      const entry = e;
      const size = entry.windowEnd > now ? Math.min(this.leaseCap(limit.limit), entry.nextLease) : 1;
      entry.pending = this.lease(key, entry, size, limit).finally(() => {
        entry.pending = null;
      });
      await entry.pending;
    }
  }

  private async lease(key: string, e: Entry, size: number, { limit, windowSeconds }: WindowLimit): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() < this.sharedDownUntil) return this.leaseLocally(e, size, limit, windowSeconds, now.getTime());
    let rows: { hits: number; window_start: Date }[];
    try {
      rows = await this.orm.em
        .getConnection()
        .execute<{ hits: number; window_start: Date }[]>(
          ADD_HITS_SQL,
          [key, now, size, windowSeconds, windowSeconds],
          'all',
        );
    } catch (err) {
      if (!isDatabaseUnreachable(err)) throw err;
      // Ask the database again after a pause, not on every request; say so once per pause.
      this.sharedDownUntil = now.getTime() + SHARED_RETRY_MS;
      this.onUnreachable(err);
      return this.leaseLocally(e, size, limit, windowSeconds, now.getTime());
    }
    const row = rows[0]!;
    const windowEnd = new Date(row.window_start).getTime() + windowSeconds * 1000;
    const before = Number(row.hits) - size;
    const granted = Math.max(0, Math.min(size, limit - before));
    e.windowEnd = windowEnd;
    e.remaining = granted;
    e.shared = Math.max(0, limit - Number(row.hits));
    e.nextLease = granted === size ? Math.min(this.leaseCap(limit), size * 2) : 1;
    if (granted === 0) e.blockedUntil = windowEnd;
  }

  /** The shared counter is unreachable: grant from this instance's own count for the window. */
  private leaseLocally(e: Entry, size: number, limit: number, windowSeconds: number, now: number): void {
    if (e.windowEnd <= now) {
      e.windowEnd = now + windowSeconds * 1000;
      e.localHits = 0;
    }
    const granted = Math.max(0, Math.min(size, limit - e.localHits));
    e.localHits += granted;
    e.remaining = granted;
    e.shared = Math.max(0, limit - e.localHits);
    e.nextLease = 1;
    if (granted === 0) e.blockedUntil = e.windowEnd;
  }

  /** The largest lease: the configured size, or a thousandth of a very high limit (then the overshoot stays within 0.1% per instance). */
  private leaseCap(limit: number): number {
    return Math.max(this.maxLease, Math.floor(limit / 1000));
  }

  /** Drops entries whose window has ended (bounded memory under many client addresses). */
  private prune(now: number): void {
    for (const [k, e] of this.entries)
      if (e.windowEnd <= now && e.blockedUntil <= now && !e.pending) this.entries.delete(k);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
  }
}
