/** Bounded waits for statements: how a silent database becomes a 503 instead of a hung request. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/**
 * Statements run inside `boundQueries(ms, …)` — every HTTP request, and the e-mail sender — get no
 * more than `ms` to answer. A database that silently stops answering (a dead host, a network that
 * drops packets) otherwise leaves a statement waiting until TCP gives up, many minutes later; past
 * the bound the connection is dropped, the caller gets an error the API answers with 503, and the
 * pool opens a fresh connection next time. Scheduled jobs, imports and migrations run unbounded:
 * their set-based statements may legitimately take minutes on a large register.
 */
const queryBound = new AsyncLocalStorage<number>();
export const currentQueryBound = (): number | undefined => queryBound.getStore();
export const boundQueries = <T>(ms: number, fn: () => T): T => queryBound.run(ms, fn);
export const unboundQueries = <T>(fn: () => T): T => queryBound.exit(fn);

/** A statement that got no answer within its bound; its connection was dropped. */
export class DatabaseTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`The database did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** Applies `limit()` (milliseconds, or undefined for none) to every statement this client runs. */
export function boundStatements(client: pg.PoolClient | pg.Client, limit: () => number | undefined): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const bounded = (...args: unknown[]): unknown => {
    const ms = limit();
    const result = query(...args);
    if (!ms || typeof (result as Promise<unknown> | undefined)?.then !== 'function') return result;
    const timer = setTimeout(() => {
      // Ending the socket fails every statement waiting on it; pg marks the client unusable and the pool discards it.
      (client as unknown as { connection?: { stream?: { destroy(e: Error): void } } }).connection?.stream?.destroy(
        new DatabaseTimeoutError(ms),
      );
    }, ms);
    return (result as Promise<unknown>).finally(() => clearTimeout(timer));
  };
  (client as unknown as { query: typeof bounded }).query = bounded;
}
