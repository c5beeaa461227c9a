/**
 * The rulebook refuses rather than guesses: a malformed season code, a date outside any season,
 * an unknown request category or a rulebook that breaks its own invariants all throw this.
 * The kernel's error handler will map `code` onto its domain errors (mostly 422 Invalid).
 */
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

export interface RuleProblem {
  field: string;
  message: string;
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
