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
      description:
        "The registrar's renewal worklist, a page at a time, ordered by the day each licence would lapse. view=due lists every licence in its renewal window or grace period; view=at_risk only those without a submitted renewal, with started telling drafts from renewals never started. Each row has the holder's contact address and the reminders already sent.",
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
      description:
        'For each current, suspended or lapsed licence of the signed-in social worker: its renewal window and grace dates, days to expiry and to lapse, the renewal and late fees that would apply today, whether it can be renewed now (and if not, why), any renewal application in progress, a notice of what to do next, and the reminders e-mailed.',
      response: { status: 200, schema: s.myRenewals },
      handler: ({ auth }) => renewals.mine(auth!),
    }),
  ];
}
