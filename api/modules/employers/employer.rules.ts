/**
 * Pure rules for employer services: API key format, webhook URL policy, webhook signatures,
 * delivery backoff and reading licence numbers from a CSV. No database, no clock.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { csvRecords, normaliseHeader, parseCsv } from '../../shared/csv.js';

export const API_KEY_PREFIX = 'swk_';
const KEY_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^swk_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** A new key: the public key id (finds the row) and a 256-bit random secret (only its hash is kept). */
export function generateApiKey(): { keyId: string; secret: string; token: string; secretHash: string } {
  const bytes = randomBytes(16);
  const keyId = [...bytes].map((b) => KEY_ID_ALPHABET[b % KEY_ID_ALPHABET.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, token: `${API_KEY_PREFIX}${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/**
 * SHA-256 is the right hash here, not argon2: the secret is 256 random bits, so there is nothing to
 * guess and no dictionary to slow down; a fast hash keeps every API call cheap.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function parseApiKey(token: string): { keyId: string; secret: string } | null {
  const m = KEY_PATTERN.exec(token);
  return m ? { keyId: m[1]!, secret: m[2]! } : null;
}

export const looksLikeApiKey = (token: string): boolean => token.startsWith(API_KEY_PREFIX);

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a webhook URL is refused, or null when it is acceptable. */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !production))
    return production ? 'must use https' : 'must use https or http';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.hash) return 'must not contain a fragment';
  if (production) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || isPrivateAddress(host))
      return 'must be a public address';
  }
  return null;
}

/** True for loopback, private, link-local, carrier-grade NAT and unspecified addresses (IPv4 and IPv6). */
export function isPrivateAddress(host: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (host.includes(':'))
    return (
      host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:')
    );
  return false;
}

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** `X-Registry-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Checks a signature header (what a receiver does); `toleranceSeconds` bounds replay. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.trim().split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Delay before the next webhook attempt: 1, 2, 4 … minutes, at most 6 hours. */
export const webhookBackoffMs = (attempts: number): number =>
  Math.min(6 * 3600_000, 60_000 * 2 ** Math.max(0, attempts - 1));

/** Whether a failed delivery is worth retrying: network errors, timeouts, 408, 429 and 5xx. */
export const retryableStatus = (status: number | null): boolean =>
  status === null || status === 408 || status === 429 || status >= 500;

export const MAX_BULK_NUMBERS = 1000;

/**
 * Licence numbers from an uploaded CSV: a column named number (or licence_number), or else one
 * number per line (first column). Blank lines are skipped.
 */
export function numbersFromCsv(text: string): string[] {
  const rows = parseCsv(text);
  if (!rows.length) return [];
  const header = rows[0]!.map(normaliseHeader);
  const col = header.findIndex((h) => h === 'number' || h === 'licence_number' || h === 'license_number');
  if (col >= 0) {
    const { records } = csvRecords(text);
    const key = header[col]!;
    return records.map((r) => r.values[key] ?? '').filter((v) => v !== '');
  }
  return rows.map((r) => (r[0] ?? '').trim()).filter((v) => v !== '');
}
