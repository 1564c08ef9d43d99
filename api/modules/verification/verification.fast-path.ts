/**
 * The hot public lookup, GET /api/v1/public/licences/{number}, answered ahead of Express's own
 * request handling, which costs more than the lookup itself at thousands of requests per second.
 *
 * It is not a second implementation: it serves the declared route (verification.routes.ts), taken
 * from the app's route list by method and path, through the route's own parts: its access rule
 * (checked at start-up: only a public route can be served without authentication), the pipeline's
 * validation of its params (parseInto: storable text, then the params schema; a 400 names the
 * field), its handler (rate limit, lookup, ETag and Cache-Control, 304) and its response schema,
 * with the same request id header and the same one log line (beginRequest). Errors go through the
 * pipeline to the app's one error handler, and so does any request with a query string or a
 * percent-encoded character (rare here; the pipeline's URL checks then apply as for any route). What it leaves out is per-request work the route does not need: Express's preparation of
 * the request (prototype switch, router walk, route matching), helmet (run once at start-up: the
 * headers it sets do not depend on the request and are written as captured), the ORM request
 * context (the lookup runs on the public register's own pool), authentication and body parsers.
 *
 * The handler receives Node's request and response objects, with `ip` set to the client address
 * Express would give (its `trust proxy` setting applies), not Express's decorated ones.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { match } from 'path-to-regexp';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../shared/ids.js';
import { beginRequest } from '../../http/request-context.js';
import { allows, parseInto, type RouteDef } from '../../http/routes.js';

/** The route the fast path serves. */
export const FAST_PATH_ROUTE = { method: 'get', path: '/api/v1/public/licences/:number' } as const;

/** The headers a header-only middleware (helmet) sets, captured once; it must not depend on the request. */
export function captureHeaders(middleware: RequestHandler): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => {},
    getHeader: () => undefined,
  };
  let passed = false;
  middleware(
    { method: 'GET', url: '/', headers: {} } as Request,
    res as unknown as Response,
    ((err?: unknown) => {
      if (err) throw err;
      passed = true;
    }) as NextFunction,
  );
  if (!passed) throw new Error('security headers: the middleware did not finish synchronously; cannot capture it');
  return headers;
}

type Handle = (req: IncomingMessage, res: ServerResponse, callback?: (err?: unknown) => void) => void;
const noop = () => {};

/**
 * Installs the fast path on the app: requests for the lookup are answered before Express handles
 * them; anything else, and every error, goes through the app as usual. Call it before the app's
 * other middleware (it adds the one that hands the fast path's errors to the error handler).
 * `observers` are middleware that only watch a request and call next at once (request metrics): the
 * fast path runs them too.
 */
export function publicLookupFastPath(
  app: Express,
  deps: AppDeps,
  state: { shuttingDown: boolean },
  routes: RouteDef[],
  securityHeaders: RequestHandler,
  observers: RequestHandler[] = [],
): void {
  const route = routes.find((r) => r.method === FAST_PATH_ROUTE.method && r.path === FAST_PATH_ROUTE.path);
  if (!route) return;
  if (!allows(route.access, null) || route.query || route.body || route.upload || route.raw)
    throw new Error(`${FAST_PATH_ROUTE.path}: the fast path serves only a public GET route without query or body`);
  const prefix = route.path.slice(0, route.path.indexOf(':'));
  // Only paths without percent-encoding are served here, so there is nothing to decode.
  const matchPath = match<Record<string, string>>(route.path, { decode: false });
  const headers = captureHeaders(securityHeaders);
  const { params: paramsSchema, response, handler } = route;
  const { log } = deps;

  // The client address exactly as Express's req.ip gives it (proxy-addr with the app's trust proxy
  // setting); without X-Forwarded-For that is the socket's address whatever the setting.
  const ipGetter = Object.getOwnPropertyDescriptor(express.request, 'ip')?.get;
  if (!ipGetter) throw new Error('fast path: Express has no req.ip getter');
  const clientAddress = (req: IncomingMessage): string | undefined =>
    req.headers['x-forwarded-for'] === undefined
      ? req.socket.remoteAddress
      : (ipGetter.call({ app, headers: req.headers, socket: req.socket, connection: req.socket }) as string);

  // Errors are handed to the pipeline, whose first middleware passes them to the error handler.
  const failed = new WeakMap<IncomingMessage, unknown>();
  app.use((req, _res, next) => (failed.has(req) ? next(failed.get(req)) : next()));
  const pipeline = (app as unknown as { handle: Handle }).handle;

  (app as unknown as { handle: Handle }).handle = function fastPath(this: unknown, req, res, callback) {
    const url = req.url ?? '';
    if (req.method !== 'GET' || !url.startsWith(prefix) || url.includes('?') || url.includes('%'))
      return pipeline.call(this, req, res, callback);
    const matched = matchPath(url);
    if (!matched) return pipeline.call(this, req, res, callback);

    const fail = (err: unknown) => {
      failed.set(req, err);
      pipeline.call(this, req, res, callback);
    };
    const r = req as unknown as Request & { originalUrl: string; ip: string | undefined };
    r.originalUrl = url;
    r.ip = clientAddress(req);
    for (const observe of observers) observe(r, res as Response, noop);
    beginRequest(r, res as Response, log, state, newId);
    for (const [name, value] of headers) res.setHeader(name, value);
    let params: unknown;
    try {
      params = parseInto(paramsSchema, matched.params, 'params');
    } catch (err) {
      return fail(err);
    }
    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(
        handler({ params, query: {}, body: undefined, auth: null, req: r, res: res as Response }),
      );
    } catch (err) {
      return fail(err);
    }
    pending
      .then((result) => {
        if (res.headersSent) return;
        const body = JSON.stringify(response.schema ? response.schema.parse(result) : result);
        res.statusCode = response.status;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Content-Length', Buffer.byteLength(body));
        // A string body goes out in the same write as the head (Node joins them); a Buffer would be a
        // second chunk of a writev.
        res.end(body, 'utf8');
      })
      .catch(fail);
  };
}
