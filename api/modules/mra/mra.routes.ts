import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { licenceCredential, VC_MEDIA_TYPE } from './mra.credential.js';
import { didDocument, licenceContext } from './mra.did.js';
import { STATUS_LIST_TTL_MS, STATUS_PURPOSES, statusListCredential } from './mra.status-list.js';
import { mraService } from './mra.service.js';
import { NONCE_TTL_S, oid4vciService, TOKEN_TTL_S } from './mra.oid4vci.js';
import { requestedLanguage } from '../../http/request-context.js';
import { LANGUAGES } from '../../shared/i18n.js';
import * as s from './mra.schema.js';

export function mraRoutes(deps: AppDeps): RouteDef[] {
  const mra = mraService(deps);
  const oid4vci = oid4vciService(deps);
  const walletTags = ['Wallet credentials'];
  /** Tokens and nonces must never be stored by a cache. */
  const noStore = (res: import('express').Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  };
  const headersOf = (req: import('express').Request) =>
    new Headers(
      Object.entries(req.headers).flatMap(([k, v]) =>
        typeof v === 'string'
          ? [[k, v] as [string, string]]
          : Array.isArray(v)
            ? [[k, v.join(', ')] as [string, string]]
            : [],
      ),
    );
  const tags = ['Mutual recognition'];
  const credentialTags = ['Public register'];
  /** Documents any verifier anywhere may fetch, from a browser too. */
  const shareable = (res: import('express').Response, maxAgeS: number) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', `public, max-age=${maxAgeS}`);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/mra/peers',
      access: permission('mra.lookup'),
      tags,
      summary: 'The trust list: peer councils and registers this council asks and answers',
      description:
        'Every peer council or register on the trust list, active or not, ordered by country and name, with its issuer, address and whether its keys are pinned or fetched from its JWKS.',
      response: {
        status: 200,
        schema: z
          .object({
            items: z.array(s.peerOut).describe('The peer councils'),
            total: z.number().int().describe('Peers in all'),
          })
          .meta({ id: 'MraPeerList' }),
      },
      handler: () => mra.listPeers(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/mra/peers',
      access: permission('mra.manage'),
      tags,
      summary: 'Add a peer to the trust list (its keys are fetched from its JWKS unless pinned)',
      description:
        "Adds a peer this council may ask and will answer. Unless keys are pinned, the peer's /.well-known/jwks.json is fetched now and the peer is refused (422) if it cannot be reached. An issuer already on the list answers 409; the addition is audited.",
      body: s.peerCreate,
      response: { status: 201, schema: s.peerOut },
      handler: ({ body }) => mra.addPeer(body),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/mra/peers/:id',
      access: permission('mra.manage'),
      tags,
      summary: 'Change, suspend or re-key a peer (send the version you read)',
      description:
        "Changes the peer's name or address, suspends or reactivates it (active false: it is neither asked nor answered), or pins or unpins its keys. Send the version you read (409 if it changed since); the change is audited.",
      params: idParams,
      body: s.peerUpdate,
      response: { status: 200, schema: s.peerOut },
      handler: ({ params, body }) => mra.updatePeer(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/mra/lookups',
      access: permission('mra.lookup'),
      tags,
      summary:
        'Ask a peer: is this person registered and in good standing, or is this programme accredited? Answers found, not_found or unavailable (never hangs)',
      description:
        "Sends a signed question to an active peer, with the purpose of the lookup, and stores the outcome: found or not_found with the peer's signed attestation, or unavailable with the reason when the peer does not answer in time or its answer cannot be verified. With applicationId the answer is kept as evidence on that application. Every lookup is audited.",
      body: s.lookupBody,
      response: { status: 201, schema: s.lookupOut },
      handler: ({ auth, body }) => mra.lookup(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/mra/lookups',
      access: permission('mra.lookup'),
      tags,
      summary: 'Lookup history, newest first (filter by application, peer or outcome)',
      description:
        "Past lookups newest first, a page at a time, with their question, outcome and the peer's signed answer; filter by application, peer or outcome.",
      query: s.lookupHistoryQuery,
      response: {
        status: 200,
        schema: z
          .object({
            items: z.array(s.lookupOut).describe('The lookups of the page, newest first'),
            total: z.number().int().describe('Lookups matching, all pages'),
          })
          .meta({ id: 'MraLookupList' }),
      },
      handler: ({ query }) => mra.history(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/mra/lookups/:id/verification',
      access: permission('mra.lookup'),
      tags,
      summary: "Verify a stored signed answer again with the peer's published keys",
      description:
        'Checks the stored attestation of a lookup again against the keys the peer publishes now (a peer keeps retired keys published). Answers valid or not with the reason; a lookup whose peer was unavailable has nothing to verify.',
      params: idParams,
      response: { status: 200, schema: s.reverifyOut },
      handler: ({ params }) => mra.reverify(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/mra/requests',
      rateLimited: true,
      access: 'public',
      tags,
      summary: 'Answer a peer council: a signed request from a trusted peer gets a signed good-standing attestation',
      description:
        'Authenticated by the request itself: a compact JWS (typ swr-mra-request+jwt) signed with a key the peer ' +
        'publishes, addressed to this council, unexpired and never seen before. Refusals are 401 problem+json and audited.',
      body: s.inboundBody,
      response: { status: 200, schema: s.inboundOut },
      handler: ({ body, req }) => mra.answer(body.request, req.ip),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/licences/:id/credential',
      access: roles('admin', 'registrar', 'social_worker'),
      tags,
      summary:
        'The licence as a W3C Verifiable Credential 2.0 secured as a JWT (application/vc+jwt), signed with the council key',
      description:
        "Issues the licence as a W3C Verifiable Credential signed with the council's key, for the holder to present elsewhere; anyone can check it with the keys at /.well-known/jwks.json. Only an active or grace licence gets one (422 otherwise); a social worker may ask only for their own licence.",
      params: idParams,
      raw: true,
      response: { status: 200, contentType: VC_MEDIA_TYPE, description: 'a vc+jwt' },
      handler: async ({ auth, params, res }) => {
        const jwt = await licenceCredential(deps, auth!, params.id);
        res
          .status(200)
          .type(VC_MEDIA_TYPE)
          .setHeader('content-disposition', `attachment; filename="licence-credential.jwt"`);
        res.send(jwt);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/licences/:id/credential-offer',
      access: roles('admin', 'registrar', 'social_worker'),
      tags: walletTags,
      summary: 'Offer the licence credential to a wallet app (OpenID4VCI pre-authorised code, with a PIN)',
      description:
        'Creates a one-time offer of the licence credential for a wallet that speaks OpenID for Verifiable ' +
        'Credential Issuance 1.0: an openid-credential-offer:// link (also as a QR code) and a 6-digit PIN to ' +
        'type into the wallet. The offer can be redeemed once, within 15 minutes; five wrong PINs void it. ' +
        'Only an active or grace licence gets one (422 otherwise); a social worker only for their own licence. Audited.',
      params: idParams,
      response: { status: 201, schema: s.credentialOfferOut },
      handler: ({ auth, params }) => oid4vci.createOffer(auth!, params.id, requestedLanguage([...LANGUAGES]) ?? 'en'),
    }),
    defineRoute({
      method: 'get',
      path: '/.well-known/openid-credential-issuer',
      access: 'public',
      tags: walletTags,
      summary: 'OpenID4VCI credential issuer metadata: where and how wallets get the licence credential',
      description:
        'The credential issuer metadata of OpenID for Verifiable Credential Issuance 1.0: the token, nonce and ' +
        'credential endpoints, and the one credential offered (SocialWorkLicenceCredential, format jwt_vc_json: ' +
        'the VC 2.0 JWT the registry signs with its did:web key), with its name in every language of the region.',
      response: { status: 200, schema: s.credentialIssuerMetadataOut },
      handler: async ({ res }) => {
        shareable(res, 300);
        return oid4vci.credentialIssuerMetadata();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/.well-known/oauth-authorization-server',
      access: 'public',
      tags: walletTags,
      summary: 'OAuth authorization server metadata (RFC 8414) of the credential issuer',
      description:
        'The registry is its own authorization server for credential issuance: the token endpoint, and the one ' +
        'grant it accepts (the pre-authorised code of an offer, with its PIN).',
      response: { status: 200, schema: s.authorizationServerMetadataOut },
      handler: ({ res }) => {
        shareable(res, 300);
        return oid4vci.authorizationServerMetadata();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/oid4vci/token',
      access: 'public',
      rateLimited: true,
      form: true,
      oauthErrors: true,
      tags: walletTags,
      summary: "OpenID4VCI token endpoint: redeem an offer's pre-authorised code and PIN for an access token",
      description:
        `Trades the pre-authorised code of a credential offer and its PIN (tx_code) for an access token valid ${TOKEN_TTL_S / 60} minutes and for one credential. ` +
        'A code is redeemed once; a wrong PIN is counted and five void the offer. Refusals are OAuth error responses.',
      body: s.tokenRequest,
      response: { status: 200, schema: s.tokenOut },
      handler: ({ body, req, res }) => {
        noStore(res);
        return oid4vci.token(body, { url: `${deps.config.publicUrl}${req.originalUrl}`, headers: headersOf(req) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/oid4vci/nonce',
      access: 'public',
      rateLimited: true,
      oauthErrors: true,
      tags: walletTags,
      summary: "OpenID4VCI nonce endpoint: a fresh c_nonce for the wallet's key proof",
      description: `A c_nonce the wallet signs in its key proof; valid ${NONCE_TTL_S / 60} minutes and for one proof.`,
      response: { status: 200, schema: s.nonceOut },
      handler: ({ res }) => {
        noStore(res);
        return oid4vci.nonce();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/oid4vci/credential',
      access: 'public',
      rateLimited: true,
      oauthErrors: true,
      tags: walletTags,
      summary: "OpenID4VCI credential endpoint: the licence credential, bound to the wallet's key",
      description:
        "With the access token of a redeemed offer (Authorization: Bearer) and a proof of the wallet's key " +
        '(proofs.jwt: an openid4vci-proof+jwt signed with ES256, ES384 or EdDSA over a c_nonce from the nonce ' +
        'endpoint, the key as a jwk header or a did:jwk kid), answers the licence credential with its subject ' +
        'bound to that key (credentialSubject.id is the did:jwk). One credential per offer; a licence suspended or ' +
        'revoked since the offer was made is refused (credential_request_denied). Refusals are OAuth error responses.',
      body: s.credentialRequest,
      response: { status: 200, schema: s.credentialResponseOut },
      handler: ({ req, res }) => {
        noStore(res);
        // The protocol library reads the whole request (the schema above checked the fields it declares).
        return oid4vci.credential(req.headers.authorization, req.body as Record<string, unknown>);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/.well-known/did.json',
      access: 'public',
      tags: credentialTags,
      summary: "The council's DID document (did:web): the keys its credentials are signed with",
      description:
        'Resolves the issuer identifier of licence credentials, did:web:<host of PUBLIC_URL> (a port ' +
        'percent-encoded). Lists every published certificate key as a JsonWebKey2020 verification method ' +
        'under assertionMethod, older keys included, so credentials signed before a key rotation still verify.',
      response: {
        status: 200,
        contentType: 'application/did+ld+json',
        description: 'a DID document',
      },
      raw: true,
      handler: async ({ res }) => {
        shareable(res, 300);
        res.type('application/did+ld+json').send(JSON.stringify(await didDocument(deps)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/contexts/social-work-licence/v1',
      access: 'public',
      tags: credentialTags,
      summary: 'The JSON-LD context of the terms of licence credentials (SocialWorkLicenceCredential)',
      description:
        'Defines, as @protected terms, the types SocialWorkLicenceCredential and LicensedSocialWorker and the ' +
        'properties licence, number, tier, tierName, protectedTitle, status, verificationUrl, nameNative and ' +
        'country. Licence credentials name it after the VC 2.0 context. It never changes: a new version gets a new URL.',
      response: { status: 200, contentType: 'application/ld+json', description: 'a JSON-LD context' },
      raw: true,
      handler: ({ res }) => {
        shareable(res, 86_400);
        res.type('application/ld+json').send(JSON.stringify(licenceContext(deps.config.publicUrl)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/credentials/status/:purpose/:list',
      access: 'public',
      tags: credentialTags,
      summary: 'A Bitstring Status List of licence credentials (revocation or suspension), signed (vc+jwt)',
      description:
        'A W3C BitstringStatusListCredential secured as a JWT and signed with the council certificate key. ' +
        'encodedList is the GZIP-compressed bitstring of 131,072 entries, multibase base64url (prefix u); the ' +
        "bit at a credential's statusListIndex (leftmost bit first) is 1 when the licence is revoked or " +
        'surrendered (revocation list) or suspended (suspension list). Computed from the licence records when ' +
        `asked, so it is current to the last committed change; verifiers may cache it for ${STATUS_LIST_TTL_MS / 1000} s ` +
        '(ttl), and ask again with If-None-Match for a 304 while nothing changed.',
      params: z.object({
        purpose: z.enum(STATUS_PURPOSES),
        list: z.coerce.number().int().min(1).max(1_000_000),
      }),
      raw: true,
      response: { status: 200, contentType: VC_MEDIA_TYPE, description: 'a vc+jwt BitstringStatusListCredential' },
      handler: async ({ params, req, res }) => {
        const { jwt, etag } = await statusListCredential(deps, params.purpose, params.list);
        shareable(res, STATUS_LIST_TTL_MS / 1000);
        res.setHeader('ETag', etag);
        if (req.fresh) {
          res.status(304).end();
          return;
        }
        res.status(200).type(VC_MEDIA_TYPE).send(jwt);
      },
    }),
  ];
}
