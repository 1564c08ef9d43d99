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

/* OpenID for Verifiable Credential Issuance (mra.oid4vci.ts). Field names are the protocol's. */

export const credentialOfferOut = z
  .object({
    offerUri: z
      .string()
      .describe('The offer as an openid-credential-offer:// link: open it in a wallet, or show it as a QR code'),
    offer: z
      .object({
        credential_issuer: z.string().describe("The credential issuer: the registry's public address"),
        credential_configuration_ids: z.array(z.string()).describe('What is offered: SocialWorkLicenceCredential'),
        grants: z
          .record(z.string(), z.unknown())
          .optional()
          .describe('The pre-authorised code grant: the one-time code and how the PIN (tx_code) is asked for'),
      })
      .describe('The credential offer object the link carries'),
    txCode: z.string().describe('The 6-digit PIN the wallet asks for; show it to the holder beside the QR code'),
    qrSvg: z.string().describe('The offer link as a QR code (an SVG image)'),
    expiresAt: z.iso.datetime().describe('Until when the offer can be redeemed'),
  })
  .meta({ id: 'CredentialOffer' });

const display = z
  .array(
    z.looseObject({
      name: z.string().optional().describe('The name shown in a wallet'),
      locale: z.string().optional().describe('Its language (BCP 47)'),
      description: z.string().optional().describe('A sentence saying what it is'),
    }),
  )
  .describe('How wallets show it, in each language of the region');

export const credentialIssuerMetadataOut = z
  .looseObject({
    credential_issuer: z.string().describe("The credential issuer: the registry's public address"),
    credential_endpoint: z.string().describe('Where a wallet asks for the credential'),
    nonce_endpoint: z.string().optional().describe('Where a wallet gets a c_nonce for its key proof'),
    display: display.optional(),
    credential_configurations_supported: z
      .record(
        z.string(),
        z.looseObject({
          format: z.string().describe('jwt_vc_json: a VC 2.0 JWT signed by the council'),
          credential_definition: z
            .object({ type: z.array(z.string()).describe('The credential types') })
            .optional()
            .describe('The credential types'),
          cryptographic_binding_methods_supported: z
            .array(z.string())
            .optional()
            .describe('How the credential is bound to the wallet key: jwk or did:jwk'),
          credential_signing_alg_values_supported: z
            .array(z.union([z.string(), z.number()]))
            .optional()
            .describe('The algorithm the council signs with (EdDSA)'),
          proof_types_supported: z
            .record(
              z.string(),
              z.looseObject({
                proof_signing_alg_values_supported: z.array(z.string()).describe('Algorithms a key proof may use'),
              }),
            )
            .optional()
            .describe('The key proofs accepted (jwt)'),
          credential_metadata: z
            .looseObject({ display: display.optional() })
            .optional()
            .describe('How wallets show the credential'),
        }),
      )
      .describe('The credentials offered, by configuration id'),
  })
  .meta({ id: 'CredentialIssuerMetadata' });

export const authorizationServerMetadataOut = z
  .looseObject({
    issuer: z.string().describe("The authorization server: the registry's public address"),
    token_endpoint: z.string().describe('Where a pre-authorised code is redeemed'),
    grant_types_supported: z.array(z.string()).optional().describe('The pre-authorised code grant only'),
    'pre-authorized_grant_anonymous_access_supported': z
      .boolean()
      .optional()
      .describe('The token endpoint needs no client authentication'),
  })
  .meta({ id: 'AuthorizationServerMetadata' });

export const tokenRequest = z
  .object({
    grant_type: z.string().max(100).describe('urn:ietf:params:oauth:grant-type:pre-authorized_code'),
    'pre-authorized_code': z.string().min(1).max(200).describe('The one-time code of the offer'),
    tx_code: z.string().max(20).optional().describe('The PIN shown to the holder with the offer'),
    client_id: z.string().max(300).optional().describe("The wallet's client identifier, if it sends one"),
  })
  .meta({ id: 'OAuthTokenRequest' });

export const tokenOut = z
  .object({
    access_token: z.string().describe('The access token for the credential endpoint, good for one credential'),
    token_type: z.string().describe('Bearer'),
    expires_in: z.number().int().describe('Seconds until the token expires'),
  })
  .meta({ id: 'OAuthTokenResponse' });

export const nonceOut = z
  .object({
    c_nonce: z.string().describe('The nonce the key proof must carry'),
    c_nonce_expires_in: z.number().int().optional().describe('Seconds until the nonce expires'),
  })
  .meta({ id: 'CredentialNonce' });

export const credentialRequest = z
  .object({
    credential_configuration_id: z
      .string()
      .max(100)
      .optional()
      .describe('SocialWorkLicenceCredential (from the offer)'),
    proofs: z
      .object({
        jwt: z
          .array(z.string().max(8000))
          .min(1)
          .max(1)
          .describe("One openid4vci-proof+jwt: the wallet's key signing the issuer and the c_nonce"),
      })
      .optional()
      .describe('The proof of the key the credential is bound to'),
    proof: z
      .object({
        proof_type: z.literal('jwt').describe('jwt'),
        jwt: z.string().max(8000).describe('An openid4vci-proof+jwt'),
      })
      .optional()
      .describe('The same proof as sent by wallets of earlier drafts (draft 13 to 15)'),
  })
  .meta({ id: 'CredentialRequest' });

export const credentialResponseOut = z
  .object({
    credentials: z
      .array(z.object({ credential: z.string().describe('The licence credential (a vc+jwt)') }))
      .describe('The credential issued'),
  })
  .meta({ id: 'CredentialResponse' });
