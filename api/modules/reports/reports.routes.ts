import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { dashboardService } from './dashboard.service.js';

const dashboardOut = z
  .object({
    council: z.object({ name: z.string() }),
    accounts: z.object({ total: z.number().int(), byRole: z.record(z.string(), z.number().int()) }),
    audit: z.object({ total: z.number().int(), last24h: z.number().int() }),
    outbox: z.object({ pending: z.number().int(), failed: z.number().int() }),
  })
  .meta({ id: 'Dashboard' });

export function reportRoutes(deps: AppDeps): RouteDef[] {
  const dashboard = dashboardService(deps);
  return [
    defineRoute({
      method: 'get', path: '/api/v1/dashboard', access: permission('dashboard.read'), tags: ['Reports'],
      summary: 'Figures for the staff dashboard', response: { status: 200, schema: dashboardOut },
      handler: () => dashboard.summary(),
    }),
  ];
}
