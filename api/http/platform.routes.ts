/** Health, keys and API documentation. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { migrationsCurrent } from '../shared/database.js';
import { defineRoute, type RouteDef } from './routes.js';

const require = createRequire(import.meta.url);
export const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const docsHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Registry API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const docsInit = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export function platformRoutes(deps: AppDeps, state: { shuttingDown: boolean; openapi: () => unknown }): RouteDef[] {
  const tags = ['Platform'];
  return [
    defineRoute({
      method: 'get',
      path: '/livez',
      access: 'public',
      tags,
      summary: 'The process is up',
      description:
        'Liveness probe: answers 200 while the process can serve requests, without touching the database. Use /readyz to decide whether to send traffic.',
      response: {
        status: 200,
        schema: z.object({ status: z.literal('ok').describe('ok: the process serves requests') }),
      },
      handler: () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      access: 'public',
      tags,
      summary: 'Ready for traffic: the database answers and every migration is applied (503 otherwise)',
      description:
        'Readiness probe: 200 when the database answers and every migration has been applied; 503 with the same body (saying which check failed) otherwise, and while the instance is shutting down.',
      response: {
        status: 200,
        schema: z.object({
          status: z.enum(['ready', 'not-ready']).describe('ready to take traffic, or not'),
          database: z.boolean().describe('Whether the database answered'),
          migrations: z.boolean().describe('Whether every migration is applied'),
        }),
      },
      raw: true,
      handler: async ({ res }) => {
        let database = false;
        let migrations = false;
        try {
          await deps.orm.em.fork().execute('select 1');
          database = true;
          migrations = await migrationsCurrent(deps.orm);
        } catch {
          /* reported below */
        }
        const ready = database && migrations && !state.shuttingDown;
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', database, migrations });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      access: 'public',
      tags,
      summary: 'Public keys of this council (access tokens, certificates, peer requests), with rotation',
      description:
        "The council's public signing keys as a JSON Web Key Set: every key not yet retired, so what was signed before a rotation still verifies. Use them to check access tokens, certificate codes and signed peer requests. May be cached for 5 minutes.",
      response: {
        status: 200,
        schema: z.object({
          keys: z.array(z.record(z.string(), z.unknown())).describe('The public keys (JWK), each with its kid'),
        }),
      },
      raw: true,
      handler: async ({ res }) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.json(await deps.keys.jwks());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      access: 'public',
      tags,
      summary: 'This OpenAPI 3.1 document',
      description:
        'The OpenAPI 3.1 description of every operation, generated from the same route declarations the server mounts.',
      response: { status: 200, schema: z.record(z.string(), z.unknown()) },
      raw: true,
      handler: ({ res }) => {
        res.json(state.openapi());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs',
      access: 'public',
      tags,
      summary: 'Interactive API documentation (served locally)',
      description:
        'An HTML page that renders this OpenAPI document with Swagger UI, served from the registry itself (no third-party scripts).',
      response: { status: 200, contentType: 'text/html' },
      raw: true,
      handler: ({ res }) => {
        res.type('html').send(docsHtml);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs/init.js',
      access: 'public',
      tags,
      summary: 'Start-up script of the API documentation page',
      description:
        'The small script that starts Swagger UI on the documentation page and points it at /api/openapi.json.',
      response: { status: 200, contentType: 'text/javascript' },
      raw: true,
      handler: ({ res }) => {
        res.type('js').send(docsInit);
      },
    }),
  ];
}
