import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Role } from './actor.ts';
import { DomainError, Forbidden, TooMany, Unauthorized, type FieldProblem, type ProblemParams } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the accounts module's session hook; 'public' when nobody signed in. */
    actor: Actor;
    /** Why the session cookie was not accepted, so a protected route can say "expired". */
    sessionProblem?: 'expired' | 'unknown' | undefined;
  }
}

// ajv-formats is CommonJS; under ESM its callable sits on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/**
 * Two validators: bodies are strict (no type coercion, unknown fields rejected, nothing removed
 * silently), while query strings and path params must coerce "12" to 12 to be usable at all.
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

export function installValidation(app: FastifyInstance): void {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
}

function fieldOf(err: ErrorObject, part: string | undefined): string {
  const base = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra =
    err.keyword === 'required'
      ? (err.params as { missingProperty: string }).missingProperty
      : err.keyword === 'additionalProperties'
        ? (err.params as { additionalProperty: string }).additionalProperty
        : '';
  const path = [base, extra].filter(Boolean).join('.');
  return path || part || 'body';
}

function messageOf(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') return 'is not a known field';
  if (err.keyword === 'required') return 'is required';
  return err.message ?? 'is invalid';
}

export function validationProblems(errors: ErrorObject[], part?: string): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const e of errors) {
    const p: FieldProblem = { field: fieldOf(e, part), message: messageOf(e), rule: e.keyword, params: e.params as Record<string, unknown> };
    const key = `${p.field}:${p.message}`;
    if (!seen.has(key)) problems.push(p);
    seen.add(key);
  }
  return problems;
}

/** Fastify's own client errors, mapped to our codes so every 4xx has the same JSON shape. */
const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty_body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_content_length' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'bad_content_type' },
  FST_ERR_INVALID_URL: { status: 400, code: 'bad_url' },
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; params?: ProblemParams };
}

/** Map anything thrown to the one error shape. Returns [status, body, headers]. */
export function toErrorResponse(err: unknown): [number, ErrorBody, Record<string, string>] {
  if (err instanceof DomainError) {
    const headers: Record<string, string> =
      err instanceof TooMany ? { 'retry-after': String(err.retryAfterSeconds) } : {};
    const params = err.params && { params: err.params };
    return [err.status, { error: { code: err.code, message: err.message, details: err.details, ...params } }, headers];
  }
  const fe = err as FastifyError & { validation?: ErrorObject[]; validationContext?: string };
  if (fe.validation) {
    const details = validationProblems(fe.validation, fe.validationContext);
    const summary = details.map((d) => `${d.field} ${d.message}`).join('; ');
    return [400, { error: { code: 'validation_failed', message: `Invalid ${fe.validationContext ?? 'input'}: ${summary}`, details } }, {}];
  }
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return [mapped.status, { error: { code: mapped.code, message: fe.message } }, {}];
  if (fe.statusCode === 429) {
    return [429, { error: { code: 'too_many_requests', message: fe.message } }, {}];
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return [fe.statusCode, { error: { code: fe.code?.toLowerCase() ?? 'bad_request', message: fe.message } }, {}];
  }
  return [500, { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } }, {}];
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const [status, body, headers] = toErrorResponse(err);
    if (status >= 500) req.log.error({ err }, 'unhandled error');
    else req.log.info({ code: body.error.code, status }, body.error.message);
    void reply.code(status).headers(headers).send(body);
  });
}

/** The signed-in actor, or 401; with roles given, 403 for anyone else. */
export function requireActor(req: FastifyRequest, ...roles: Role[]): Actor {
  const actor = req.actor;
  if (actor.role === 'public' || actor.userId === null) {
    throw req.sessionProblem === 'expired'
      ? new Unauthorized('Your session has expired; sign in again', 'session_expired')
      : new Unauthorized();
  }
  if (roles.length > 0 && !(roles as string[]).includes(actor.role)) {
    throw new Forbidden(`This needs one of the roles: ${roles.join(', ')}`, 'role_not_allowed', { role: actor.role });
  }
  return actor;
}
