/**
 * Fixed-window rate limits kept in PostgreSQL, so a limit holds across every instance.
 * One upsert per hit: it restarts the window when it has passed and returns the count.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { RateLimitedError } from './errors.js';

export type Limit = { limit: number; windowSeconds: number };

/**
 * Adds `n` hits to the key's window (restarting the window when it has passed) and returns the
 * window's total and start. Parameters: key, now, n, windowSeconds, windowSeconds.
 */
export const ADD_HITS_SQL = `insert into rate_limit_bucket (key, window_start, hits) values (?, ?, ?)
on conflict (key) do update set
  hits = case when rate_limit_bucket.window_start <= excluded.window_start - make_interval(secs => ?) then excluded.hits else rate_limit_bucket.hits + excluded.hits end,
  window_start = case when rate_limit_bucket.window_start <= excluded.window_start - make_interval(secs => ?) then excluded.window_start else rate_limit_bucket.window_start end
returning hits, window_start`;

export async function hitRateLimit(
  em: EntityManager,
  key: string,
  { limit, windowSeconds }: Limit,
  now: Date,
): Promise<void> {
  const rows = await em.execute<{ hits: number; window_start: Date }[]>(ADD_HITS_SQL, [
    key,
    now,
    1,
    windowSeconds,
    windowSeconds,
  ]);
  const row = rows[0]!;
  if (row.hits > limit) {
    const retry = Math.max(
      1,
      Math.ceil((new Date(row.window_start).getTime() + windowSeconds * 1000 - now.getTime()) / 1000),
    );
    throw new RateLimitedError(retry);
  }
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
    throw new RateLimitedError(
      Math.max(1, Math.ceil((new Date(row.window_start).getTime() + windowSeconds * 1000 - now.getTime()) / 1000)),
    );
  }
}
