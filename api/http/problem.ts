/**
 * The one error handler: every failure becomes RFC 9457 application/problem+json with a stable type.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import {
  DriverException,
  ForeignKeyConstraintViolationException,
  NotFoundError as OrmNotFoundError,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
  ConnectionException,
  CheckConstraintViolationException,
} from '@mikro-orm/core';
import type { Logger } from 'pino';
import {
  DomainError,
  RateLimitedError,
  UnreadableInputError,
  type FieldError,
  type ProblemType,
} from '../shared/errors.js';
import { rateLimitHeaders } from '../shared/rate-limit.js';
import { currentScope, requestedLanguage } from './request-context.js';
import { FALLBACK_LANGUAGE, LANGUAGES, languageMeta, t, type MessageValues } from '../shared/i18n.js';
import { isDatabaseUnreachable, isNoFreeConnection } from '../shared/db-errors.js';

export type HttpProblemType =
  ProblemType | 'malformed-json' | 'payload-too-large' | 'unsupported-media-type' | 'method-not-allowed' | 'internal';

export const problemTypeUri = (type: HttpProblemType): string => `urn:sw-registry:problem:${type}`;

const STATUS: Record<HttpProblemType, number> = {
  validation: 400,
  'malformed-json': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'version-conflict': 409,
  'illegal-transition': 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
};

/**
 * The language of the request's problems: the one the client asked for (Accept-Language) among the
 * catalogues, else English. Titles and the standard field messages are worded in it; a detail the
 * registry's own rules state is in English.
 */
export const problemLanguage = (): string => requestedLanguage([...LANGUAGES]) ?? FALLBACK_LANGUAGE;

/** "GET or POST", in the request's language. */
export const eitherOf = (items: string[]): string =>
  new Intl.ListFormat(languageMeta(problemLanguage()).intl, { type: 'disjunction' }).format(items);

/** A refused field's message for a standard check, in the request's language. */
export const fieldSaid = (key: string, values?: MessageValues): string =>
  t(problemLanguage(), `api.validation.${key}`, values);

/** A detail the platform itself states (not a module's rule), in the request's language. */
export const said = (key: string, values?: MessageValues): string =>
  t(problemLanguage(), `api.problem.details.${key}`, values);

export class HttpProblem extends Error {
  constructor(
    readonly type: HttpProblemType,
    detail: string,
    readonly errors?: FieldError[],
    readonly status = STATUS[type],
  ) {
    super(detail);
  }
}

export function sendProblem(
  res: Response,
  type: HttpProblemType,
  detail: string,
  errors?: FieldError[],
  status = STATUS[type],
): void {
  const body: Record<string, unknown> = {
    type: problemTypeUri(type),
    title: t(problemLanguage(), `api.problem.titles.${type}`),
    status,
    detail,
    instance: res.req.originalUrl.split('?')[0],
  };
  const requestId = currentScope()?.requestId ?? res.getHeader('x-request-id');
  if (requestId) body.requestId = requestId;
  if (errors?.length) body.errors = errors;
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

/** One error per field: the first issue zod found there (later ones follow from it). Unknown keys are named one by one. */
export const zodFieldErrors = (error: z.ZodError, prefix?: string): FieldError[] => {
  const byField = new Map<string, string>();
  const add = (path: PropertyKey[], message: string) => {
    const field = [prefix, ...path.map(String)].filter(Boolean).join('.') || (prefix ?? 'body');
    if (!byField.has(field)) byField.set(field, message);
  };
  for (const i of error.issues) {
    if (i.code === 'unrecognized_keys') for (const key of i.keys) add([...i.path, key], fieldSaid('unknownField'));
    else add(i.path, i.message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
};

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Postgres reports "Key (email)=(x) already exists." — name the field from it. */
function fieldFromDetail(e: DriverException): string | undefined {
  const detail = (e as unknown as { detail?: string }).detail ?? e.message;
  const m = /Key \(([^)]+)\)=/.exec(detail ?? '');
  if (!m)
    return (e as unknown as { column?: string }).column
      ? camel((e as unknown as { column: string }).column)
      : undefined;
  return m[1]!
    .split(',')
    .map((c) => camel(c.trim().replace(/"/g, '')))
    .join(',');
}

export function createErrorHandler(log: Logger, exposeInternals: boolean): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      log.error({ err, requestId: currentScope()?.requestId }, 'error after the response started');
      res.destroy();
      return;
    }
    // body-parser errors
    const bodyType = (err as { type?: string }).type;
    if (bodyType === 'entity.parse.failed')
      return sendProblem(res, 'malformed-json', said('notJson'), [{ field: 'body', message: said('fieldNotJson') }]);
    if (bodyType === 'entity.too.large')
      return sendProblem(res, 'payload-too-large', said('tooLarge', { limit: (err as { limit?: number }).limit ?? 0 }));
    if (bodyType === 'encoding.unsupported' || bodyType === 'charset.unsupported')
      return sendProblem(res, 'unsupported-media-type', (err as Error).message);

    if (err instanceof HttpProblem) return sendProblem(res, err.type, err.message, err.errors, err.status);
    if (err instanceof z.ZodError)
      return sendProblem(res, 'validation', summarise(zodFieldErrors(err)), zodFieldErrors(err));
    if (err instanceof RateLimitedError) {
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      res.set(rateLimitHeaders(err.state));
    }
    if (err instanceof DomainError) {
      const status =
        err.problem === 'validation' ? (err instanceof UnreadableInputError ? 400 : 422) : STATUS[err.problem];
      return sendProblem(res, err.problem, err.message, err.errors, status);
    }
    if (err instanceof OptimisticLockError) return sendProblem(res, 'version-conflict', said('versionConflict'));
    if (err instanceof OrmNotFoundError) return sendProblem(res, 'not-found', said('recordNotFound'));
    if (err instanceof UniqueConstraintViolationException) {
      const field = fieldFromDetail(err);
      return sendProblem(
        res,
        'conflict',
        field ? said('duplicate', { field }) : said('duplicateAny'),
        field ? [{ field, message: said('alreadyExists') }] : undefined,
      );
    }
    if (err instanceof ForeignKeyConstraintViolationException) {
      const field = fieldFromDetail(err);
      return sendProblem(
        res,
        'conflict',
        field ? said('reference', { field }) : said('referenceAny'),
        field ? [{ field, message: said('unknownOrReferenced') }] : undefined,
      );
    }
    if (err instanceof NotNullConstraintViolationException || err instanceof CheckConstraintViolationException) {
      const field = fieldFromDetail(err);
      return sendProblem(
        res,
        'validation',
        field ? said('databaseRuleOn', { field }) : said('databaseRule'),
        field ? [{ field, message: fieldSaid('invalid') }] : undefined,
        422,
      );
    }
    if (isNoFreeConnection(err)) {
      log.warn(
        { requestId: currentScope()?.requestId },
        'no free database connection: every one in the pool (DB_POOL_MAX) stayed in use for DB_CONNECT_TIMEOUT_MS; heavy load, or the database slow to answer',
      );
      res.setHeader('Retry-After', '2');
      return sendProblem(res, 'unavailable', said('noFreeConnection'));
    }
    if (err instanceof ConnectionException || isDatabaseUnreachable(err)) {
      log.error({ err, requestId: currentScope()?.requestId }, 'database unavailable');
      res.setHeader('Retry-After', '5');
      return sendProblem(res, 'unavailable', said('unavailable'));
    }
    log.error(
      { err, requestId: currentScope()?.requestId, method: req.method, url: req.originalUrl },
      'unhandled error',
    );
    sendProblem(res, 'internal', exposeInternals ? String((err as Error)?.stack ?? err) : said('internal'));
  };
}

export const summarise = (errors: FieldError[]): string => errors.map((e) => `${e.field}: ${e.message}`).join('; ');
