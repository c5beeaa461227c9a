/**
 * The rule questions other modules ask, answered by the version in force for the city on the
 * date in question. They throw kernel errors (404 unknown city, 400 malformed input, 422 a date
 * outside every season…), so a route can let them through unchanged.
 *
 * Hot loops (a bill run over 100,000 households) should fetch the rules once with rulesOn and
 * call the pure functions; the versionId it returns is what to record beside the result.
 */
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Db } from '../../kernel/db.ts';
import type { SlaTarget } from './rulebook.contract.ts';
import {
  assertBusinessDate,
  dailyFeeE6,
  inChangeWindow,
  inCollectionWindow,
  reductionForDay,
  requireSeasonOf,
  slaTargets,
  type BillableHousehold,
  type DayReduction,
  type ReductionQuery,
  type Season,
} from './rulebook.calc.ts';
import { asDomain } from './rulebook.errors.ts';
import { rulesFor, rulesOn } from './rulebook.store.ts';

async function rulesOnValidDate(db: Db, city: string, date: BusinessDate, field = 'date') {
  asDomain(() => assertBusinessDate(date, field));
  return (await rulesOn(db, city, date)).rules;
}

/** The heating season containing a business date; 422 `outside_season` between seasons. */
export async function seasonContaining(db: Db, city: string, date: BusinessDate): Promise<Season> {
  const rules = await rulesOnValidDate(db, city, date);
  return asDomain(() => requireSeasonOf(rules, date));
}

/** A household's tariff fee for one heated day on a date, exact in yuan × 10⁶. */
export async function dailyFeeOn(db: Db, city: string, date: BusinessDate, household: BillableHousehold): Promise<number> {
  const rules = await rulesOnValidDate(db, city, date);
  return asDomain(() => dailyFeeE6(rules, household));
}

/** The reduction owed for one day at a measured temperature, by the rules in force that day. */
export async function reductionFor(db: Db, city: string, q: ReductionQuery): Promise<DayReduction> {
  const rules = await rulesOnValidDate(db, city, q.date);
  return asDomain(() => reductionForDay(rules, q));
}

/** Service-time targets for a request opened at an instant. */
export async function slaTargetsFor(
  db: Db,
  city: string,
  openedAt: Date,
  q: { category: string; priority: string; profile?: string },
): Promise<SlaTarget> {
  const { rules } = await rulesFor(db, city, openedAt);
  return asDomain(() => slaTargets(rules, q));
}

/** Whether whole-season fees are collected on this date. */
export async function inCollectionWindowOn(db: Db, city: string, date: BusinessDate): Promise<boolean> {
  const rules = await rulesOnValidDate(db, city, date);
  return inCollectionWindow(rules, date);
}

/** Whether suspension/resumption, area and holder changes are accepted on this date. */
export async function inChangeWindowOn(db: Db, city: string, date: BusinessDate): Promise<boolean> {
  const rules = await rulesOnValidDate(db, city, date);
  return inChangeWindow(rules, date);
}
