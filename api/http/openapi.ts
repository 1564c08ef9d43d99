/** The OpenAPI 3.1 document, generated from the same route declarations that are mounted. */
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { describeAccess, toOpenApiPath, type RouteDef } from './routes.js';

const problem = z
  .object({
    type: z
      .string()
      .meta({ description: 'The kind of problem, as a URN', example: 'urn:sw-registry:problem:validation' }),
    title: z
      .string()
      .describe('Short summary of the problem, in the language asked for with Accept-Language (else English)'),
    status: z.number().int().describe('The HTTP status code'),
    detail: z.string().describe('What went wrong, in words (the refused fields, or the rule that refused the request)'),
    instance: z.string().describe('The request path'),
    requestId: z.string().optional().describe("The request's id (X-Request-Id), to quote when asking for help"),
    errors: z
      .array(
        z.object({
          field: z.string().describe('The field, as a dotted path into the body or the query parameter name'),
          message: z
            .string()
            .describe(
              "What is wrong with it: the standard checks (required, type, length, range, format, one of) in the language asked for with Accept-Language, else English; the registry's own rules in English",
            ),
        }),
      )
      .optional()
      .describe('Each field in error and what is wrong with it'),
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
  'Wallet credentials':
    "The licence credential for a social worker's wallet app, by OpenID for Verifiable Credential Issuance 1.0 (pre-authorised code with a PIN).",
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

/** A file answered as it is: text for text-like media types, bytes (format binary) for the rest. */
const fileSchema = (mediaType: string) =>
  /^text\/|json|jwt|xml/.test(mediaType) ? z.string() : z.string().meta({ format: 'binary' });

const oauthErrorContent = {
  'application/json': {
    schema: z
      .object({
        error: z
          .string()
          .describe(
            'The OAuth error code: invalid_request, invalid_grant, unsupported_grant_type, invalid_token, invalid_credential_request, invalid_proof, invalid_nonce, unknown_credential_configuration or credential_request_denied',
          ),
        error_description: z.string().describe('What is wrong, naming the field'),
      })
      .meta({ id: 'OAuthError', description: 'An OAuth 2.0 error response (RFC 6749 section 5.2)' }),
  },
};

/** The 4XX answers of an OAuth endpoint: OAuth error responses, as wallets expect. */
function oauthClientErrors(r: RouteDef) {
  return {
    '400': {
      description: 'Refused: `error` says why and `error_description` names the field. Nothing was changed.',
      content: oauthErrorContent,
    },
    ...(r.path.endsWith('/credential')
      ? {
          '401': {
            description: 'The access token is missing, unknown, expired or already used (WWW-Authenticate: Bearer).',
            content: oauthErrorContent,
          },
        }
      : {}),
    ...(r.body
      ? { '413': { description: 'The body is larger than the registry accepts.', content: oauthErrorContent } }
      : {}),
    ...(r.rateLimited
      ? {
          '429': {
            description: 'Too many requests from this caller: wait for the number of seconds in Retry-After.',
            content: problemContent,
          },
        }
      : {}),
  };
}

/** The 4XX answers a route can give, from its declaration (every answer is problem+json). */
function clientErrors(r: RouteDef): Record<string, { description: string; content: object }> {
  if (r.oauthErrors) return oauthClientErrors(r);
  const out: Record<string, { description: string; content: object }> = {};
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
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { [r.form ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: r.body } },
            },
          }
        : {}),
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
          ...(r.response.schema || r.response.contentType
            ? {
                content: {
                  [r.response.contentType ?? 'application/json']: {
                    schema: r.response.schema ?? fileSchema(r.response.contentType!),
                  },
                  ...Object.fromEntries((r.response.alsoAs ?? []).map((m) => [m, { schema: fileSchema(m) }])),
                },
              }
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
  return describeConventions(
    createDocument({
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
    }),
  );
}

/** What a query parameter of this name means wherever it appears (routes use these names consistently). */
const QUERY_PARAMETERS: Record<string, string> = {
  page: 'Page number, from 1',
  perPage: 'Rows per page',
  q: 'Search text',
  asOf: 'The day the figures are for (YYYY-MM-DD); today when left out',
  from: 'First day of the period (YYYY-MM-DD)',
  to: 'Last day of the period (YYYY-MM-DD)',
  fromYear: 'First year of the period',
  toYear: 'Last year of the period',
  year: 'Only this year',
  ageBand: 'Only registrants in this age band',
  filename: 'Name of the uploaded file, kept with it (the body is the file itself)',
  status: 'Only items in this status',
  role: 'Only accounts with this role',
  region: 'Only this region',
  country: 'Only this country (ISO 3166-1 alpha-2)',
  registrantId: 'Only this registrant',
  programmeId: 'The programme the qualification was obtained in',
  overdue: 'true: only invoices unpaid after their due day',
  format: 'Answer format: json or csv',
  dryRun: 'true: check the file and report what would happen, without writing anything',
  disclosed: 'true: the document may be shown to the registrant concerned',
  code: 'The authorisation code from the identity provider',
  state: 'The state value the registry sent with the sign-in request (CSRF and PKCE binding)',
  error: "The identity provider's error code, when sign-in failed there",
  error_description: "The identity provider's explanation of the error",
  iss: 'The identity provider that answered (RFC 9207)',
  session_state: "The identity provider's session state (OpenID Connect session management)",
};

/** Path parameters that are not ids of the segment before them. */
const PATH_PARAMETERS: Record<string, string> = {
  kind: 'certificate or wallet_card',
  tierCode: 'Code of the tier',
  purpose: 'revocation or suspension',
  list: 'Number of the status list, from 1',
};

/** Fields whose meaning is the same in every schema. */
const CONVENTIONAL_FIELDS: Record<string, string> = {
  version:
    'Version of the record for optimistic concurrency: send back the version you read; a change made meanwhile answers 409',
  items: 'The rows of this page',
  total: 'How many rows match, on all pages',
};

const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
const singular = (segment: string) => words(segment.replace(/-/g, ' ')).replace(/ies$/, 'y').replace(/s$/, '');

/** Fills the descriptions the route declarations leave to convention: ids in paths, common query parameters, list and version fields. */
function describeConventions<T extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } }>(
  doc: T,
): T {
  type Param = { name: string; in: string; description?: string };
  type Schema = { properties?: Record<string, Schema & { $ref?: string }>; description?: string; items?: Schema };
  const walk = (s: Schema | undefined) => {
    if (!s || typeof s !== 'object') return;
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      if (!prop.$ref && !prop.description && CONVENTIONAL_FIELDS[name]) prop.description = CONVENTIONAL_FIELDS[name];
      walk(prop);
    }
    walk(s.items);
  };
  for (const schema of Object.values(doc.components?.schemas ?? {})) walk(schema as Schema);
  for (const [path, item] of Object.entries(
    (doc.paths ?? {}) as Record<
      string,
      Record<
        string,
        {
          parameters?: Param[];
          responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
          requestBody?: { content?: Record<string, { schema?: Schema }> };
        }
      >
    >,
  )) {
    const segments = path.split('/');
    for (const op of Object.values(item)) {
      for (const c of Object.values(op.requestBody?.content ?? {})) walk(c.schema);
      for (const r of Object.values(op.responses ?? {})) for (const c of Object.values(r.content ?? {})) walk(c.schema);
      for (const param of op.parameters ?? []) {
        if (param.description) continue;
        if (param.in === 'query') param.description = QUERY_PARAMETERS[param.name];
        else if (param.in === 'path') {
          const before = segments[segments.indexOf(`{${param.name}}`) - 1] ?? '';
          param.description =
            PATH_PARAMETERS[param.name] ??
            (param.name === 'id'
              ? `Id of the ${singular(before)}`
              : param.name.endsWith('Id')
                ? `Id of the ${words(param.name.slice(0, -2))}`
                : undefined);
        }
        if (!param.description) throw new Error(`OpenAPI: ${path} parameter ${param.name} has no description`);
      }
    }
  }
  return doc;
}
