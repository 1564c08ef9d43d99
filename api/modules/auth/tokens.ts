/** Access tokens and the short-lived MFA step token: EdDSA JWTs signed with the access key. */
import { SignJWT, jwtVerify, decodeProtectedHeader } from 'jose';
import { newId } from '../../shared/ids.js';
import { UnauthenticatedError } from '../../shared/errors.js';
import type { KeyStore } from './keys.service.js';
import type { Clock } from '../../shared/clock.js';

/** `sid` is the sign-in session the token belongs to; `mfa` says whether that sign-in proved a second factor. */
export type AccessClaims = { sub: string; roles: string[]; name: string; mfa: boolean; sid: string };
export type MfaClaims = { sub: string; step: 'verify' | 'enrol' };

const ACCESS_TYP = 'at+jwt';
const MFA_TYP = 'mfa+jwt';

export class TokenService {
  constructor(
    private readonly keys: KeyStore,
    private readonly clock: Clock,
    private readonly issuer: string,
    private readonly accessTtlSeconds: number,
  ) {}

  async #sign(
    typ: string,
    audience: string,
    ttl: number,
    claims: Record<string, unknown>,
    sub: string,
  ): Promise<string> {
    const { kid, privateKey } = await this.keys.signingKey('access');
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid, typ })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(sub)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(newId())
      .sign(privateKey);
  }

  async #verify(token: string, typ: string, audience: string): Promise<Record<string, unknown>> {
    const invalid = () => new UnauthenticatedError('The token is invalid or has expired; sign in again');
    let kid: string;
    try {
      const header = decodeProtectedHeader(token);
      if (header.typ !== typ || header.alg !== 'EdDSA' || typeof header.kid !== 'string')
        throw new Error('wrong token type');
      kid = header.kid;
    } catch {
      throw invalid();
    }
    // Outside the catch: a database that cannot be reached while the keys reload is an outage (503),
    // not a bad token — a 401 would sign every user out of the admin UI.
    const key = await this.keys.publicKey(kid, 'access');
    if (!key) throw invalid();
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: this.issuer,
        audience,
        typ,
        algorithms: ['EdDSA'],
        currentDate: this.clock.now(),
      });
      return payload as Record<string, unknown>;
    } catch {
      throw invalid();
    }
  }

  issueAccess(claims: AccessClaims): Promise<string> {
    const { sub, ...rest } = claims;
    return this.#sign(ACCESS_TYP, `${this.issuer}/api`, this.accessTtlSeconds, rest, sub);
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    const p = await this.#verify(token, ACCESS_TYP, `${this.issuer}/api`);
    if (typeof p.sid !== 'string' || !p.sid)
      throw new UnauthenticatedError('The token is invalid or has expired; sign in again');
    return {
      sub: String(p.sub),
      roles: (p.roles as string[]) ?? [],
      name: String(p.name ?? ''),
      mfa: p.mfa === true,
      sid: p.sid,
    };
  }

  issueMfa(claims: MfaClaims): Promise<string> {
    return this.#sign(MFA_TYP, `${this.issuer}/mfa`, 300, { step: claims.step }, claims.sub);
  }

  async verifyMfa(token: string): Promise<MfaClaims> {
    const p = await this.#verify(token, MFA_TYP, `${this.issuer}/mfa`);
    return { sub: String(p.sub), step: p.step === 'enrol' ? 'enrol' : 'verify' };
  }

  get accessTtlSeconds_(): number {
    return this.accessTtlSeconds;
  }
}
