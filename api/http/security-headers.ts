/**
 * Security headers, in two sets. Pages a browser renders (the admin UI, the public pages, the API
 * docs) get helmet's full set with a Content-Security-Policy for the UI. JSON and text answers of the
 * API get what matters for an answer no browser renders as a page (OWASP REST Security: nosniff, a
 * CSP that allows nothing, no framing, no referrer, same-origin resource policy, HSTS behind HTTPS):
 * a fixed list written as is, which also keeps the public lookup — the register's hottest path —
 * from paying for a dozen headers that mean nothing for JSON.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Paths whose answers are API data, not pages (matched as the router matches: case-insensitively). */
const API_PATH = /^\/(api\/v1\/|api\/openapi\.json$|\.well-known\/|contexts\/|credentials\/|livez$|readyz$|metrics$)/i;

export const isApiPath = (path: string): boolean => API_PATH.test(path);

/** The fixed headers of every API answer. */
export function apiHeaderList(secure: boolean): [string, string][] {
  return [
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ...(secure ? ([['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']] as [string, string][]) : []),
  ];
}

export function securityHeaders(secure: boolean): { api: RequestHandler; pages: RequestHandler; any: RequestHandler } {
  const list = apiHeaderList(secure);
  const api: RequestHandler = (_req, res, next) => {
    for (const [name, value] of list) res.setHeader(name, value);
    next();
  };
  const pages = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    hsts: secure,
    crossOriginEmbedderPolicy: false,
  });
  return { api, pages, any: (req, res, next) => (isApiPath(req.path) ? api : pages)(req, res, next) };
}
