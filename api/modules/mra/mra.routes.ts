import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { licenceCredential, VC_MEDIA_TYPE } from './mra.credential.js';
import { didDocument, licenceContext } from './mra.did.js';
import { STATUS_LIST_TTL_MS, STATUS_PURPOSES, statusListCredential } from './mra.status-list.js';
import { mraService } from './mra.service.js';
import * as s from './mra.schema.js';

export function mraRoutes(deps: AppDeps): RouteDef[] {
  const mra = mraService(deps);
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
