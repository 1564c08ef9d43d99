import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Licence } from '../licences/index.js';

export type JwkSet = { keys: Record<string, unknown>[] };

/**
 * A trusted peer: another council (or, later, a regional register) this registry asks and
 * answers. `issuer` is the identifier the peer signs as and is addressed by (its public URL);
 * `baseUrl` is where to reach it. Keys are pinned, or fetched from the peer's JWKS and cached.
 */
export const MraPeerSchema = defineEntity({
  name: 'MraPeer',
  tableName: 'mra_peer',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    kind: p.string().length(40).default('council-registry'),
    country: p.string().length(2),
    name: p.string().length(200),
    issuer: p.string().length(300).unique(),
    baseUrl: p.string().length(300),
    pinnedJwks: p.json<JwkSet>().nullable(),
    cachedJwks: p.json<JwkSet>().nullable(),
    jwksFetchedAt: p.datetime().nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class MraPeer extends MraPeerSchema.class {}
MraPeerSchema.setClass(MraPeer);

export type LookupOutcome = 'found' | 'not_found' | 'unavailable';

/** One outbound question and the signed answer, kept as evidence (e.g. on an application). */
export const MraLookupSchema = defineEntity({
  name: 'MraLookup',
  tableName: 'mra_lookup',
  indexes: [{ properties: ['applicationId'] }, { properties: ['createdAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    peer: () => p.manyToOne(MraPeer).ref().index(),
    subject: p.string().length(12).$type<'licence' | 'programme'>(),
    question: p.json<Record<string, string>>(),
    purpose: p.string().length(300),
    outcome: p.string().length(12).$type<LookupOutcome>(),
    detail: p.text().nullable(),
    attestation: p.text().nullable(),
    answer: p.json<Record<string, unknown>>().nullable(),
    applicationId: p.uuid().nullable(),
    requestedBy: p.uuid(),
    durationMs: p.integer(),
    createdAt: p.datetime(),
  },
});
export class MraLookup extends MraLookupSchema.class {}
MraLookupSchema.setClass(MraLookup);

/** Request ids already answered, kept until the request would have expired anyway. */
export const MraSeenRequestSchema = defineEntity({
  name: 'MraSeenRequest',
  tableName: 'mra_seen_request',
  properties: {
    jti: p.string().length(100).primary(),
    issuer: p.string().length(300),
    expiresAt: p.datetime().index(),
  },
});
export class MraSeenRequest extends MraSeenRequestSchema.class {}
MraSeenRequestSchema.setClass(MraSeenRequest);

/**
 * A licence's place in the council's Bitstring Status Lists: allocated once, the first time a
 * credential is issued for the licence, and never moved, so every credential issued for the licence
 * points at the same bit. The same (list, index) serves the revocation and the suspension list.
 * Indexes are drawn at random inside a list (herd privacy: the index says nothing about when or in
 * what order licences were issued).
 */
export const CredentialStatusEntrySchema = defineEntity({
  name: 'CredentialStatusEntry',
  tableName: 'credential_status_entry',
  uniques: [{ properties: ['listNo', 'listIndex'] }],
  properties: {
    licence: () => p.manyToOne(Licence).ref().primary(),
    listNo: p.integer(),
    listIndex: p.integer(),
    createdAt: p.datetime(),
  },
});
export class CredentialStatusEntry extends CredentialStatusEntrySchema.class {}
CredentialStatusEntrySchema.setClass(CredentialStatusEntry);

/**
 * An offer to put a licence credential into the holder's wallet (OpenID for Verifiable Credential
 * Issuance, pre-authorised code flow). Only hashes of the one-time code, the PIN (tx_code) and the
 * access token are kept. The code is redeemed once for an access token, and the token once for a
 * credential; a PIN typed wrong five times voids the offer.
 */
export const CredentialOfferSchema = defineEntity({
  name: 'CredentialOffer',
  tableName: 'credential_offer',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    licence: () => p.manyToOne(Licence).ref().index(),
    codeHash: p.string().length(64).unique(),
    txCodeHash: p.string().length(64),
    failedTxCodes: p.integer().default(0),
    expiresAt: p.datetime(),
    accessTokenHash: p.string().length(64).nullable().unique(),
    tokenExpiresAt: p.datetime().nullable(),
    issuedAt: p.datetime().nullable(),
    createdBy: p.uuid(),
    createdAt: p.datetime(),
  },
});
export class CredentialOffer extends CredentialOfferSchema.class {}
CredentialOfferSchema.setClass(CredentialOffer);

/** A c_nonce handed out by the nonce endpoint: a wallet's key proof must carry one, used once. */
export const CredentialNonceSchema = defineEntity({
  name: 'CredentialNonce',
  tableName: 'credential_nonce',
  properties: {
    nonce: p.string().length(64).primary(),
    expiresAt: p.datetime().index(),
  },
});
export class CredentialNonce extends CredentialNonceSchema.class {}
CredentialNonceSchema.setClass(CredentialNonce);
