/**
 * Pure rules for employer services: API key format, webhook URL and address policy, webhook signatures,
 * delivery backoff and reading licence numbers from a CSV. No database, no clock.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
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

/** Why a webhook URL is refused, or null when it is acceptable (what a name resolves to is checked when it is registered and at each delivery). */
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
    const host = url.hostname
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '')
      .toLowerCase();
    if (isIP(host)) {
      const reason = nonPublicAddressReason(host);
      if (reason) return `must be a public address: ${host} is ${reason}`;
    } else if (LOCAL_NAMES.some((n) => host === n || host.endsWith(`.${n}`)))
      return `must be a public address: ${host} is a local name`;
  }
  return null;
}

/** Special-use domain names that never lead to a public receiver (RFC 6761, RFC 6762, RFC 8375, ICANN .internal). */
const LOCAL_NAMES = ['localhost', 'local', 'home.arpa', 'internal', 'invalid'];

type Range = readonly [network: string, prefix: number, label: string];

/**
 * The IANA IPv4 Special-Purpose Address Registry, with multicast (224.0.0.0/4). None of these is a
 * place a webhook receiver may be: private, loopback, link-local, shared (carrier-grade NAT),
 * documentation, benchmarking and reserved space, and the anycast service blocks (AS112, AMT, 6to4
 * relays) that are reachable but never an employer's server. More specific blocks come first, so
 * the reason names them.
 */
const IPV4_SPECIAL: Range[] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private-use'],
  ['100.64.0.0', 10, 'shared address space (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private-use'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation (TEST-NET-1)'],
  ['192.31.196.0', 24, 'AS112-v4'],
  ['192.52.193.0', 24, 'AMT'],
  ['192.88.99.0', 24, 'deprecated 6to4 relay anycast'],
  ['192.168.0.0', 16, 'private-use'],
  ['192.175.48.0', 24, 'direct delegation AS112 service'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation (TEST-NET-2)'],
  ['203.0.113.0', 24, 'documentation (TEST-NET-3)'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'limited broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

/**
 * The IANA IPv6 Special-Purpose Address Registry, with multicast and deprecated site-local space,
 * then everything outside 2000::/3 (the only block IANA allocates as global unicast). The ranges
 * that embed an IPv4 address are judged by that address instead (IPV4_IN_IPV6).
 */
const IPV6_SPECIAL: Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['::ffff:0:0:0', 96, 'IPv4-translated'],
  ['100::', 64, 'discard-only'],
  ['100:0:0:1::', 64, 'dummy prefix'],
  ['2001::', 32, 'Teredo'],
  ['2001:2::', 48, 'benchmarking'],
  ['2001::', 23, 'IETF protocol assignments'],
  ['2001:db8::', 32, 'documentation'],
  ['2620:4f:8000::', 48, 'direct delegation AS112 service'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing (SRv6) SIDs'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
  ['::', 3, 'not global unicast (outside 2000::/3)'],
  ['4000::', 2, 'not global unicast (outside 2000::/3)'],
  ['8000::', 1, 'not global unicast (outside 2000::/3)'],
];

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * IPv6 ranges that carry an IPv4 address: the connection ends at that IPv4 host, so the IPv4
 * address is what is judged. The local-use NAT64 prefix is accepted only in its /96 form (RFC 6052
 * lets a network put the IPv4 address elsewhere; that is refused rather than guessed).
 */
const IPV4_IN_IPV6: { network: string; prefix: number; label: string; embedded: (w: number[]) => string | null }[] = [
  { network: '::ffff:0:0', prefix: 96, label: 'IPv4-mapped', embedded: (w) => v4(w[6]!, w[7]!) },
  { network: '64:ff9b::', prefix: 96, label: 'NAT64', embedded: (w) => v4(w[6]!, w[7]!) },
  {
    network: '64:ff9b:1::',
    prefix: 48,
    label: 'local-use NAT64',
    embedded: (w) => (w[3] === 0 && w[4] === 0 && w[5] === 0 ? v4(w[6]!, w[7]!) : null),
  },
  { network: '2002::', prefix: 16, label: '6to4', embedded: (w) => v4(w[1]!, w[2]!) },
];

const subnetList = (network: string, prefix: number, type: 'ipv4' | 'ipv6') => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return list;
};
// Two lists, never mixed: Node matches an IPv6 rule against an IPv4 address through its mapped form
// (::/3 would match every IPv4 address), so each family is checked only against its own list.
const BLOCKED_V4 = new BlockList();
const BLOCKED_V6 = new BlockList();
const V4_LABELS = IPV4_SPECIAL.map(([network, prefix, label]) => {
  BLOCKED_V4.addSubnet(network, prefix, 'ipv4');
  return { list: subnetList(network, prefix, 'ipv4'), reason: `${label} (${network}/${prefix})` };
});
const V6_LABELS = IPV6_SPECIAL.map(([network, prefix, label]) => {
  BLOCKED_V6.addSubnet(network, prefix, 'ipv6');
  return { list: subnetList(network, prefix, 'ipv6'), reason: `${label} (${network}/${prefix})` };
});
const TRANSLATED = IPV4_IN_IPV6.map((t) => ({ ...t, list: subnetList(t.network, t.prefix, 'ipv6') }));

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted IPv4 part is allowed). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The webhook address policy: why an IP address may not receive webhooks in production (the
 * special-purpose range it is in), or null for a public address. IPv4 and IPv6, with the IPv4
 * address inside IPv4-mapped, NAT64 and 6to4 addresses judged as IPv4.
 */
export function nonPublicAddressReason(ip: string): string | null {
  const address = ip
    .replace(/^\[|\]$/g, '')
    .split('%')[0]!
    .toLowerCase();
  const family = isIP(address);
  if (family === 4)
    return BLOCKED_V4.check(address, 'ipv4') ? V4_LABELS.find((r) => r.list.check(address, 'ipv4'))!.reason : null;
  if (family !== 6) return 'not an IP address';
  const translated = TRANSLATED.find((t) => t.list.check(address, 'ipv6'));
  if (translated) {
    const inner = translated.embedded(ipv6Groups(address));
    const where = `${translated.label} (${translated.network}/${translated.prefix})`;
    if (!inner) return `${where} without the IPv4 address in its last 32 bits`;
    const reason = nonPublicAddressReason(inner);
    return reason ? `${where} of ${inner}, which is ${reason}` : null;
  }
  return BLOCKED_V6.check(address, 'ipv6') ? V6_LABELS.find((r) => r.list.check(address, 'ipv6'))!.reason : null;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes (the signing key). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The signing key a `whsec_` secret stands for: the bytes its base64 encodes. Secrets issued before
 * the registry followed Standard Webhooks were written in base64url; they stand for their bytes too.
 */
export function webhookKey(secret: string): Uint8Array {
  return Buffer.from(
    secret
      .replace(/^whsec_/, '')
      .replace(/-/g, '+')
      .replace(/_/g, '/'),
    'base64',
  );
}

/**
 * The Standard Webhooks headers of one attempt: `webhook-id` (the delivery's id, the same on every
 * attempt), `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature`: one `v1,<base64
 * HMAC-SHA256 of "<id>.<timestamp>.<body>">` per secret, space-separated (two while a rotation's
 * previous secret still signs).
 */
export function standardWebhookHeaders(
  id: string,
  secrets: string[],
  body: string,
  at: Date,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  const seconds = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds.getTime() / 1000),
    'webhook-signature': secrets
      .map((secret) => new Webhook(webhookKey(secret), { format: 'raw' }).sign(id, seconds, body))
      .join(' '),
  };
}

/** How long a rotated-out webhook secret still signs deliveries beside the new one. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 3600_000;

/**
 * The earlier signature header, kept for receivers written before Standard Webhooks:
 * `X-Registry-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the
 * secret's text.
 */
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
