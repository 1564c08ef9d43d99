/** Per-request (and per-job) context: who is acting and under which request id. */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Actor = { id: string | null; label: string; roles: readonly string[] };

export type RequestScope = {
  requestId: string;
  actor: Actor | null;
  ip?: string;
  /** The request's language preference (Accept-Language), when it sent one: the best of `offered`, or false. */
  prefers?: (offered: string[]) => string | false;
};

/** The language the current request asks for among `offered` (Accept-Language with q-values), or null. */
export const requestedLanguage = (offered: string[]): string | null => storage.getStore()?.prefers?.(offered) || null;

const storage = new AsyncLocalStorage<RequestScope>();

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system', roles: [] };

export const runInScope = <T>(scope: RequestScope, fn: () => T): T => storage.run(scope, fn);

export const currentScope = (): RequestScope | undefined => storage.getStore();

/** Sets the actor once authentication has identified them. */
export const setActor = (actor: Actor): void => {
  const scope = storage.getStore();
  if (scope) scope.actor = actor;
};

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The start of every request: its id (the caller's X-Request-Id when well-formed, else a new one)
 * echoed in the response, `Connection: close` while shutting down, and one log line when it ends.
 */
export function beginRequest(
  req: import('express').Request,
  res: import('express').Response,
  log: { info(obj: object, msg: string): void },
  state: { shuttingDown: boolean },
  newId: () => string,
): string {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : newId();
  res.setHeader('X-Request-Id', requestId);
  if (state.shuttingDown) res.setHeader('Connection', 'close');
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log.info(
      {
        requestId,
        method: req.method,
        url: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      },
      'request',
    );
  });
  return requestId;
}
