import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import {
  credentialContext,
  didDocument,
  licenceCredential,
  statusListCredential,
  STATUS_PATH,
  CONTEXT_PATH,
  VC_MEDIA_TYPE,
} from './mra.credential.js';
import { STATUS_PURPOSES } from './mra.status-list.js';
import { mraService } from './mra.service.js';
import * as s from './mra.schema.js';

export function mraRoutes(deps: AppDeps): RouteDef[] {
  const mra = mraService(deps);
  const tags = ['Mutual recognition'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/mra/peers',
      access: permission('mra.lookup'),
      tags,
      summary: 'The trust list: peer councils and registers this council asks and answers',
      response: {
        status: 200,
        schema: z.object({ items: z.array(s.peerOut), total: z.number().int() }).meta({ id: 'MraPeerList' }),
      },
      handler: () => mra.listPeers(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/mra/peers',
      access: permission('mra.manage'),
      tags,
      summary: 'Add a peer to the trust list (its keys are fetched from its JWKS unless pinned)',
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
      query: s.lookupHistoryQuery,
      response: {
        status: 200,
        schema: z.object({ items: z.array(s.lookupOut), total: z.number().int() }).meta({ id: 'MraLookupList' }),
      },
      handler: ({ query }) => mra.history(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/mra/lookups/:id/verification',
      access: permission('mra.lookup'),
      tags,
      summary: "Verify a stored signed answer again with the peer's published keys",
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
      path: `${STATUS_PATH}/:purpose`,
      access: 'public',
      tags,
      summary:
        "The council's W3C Bitstring Status List for revoked or suspended licence credentials (application/vc+jwt)",
      description:
        'A BitstringStatusListCredential signed like the licence credentials: the GZIP-compressed, multibase base64url bitstring (at least 131,072 entries) whose bit at a credential’s statusListIndex is set when the licence is revoked or surrendered (revocation) or suspended (suspension). Read from the licences’ committed statuses; cached for at most a minute.',
      params: z.object({ purpose: z.enum(STATUS_PURPOSES) }),
      raw: true,
      response: { status: 200, contentType: VC_MEDIA_TYPE, description: 'a vc+jwt' },
      handler: async ({ params, res }) => {
        res.status(200).type(VC_MEDIA_TYPE).setHeader('cache-control', 'public, max-age=60');
        res.send(await statusListCredential(deps, params.purpose));
      },
    }),
    defineRoute({
      method: 'get',
      path: CONTEXT_PATH,
      access: 'public',
      tags,
      summary: 'The JSON-LD context of the registry’s credential terms (licence number, tier, protected title…)',
      description: 'Referenced by every licence credential’s @context; the terms are @protected.',
      raw: true,
      response: { status: 200, contentType: 'application/ld+json', description: 'a JSON-LD context' },
      handler: ({ res }) => {
        res.status(200).type('application/ld+json').setHeader('cache-control', 'public, max-age=86400');
        res.send(JSON.stringify(credentialContext(deps.config.publicUrl)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/.well-known/did.json',
      access: 'public',
      tags,
      summary: "The council's DID document (did:web): the keys that sign certificates and credentials",
      description:
        'Every published certificate key as a JsonWebKey2020 verification method, so credentials signed before a key rotation still verify.',
      raw: true,
      response: { status: 200, contentType: 'application/did+json', description: 'a DID document' },
      handler: async ({ res }) => {
        res.status(200).type('application/did+json').setHeader('cache-control', 'public, max-age=300');
        res.send(JSON.stringify(await didDocument(deps)));
      },
    }),
  ];
}
