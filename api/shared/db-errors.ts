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
