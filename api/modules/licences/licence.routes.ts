import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { licenceService } from './licence.service.js';
import * as s from './licence.schema.js';

export function licenceRoutes(deps: AppDeps): RouteDef[] {
  const licences = licenceService(deps);
  const tags = ['Licences'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/licences',
      access: permission('registrants.read'),
      tags,
      summary: 'Licences (filter by status, tier, registrant or number)',
      description:
        'Lists licences a page at a time, sorted by number or expiry; filter by status, tier or registrant, and q matches part of the licence number.',
      query: s.licenceListQuery,
      response: { status: 200, schema: s.licenceList },
      handler: ({ query }) => licences.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/licences/mine',
      access: roles('social_worker'),
      tags,
      summary: 'Your own licences, current and past',
      description:
        "Every licence of the signed-in social worker's registrant record, newest first, whatever its status; empty until they have registered.",
      response: { status: 200, schema: s.licenceList },
      handler: ({ auth }) => licences.mine(auth!),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/licences/:id',
      access: roles('admin', 'registrar', 'reviewer', 'auditor', 'social_worker'),
      tags,
      summary: 'A licence with its periods, status events and conditions',
      description:
        'One licence with its periods of validity, every status event (from, to, effective date, reason, legal basis) and its conditions. Staff may read any licence; a social worker only their own.',
      params: idParams,
      response: { status: 200, schema: s.licenceOut },
      handler: ({ auth, params }) => licences.get(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/licences/:id/status',
      access: permission('licences.manage'),
      tags,
      summary: 'Suspend, reinstate, revoke or record a surrender (through the state table; send the version you read)',
      description:
        'Moves the licence to a new status through the licence state table (for example active to suspended, suspended to active, to revoked or surrendered); a move the table does not allow answers 409. The move is kept as a status event with its effective date, reason and legal basis, and is audited. Send the version you read (409 if the licence changed since).',
      params: idParams,
      body: s.statusChangeBody,
      response: { status: 200, schema: s.licenceOut },
      handler: ({ params, body }) => licences.changeStatus(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/licences/:id/conditions',
      access: permission('licences.manage'),
      tags,
      summary: 'Add a condition on practice (public or not)',
      description:
        "Adds a condition on practice from a start date, until an end date if given. A public condition is shown on the public register (where the council publishes conditions) and reported to employers watching the licence. Send the licence's version you read: adding a condition moves it on, so a concurrent change answers 409.",
      params: idParams,
      body: s.conditionBody,
      response: { status: 201, schema: s.licenceOut },
      handler: ({ params, body }) => licences.addCondition(params.id, body),
    }),
  ];
}
