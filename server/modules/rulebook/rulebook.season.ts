/**
 * Seasons and date windows, as business dates in the rulebook's time zone.
 *
 * A season is named by the autumn it starts in ('2026-27') and runs from 00:00 of its start date
 * to 00:00 of its end date (end exclusive). The regular dates come from `season.start/end`; an
 * override for that season code moves them (early start, announced extension). Extensions cost
 * residents nothing: `billedDays` stays fixed whatever the length, including the 121-day
 * seasons that contain 29 February.
 */
import {
  addDays,
  addMonths,
  businessDate,
  daysBetween,
  formatBusinessDate,
  isBusinessDate,
  startOfBusinessDay,
  type BusinessDate,
} from '../../kernel/business-time.ts';
import type { Rules, SeasonOverride } from './rulebook.contract.ts';
import { RulebookError } from './rulebook.errors.ts';

export interface Season {
  code: string;
  start: BusinessDate;
  /** Exclusive: heating stops at 00:00 of this date. */
  end: BusinessDate;
  startsAt: Date;
  endsAt: Date;
  /** Real length in days (120, 121 with a 29 February, more when extended). */
  days: number;
  /** Days the season fee is based on; never changes with the calendar or an extension. */
  billedDays: number;
  /** Days added (or, if negative, removed) by an override, compared with the regular dates. */
  extendedDays: number;
  override: SeasonOverride | null;
}

export interface DateWindow {
  /** First day, inclusive. */
  start: BusinessDate;
  /** Last day, inclusive. */
  end: BusinessDate;
}

const SEASON_CODE_RE = /^(\d{4})-(\d{2})$/;

/** '2026-27' → 2026; anything else (including '2026-28') is refused. */
export function seasonStartYear(code: string): number {
  const m = SEASON_CODE_RE.exec(code);
  const year = m ? Number(m[1]) : NaN;
  if (!m || Number(m[2]) !== (year + 1) % 100) {
    throw new RulebookError('invalid_season_code', `"${code}" is not a season code like 2026-27`, { season: code });
  }
  return year;
}

export function seasonCodeFor(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function assertBusinessDate(date: string, field = 'date'): BusinessDate {
  if (!isBusinessDate(date)) {
    throw new RulebookError('invalid_date', `${field} "${date}" is not a date written YYYY-MM-DD`, { field, date });
  }
  return date;
}

/** The season's dates before any override. */
export function regularSeasonDates(rules: Rules, startYear: number): { start: BusinessDate; end: BusinessDate } {
  const { start, end } = rules.season;
  return {
    start: formatBusinessDate({ year: startYear, month: start.month, day: start.day }),
    end: formatBusinessDate({ year: startYear + 1, month: end.month, day: end.day }),
  };
}

function overrideFor(rules: Rules, code: string): SeasonOverride | null {
  const found = rules.season.overrides.filter((o) => o.season === code);
  if (found.length > 1) {
    // validateRules rejects this; refusing here keeps a hand-built rulebook from picking one at random.
    throw new RulebookError('invalid_rules', `season ${code} has ${found.length} overrides`, { season: code });
  }
  return found[0] ?? null;
}

/** The season with this code, overrides applied. Throws for a malformed code. */
export function seasonByCode(rules: Rules, code: string): Season {
  const startYear = seasonStartYear(code);
  const regular = regularSeasonDates(rules, startYear);
  const override = overrideFor(rules, code);
  const start = override?.start ?? regular.start;
  const end = override?.end ?? regular.end;
  const tz = rules.city.timeZone;
  return {
    code,
    start,
    end,
    startsAt: startOfBusinessDay(start, tz),
    endsAt: startOfBusinessDay(end, tz),
    days: daysBetween(start, end),
    billedDays: rules.season.billedDays,
    extendedDays: daysBetween(start, end) - daysBetween(regular.start, regular.end),
    override,
  };
}

/** The season containing a business date, or null between seasons. */
export function seasonOf(rules: Rules, date: BusinessDate): Season | null {
  const year = Number(assertBusinessDate(date).slice(0, 4));
  // A date can only belong to the season that started last autumn or the one starting this year.
  for (const startYear of [year - 1, year]) {
    const season = seasonByCode(rules, seasonCodeFor(startYear));
    if (season.start <= date && date < season.end) return season;
  }
  return null;
}

/** The season containing an instant (its business date in the city's zone), or null. */
export function seasonAt(rules: Rules, instant: Date): Season | null {
  return seasonOf(rules, businessDateIn(rules, instant));
}

/** Like seasonOf, but a date between seasons is an error the caller must show, not a guess. */
export function requireSeasonOf(rules: Rules, date: BusinessDate): Season {
  const season = seasonOf(rules, date);
  if (!season) throw new RulebookError('outside_season', `${date} is outside every heating season`, { date });
  return season;
}

export function businessDateIn(rules: Rules, instant: Date): BusinessDate {
  return businessDate(instant, rules.city.timeZone);
}

function windowIn(window: { start: string; end: string }, year: number): DateWindow {
  return { start: `${year}-${window.start}`, end: `${year}-${window.end}` };
}

/** The fee-collection window in a calendar year (for the season starting that autumn). */
export function collectionWindowOf(rules: Rules, year: number): DateWindow {
  return windowIn(rules.collectionWindow, year);
}

/** The change window (suspension/resumption, area, holder) in a calendar year. */
export function changeWindowOf(rules: Rules, year: number): DateWindow {
  return windowIn(rules.changeWindow, year);
}

function inWindow(window: DateWindow, date: BusinessDate): boolean {
  return window.start <= date && date <= window.end;
}

export function inCollectionWindow(rules: Rules, date: BusinessDate): boolean {
  const year = Number(assertBusinessDate(date).slice(0, 4));
  return inWindow(collectionWindowOf(rules, year), date);
}

export function inChangeWindow(rules: Rules, date: BusinessDate): boolean {
  const year = Number(assertBusinessDate(date).slice(0, 4));
  return inWindow(changeWindowOf(rules, year), date);
}

/** Reductions of a season must be settled before 00:00 of this date (Henan: 2 months after it ends). */
export function settlementDueBefore(rules: Rules, seasonCode: string): BusinessDate {
  return addMonths(seasonByCode(rules, seasonCode).end, rules.temperature.limits.settlementMonthsAfterSeason);
}

/** Days whose complaints earn no reduction: the first and last N days of the season as heated. */
export function excludedDays(rules: Rules, season: Season): { startUntil: BusinessDate; endFrom: BusinessDate } {
  const { excludedDaysAtStart, excludedDaysAtEnd } = rules.temperature.limits;
  return { startUntil: addDays(season.start, excludedDaysAtStart), endFrom: addDays(season.end, -excludedDaysAtEnd) };
}
