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
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.js';
import { RateLimitedError } from '../../shared/errors.js';
import { ADD_HITS_SQL } from '../../shared/rate-limit.js';

export type WindowLimit = { limit: number; windowSeconds: number };

type Entry = {
  windowEnd: number;
  remaining: number;
  nextLease: number;
  blockedUntil: number;
  pending: Promise<void> | null;
};

const MAX_ENTRIES = 50_000;

export class LeasedRateLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly maxLease: number,
  ) {}

  /**
   * Counts one request for `key` from this instance's lease, synchronously, when it can (the common
   * case for a returning client); false when `hit` must be awaited instead (new lease, or refused).
   */
  tryHit(key: string): boolean {
    const e = this.entries.get(key);
    if (!e || e.remaining <= 0) return false;
    const now = this.clock.now().getTime();
    if (e.windowEnd <= now || e.blockedUntil > now) return false;
    e.remaining--;
    return true;
  }

  /** Counts one request for `key`; throws RateLimitedError (with Retry-After seconds) when over the limit. */
  async hit(key: string, limit: WindowLimit): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      let e = this.entries.get(key);
      if (e && e.blockedUntil > now) throw new RateLimitedError(Math.max(1, Math.ceil((e.blockedUntil - now) / 1000)));
      if (e && e.windowEnd > now && e.remaining > 0) {
        e.remaining--;
        return;
      }
      if (e?.pending) {
        await e.pending;
        continue;
      }
      if (!e) {
        if (this.entries.size >= MAX_ENTRIES) this.prune(now);
        e = { windowEnd: 0, remaining: 0, nextLease: 1, blockedUntil: 0, pending: null };
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
    const rows = await this.orm.em
      .getConnection()
      .execute<{ hits: number; window_start: Date }[]>(
        ADD_HITS_SQL,
        [key, now, size, windowSeconds, windowSeconds],
        'all',
      );
    const row = rows[0]!;
    const windowEnd = new Date(row.window_start).getTime() + windowSeconds * 1000;
    const before = Number(row.hits) - size;
    const granted = Math.max(0, Math.min(size, limit - before));
    e.windowEnd = windowEnd;
    e.remaining = granted;
    e.nextLease = granted === size ? Math.min(this.leaseCap(limit), size * 2) : 1;
    if (granted === 0) e.blockedUntil = windowEnd;
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
