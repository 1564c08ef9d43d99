/**
 * Lookup providers: one per peer council or regional register, chosen by the trust-list entry's
 * `kind`. A future regional register is one more factory in PROVIDER_KINDS; nothing else changes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { AppDeps } from '../../deps.js';
import { newToken } from '../../shared/ids.js';
import type { MraPeer } from './mra.entity.js';
import { peerKeyResolver } from './mra.keys.js';
import {
  ATTESTATION_TYP,
  attestationClaims,
  CLOCK_TOLERANCE_S,
  REQUEST_TYP,
  type AttestationClaims,
  type Question,
} from './mra.protocol.js';

export type LookupAnswer =
  | { outcome: 'found' | 'not_found'; attestation: string; claims: AttestationClaims }
  | { outcome: 'unavailable'; detail: string };

export interface MraProvider {
  /** Is this person registered with the peer, and in good standing? */
  lookupLicence(q: Extract<Question, { subject: 'licence' }>, purpose: string): Promise<LookupAnswer>;
  /** Is this programme accredited by the peer? */
  lookupProgramme(q: Extract<Question, { subject: 'programme' }>, purpose: string): Promise<LookupAnswer>;
}

type ProviderFactory = (peer: MraPeer, deps: AppDeps, em: EntityManager) => MraProvider;

const FAILURES_TO_OPEN = 3;
const OPEN_MS = 30_000;
const RETRY_DELAY_MS = 200;

/** Per-instance circuit breakers: a peer that keeps failing is answered "unavailable" at once for a while. */
const breakers = new Map<string, { failures: number; openUntil: number }>();
export const resetCircuitBreakers = () => breakers.clear();

class PeerCouncilRegistry implements MraProvider {
  constructor(
    private readonly peer: MraPeer,
    private readonly deps: AppDeps,
    private readonly em: EntityManager,
  ) {}

  lookupLicence(q: Extract<Question, { subject: 'licence' }>, purpose: string) {
    return this.ask(q, purpose);
  }
  lookupProgramme(q: Extract<Question, { subject: 'programme' }>, purpose: string) {
    return this.ask(q, purpose);
  }

  private async request(q: Question, purpose: string): Promise<{ token: string; jti: string }> {
    const { kid, privateKey } = await this.deps.keys.signingKey('peer');
    const now = Math.floor(this.deps.clock.now().getTime() / 1000);
    const jti = newToken(16);
    const token = await new SignJWT({ purpose, q })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: REQUEST_TYP })
      .setIssuer(this.deps.config.publicUrl)
      .setAudience(this.peer.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(jti)
      .sign(privateKey);
    return { token, jti };
  }

  private async ask(q: Question, purpose: string): Promise<LookupAnswer> {
    const breaker = breakers.get(this.peer.id) ?? { failures: 0, openUntil: 0 };
    if (breaker.openUntil > Date.now())
      return {
        outcome: 'unavailable',
        detail: `${this.peer.name} failed ${FAILURES_TO_OPEN} times in a row; not asked again until ${new Date(breaker.openUntil).toISOString()}`,
      };
    let lastError = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { token, jti } = await this.request(q, purpose);
      try {
        const res = await fetch(`${this.peer.baseUrl}/api/v1/mra/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ request: token }),
          signal: AbortSignal.timeout(this.deps.config.mraTimeoutMs),
        });
        const body = (await res.json().catch(() => null)) as { attestation?: string; detail?: string } | null;
        if (res.status >= 500 || res.status === 429)
          throw new Error(`${this.peer.name} answered ${res.status}${body?.detail ? `: ${body.detail}` : ''}`);
        if (!res.ok || !body?.attestation) {
          // Refused: retrying the same question would be refused again.
          breakers.delete(this.peer.id);
          return {
            outcome: 'unavailable',
            detail: `${this.peer.name} refused the request (${res.status}${body?.detail ? `: ${body.detail}` : ''})`,
          };
        }
        const claims = await this.verifyAttestation(body.attestation, jti);
        breakers.delete(this.peer.id);
        return { outcome: claims.result, attestation: body.attestation, claims };
      } catch (e) {
        lastError =
          e instanceof Error && e.name === 'TimeoutError'
            ? `${this.peer.name} did not answer within ${this.deps.config.mraTimeoutMs} ms`
            : (e as Error).message;
        if (e instanceof AttestationError) break;
        if (attempt === 1) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
      }
    }
    const failures = breaker.failures + 1;
    breakers.set(this.peer.id, { failures, openUntil: failures >= FAILURES_TO_OPEN ? Date.now() + OPEN_MS : 0 });
    return { outcome: 'unavailable', detail: lastError };
  }

  /** Checks the peer's signed answer: its key, our audience, and that it answers our request. */
  async verifyAttestation(attestation: string, jti?: string): Promise<AttestationClaims> {
    try {
      const { payload } = await jwtVerify(
        attestation,
        peerKeyResolver(this.em, this.peer, this.deps.clock, this.deps.config.mraTimeoutMs),
        {
          algorithms: ['EdDSA'],
          typ: ATTESTATION_TYP,
          issuer: this.peer.issuer,
          audience: this.deps.config.publicUrl,
          clockTolerance: CLOCK_TOLERANCE_S,
          currentDate: this.deps.clock.now(),
        },
      );
      const claims = attestationClaims.parse(payload);
      if (jti && claims.in_reply_to !== jti) throw new AttestationError('the answer is for another request');
      return claims;
    } catch (e) {
      if (e instanceof AttestationError) throw e;
      const reason =
        e instanceof joseErrors.JWSSignatureVerificationFailed
          ? 'bad signature'
          : e instanceof joseErrors.JWKSNoMatchingKey
            ? 'signed with a key the peer does not publish'
            : (e as Error).message;
      throw new AttestationError(`the peer's attestation does not verify: ${reason}`);
    }
  }
}

export class AttestationError extends Error {}

export const PROVIDER_KINDS: Record<string, ProviderFactory> = {
  'council-registry': (peer, deps, em) => new PeerCouncilRegistry(peer, deps, em),
};

export function providerFor(
  peer: MraPeer,
  deps: AppDeps,
  em: EntityManager,
): MraProvider & { verifyAttestation?(a: string): Promise<AttestationClaims> } {
  const factory = PROVIDER_KINDS[peer.kind];
  if (!factory) throw new Error(`no lookup provider of kind '${peer.kind}'`);
  return factory(peer, deps, em);
}
