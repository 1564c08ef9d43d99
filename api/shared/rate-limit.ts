/**
 * Fixed-window rate limits kept in PostgreSQL, so a limit holds across every instance.
 * One upsert per hit: it restarts the window when it has passed and returns the count.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { RateLimitedError, type RateLimitState } from './errors.js';

export type Limit = { limit: number; windowSeconds: number };

/**
 * A limit's policy name in the RateLimit headers: the key's leading words (letters and hyphens, at
 * most two), never the client part: `pub-lookup:203.0.113.9` → pub-lookup, `sign-in:account:a@b.example`
 * → sign-in:account, `verify-bulk:org:<id>` → verify-bulk:org.
 */
export function ratePolicyName(key: string): string {
  const words: string[] = [];
  for (const part of key.split(':')) {
    if (words.length === 2 || !/^[a-z][a-z-]*$/.test(part)) break;
    words.push(part);
  }
  return words.join(':') || 'default';
}

/**
 * The IETF RateLimit-Policy and RateLimit response headers (draft-ietf-httpapi-ratelimit-headers)
 * for a client's standing against one limit, e.g. `RateLimit-Policy: "pub-lookup";q=60;w=60` and
 * `RateLimit: "pub-lookup";r=0;t=37`. The one place they are written: on every 429 (the error
 * handler) and on the successful answers that know the remaining quota.
 */
export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  const name = `"${s.policy.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return {
    'RateLimit-Policy': `${name};q=${s.limit};w=${s.windowSeconds}`,
    RateLimit: `${name};r=${Math.max(0, s.remaining)};t=${Math.max(0, s.resetSeconds)}`,
  };
}

const secondsLeft = (windowStart: Date, windowSeconds: number, now: Date) =>
  Math.max(1, Math.ceil((new Date(windowStart).getTime() + windowSeconds * 1000 - now.getTime()) / 1000));

/**
 * Adds `n` hits to the key's window (restarting the window when it has passed) and returns the
 * window's total and start. Parameters: key, now, n, windowSeconds, windowSeconds.
 */
export const ADD_HITS_SQL = `insert into rate_limit_bucket (key, window_start, hits) values (?, ?, ?)
on conflict (key) do update set
  hits = case when rate_limit_bucket.window_start <= excluded.window_start - make_interval(secs => ?) then excluded.hits else rate_limit_bucket.hits + excluded.hits end,
  window_start = case when rate_limit_bucket.window_start <= excluded.window_start - make_interval(secs => ?) then excluded.window_start else rate_limit_bucket.window_start end
returning hits, window_start`;

/** Counts one hit; over the limit → RateLimitedError, else where the client now stands. */
export async function hitRateLimit(
  em: EntityManager,
  key: string,
  { limit, windowSeconds }: Limit,
  now: Date,
): Promise<RateLimitState> {
  const rows = await em.execute<{ hits: number; window_start: Date }[]>(ADD_HITS_SQL, [
    key,
    now,
    1,
    windowSeconds,
    windowSeconds,
  ]);
  const row = rows[0]!;
  const policy = ratePolicyName(key);
  const reset = secondsLeft(row.window_start, windowSeconds, now);
  if (row.hits > limit) throw new RateLimitedError(reset, { policy, limit, windowSeconds });
  return { policy, limit, windowSeconds, remaining: limit - row.hits, resetSeconds: reset };
}

/** Forgets the counter (e.g. after a successful sign-in). */
export async function clearRateLimit(em: EntityManager, key: string): Promise<void> {
  await em.execute('delete from rate_limit_bucket where key = ?', [key]);
}

/** Refuses when the current window already holds `limit` hits, without counting this call. */
export async function assertUnderRateLimit(
  em: EntityManager,
  key: string,
  { limit, windowSeconds }: Limit,
  now: Date,
): Promise<void> {
  const rows = await em.execute<{ hits: number; window_start: Date }[]>(
    `select hits, window_start from rate_limit_bucket where key = ? and window_start > ?::timestamptz - make_interval(secs => ?)`,
    [key, now, windowSeconds],
  );
  const row = rows[0];
  if (row && row.hits >= limit) {
    throw new RateLimitedError(secondsLeft(row.window_start, windowSeconds, now), {
      policy: ratePolicyName(key),
      limit,
      windowSeconds,
    });
  }
}
