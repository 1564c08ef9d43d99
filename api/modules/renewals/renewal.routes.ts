import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { renewalService } from './renewal.service.js';
import * as s from './renewal.schema.js';

export function renewalRoutes(deps: AppDeps): RouteDef[] {
  const renewals = renewalService(deps);
  const tags = ['Renewals'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/renewals',
      access: permission('registrants.read'),
      tags,
      summary:
        'Licences due for renewal (in the window or in grace), soonest to lapse first; view=at_risk lists those with no renewal submitted, with days left',
      query: s.renewalsQuery,
      response: { status: 200, schema: s.renewalCaseList },
      handler: ({ query }) => renewals.cases(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/renewals/mine',
      access: roles('social_worker'),
      tags,
      summary: 'Your licences: where each stands in its renewal cycle, what to do now, and the reminders sent to you',
      response: { status: 200, schema: s.myRenewals },
      handler: ({ auth }) => renewals.mine(auth!),
    }),
  ];
}
