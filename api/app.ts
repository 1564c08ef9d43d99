/**
 * createApp: the Express application, without listen(). Order: security headers → request scope
 * (request id, MikroORM RequestContext, log line) → declared routes → admin UI → 404/405 → the one
 * error handler.
 */
import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';
import { constants as zlibConstants } from 'node:zlib';
import express, { type Express } from 'express';
import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RequestContext } from '@mikro-orm/core';
import type { AppDeps } from './deps.js';
import { newId } from './shared/ids.js';
import { boundQueries } from './shared/query-bound.js';
import { beginRequest, runInScope } from './http/request-context.js';
import { createErrorHandler, eitherOf, HttpProblem, said, sendProblem } from './http/problem.js';
import { methodIndex, mountRoutes, type RouteDef } from './http/routes.js';
import { bearerAuthenticator } from './http/authenticate.js';
import { buildOpenApi } from './http/openapi.js';
import { platformRoutes, swaggerUiDir } from './http/platform.routes.js';
import { authRoutes } from './modules/auth/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { councilRoutes } from './modules/council/index.js';
import { reportRoutes } from './modules/reports/index.js';
import { importRoutes } from './modules/imports/index.js';
import { jobRoutes } from './jobs/jobs.routes.js';
import { accreditationRoutes } from './modules/accreditation/index.js';
import { registrantRoutes } from './modules/registrants/index.js';
import { licenceRoutes } from './modules/licences/index.js';
import { applicationRoutes } from './modules/applications/index.js';
import { supervisionRoutes } from './modules/supervision/index.js';
import { renewalRoutes } from './modules/renewals/index.js';
import { outboxRoutes } from './modules/notifications/index.js';
import { mraRoutes } from './modules/mra/index.js';
import { disciplineRoutes } from './modules/discipline/index.js';
import { cpdRoutes } from './modules/cpd/index.js';
import { certificateRoutes } from './modules/certificates/index.js';
import { apiKeyVerifier, employerRoutes } from './modules/employers/index.js';
import { feeRoutes } from './modules/fees/index.js';
import { securityHeaders } from './http/security-headers.js';
import { publicLookupFastPath, verificationRoutes } from './modules/verification/index.js';
import { httpMetrics } from './ops/metrics.js';
import { metricsRoutes } from './ops/metrics.routes.js';

export const adminUiDir = fileURLToPath(new URL('../admin-ui/dist', import.meta.url));

export type AppState = { shuttingDown: boolean; openapi: () => unknown };

export type CreatedApp = { app: Express; routes: RouteDef[]; state: AppState };

/** Every module's declared routes, in one list (drives mounting, OpenAPI and the authorisation test). */
export function allRoutes(deps: AppDeps, state: AppState): RouteDef[] {
  return [
    ...platformRoutes(deps, state),
    ...metricsRoutes(deps),
    ...authRoutes(deps),
    ...councilRoutes(deps),
    ...auditRoutes(deps),
    ...reportRoutes(deps),
    ...importRoutes(deps),
    ...jobRoutes(deps),
    ...accreditationRoutes(deps),
    ...registrantRoutes(deps),
    ...licenceRoutes(deps),
    ...applicationRoutes(deps),
    ...supervisionRoutes(deps),
    ...renewalRoutes(deps),
    ...outboxRoutes(deps),
    ...mraRoutes(deps),
    ...disciplineRoutes(deps),
    ...cpdRoutes(deps),
    ...certificateRoutes(deps),
    ...employerRoutes(deps),
    ...feeRoutes(deps),
    ...verificationRoutes(deps),
  ];
}

export function createApp(
  deps: AppDeps,
  options: { routes?: (deps: AppDeps, state: AppState) => RouteDef[] } = {},
): CreatedApp {
  const { config, log, orm } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set(
    'trust proxy',
    config.trustProxy === 'true' ? true : config.trustProxy === 'false' ? false : config.trustProxy,
  );
  app.set('etag', false);

  const state: AppState = { shuttingDown: false, openapi: () => openapiDoc };
  const routes = (options.routes ?? allRoutes)(deps, state);
  const openapiDoc = buildOpenApi(routes, {
    title: 'Social Work Registry API',
    version: '1',
    serverUrl: config.publicUrl,
  });

  const headers = securityHeaders(config.cookieSecure);

  // Timing of every request, including those answered before the general pipeline (the public lookup).
  const metrics = httpMetrics([{ prefix: '/api/v1/public/licences/', route: '/api/v1/public/licences/:number' }]);
  // The public licence lookup (the register's hottest path) is answered through its declared route ahead of
  // the general request pipeline, with the API answers' security headers (captured once) and the request
  // metrics; installed first, so that its errors reach the error handler past the middleware it ran itself.
  publicLookupFastPath(app, deps, state, routes, headers.api, [metrics]);
  app.use(metrics);
  app.use(headers.any);
  // Answers of 1 KB or more (lists, reports, pages, CSV) are compressed for clients that accept it:
  // brotli at a quality that costs little CPU per answer, else gzip. Files already compressed (the
  // admin UI's precompressed assets, PDFs) are sent as they are. The public lookup by number (about
  // 500 B) is sent as it is on both of its paths, so the fast path and the pipeline answer alike.
  const publicLookup = /^\/api\/v1\/public\/licences\/[^/]+$/i;
  app.use(
    compression({
      threshold: 1024,
      filter: (req, res) => !publicLookup.test(req.path) && compression.filter(req, res),
      brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    }),
  );

  app.use((req, res, next) => {
    const requestId = beginRequest(req, res, log, state, newId);
    runInScope(
      {
        requestId,
        actor: null,
        ip: req.ip,
        // A client that states no preference (no header, or "*", as fetch sends) gets the account's language.
        prefers:
          req.headers['accept-language'] && req.headers['accept-language'].trim() !== '*'
            ? (offered) => req.acceptsLanguages(...offered)
            : undefined,
      },
      () => RequestContext.create(orm.em, next),
    );
  });

  const jsonParser = express.json({
    limit: config.bodyLimit,
    strict: true,
    type: ['application/json', 'application/*+json'],
    // Bytes that are not UTF-8 would be read as U+FFFD without a word; refuse them instead.
    verify: (_req, _res, bytes, encoding) => {
      if (/^utf-?8$/i.test(encoding) && !isUtf8(bytes))
        throw new HttpProblem('validation', 'The request body is not valid UTF-8', [
          { field: 'body', message: 'not valid UTF-8' },
        ]);
    },
  });
  const router = express.Router();
  mountRoutes(router, routes, bearerAuthenticator(deps.tokens, deps.sessions, apiKeyVerifier(deps)), jsonParser);
  app.use(router);

  app.use('/api/docs/assets', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));

  // The admin UI: built assets at /, and index.html for client-side routes. Files are sent as the
  // brotli or gzip copy the build wrote beside them when the browser accepts it; the hashed files
  // under /assets/ never change, so browsers and proxies keep them for a year without asking again.
  const uiIndex = path.join(adminUiDir, 'index.html');
  app.use(
    expressStaticGzip(adminUiDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: 'index.html',
      serveStatic: {
        maxAge: '1h',
        setHeaders: (res, file) => {
          if (file.endsWith('index.html') || file.endsWith('index.html.br') || file.endsWith('index.html.gz'))
            res.setHeader('Cache-Control', 'no-cache');
          else if (file.startsWith(path.join(adminUiDir, 'assets') + path.sep))
            res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        },
      },
    }),
  );

  const methodsFor = methodIndex(routes);
  app.use((req, res) => {
    const pathOnly = req.path;
    const allowed = methodsFor(pathOnly);
    if (allowed.length && !allowed.includes(req.method)) {
      res.setHeader('Allow', allowed.join(', '));
      return sendProblem(
        res,
        'method-not-allowed',
        said('methodNotAllowed', { method: req.method, path: pathOnly, allowed: eitherOf(allowed) }),
      );
    }
    const isApi =
      /^\/(api|\.well-known|contexts|credentials|livez|readyz|metrics|verify|accredited-programmes|complaints)(\/|$)/.test(
        pathOnly,
      );
    if (!isApi && req.method === 'GET' && req.accepts('html') && existsSync(uiIndex)) {
      res.setHeader('Cache-Control', 'no-cache');
      return res.sendFile(uiIndex);
    }
    sendProblem(res, 'not-found', said('noSuchPath', { path: pathOnly }));
  });

  app.use(createErrorHandler(log, config.env !== 'production'));
  // Every statement a request runs gets DB_QUERY_TIMEOUT_MS to answer: a database that silently stops
  // answering gives a 503 in bounded time instead of a request that hangs. Installed around the whole
  // pipeline, the public lookup's fast path included.
  type Handle = (req: unknown, res: unknown, callback?: unknown) => unknown;
  const handle = (app as unknown as { handle: Handle }).handle;
  (app as unknown as { handle: Handle }).handle = function bounded(this: unknown, req, res, callback) {
    return boundQueries(config.dbQueryTimeoutMs, () => handle.call(this, req, res, callback));
  };
  return { app, routes, state };
}
