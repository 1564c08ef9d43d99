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
      response: { status: 200, schema: s.licenceList },
      handler: ({ auth }) => licences.mine(auth!),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/licences/:id',
      access: roles('admin', 'registrar', 'reviewer', 'auditor', 'social_worker'),
      tags,
      summary: 'A licence with its periods, status events and conditions',
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
      params: idParams,
      body: s.conditionBody,
      response: { status: 201, schema: s.licenceOut },
      handler: ({ params, body }) => licences.addCondition(params.id, body),
    }),
  ];
}
