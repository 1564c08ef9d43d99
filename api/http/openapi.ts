/** The OpenAPI 3.1 document, generated from the same route declarations that are mounted. */
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { describeAccess, toOpenApiPath, type RouteDef } from './routes.js';

const problem = z
  .object({
    type: z.string().meta({ example: 'urn:sw-registry:problem:validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** What each tag groups, for the document's top-level tags (every tag a route uses must be here). */
export const TAG_DESCRIPTIONS: Record<string, string> = {
  Platform: 'Health, readiness, the API document and the documentation page.',
  Authentication: 'Sign-in with password and second factor, sessions, refresh and sign-out, password reset.',
  Accounts: 'User accounts and their roles, managed by administrators.',
  Council: "The council's profile and settings: languages, public register fields, tiers and rules.",
  'Audit trail': 'The hash-chained record of every change: who, what, when, before and after.',
  Reports: 'Workforce, CPD engagement and activity reports, and their CSV exports.',
  'Register import': 'Loading an existing register from CSV: dry run, report, commit.',
  Jobs: 'The scheduled jobs and their last runs.',
  'Institutions and programmes': 'Schools of social work and the programmes they teach.',
  Accreditation: 'Accreditation of programmes: applications, visits, decisions and expiry.',
  'Graduate lists': 'Lists of graduates sent by accredited programmes, checked against applications.',
  'Public register': 'What anyone may see: licence lookup and name search, verification pages, the complaint form.',
  Registrants: 'People on the register: their details, qualifications and documents.',
  Licences: 'Licences: issue, status changes, conditions, periods and history.',
  'Licence applications': 'Applications for registration, tier upgrade and restoration, and their review.',
  'Supervised practice': 'Supervised practice hours and their confirmation by supervisors.',
  Renewals: 'Renewal windows, applications, grace and lapse.',
  Outbox: 'E-mails the registry sends, with their delivery state and retry.',
  'Mutual recognition': 'Cross-border lookups with peer councils under the ASEAN Mutual Recognition Arrangement.',
  Discipline: 'Complaints, investigations, hearings and sanctions, and what of them is published.',
  'CPD rules': 'Continuing professional development requirements per tier and cycle.',
  'CPD providers and activities': 'Approved CPD providers and the activities they offer.',
  'CPD records': 'Continuing professional development recorded by social workers and reviewed by the council.',
  'CPD audit': 'Random audits of CPD records and their outcomes.',
  Certificates: 'Licence certificates and wallet cards as PDF, with their verification codes.',
  'Employer organisations': 'Employer organisations and their accounts, managed by council staff.',
  Employers: "An employer's own organisation: API keys, watchlist, webhook and notifications.",
  'Fees and payments':
    'The fee schedule, invoices numbered gap-free, payments (staff, proof of transfer, online checkout), waivers, refunds with credit notes, receipts, reconciliation and income.',
  Verification: 'Bulk verification of licence numbers for employers, in JSON or CSV.',
};

const problemContent = { 'application/problem+json': { schema: problem } };

/** The 4XX answers a route can give, from its declaration (every answer is problem+json). */
function clientErrors(r: RouteDef): Record<string, { description: string; content: typeof problemContent }> {
  const out: Record<string, { description: string; content: typeof problemContent }> = {};
  const add = (status: number, description: string) => (out[String(status)] = { description, content: problemContent });
  add(
    400,
    r.params || r.query || r.body || r.upload
      ? 'The request is not valid: `errors` names each field and what is wrong with it. Nothing was changed.'
      : 'The request is not valid (an undeclared query parameter, or text that cannot be stored). Nothing was changed.',
  );
  if (r.access !== 'public') {
    add(401, 'No valid credentials: sign in (or send a valid API key) and try again.');
    add(
      403,
      'The credentials are valid but do not allow this: the role, permission, API key scope or a completed second factor is missing.',
    );
  }
  if (/:[A-Za-z]/.test(r.path)) add(404, 'Nothing with this identifier exists, or it is not visible to the caller.');
  if (r.method !== 'get')
    add(409, 'The record changed since it was read (send its current version), or its state does not allow this now.');
  // Well-formed input that a business rule refuses (a date in the past, a fee in another currency…).
  if (r.method !== 'get' || r.query)
    add(
      422,
      'The request is well-formed but a rule refuses it: `errors` names the field and the rule. Nothing was changed.',
    );
  if (r.upload) {
    add(413, `The body is larger than ${Math.round(r.upload.maxBytes / 1024)} KB.`);
    add(415, `The body is not one of: ${r.upload.mediaTypes.join(', ')}.`);
  } else if (r.body) {
    add(413, 'The body is larger than the registry accepts.');
    add(415, 'The body is not application/json.');
  }
  if (r.rateLimited)
    add(
      429,
      'Too many requests from this caller: wait for the number of seconds in Retry-After (see the RateLimit headers).',
    );
  return out;
}

export function buildOpenApi(routes: RouteDef[], info: { title: string; version: string; serverUrl: string }) {
  const paths: ZodOpenApiPathsObject = {};
  const used = new Set<string>();
  for (const r of routes) {
    const path = toOpenApiPath(r.path);
    for (const t of r.tags) used.add(t);
    const security: Record<string, string[]>[] =
      r.access === 'public' ? [] : r.apiKeyScope ? [{ bearer: [] }, { apiKey: [] }] : [{ bearer: [] }];
    const op: ZodOpenApiOperationObject = {
      summary: r.summary,
      description: [
        r.description,
        `Access: ${describeAccess(r.access)}${r.apiKeyScope ? `; an employer API key with the ${r.apiKeyScope} scope` : ''}.`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      tags: r.tags,
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      security,
      ...(r.params || r.query
        ? {
            requestParams: {
              ...(r.params ? { path: r.params as z.ZodObject } : {}),
              ...(r.query ? { query: r.query as z.ZodObject } : {}),
            },
          }
        : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
      ...(r.upload
        ? {
            requestBody: {
              required: true,
              description: `The file itself, at most ${Math.round(r.upload.maxBytes / 1024)} KB`,
              content: Object.fromEntries(
                r.upload.mediaTypes.map((m) => [m, { schema: z.string().meta({ format: 'binary' }) }]),
              ),
            },
          }
        : {}),
      responses: {
        [String(r.response.status)]: {
          description: r.response.description ?? (r.response.status === 204 ? 'Done' : 'OK'),
          ...(r.response.schema
            ? { content: { [r.response.contentType ?? 'application/json']: { schema: r.response.schema } } }
            : r.response.contentType
              ? { content: { [r.response.contentType]: { schema: z.string() } } }
              : {}),
        },
        ...clientErrors(r),
        default: {
          description: 'The registry could not answer (503 while its database is unreachable; retry later).',
          content: problemContent,
        },
      },
    };
    (paths[path] ??= {})[r.method] = op;
  }
  const undescribed = [...used].filter((t) => !TAG_DESCRIPTIONS[t]);
  if (undescribed.length)
    throw new Error(`OpenAPI: tags without a description in TAG_DESCRIPTIONS: ${undescribed.join(', ')}`);
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: 'Professional regulation and licensing registry for a national social work council.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: info.serverUrl }],
    tags: Object.entries(TAG_DESCRIPTIONS)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT (EdDSA)',
          description: 'An access token from sign-in (or an employer API key, swk_…, sent as a bearer token).',
        },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description:
            "An employer organisation's API key (swk_…), for the operations its scopes allow (verify, watchlist, webhooks, keys).",
        },
      },
    },
    paths,
  });
}
