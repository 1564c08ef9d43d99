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
      description:
        "The council's public profile: code, name in English and in the national language, country, web domain and the languages the registry offers (the first being the default). No sign-in needed; pages and clients use it for headings and language choice.",
      response: { status: 200, schema: councilOut },
      handler: () => council.profile(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/council/settings',
      access: permission('council.manage'),
      tags,
      summary: 'The council profile with its settings (licence number format, accreditation validity)',
      description:
        "The profile together with the council's settings (licence number format, accreditation validity, small-cell threshold for reports, fields shown on the public register) and the version to send with a change.",
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
      description:
        "Every tier of the council's ladder in rank order, with its names, protected titles, validity, CPD credits per cycle and the requirements an applicant must meet (qualification level, accredited programme, supervised hours, exam, time at the previous tier). Any signed-in user may read it.",
      response: { status: 200, schema: tierListOut },
      handler: () => council.tiers(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/council/tiers',
      access: permission('council.manage'),
      tags,
      summary: 'Add a tier to the ladder',
      description:
        'Adds a tier with its requirements; the code must be new (409 otherwise) and a previous tier it names must exist. The tier is active at once; the creation is audited.',
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
      description:
        'Changes only the fields sent. Send the version you read: if the tier changed since, the answer is 409. Licences already issued keep the tier name and title they were issued with; the change is audited.',
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
      description:
        'The CPD categories, ordered by code, with the minimum and maximum credits each may count towards a cycle and whether it counts as structured learning.',
      response: { status: 200, schema: cpdCategoryListOut },
      handler: () => council.cpdCategories(),
    }),
  ];
}
