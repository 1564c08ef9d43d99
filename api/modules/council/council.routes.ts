import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { councilService } from './council.service.js';
import { councilOut, cpdCategoryListOut, tierListOut } from './council.schema.js';

export function councilRoutes(deps: AppDeps): RouteDef[] {
  const council = councilService(deps);
  const tags = ['Council'];
  return [
    defineRoute({
      method: 'get', path: '/api/v1/council', access: 'public', tags,
      summary: 'The council running this registry (name, domain, languages)',
      response: { status: 200, schema: councilOut },
      handler: () => council.profile(),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/council/tiers', access: 'authenticated', tags,
      summary: 'The tier ladder and each tier\'s requirements',
      response: { status: 200, schema: tierListOut },
      handler: () => council.tiers(),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/council/cpd-categories', access: permission('council.read'), tags,
      summary: 'CPD categories with their minimum and maximum credits',
      response: { status: 200, schema: cpdCategoryListOut },
      handler: () => council.cpdCategories(),
    }),
  ];
}
