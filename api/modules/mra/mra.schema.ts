import { z } from 'zod';
import { question } from './mra.protocol.js';

const jwks = z
  .object({
    keys: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .max(20)
      .describe('The public keys (JWK), each with its kid'),
  })
  .describe('a JSON Web Key Set with the Ed25519 keys the peer signs with');
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(300)
  .transform((u) => u.replace(/\/$/, ''));

export const peerCreate = z
  .object({
    kind: z.enum(['council-registry']).default('council-registry').describe('the provider that talks to this peer'),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as TH')
      .describe("ISO 3166-1 alpha-2 code of the peer council's country"),
    name: z.string().trim().min(2).max(200).describe('Name of the peer council'),
    issuer: httpUrl.describe("the peer's identifier (the public URL it signs as)"),
    baseUrl: httpUrl.describe('where to reach the peer'),
    pinnedJwks: jwks.optional().describe("pin the peer's keys instead of fetching its /.well-known/jwks.json"),
  })
  .meta({ id: 'MraPeerCreate' });

export const peerUpdate = z
  .object({
    name: z.string().trim().min(2).max(200).optional().describe('Name of the peer council'),
    baseUrl: httpUrl.optional().describe("The peer's API address"),
    active: z.boolean().optional().describe('Whether lookups to this peer are allowed'),
    pinnedJwks: jwks
      .nullable()
      .optional()
      .describe("pin the peer's keys (null: fetch its /.well-known/jwks.json again)"),
    refreshKeys: z.boolean().optional().describe('forget the cached key set and fetch it again on the next request'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'MraPeerUpdate' });

export const peerOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    kind: z
      .string()
      .describe("What the peer runs (council-registry: another council's registry speaking this protocol)"),
    country: z.string().describe("ISO 3166-1 alpha-2 code of the peer council's country"),
    name: z.string().describe('Name of the peer council'),
    issuer: z.string().describe('The issuer its signed answers carry'),
    baseUrl: z.string().describe("The peer's API address"),
    keys: z.enum(['pinned', 'fetched']).describe("pinned (keys given here) or fetched (from the peer's JWKS address)"),
    keyIds: z.array(z.string()).describe("Key ids of the peer's signing keys known now"),
    jwksFetchedAt: z.iso.datetime().nullable().describe("When the peer's keys were last fetched"),
    active: z.boolean().describe('Whether lookups to this peer are allowed'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'MraPeer' });

export const lookupBody = z
  .object({
    peerId: z.uuid().describe('The peer council'),
    question,
    purpose: z
      .string()
      .trim()
      .min(3)
      .max(300)
      .describe('why this council asks (sent to the peer and audited on both sides)'),
    applicationId: z.uuid().optional().describe('store the signed answer as evidence on this application'),
  })
  .meta({ id: 'MraLookupRequest' });

export const lookupOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    peerId: z.uuid().describe('The peer council'),
    peerName: z.string().describe('Name of the peer council'),
    country: z.string().describe('Country of the peer council'),
    subject: z.enum(['licence', 'programme']).describe('What is asked about: a licence or a programme'),
    question: z.record(z.string(), z.string()).describe('What was asked (the fields sent)'),
    purpose: z.string().describe('Why the lookup was made (kept in the audit trail)'),
    outcome: z
      .enum(['found', 'not_found', 'unavailable'])
      .describe('found, not_found, or unavailable (the peer did not answer or its answer did not verify)'),
    detail: z.string().nullable().describe('Explanation, for not_found and unavailable'),
    answer: z.record(z.string(), z.unknown()).nullable().describe("The peer's verified answer"),
    attestation: z.string().nullable().describe("the peer's signed answer (compact JWS), kept as evidence"),
    applicationId: z.uuid().nullable().describe('The licence application the lookup was made for'),
    durationMs: z.number().int().describe('How long the peer took to answer, in milliseconds'),
    createdAt: z.iso.datetime().describe('When the record was created'),
  })
  .meta({ id: 'MraLookup' });

export const lookupHistoryQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('The page to return, from 1'),
  perPage: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page (at most 100)'),
  applicationId: z.uuid().optional().describe('Only lookups made for this application'),
  peerId: z.uuid().optional().describe('Only lookups to this peer'),
  outcome: z.enum(['found', 'not_found', 'unavailable']).optional().describe('Only lookups with this outcome'),
});

export const inboundBody = z
  .object({ request: z.string().min(20).max(8000).describe("a compact JWS signed with the asking council's peer key") })
  .meta({ id: 'MraInboundRequest' });
export const inboundOut = z
  .object({ attestation: z.string().describe('The signed answer (compact JWS, typ swr-mra-attestation+jwt)') })
  .meta({ id: 'MraAttestation' });
export const reverifyOut = z
  .object({
    id: z.uuid().describe('Id of the lookup'),
    valid: z.boolean().describe("Whether the kept attestation's signature still verifies with the peer's keys"),
    detail: z.string().describe('What was checked, or why it failed'),
  })
  .meta({ id: 'MraReverification' });
