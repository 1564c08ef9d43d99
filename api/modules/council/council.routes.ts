import type { AppDeps } from '../../deps.js';
import { defineRoute, permission, type RouteDef } from '../../http/routes.js';
import { councilService } from './council.service.js';
import {
  councilAdminOut,
  councilOut,
  councilUpdate,
  cpdCategoryListOut,
  tierCreate,
  tierListOut,
  tierOut,
  tierUpdate,
} from './council.schema.js';
import { idParams } from '../../http/schemas.js';

export function councilRoutes(deps: AppDeps): RouteDef[] {
  const council = councilService(deps);
  const tags = ['Council'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/council',
      access: 'public',
      tags,
      summary: 'The council running this registry (name, domain, languages)',
      response: { status: 200, schema: councilOut },
      handler: () => council.profile(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/council/settings',
      access: permission('council.manage'),
      tags,
      summary: 'The council profile with its settings (licence number format, accreditation validity)',
      response: { status: 200, schema: councilAdminOut },
      handler: () => council.profileWithSettings(),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/council/settings',
      access: permission('council.manage'),
      tags,
      summary: 'Change the council profile and settings (send the version you read)',
      description:
        'licenceNumberFormat tokens: {country}, {yyyy}, {yy}, {seq:N} (zero-padded counter, gap-free per year), {check} (Luhn digit over the digits before it). Numbers already issued never change.',
      body: councilUpdate,
      response: { status: 200, schema: councilAdminOut },
      handler: ({ body }) => council.updateProfile(body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/council/tiers',
      access: 'authenticated',
      tags,
      summary: "The tier ladder and each tier's requirements",
      response: { status: 200, schema: tierListOut },
      handler: () => council.tiers(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/council/tiers',
      access: permission('council.manage'),
      tags,
      summary: 'Add a tier to the ladder',
      body: tierCreate,
      response: { status: 201, schema: tierOut },
      handler: ({ body }) => council.addTier(body),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/council/tiers/:id',
      access: permission('council.manage'),
      tags,
      summary:
        'Change a tier (requirements, validity, CPD, supervision, four eyes); issued licences keep their tier as issued',
      params: idParams,
      body: tierUpdate,
      response: { status: 200, schema: tierOut },
      handler: ({ params, body }) => council.updateTier(params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/council/cpd-categories',
      access: permission('council.read'),
      tags,
      summary: 'CPD categories with their minimum and maximum credits',
      response: { status: 200, schema: cpdCategoryListOut },
      handler: () => council.cpdCategories(),
    }),
  ];
}
