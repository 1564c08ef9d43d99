/**
 * The signed claim a certificate's QR code carries: a compact JWS (EdDSA, the council's
 * certificate key) over a small JSON payload. Kept short so the QR code stays scannable on a
 * wallet card. Anyone can check it offline with the key published at /.well-known/jwks.json.
 *
 *   header  { alg: 'EdDSA', kid, typ: 'swr-cert+jwt' }
 *   payload { iss: council domain, num: licence number, name, tier: tier code,
 *             vf: valid-from (YYYY-MM-DD), vu: valid-until (YYYY-MM-DD), iat: issue time (s) }
 */
import { SignJWT, jwtVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';
import type { KeyStore } from '../auth/index.js';

export const CERTIFICATE_TOKEN_TYPE = 'swr-cert+jwt';

export type CertificateClaims = {
  iss: string;
  num: string;
  name: string;
  tier: string;
  vf: string;
  vu: string;
  iat: number;
};

export type CertificateCheck =
  | { valid: true; kid: string; claims: CertificateClaims }
  | { valid: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

export async function signCertificateToken(
  keys: KeyStore,
  claims: Omit<CertificateClaims, 'iat'>,
  issuedAt: Date,
): Promise<string> {
  const { kid, privateKey } = await keys.signingKey('certificate');
  return new SignJWT({
    num: claims.num,
    name: claims.name.normalize('NFC'),
    tier: claims.tier,
    vf: claims.vf,
    vu: claims.vu,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: CERTIFICATE_TOKEN_TYPE })
    .setIssuer(claims.iss)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .sign(privateKey);
}

const COMPACT_JWS = /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}$/;

/** Checks a QR payload against the published certificate keys (old keys keep verifying what they signed). */
export async function verifyCertificateToken(keys: KeyStore, token: string): Promise<CertificateCheck> {
  const t = token.trim();
  if (t.length > 2000 || !COMPACT_JWS.test(t)) return { valid: false, reason: 'malformed' };
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(t);
    if (header.alg !== 'EdDSA' || header.typ !== CERTIFICATE_TOKEN_TYPE) return { valid: false, reason: 'malformed' };
    kid = header.kid;
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (!kid) return { valid: false, reason: 'malformed' };
  const key = await keys.publicKey(kid, 'certificate');
  if (!key) return { valid: false, reason: 'unknown_key' };
  try {
    const { payload } = await jwtVerify(t, key, { algorithms: ['EdDSA'], typ: CERTIFICATE_TOKEN_TYPE });
    const p = payload as Record<string, unknown>;
    for (const f of ['iss', 'num', 'name', 'tier', 'vf', 'vu'] as const)
      if (typeof p[f] !== 'string') return { valid: false, reason: 'malformed' };
    if (typeof p.iat !== 'number') return { valid: false, reason: 'malformed' };
    return {
      valid: true,
      kid,
      claims: {
        iss: p.iss as string,
        num: p.num as string,
        name: p.name as string,
        tier: p.tier as string,
        vf: p.vf as string,
        vu: p.vu as string,
        iat: p.iat,
      },
    };
  } catch (e) {
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) return { valid: false, reason: 'bad_signature' };
    return { valid: false, reason: 'malformed' };
  }
}
