/**
 * Declarative routes: every endpoint states its access, input schemas and response schema once.
 * From that one declaration we mount the Express handler (auth → validate → handler → projection),
 * build the OpenAPI document and drive the authorisation table test. A route without an access
 * declaration makes start-up fail.
 */
import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { match } from 'path-to-regexp';
import {
  API_KEY_SCOPES,
  can,
  isStaff,
  PERMISSIONS,
  ROLES,
  type ApiKeyScope,
  type Permission,
  type Role,
} from '../modules/auth/auth.permissions.js';
import { ForbiddenError, UnauthenticatedError, type FieldError } from '../shared/errors.js';
import { HttpProblem, problemLanguage, zodFieldErrors, summarise } from './problem.js';
import { fieldMessages } from '../shared/validation-messages.js';
import type { AuthContext } from './authenticate.js';
import { hostileInputErrors, percentEncodingErrors, unknownKeyErrors } from './input-guard.js';
import { oauthErrorHandler } from './oauth-error.js';

/**
 * A form body: flat fields only (no nested brackets), at most 8 KB. Bytes or percent-escapes that are
 * not UTF-8 are refused naming the field, instead of the parser turning them into U+FFFD.
 */
const formParser = express.urlencoded({
  extended: false,
  limit: '8kb',
  verify: (_req, _res, bytes) => {
    const raw = bytes.toString('latin1');
    const errors = isUtf8(bytes)
      ? percentEncodingErrors(raw, 'body').map((e) => ({ ...e, field: e.field.slice('body.'.length) }))
      : [{ field: 'body', message: 'not valid UTF-8' }];
    if (errors.length) throw new HttpProblem('validation', summarise(errors), errors);
  },
});

export type Access = 'public' | 'authenticated' | { roles: readonly Role[] } | { permission: Permission };

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type HandlerContext<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  auth: AuthContext | null;
  req: Request;
  res: Response;
};

/**
 * One route. `RouteDef` alone (unknown P, Q, B, R) holds any route: `handler` is a method, so a route
 * declared for its own params, query and body still fits a list of routes.
 */
export type RouteDef<P = unknown, Q = unknown, B = unknown, R = unknown> = {
  method: Method;
  path: string;
  access: Access;
  /** An employer's API key may call the route only when the key holds this scope (no scope: keys are refused). */
  apiKeyScope?: ApiKeyScope;
  summary: string;
  tags: string[];
  description?: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Response: status and schema. The schema also strips anything not declared (allowlist). */
  response: {
    status: number;
    schema?: z.ZodType<R>;
    description?: string;
    contentType?: string;
    /** The same answer in other media types (a CSV file instead of JSON, chosen by a query or Accept). */
    alsoAs?: string[];
  };
  /** Routes that write their own response (HTML, files, redirects) set raw. */
  raw?: boolean;
  /** The route refuses callers past a rate limit (429 with Retry-After); declared in the OpenAPI document. */
  rateLimited?: boolean;
  /** The body is an HTML form (application/x-www-form-urlencoded), as OAuth token requests are, not JSON. */
  form?: boolean;
  /** Refusals are OAuth 2.0 error responses ({ error, error_description }) instead of problem+json. */
  oauthErrors?: boolean;
  /** A file upload: the body is the file's bytes (a Buffer), at most maxBytes, of these media types. */
  upload?: { maxBytes: number; mediaTypes: string[] };
  handler(ctx: HandlerContext<P, Q, B>): Promise<R | void> | R | void;
};

export const defineRoute = <P = Record<string, never>, Q = Record<string, never>, B = undefined, R = unknown>(
  def: RouteDef<P, Q, B, R>,
): RouteDef<P, Q, B, R> => def;

export const roles = (...r: Role[]): Access => ({ roles: r });
export const permission = (p: Permission): Access => ({ permission: p });

export function describeAccess(access: Access): string {
  if (access === 'public' || access === 'authenticated') return access;
  if ('roles' in access) return `roles: ${access.roles.join(', ')}`;
  return `permission: ${access.permission}`;
}

/** Council staff roles count only for a sign-in that proved a second factor. */
export const lacksStaffMfa = (auth: AuthContext): boolean => isStaff(auth.roles) && !auth.mfa;

/** Whether an identity with these roles passes the access rule (the one access check of every route). */
/** An API key may call a route that names one of the key's scopes, and no other. */
export const apiKeyMay = (auth: AuthContext, scope: ApiKeyScope | undefined): boolean =>
  !auth.apiKeyId || (scope !== undefined && (auth.scopes ?? []).includes(scope));

export function allows(access: Access, auth: AuthContext | null, apiKeyScope?: ApiKeyScope): boolean {
  if (access === 'public') return true;
  if (!auth) return false;
  if (lacksStaffMfa(auth)) return false;
  if (!apiKeyMay(auth, apiKeyScope)) return false;
  if (access === 'authenticated') return true;
  if ('roles' in access) return access.roles.some((r) => auth.roles.includes(r));
  return can(auth.roles, access.permission);
}

function validAccess(access: unknown): access is Access {
  if (access === 'public' || access === 'authenticated') return true;
  if (access && typeof access === 'object') {
    // Unknown role or permission names are refused too: a typo would otherwise deny everyone (or fail every call).
    const r = (access as { roles?: unknown }).roles;
    if (Array.isArray(r)) return r.length > 0 && r.every((x) => (ROLES as readonly unknown[]).includes(x));
    const p = (access as { permission?: unknown }).permission;
    if (typeof p === 'string') return Object.hasOwn(PERMISSIONS, p);
  }
  return false;
}

export class RouteDeclarationError extends Error {}

export type Authenticator = (req: Request) => Promise<AuthContext | null>;

/** Refused fields are worded in the request's language, negotiated only when one is refused. */
const REQUEST_LANGUAGE = { error: fieldMessages(problemLanguage) };

/**
 * Validates one part of the request. First what holds for every route (storable text, no
 * reserved keys, bounded nesting: input-guard.ts), then the route's schema; a JSON body may hold
 * only the keys its schema declares.
 */
export function parseInto<T>(
  schema: z.ZodType<T> | undefined,
  value: unknown,
  location: 'params' | 'query' | 'body',
  /** OAuth endpoints must ignore parameters they do not know (RFC 6749 §3.2) rather than refuse them. */
  { ignoreUnknown = false }: { ignoreUnknown?: boolean } = {},
): T {
  const prefix = location === 'body' ? undefined : location;
  const hostile = hostileInputErrors(value, prefix);
  if (hostile.length) throw new HttpProblem('validation', summarise(hostile), hostile);
  if (!schema) return value as T;
  const result = schema.safeParse(value ?? {}, REQUEST_LANGUAGE);
  const errors = result.success ? [] : zodFieldErrors(result.error, prefix);
  if (location === 'body' && !ignoreUnknown) {
    const named = new Set(errors.map((e) => e.field));
    errors.push(...unknownKeyErrors(schema, value).filter((e) => !named.has(e.field)));
  }
  if (errors.length || !result.success) throw new HttpProblem('validation', summarise(errors), errors);
  return result.data;
}

const decodes = (s: string): boolean => {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

/**
 * Percent-encoding the router and the query parser cannot read as UTF-8: in a path parameter the
 * router would fail (a 500), in a query string Node would put U+FFFD in its place. Refused before
 * any route runs, naming the parameter.
 */
function urlEncodingGuard(routes: RouteDef[]): RequestHandler {
  const matchers = routes.map((r) => match(r.path, { decode: false }));
  return (req, _res, next) => {
    if (!req.url.includes('%')) return next();
    const q = req.url.indexOf('?');
    const rawPath = q < 0 ? req.url : req.url.slice(0, q);
    const errors: FieldError[] = q < 0 ? [] : percentEncodingErrors(req.url.slice(q + 1), 'query');
    if (!decodes(rawPath)) {
      const hit = matchers.map((m) => m(rawPath)).find((m) => m !== false);
      const bad = hit ? Object.entries(hit.params).filter(([, v]) => typeof v === 'string' && !decodes(v)) : [];
      if (bad.length)
        for (const [name] of bad)
          errors.push({ field: `params.${name}`, message: 'is not valid percent-encoded UTF-8' });
      else errors.push({ field: 'path', message: 'is not valid percent-encoded UTF-8' });
    }
    if (errors.length) return next(new HttpProblem('validation', summarise(errors), errors));
    next();
  };
}

/** Mounts the routes on a router. Throws RouteDeclarationError on a route without valid access. */
export function mountRoutes(
  router: Router,
  routes: RouteDef[],
  authenticate: Authenticator,
  jsonParser: RequestHandler,
): void {
  const seen = new Set<string>();
  router.use(urlEncodingGuard(routes));
  for (const route of routes) {
    const key = `${route.method.toUpperCase()} ${route.path}`;
    if (!validAccess((route as { access?: unknown }).access)) {
      throw new RouteDeclarationError(
        `${key} declares no access rule (public, authenticated, roles or permission); refusing to start`,
      );
    }
    if (route.apiKeyScope !== undefined && !(API_KEY_SCOPES as readonly string[]).includes(route.apiKeyScope)) {
      throw new RouteDeclarationError(`${key} names an unknown API key scope ${String(route.apiKeyScope)}`);
    }
    if (seen.has(key)) throw new RouteDeclarationError(`${key} is declared twice`);
    seen.add(key);

    // 1. who is calling, and may they? (before any body is read)
    const handlers: RequestHandler[] = [
      async (req, res, next) => {
        const auth = route.access === 'public' ? await authenticate(req).catch(() => null) : await authenticate(req);
        if (!allows(route.access, auth, route.apiKeyScope)) {
          if (!auth) throw new UnauthenticatedError('Sign in to use this endpoint');
          if (lacksStaffMfa(auth))
            throw new UnauthenticatedError('Council staff sign in with a second factor (MFA); sign in again');
          if (!apiKeyMay(auth, route.apiKeyScope)) {
            throw new ForbiddenError(
              route.apiKeyScope
                ? `This API key does not have the ${route.apiKeyScope} scope; create a key with it, or sign in`
                : 'An API key cannot be used for this; sign in',
            );
          }
          throw new ForbiddenError('Your account is not allowed to do this');
        }
        res.locals.auth = auth;
        next();
      },
    ];
    // 2. the body: a file, or JSON
    if (route.upload) {
      const { maxBytes, mediaTypes } = route.upload;
      handlers.push(
        (req, _res, next) => {
          const declared = Number(req.headers['content-length'] ?? NaN);
          if (declared > maxBytes)
            return next(
              new HttpProblem('payload-too-large', `The file is larger than ${Math.round(maxBytes / 1024)} KB`, [
                { field: 'file', message: 'too large' },
              ]),
            );
          next();
        },
        express.raw({ type: () => true, limit: maxBytes }),
        (req, _res, next) => {
          if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
            return next(
              new HttpProblem('validation', `Send the file as the request body (${mediaTypes.join(' or ')})`, [
                { field: 'file', message: 'missing' },
              ]),
            );
          }
          next();
        },
      );
    }
    if (route.body) {
      const mediaType = route.form ? 'application/x-www-form-urlencoded' : 'application/json';
      handlers.push(
        (req, _res, next) => {
          const hasBody =
            Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
          if (hasBody && !req.is(mediaType)) {
            return next(
              new HttpProblem(
                'unsupported-media-type',
                `Send the body as ${mediaType} (got ${req.headers['content-type'] ?? 'no content type'})`,
                [{ field: 'content-type', message: `must be ${mediaType}` }],
              ),
            );
          }
          next();
        },
        route.form ? formParser : jsonParser,
      );
    }
    // 3. validate, run the one service call, project the result
    handlers.push(async (req, res) => {
      const auth = (res.locals.auth as AuthContext | null) ?? null;
      const params = parseInto(route.params, req.params, 'params');
      const query = parseInto(route.query, req.query, 'query');
      const body = route.upload
        ? req.body
        : route.body
          ? parseInto(route.body, req.body === undefined ? undefined : req.body, 'body', {
              ignoreUnknown: route.oauthErrors,
            })
          : undefined;
      const result = await route.handler({ params, query, body, auth, req, res });
      if (route.raw || res.headersSent) return;
      if (route.response.status === 204 || result === undefined) {
        res.status(route.response.status === 200 && result === undefined ? 204 : route.response.status).end();
        return;
      }
      const out = route.response.schema ? route.response.schema.parse(result) : result;
      res.status(route.response.status).json(out);
    });
    router[route.method](route.path, ...handlers);
  }
  // Refusals on an OAuth endpoint, from its own handlers or from the URL guard before them, pass
  // here on their way to the one error handler and are answered in OAuth's format.
  for (const route of routes) if (route.oauthErrors) router.use(route.path, oauthErrorHandler);
}

/** A matcher for 404-vs-405: which methods exist for a path. */
export function methodIndex(routes: RouteDef[]): (path: string) => string[] {
  const compiled = routes.map((r) => ({
    method: r.method.toUpperCase(),
    test: match(r.path, { decode: decodeURIComponent }),
  }));
  return (path) => [...new Set(compiled.filter((c) => c.test(path)).map((c) => c.method))];
}

export const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export { express };
