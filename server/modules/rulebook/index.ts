/**
 * The rulebook module's only door. Other modules ask rule questions here and never hard-code a
 * rule. Two ways in:
 *   - async queries by city and date (rulebook.queries.ts), which pick the version in force and
 *     throw kernel errors (404 unknown city, 400 malformed, 422 outside_season…);
 *   - `rulesOn`/`rulesFor` + the pure functions, for loops that ask many questions of one version;
 *     pure functions throw RulebookError, which `toDomainError` / `asDomain` turn into kernel errors.
 * Inside a transaction pass the transaction handle (PGlite deadlocks on the outer one).
 */
export { rulebookRoutes } from './rulebook.routes.ts';
export { rulebookVersions } from './rulebook.schema.ts';
export {
  CACHE_TTL_MS,
  ensureShippedRulebooks,
  knownCities,
  markRulebookUsed,
  rulesFor,
  rulesOn,
  timeZoneOf,
  todayIn,
  type RulesInForce,
} from './rulebook.store.ts';
export {
  dailyFeeOn,
  inChangeWindowOn,
  inCollectionWindowOn,
  reductionFor,
  seasonContaining,
  slaTargetsFor,
} from './rulebook.queries.ts';
export {
  billingAreaCm2,
  changeWindowOf,
  collectionWindowOf,
  dailyFeeE6,
  inChangeWindow,
  inCollectionWindow,
  outageConsequences,
  patrolIntervalMinutes,
  readingInBand,
  reductionForDay,
  reductionTotal,
  requireSeasonOf,
  seasonAt,
  seasonBill,
  seasonByCode,
  seasonCodeFor,
  seasonFeeFen,
  seasonOf,
  settlementDueBefore,
  slaDeadlines,
  slaTargets,
  tierPercentFor,
  excludedDays,
  type BillableHousehold,
  type DayReduction,
  type HouseholdStatus,
  type PatrolBoost,
  type ReadingKey,
  type ReductionQuery,
  type Season,
  type SeasonBill,
} from './rulebook.calc.ts';
export { RulebookError, asDomain, toDomainError, type RulebookErrorCode } from './rulebook.errors.ts';
export { defaultCityCode } from './rules/index.ts';
export type { CustomerType, Priority, RequestCategory, Rules, SlaProfile, SlaTarget } from './rulebook.contract.ts';
