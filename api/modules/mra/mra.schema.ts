import { z } from 'zod';
import { question } from './mra.protocol.js';

const jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(20) })
  .describe('a JSON Web Key Set with the Ed25519 keys the peer signs with');
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(300)
  .transform((u) => u.replace(/\/$/, ''));

export const peerCreate = z
  .object({
    kind: z.enum(['council-registry']).default('council-registry').describe('the provider that talks to this peer'),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as TH'),
    name: z.string().trim().min(2).max(200),
    issuer: httpUrl.describe("the peer's identifier (the public URL it signs as)"),
    baseUrl: httpUrl.describe('where to reach the peer'),
    pinnedJwks: jwks.optional().describe("pin the peer's keys instead of fetching its /.well-known/jwks.json"),
  })
  .meta({ id: 'MraPeerCreate' });

export const peerUpdate = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    baseUrl: httpUrl.optional(),
    active: z.boolean().optional(),
    pinnedJwks: jwks.nullable().optional(),
    refreshKeys: z.boolean().optional().describe('forget the cached key set and fetch it again on the next request'),
    version: z.number().int().min(1),
  })
  .meta({ id: 'MraPeerUpdate' });

export const peerOut = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    country: z.string(),
    name: z.string(),
    issuer: z.string(),
    baseUrl: z.string(),
    keys: z.enum(['pinned', 'fetched']),
    keyIds: z.array(z.string()),
    jwksFetchedAt: z.iso.datetime().nullable(),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'MraPeer' });

export const lookupBody = z
  .object({
    peerId: z.uuid(),
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
    id: z.uuid(),
    peerId: z.uuid(),
    peerName: z.string(),
    country: z.string(),
    subject: z.enum(['licence', 'programme']),
    question: z.record(z.string(), z.string()),
    purpose: z.string(),
    outcome: z.enum(['found', 'not_found', 'unavailable']),
    detail: z.string().nullable(),
    answer: z.record(z.string(), z.unknown()).nullable(),
    attestation: z.string().nullable().describe("the peer's signed answer (compact JWS), kept as evidence"),
    applicationId: z.uuid().nullable(),
    durationMs: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MraLookup' });

export const lookupHistoryQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
  applicationId: z.uuid().optional(),
  peerId: z.uuid().optional(),
  outcome: z.enum(['found', 'not_found', 'unavailable']).optional(),
});

export const inboundBody = z
  .object({ request: z.string().min(20).max(8000).describe("a compact JWS signed with the asking council's peer key") })
  .meta({ id: 'MraInboundRequest' });
export const inboundOut = z.object({ attestation: z.string() }).meta({ id: 'MraAttestation' });
export const reverifyOut = z
  .object({ id: z.uuid(), valid: z.boolean(), detail: z.string() })
  .meta({ id: 'MraReverification' });
