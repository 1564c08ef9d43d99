/**
 * W3C Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/), pure: the bitstring
 * from the set indexes, compressed and encoded as the spec says. Index 0 is the left-most bit (the
 * most significant bit of the first byte); the list is GZIP-compressed and multibase base64url
 * ('u' prefix) encoded. Lists hold at least 131,072 entries (the spec's minimum, for herd privacy).
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export const MIN_LIST_BITS = 131_072;
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** Licence statuses that set each purpose's bit. */
export const STATUS_SETS: Record<StatusPurpose, string[]> = {
  revocation: ['revoked', 'surrendered'],
  suspension: ['suspended'],
};

/** The list length for indexes up to `maxIndex`: the minimum, or whole multiples of it. */
export const listBits = (maxIndex: number): number =>
  Math.max(1, Math.ceil((maxIndex + 1) / MIN_LIST_BITS)) * MIN_LIST_BITS;

export function encodeList(setIndexes: Iterable<number>, bits: number): string {
  const bytes = Buffer.alloc(bits / 8);
  for (const i of setIndexes) {
    if (i < 0 || i >= bits) throw new RangeError(`status index ${i} outside a list of ${bits}`);
    bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** Whether bit `index` is set in an encoded list (what a verifier does). */
export function bitOf(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('the list is not multibase base64url');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return ((bytes[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

/** did:web for the registry's host, a port percent-encoded (its DID document is at /.well-known/did.json). */
export const didWeb = (publicUrl: string): string => `did:web:${encodeURIComponent(new URL(publicUrl).host)}`;
