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

export function buildOpenApi(routes: RouteDef[], info: { title: string; version: string; serverUrl: string }) {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of routes) {
    const path = toOpenApiPath(r.path);
    const op: ZodOpenApiOperationObject = {
      summary: r.summary,
      description: [r.description, `Access: ${describeAccess(r.access)}.`].filter(Boolean).join('\n\n'),
      tags: r.tags,
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(r.access === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
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
        default: { description: 'Problem', content: { 'application/problem+json': { schema: problem } } },
      },
    };
    (paths[path] ??= {})[r.method] = op;
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: 'Professional regulation and licensing registry for a national social work council.',
    },
    servers: [{ url: info.serverUrl }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA)' } } },
    paths,
  });
}
