/**
 * An OAuth 2.0 error response (RFC 6749 §5.2, RFC 6750 §3): what the token, nonce and credential
 * endpoints of credential issuance answer instead of problem+json, because wallets read `error`.
 * `error_description` names the field, as every refusal of the registry does.
 */
import type { ErrorRequestHandler } from 'express';
import { DomainError, UnauthenticatedError } from '../shared/errors.js';
import { HttpProblem } from './problem.js';

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

/** The body of an OAuth error response. */
export type OAuthErrorBody = { error: string; error_description: string };

/**
 * Answers the refusals of a route declared with `oauthErrors` as OAuth errors: input the schema
 * refuses (or a body too large or unreadable) is invalid_request, a missing or bad token
 * invalid_token (401 with WWW-Authenticate). A rate limit (429) and anything else (the database
 * failing…) go on to the one error handler.
 */
export const oauthErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  let e: OAuthError | undefined;
  if (err instanceof OAuthError) e = err;
  else if (err instanceof HttpProblem && err.status < 500 && err.status !== 429)
    e = new OAuthError(err.status === 401 ? 401 : err.status === 413 ? 413 : 400, 'invalid_request', err.message);
  else if ((err as { type?: unknown })?.type === 'entity.too.large')
    e = new OAuthError(413, 'invalid_request', 'body: larger than the registry accepts');
  else if ((err as { type?: unknown })?.type === 'entity.parse.failed')
    e = new OAuthError(400, 'invalid_request', 'body: not valid JSON');
  else if (err instanceof UnauthenticatedError) e = new OAuthError(401, 'invalid_token', err.message);
  else if (err instanceof DomainError && err.problem === 'validation')
    e = new OAuthError(400, 'invalid_request', err.message);
  if (!e) return next(err);
  if (e.status === 401) res.setHeader('WWW-Authenticate', `Bearer error="${e.error}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.status(e.status).json({ error: e.error, error_description: e.message } satisfies OAuthErrorBody);
};
