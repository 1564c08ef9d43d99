/**
 * Whether a session is still open, answered from a per-instance cache that PostgreSQL keeps honest.
 *
 * Ending a session (sign-out, refresh-token reuse, a change of the account's roles or status, a
 * password reset) sets auth_session.revoked_at; a trigger sends NOTIFY auth_session_revoked with the
 * session id in the same transaction. Every instance LISTENs on one connection of its own and drops
 * the session from its cache when the notification arrives (on commit, within milliseconds), so the
 * next request asks the database and is refused.
 *
 * A request normally costs a Map lookup. The database is asked when a session is not cached yet,
 * when its entry is older than the TTL (a bound should a notification ever be missed), and for every
 * request while the LISTEN connection is down: then nothing is cached, so a revocation can never be
 * missed; the connection is re-established with backoff and the cache starts empty again.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export const SESSION_REVOKED_CHANNEL = 'auth_session_revoked';

export type SessionLookup = (sessionId: string) => Promise<boolean>;

export type SessionGuardOptions = {
  ttlMs?: number;
  maxEntries?: number;
  maxRetryMs?: number;
  connectTimeoutMs?: number;
};

export class SessionGuard {
  readonly #cache = new Map<string, { active: boolean; at: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxRetryMs: number;
  readonly #connectTimeoutMs: number | undefined;
  #epoch = 0;
  #client: pg.Client | null = null;
  #listening = false;
  #stopped = false;
  #retryMs = 250;
  #retryTimer: NodeJS.Timeout | null = null;
  /** Database lookups made (a cache miss, an expired entry, or the listener being down). */
  lookups = 0;

  constructor(
    private readonly connectionString: string,
    private readonly lookup: SessionLookup,
    private readonly log: Pick<Logger, 'warn' | 'info'>,
    options: SessionGuardOptions = {},
  ) {
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#maxRetryMs = options.maxRetryMs ?? 10_000;
    this.#connectTimeoutMs = options.connectTimeoutMs;
  }

  /** Opens the LISTEN connection. A failure is logged and retried; sessions are checked in the database meanwhile. */
  async start(): Promise<void> {
    await this.#connect();
  }

  get listening(): boolean {
    return this.#listening;
  }

  async isActive(sessionId: string): Promise<boolean> {
    if (this.#listening) {
      const hit = this.#cache.get(sessionId);
      if (hit && performance.now() - hit.at < this.#ttlMs) return hit.active;
    }
    const epoch = this.#epoch;
    this.lookups++;
    const active = await this.lookup(sessionId);
    // Cache only what no notification (or reconnection) could have overtaken while we asked.
    if (this.#listening && epoch === this.#epoch) {
      this.#cache.delete(sessionId);
      this.#cache.set(sessionId, { active, at: performance.now() });
      if (this.#cache.size > this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return active;
  }

  /** Forgets a session here at once (the notification does the same on every instance). */
  forget(sessionId: string): void {
    this.#epoch++;
    this.#cache.delete(sessionId);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#listening = false;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'sw-registry sessions',
      connectionTimeoutMillis: this.#connectTimeoutMs,
    });
    client.on('notification', (msg) => {
      if (msg.channel === SESSION_REVOKED_CHANNEL && msg.payload) this.forget(msg.payload);
    });
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client, null));
    try {
      await client.connect();
      await client.query(`listen ${SESSION_REVOKED_CHANNEL}`);
    } catch (err) {
      this.#lost(client, err as Error);
      return;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    // Anything cached before this connection listened may have missed a notification.
    this.#epoch++;
    this.#cache.clear();
    this.#listening = true;
    this.#retryMs = 250;
  }

  #lost(client: pg.Client, err: Error | null): void {
    if (this.#client !== null && this.#client !== client) return;
    const wasListening = this.#listening;
    this.#client = null;
    this.#listening = false;
    this.#epoch++;
    this.#cache.clear();
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    if (this.#stopped || this.#retryTimer) return;
    if (wasListening || err) {
      this.log.warn(
        { err, retryInMs: this.#retryMs },
        'session revocation listener lost its database connection: checking every request in the database until it is back',
      );
    }
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, this.#retryMs);
    this.#retryTimer.unref();
    this.#retryMs = Math.min(this.#maxRetryMs, this.#retryMs * 2);
  }
}
