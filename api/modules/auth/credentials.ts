/** Password hashing (argon2id), TOTP (RFC 6238) and recovery codes. */
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { hashToken } from '../../shared/ids.js';

const ARGON = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON);

export const verifyPassword = async (stored: string | null | undefined, password: string): Promise<boolean> => {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
};

/** A hash to verify against when the account does not exist, so timing does not reveal that. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export const newTotpSecret = (): string => new OTPAuth.Secret({ size: 20 }).base32;

const totp = (secret: string, label = '', issuer = '') =>
  new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
    label,
    issuer,
  });

export const totpUri = (secret: string, label: string, issuer: string): string =>
  totp(secret, label, issuer).toString();

/** The time step a code matches (±1 step of drift), or null. */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const t = totp(secret);
  const delta = t.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 30_000) + delta;
}

export const totpCode = (secret: string, now: Date): string => totp(secret).generate({ timestamp: now.getTime() });

/** Ten single-use recovery codes like "k3f9q-x8m2w" (50 bits each). */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5, 10)}`;
  });
}

/** Case, spaces and the dash are not significant: "K3F9Q X8M2W", "k3f9qx8m2w" → "k3f9q-x8m2w". */
export const normaliseRecoveryCode = (code: string): string => {
  const bare = code.toLowerCase().replace(/[\s-]+/g, '');
  return /^[a-z0-9]{10}$/.test(bare) ? `${bare.slice(0, 5)}-${bare.slice(5)}` : bare;
};
export const hashRecoveryCode = (code: string): string => hashToken(`recovery:${normaliseRecoveryCode(code)}`);
