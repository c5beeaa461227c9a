import { sql, type SQL } from 'drizzle-orm';
import { businessDate, type BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../kernel/db.ts';
import { knownCities, rulesOn, seasonByCode, seasonCodeFor, seasonOf, timeZoneOf, type Rules, type Season } from '../rulebook/index.ts';

/**
 * Dates as the rulebook sees them. "Today" is a business date in the city's zone, so a compound's
 * mode is decided by its branch's rulebook city; set-based queries over many cities join a small
 * `cal(city, today)` table built here instead of assuming one zone for all.
 */
export interface CityDay {
  city: string;
  today: BusinessDate;
  rules: Rules;
}

/** Every rulebook city with its today (or the given date) and the rules in force on it. */
export async function cityCalendar(db: Db, clock: Clock, today?: BusinessDate): Promise<CityDay[]> {
  const cities = await knownCities(db);
  return Promise.all(
    cities.map(async (c) => {
      const day = today ?? businessDate(clock.now(), c.rules.city.timeZone);
      return { city: c.city, today: day, rules: (await rulesOn(db, c.city, day)).rules };
    }),
  );
}

/** One city's today (or the given date) and its rules; an unknown city is the rulebook's 404. */
export async function cityDay(db: Db, clock: Clock, city: string, date?: BusinessDate): Promise<CityDay> {
  const today = date ?? businessDate(clock.now(), await timeZoneOf(db, city));
  return { city, today, rules: (await rulesOn(db, city, today)).rules };
}

/** `(VALUES …) AS cal(city, today)` for joining on branches.city. */
export function calendarSql(days: readonly { city: string; today: BusinessDate }[]): SQL {
  const rows = days.map((d) => sql`(${d.city}, ${d.today}::date)`);
  return sql`(VALUES ${sql.join(rows, sql`, `)}) AS cal(city, today)`;
}

/** The season a date falls in, or else the next one to start: the season a vacuum threatens. */
export function comingSeason(rules: Rules, date: BusinessDate): Season {
  const current = seasonOf(rules, date);
  if (current) return current;
  const year = Number(date.slice(0, 4));
  return [year - 1, year, year + 1].map((y) => seasonByCode(rules, seasonCodeFor(y))).find((s) => s.start > date)!;
}
