/**
 * The rulebook refuses rather than guesses: a malformed season code, a date outside any season,
 * an unknown request category or a rulebook that breaks its own invariants all throw this.
 * Pure functions throw it; `toDomainError` maps it onto the kernel's HTTP errors.
 */
import { BadRequest, Invalid, type DomainError, type FieldProblem, type ProblemParams } from '../../kernel/errors.ts';

export type RulebookErrorCode =
  | 'invalid_rules'
  | 'invalid_season_code'
  | 'invalid_date'
  | 'outside_season'
  | 'unknown_category'
  | 'unknown_priority'
  | 'unknown_profile'
  | 'unknown_customer_type'
  | 'invalid_household'
  | 'not_applicable';

/** A problem of a candidate rulebook; `rule` and `params` let a UI say it (see docs/errors.md). */
export interface RuleProblem {
  field: string;
  message: string;
  rule: string;
  params?: Record<string, unknown>;
}

export class RulebookError extends Error {
  constructor(
    readonly code: RulebookErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RulebookError';
  }
}

/** The field a problem is about when the error's details do not name one. */
const FIELD_OF: Record<RulebookErrorCode, string> = {
  invalid_rules: 'rules',
  invalid_season_code: 'season',
  invalid_date: 'date',
  outside_season: 'date',
  unknown_category: 'category',
  unknown_priority: 'priority',
  unknown_profile: 'profile',
  unknown_customer_type: 'customerType',
  invalid_household: 'household',
  not_applicable: 'household',
};

// Malformed input is a 400; well-formed input that breaks a rule (a date between seasons) a 422.
const MALFORMED = new Set<RulebookErrorCode>([
  'invalid_season_code',
  'invalid_date',
  'unknown_category',
  'unknown_priority',
  'unknown_profile',
  'unknown_customer_type',
]);

/** The names and numbers an error's details carry (`{ season: '2026-27' }`): its sentence's params. */
function paramsOf(err: RulebookError): ProblemParams | undefined {
  if (typeof err.details !== 'object' || err.details === null || Array.isArray(err.details)) return undefined;
  const entries = Object.entries(err.details).filter(
    (e): e is [string, string | number | boolean] => e[0] !== 'field' && ['string', 'number', 'boolean'].includes(typeof e[1]),
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function problemsOf(err: RulebookError, params: ProblemParams | undefined): FieldProblem[] {
  if (Array.isArray(err.details)) return err.details as RuleProblem[];
  const named = (err.details as { field?: unknown } | undefined)?.field;
  return [{ field: typeof named === 'string' ? named : FIELD_OF[err.code], message: err.message, rule: err.code, ...(params && { params }) }];
}

/** The kernel error for a rulebook error, keeping its code so clients can tell them apart. */
export function toDomainError(err: RulebookError): DomainError {
  const params = paramsOf(err);
  const problems = problemsOf(err, params);
  return MALFORMED.has(err.code) ? new BadRequest(err.message, problems, err.code, params) : new Invalid(err.message, problems, err.code, params);
}

/** Run a pure rulebook call, turning its RulebookError into the matching HTTP error. */
export function asDomain<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof RulebookError ? toDomainError(err) : err;
  }
}
