import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams, listOf } from '../../http/schemas.js';
import { DOCUMENT_MEDIA_TYPES, MAX_DOCUMENT_BYTES } from '../documents/index.js';
import { registrantService } from './registrant.service.js';
import * as s from './registrant.schema.js';

const STAFF_AND_SELF = roles('admin', 'registrar', 'reviewer', 'auditor', 'social_worker');
const WRITERS_AND_SELF = roles('admin', 'registrar', 'social_worker');

export function registrantRoutes(deps: AppDeps): RouteDef[] {
  const registrants = registrantService(deps);
  const tags = ['Registrants'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/registrants',
      access: permission('registrants.read'),
      tags,
      summary: 'Search the people on the register',
      query: s.registrantListQuery,
      response: { status: 200, schema: s.registrantList },
      handler: ({ query }) => registrants.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/registrants',
      access: WRITERS_AND_SELF,
      tags,
      summary: 'Register a person (a social worker registers themself)',
      body: s.registrantBody,
      response: { status: 201, schema: s.registrantOut },
      handler: ({ auth, body }) => registrants.create(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/registrants/me',
      access: roles('social_worker'),
      tags,
      summary: 'Your own registrant record',
      response: { status: 200, schema: s.registrantOut },
      handler: ({ auth }) => registrants.mine(auth!),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/registrants/:id',
      access: STAFF_AND_SELF,
      tags,
      summary: 'One registrant (identity number masked)',
      params: idParams,
      response: { status: 200, schema: s.registrantOut },
      handler: ({ auth, params }) => registrants.get(auth!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/registrants/:id/identity',
      access: permission('identity.read'),
      tags,
      summary: 'Reveal the national identity number (every view is audited)',
      params: idParams,
      response: { status: 200, schema: s.identityOut },
      handler: ({ params }) => registrants.identity(params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/registrants/:id/contact',
      access: WRITERS_AND_SELF,
      tags,
      summary: 'Correct contact details, region, employer and sector',
      params: idParams,
      body: s.contactBody,
      response: { status: 200, schema: s.registrantOut },
      handler: ({ auth, params, body }) => registrants.updateContact(auth!, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/registrants/:id/qualifications',
      access: STAFF_AND_SELF,
      tags,
      summary: 'Declared qualifications, with graduate-list verification',
      params: idParams,
      response: { status: 200, schema: listOf(s.qualificationOut, 'QualificationList') },
      handler: ({ auth, params }) => registrants.qualifications(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/registrants/:id/qualifications',
      access: WRITERS_AND_SELF,
      tags,
      summary: 'Declare a qualification (local programme or foreign)',
      params: idParams,
      body: s.qualificationBody,
      response: { status: 201, schema: s.qualificationOut },
      handler: ({ auth, params, body }) => registrants.addQualification(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/registrants/:id/identity-changes',
      access: WRITERS_AND_SELF,
      tags,
      summary: 'Ask to change name, birth date or identity number (needs evidence and approval)',
      params: idParams,
      body: s.identityChangeBody,
      response: { status: 201, schema: s.identityChangeOut },
      handler: ({ auth, params, body }) => registrants.requestIdentityChange(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/identity-changes/:id/evidence',
      access: WRITERS_AND_SELF,
      tags,
      summary: 'Attach evidence to a change request: the PDF, JPEG or PNG itself as the body',
      params: idParams,
      query: z.object({ filename: z.string().max(255).optional() }),
      upload: { maxBytes: MAX_DOCUMENT_BYTES, mediaTypes: DOCUMENT_MEDIA_TYPES },
      response: { status: 201, schema: s.identityChangeOut },
      handler: ({ auth, params, query, body }) =>
        registrants.addIdentityEvidence(auth!, params.id, { bytes: body as Buffer, filename: query.filename }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/identity-changes',
      access: permission('registrants.manage'),
      tags,
      summary: 'Change requests awaiting a decision',
      query: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }),
      response: { status: 200, schema: listOf(s.identityChangeOut, 'IdentityChangeList') },
      handler: ({ query }) => registrants.identityChanges(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/identity-changes/:id/decision',
      access: permission('registrants.manage'),
      tags,
      summary: 'Approve (with evidence) or reject a change request',
      params: idParams,
      body: s.identityChangeDecision,
      response: { status: 200, schema: s.identityChangeOut },
      handler: ({ params, body }) => registrants.decideIdentityChange(params.id, body),
    }),
  ];
}
