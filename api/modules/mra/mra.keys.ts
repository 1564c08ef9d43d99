/**
 * A peer's public keys: pinned in the trust list, or fetched from its /.well-known/jwks.json and
 * cached in the database (shared by every instance). An unknown kid refetches, at most once a minute.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLocalJWKSet, type JWK } from 'jose';
import type { Clock } from '../../shared/clock.js';
import { isPeerKey } from './mra.protocol.js';
import type { JwkSet, MraPeer } from './mra.entity.js';

const CACHE_MS = 60 * 60_000;
const REFETCH_MS = 60_000;

export async function fetchJwks(baseUrl: string, timeoutMs: number): Promise<JwkSet> {
  const res = await fetch(`${baseUrl}/.well-known/jwks.json`, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`the peer's key set answered ${res.status}`);
  const body = (await res.json()) as JwkSet;
  if (!Array.isArray(body?.keys)) throw new TypeError(`the peer's key set is not a JWKS`);
  return { keys: body.keys.filter(isPeerKey) };
}

export function peerKeyResolver(em: EntityManager, peer: MraPeer, clock: Clock, timeoutMs: number) {
  const local = (set: JwkSet) => createLocalJWKSet({ keys: set.keys.filter(isPeerKey) as JWK[] });
  return async (header: { kid?: string; alg?: string }, token: { payload: unknown; signature: unknown }) => {
    if (peer.pinnedJwks) return local(peer.pinnedJwks)(header as never, token as never);
    const age = peer.jwksFetchedAt ? clock.now().getTime() - peer.jwksFetchedAt.getTime() : Infinity;
    const known = peer.cachedJwks?.keys.some((k) => k.kid === header.kid);
    if (!peer.cachedJwks || age > CACHE_MS || (!known && age > REFETCH_MS)) {
      try {
        const fetched = await fetchJwks(peer.baseUrl, timeoutMs);
        await em.execute(`update mra_peer set cached_jwks = ?, jwks_fetched_at = ? where id = ?`, [
          JSON.stringify(fetched),
          clock.now(),
          peer.id,
        ]);
        peer.cachedJwks = fetched;
        peer.jwksFetchedAt = clock.now();
      } catch (e) {
        if (!peer.cachedJwks) throw e;
      }
    }
    return local(peer.cachedJwks!)(header as never, token as never);
  };
}
