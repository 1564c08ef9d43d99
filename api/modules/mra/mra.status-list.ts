/**
 * W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/) for licence
 * credentials: a revocation list (licence revoked or surrendered) and a suspension list (licence
 * suspended), 131,072 bits each, published as signed BitstringStatusListCredentials (vc+jwt).
 *
 * The bits are not stored: each list is computed, when asked for, from the licence table joined to
 * the licences' places in the lists. So a list shows exactly the licence statuses committed at that
 * moment, whichever code path changed them (a registrar's decision, a disciplinary sanction, a bulk
 * job), a rolled-back change never shows, and a status change writes nothing more than it did
 * before: no bitstring row that every suspension in the council would have to lock in turn. The
 * list is read from the primary, never a replica, so the next fetch after a commit sees it.
 */
import { createHash, randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SignJWT } from 'jose';
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../shared/errors.js';
import type { LicenceStatus } from '../licences/index.js';
import { didWebFor, verificationMethodId } from './mra.did.js';

/** Entries per list: the specification's minimum, which gives every holder a large crowd to hide in. */
export const STATUS_LIST_SIZE = 131_072;
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];
/** How long a verifier may cache a list (also the HTTP max-age), in milliseconds. */
export const STATUS_LIST_TTL_MS = 60_000;

/** Licence statuses that set a licence's bit in each list. Suspension is lifted when the licence is reinstated. */
export const STATUS_BITS: Record<StatusPurpose, readonly LicenceStatus[]> = {
  revocation: ['revoked', 'surrendered'],
  suspension: ['suspended'],
};

export const statusListUrl = (publicUrl: string, purpose: StatusPurpose, listNo: number) =>
  `${publicUrl}/credentials/status/${purpose}/${listNo}`;

export type StatusPlace = { listNo: number; listIndex: number };

/** Random tries in one list before moving to the next (a list is then nearly full). */
const TRIES_PER_LIST = 8;

async function placeOf(em: EntityManager, licenceId: string): Promise<StatusPlace | null> {
  const [row] = await em.execute<{ list_no: number; list_index: number }[]>(
    `select list_no, list_index from credential_status_entry where licence_id = ?`,
    [licenceId],
  );
  return row ? { listNo: row.list_no, listIndex: row.list_index } : null;
}

/**
 * The licence's place in the status lists, allocated the first time it is asked for. Each insert
 * takes a random free index or does nothing: the primary key on the licence keeps two concurrent
 * first issuances to one place (the loser reads the winner's), the unique (list, index) keeps two
 * licences off one bit. Lists fill in order; a list nearly full sends new licences to the next.
 */
export async function statusPlaceFor(em: EntityManager, licenceId: string, now: Date): Promise<StatusPlace> {
  const existing = await placeOf(em, licenceId);
  if (existing) return existing;
  const [{ last }] = await em.execute<{ last: number }[]>(
    `select coalesce(max(list_no), 1) as last from credential_status_entry`,
  );
  for (let listNo = last; listNo <= last + 1; listNo++) {
    for (let i = 0; i < TRIES_PER_LIST; i++) {
      await em.execute(
        `insert into credential_status_entry (licence_id, list_no, list_index, created_at) values (?, ?, ?, ?) on conflict do nothing`,
        [licenceId, listNo, randomInt(STATUS_LIST_SIZE), now],
      );
      const place = await placeOf(em, licenceId);
      if (place) return place;
    }
  }
  throw new Error('no free place in the credential status lists');
}

/** The list's bits: bit i is the i-th bit from the left (most significant bit of byte 0 first). */
export async function statusListBits(em: EntityManager, purpose: StatusPurpose, listNo: number): Promise<Buffer> {
  const statuses = STATUS_BITS[purpose].map((s) => `'${s}'`).join(', ');
  const rows = await em.execute<{ list_index: number }[]>(
    `select e.list_index from credential_status_entry e join licence l on l.id = e.licence_id
     where e.list_no = ? and l.status in (${statuses})`,
    [listNo],
  );
  const bits = Buffer.alloc(STATUS_LIST_SIZE / 8);
  for (const { list_index: i } of rows) bits[i >> 3] |= 0x80 >> (i & 7);
  return bits;
}

/** Multibase base64url (prefix `u`, no padding) of the GZIP-compressed bitstring. */
export const encodeStatusList = (bits: Buffer) => `u${gzipSync(bits).toString('base64url')}`;

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The signed BitstringStatusListCredential for one list, and an entity tag that changes only when
 * its bits (or the signing key) do, so a verifier can ask again cheaply with If-None-Match.
 */
export async function statusListCredential(
  deps: AppDeps,
  purpose: StatusPurpose,
  listNo: number,
): Promise<{ jwt: string; etag: string }> {
  const em = deps.orm.em.fork();
  if (listNo > 1) {
    const [{ last }] = await em.execute<{ last: number }[]>(
      `select coalesce(max(list_no), 1) as last from credential_status_entry`,
    );
    if (listNo > last) throw new NotFoundError(`Status list ${purpose}/${listNo}`);
  }
  const encodedList = encodeStatusList(await statusListBits(em, purpose, listNo));
  const did = didWebFor(deps.config.publicUrl);
  const url = statusListUrl(deps.config.publicUrl, purpose, listNo);
  const now = deps.clock.now();
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: did,
    validFrom: isoSeconds(now),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: purpose,
      encodedList,
      ttl: STATUS_LIST_TTL_MS,
    },
  };
  const { kid, privateKey } = await deps.keys.signingKey('certificate');
  const jwt = await new SignJWT(credential as never)
    .setProtectedHeader({ alg: 'EdDSA', kid: verificationMethodId(did, kid), typ: 'vc+jwt', cty: 'vc' })
    .setIssuer(did)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(privateKey);
  const etag = `"${createHash('sha256').update(`${kid}\n${url}\n${encodedList}`).digest('base64url').slice(0, 27)}"`;
  return { jwt, etag };
}

/** The two BitstringStatusListEntry objects of a licence credential. */
export function credentialStatusEntries(publicUrl: string, place: StatusPlace) {
  return STATUS_PURPOSES.map((purpose) => {
    const list = statusListUrl(publicUrl, purpose, place.listNo);
    return {
      id: `${list}#${place.listIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(place.listIndex),
      statusListCredential: list,
    };
  });
}
