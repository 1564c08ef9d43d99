/**
 * The hot public lookup, GET /api/v1/public/licences/{number}, answered before the general
 * request pipeline (request scope with an ORM context, route table walk, body parsers, response
 * schema parse), which costs more than the lookup itself at thousands of requests per second. It
 * behaves exactly as the declared route (verification.routes.ts, which stays the documented
 * contract and the fallback): same rate limit, same validation, same projection, same problem
 * bodies, the same request id header and the same one log line per request. Security headers are
 * set before it runs.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../shared/ids.js';
import { beginRequest } from '../../http/request-context.js';
import { publicLookup } from './verification.routes.js';

const PREFIX = '/api/v1/public/licences/';

export function publicLookupFastPath(deps: AppDeps, state: { shuttingDown: boolean }): RequestHandler {
  const lookup = publicLookup(deps);
  const { log } = deps;

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !req.url.startsWith(PREFIX)) return next();
    const q = req.url.indexOf('?');
    const raw = req.url.slice(PREFIX.length, q < 0 ? undefined : q);
    if (!raw || raw.includes('/')) return next();

    beginRequest(req, res, log, state, newId);

    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      decoded = '';
    }
    // Errors (429, 400, 404, database) go to the app's one error handler, exactly as from the declared route.
    lookup(req.ip ?? req.socket.remoteAddress ?? 'unknown', decoded, res)
      .then((licence) => {
        const body = JSON.stringify(licence);
        res.statusCode = 200;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body);
      })
      .catch(next);
  };
}
