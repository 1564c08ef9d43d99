import { ConnectionException } from '@mikro-orm/core';

/** Whether an error means the database could not be reached (refused, dropped, shutting down), not a failed statement. */
export function isDatabaseUnreachable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return (
    err instanceof ConnectionException ||
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08001',
      '08003',
    ].includes(code ?? '') ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable/.test(
      String((err as Error)?.message),
    )
  );
}

/**
 * Whether a request waited DB_CONNECT_TIMEOUT_MS for one of the pool's connections and none came free:
 * all were in use, under heavy load or with the database slow to answer. (A new connection that could
 * not be opened is "Connection terminated due to connection timeout", the database unreachable.)
 */
export const isNoFreeConnection = (err: unknown): boolean =>
  (err as Error)?.message === 'timeout exceeded when trying to connect';
