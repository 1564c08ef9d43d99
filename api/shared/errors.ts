/**
 * Domain errors. Services throw these; the one HTTP error handler maps them to RFC 9457 problems.
 * They never carry HTTP concepts beyond a stable problem type.
 */
export type FieldError = { field: string; message: string };

export abstract class DomainError extends Error {
  abstract readonly problem: ProblemType;
  readonly errors?: FieldError[];
  constructor(message: string, errors?: FieldError[]) {
    super(message);
    this.name = new.target.name;
    if (errors) this.errors = errors;
  }
}

export type ProblemType =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'version-conflict'
  | 'illegal-transition'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate-limited'
  | 'unavailable';

/** Input that passed the schema but breaks a business rule about one field. */
export class ValidationError extends DomainError {
  readonly problem = 'validation' as const;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, [{ field, message }]);
  }
}

/**
 * Input that cannot be read at all, as opposed to input that breaks a rule: a file that is not
 * UTF-8, text holding NUL or an unpaired surrogate. A malformed request (400), not a 422.
 */
export class UnreadableInputError extends DomainError {
  readonly problem = 'validation' as const;
  // Not redundant: unlike DomainError's, this constructor requires the field errors.
  // oxlint-disable-next-line no-useless-constructor
  constructor(message: string, errors: FieldError[]) {
    super(message, errors);
  }
}

export class NotFoundError extends DomainError {
  readonly problem = 'not-found' as const;
  constructor(what: string) {
    super(`${what} was not found`);
  }
}

export class ConflictError extends DomainError {
  readonly problem = 'conflict' as const;
  constructor(message: string, field?: string) {
    super(message, field ? [{ field, message }] : undefined);
  }
}

export class VersionConflictError extends DomainError {
  readonly problem = 'version-conflict' as const;
  constructor(what: string) {
    super(`${what} was changed by someone else since you read it; reload and apply your change again`);
  }
}

export class IllegalTransitionError extends DomainError {
  readonly problem = 'illegal-transition' as const;
  constructor(what: string, from: string, to: string) {
    super(`${what} cannot go from '${from}' to '${to}'`);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly problem = 'unauthenticated' as const;
}

export class ForbiddenError extends DomainError {
  readonly problem = 'forbidden' as const;
}

/**
 * Where a client stands against one rate limit: the policy's name, its quota per window, what is
 * left and the seconds until the window starts over (what the IETF RateLimit headers carry).
 */
export type RateLimitState = {
  policy: string;
  limit: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
};

export class RateLimitedError extends DomainError {
  readonly problem = 'rate-limited' as const;
  /** The limit that refused: nothing remains until it resets (Retry-After). */
  readonly state: RateLimitState;
  constructor(
    readonly retryAfterSeconds: number,
    limit: { policy: string; limit: number; windowSeconds: number },
  ) {
    super(`Too many attempts; try again in ${retryAfterSeconds} seconds`);
    this.state = { ...limit, remaining: 0, resetSeconds: retryAfterSeconds };
  }
}

export class UnavailableError extends DomainError {
  readonly problem = 'unavailable' as const;
}
