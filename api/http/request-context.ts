/** Per-request (and per-job) context: who is acting and under which request id. */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Actor = { id: string | null; label: string; roles: readonly string[] };

export type RequestScope = { requestId: string; actor: Actor | null; ip?: string };

const storage = new AsyncLocalStorage<RequestScope>();

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system', roles: [] };

export const runInScope = <T>(scope: RequestScope, fn: () => T): T => storage.run(scope, fn);

export const currentScope = (): RequestScope | undefined => storage.getStore();

/** Sets the actor once authentication has identified them. */
export const setActor = (actor: Actor): void => {
  const scope = storage.getStore();
  if (scope) scope.actor = actor;
};
