/**
 * Typed domain errors. Services throw these; one handler in http.ts maps them to
 * `{ error: { code, message, details } }` with the status below. Anything else is a 500 and a bug.
 */
export interface FieldProblem {
  field: string;
  /** English, for API users and logs. */
  message: string;
  /**
   * What kind of problem, for a UI to say it in the person's language: a JSON-schema keyword
   * ('required', 'pattern', 'maximum'…) or a domain word ('unknown_ref', 'duplicate'…).
   */
  rule?: string;
  params?: Record<string, unknown>;
}

/**
 * The numbers and names a problem's sentence needs (`{ billSeason: '2025-26' }`), so a UI can say
 * the sentence of its `code` in the person's language instead of showing the English message.
 */
export type ProblemParams = Record<string, string | number | boolean>;

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly params?: ProblemParams,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends DomainError {
  constructor(message: string, details?: unknown, code = 'bad_request', params?: ProblemParams) {
    super(400, code, message, details, params);
  }
}
export class Unauthorized extends DomainError {
  constructor(message = 'Sign in first', code = 'unauthorized') {
    super(401, code, message);
  }
}
export class Forbidden extends DomainError {
  constructor(message = 'Not allowed for your role or scope', code = 'forbidden', params?: ProblemParams) {
    super(403, code, message, undefined, params);
  }
}
export class NotFound extends DomainError {
  constructor(entity: string, id?: string | number) {
    super(404, 'not_found', id === undefined ? `${entity} not found` : `${entity} ${id} not found`, { entity, id });
  }
}
export class Conflict extends DomainError {
  constructor(message: string, details?: unknown, code = 'conflict', params?: ProblemParams) {
    super(409, code, message, details, params);
  }
}
/** Well-formed input that breaks a business rule; details lists the fields at fault. */
export class Invalid extends DomainError {
  constructor(message: string, problems: FieldProblem[] = [], code = 'invalid', params?: ProblemParams) {
    super(422, code, message, problems, params);
  }
}
export class TooMany extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message, { retryAfterSeconds });
  }
}

/** PostgreSQL SQLSTATE of a driver error; drizzle wraps it, so look at the cause too. */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}
