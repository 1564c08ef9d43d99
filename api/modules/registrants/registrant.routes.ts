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
      description:
        'Searches registrants a page at a time: q matches part of the name in either script, ignoring case and diacritics, or the exact number of one of the person’s licences; filter by region or sector, sort by name or creation date. Identity numbers are masked to their last four characters.',
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
      description:
        "Creates a person's registrant record. Staff register anyone; a social worker registers themself, once, and the record is linked to their account. The identity number is sealed at rest and must not already be on the register for the same nationality (409); the creation is audited.",
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
      description:
        "The registrant record linked to the signed-in social worker's account; 404 until they have registered themself.",
      response: { status: 200, schema: s.registrantOut },
      handler: ({ auth }) => registrants.mine(auth!),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/registrants/:id',
      access: STAFF_AND_SELF,
      tags,
      summary: 'One registrant (identity number masked)',
      description:
        "One registrant's record with the identity number masked. Staff may read any record; a social worker only their own (403 otherwise).",
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
      description:
        'Returns the full national identity number for staff allowed to see it. Every call writes an audit event naming who looked, even when nothing changes.',
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
      description:
        'Changes the contact details, region, employer and sector sent; name, birth date and identity number go through an identity change request instead. Send the version you read (409 if the record changed since). A social worker may correct only their own record; the change is audited.',
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
      description:
        "The qualifications the person declared, oldest first. A qualification from a local programme with a student id is marked verified when a school's graduate list holds the same programme, student id and date of birth.",
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
      description:
        'Declares a qualification: from a local programme (its school, level and title come from the programme) or from abroad (named in full). The award date must be after the date of birth and not in the future. The declaration is audited.',
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
      description:
        'Opens a request to change the name (in either script), date of birth or identity number, with a reason. The new value is sealed and changes nothing until staff approve it; attach evidence first. A social worker may ask only for their own record.',
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
      description:
        'Stores a piece of evidence (PDF, JPEG or PNG, checked by its content) sent as the raw body, for a request not yet decided (409 once decided). Returns the request with its count of evidence files.',
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
      description:
        'Identity change requests newest first (at most 200), with how many evidence files each has; filter by status (pending, approved, rejected). The new values are not shown.',
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
      description:
        "Approves or rejects a pending request. Approval needs at least one evidence file and applies the new value to the record; a new identity number must not belong to another person (409). Send the request's version (409 if it changed or was already decided); the decision is audited.",
      params: idParams,
      body: s.identityChangeDecision,
      response: { status: 200, schema: s.identityChangeOut },
      handler: ({ params, body }) => registrants.decideIdentityChange(params.id, body),
    }),
  ];
}
