/** What the rulebook API shows: the version in force with its seasons, and the history. */
import { asc, eq } from 'drizzle-orm';
import { businessDate, isBusinessDate, type BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../kernel/db.ts';
import { BadRequest } from '../../kernel/errors.ts';
import { users } from '../accounts/index.ts';
import type { CityView, RulebookView, SeasonView, VersionView } from './rulebook.api.contract.ts';
import type { Rules } from './rulebook.contract.ts';
import { seasonByCode, seasonCodeFor, seasonOf, type Season } from './rulebook.calc.ts';
import { rulebookVersions, type RulebookVersionRow } from './rulebook.schema.ts';
import { knownCities, rulesOn, timeZoneOf, todayIn, versionsOf } from './rulebook.store.ts';

export function seasonView(s: Season): SeasonView {
  return {
    code: s.code,
    start: s.start,
    end: s.end,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    days: s.days,
    billedDays: s.billedDays,
    extendedDays: s.extendedDays,
    override: s.override,
  };
}

export async function listCities(db: Db): Promise<CityView[]> {
  return (await knownCities(db)).map(({ rules }) => ({ code: rules.city.code, name: rules.city.name, timeZone: rules.city.timeZone }));
}

/** `at` is a business date or an ISO instant; anything else is a 400 naming it. */
async function resolveAt(db: Db, clock: Clock, city: string, at: string | undefined): Promise<BusinessDate> {
  if (at === undefined) return todayIn(db, clock, city);
  if (isBusinessDate(at)) return at;
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(at) ? new Date(at) : new Date(NaN);
  if (Number.isNaN(instant.getTime())) {
    throw new BadRequest(`at "${at}" is neither a date (YYYY-MM-DD) nor an ISO instant`, [{ field: 'at', message: 'not a date or instant', rule: 'not_a_date' }], 'invalid_date', { date: at });
  }
  return businessDate(instant, await timeZoneOf(db, city));
}

/** The first season starting after a date, answered by the version in force when it starts. */
async function nextSeasonAfter(db: Db, city: string, rules: Rules, date: BusinessDate): Promise<Season> {
  const year = Number(date.slice(0, 4));
  const guess = [seasonByCode(rules, seasonCodeFor(year)), seasonByCode(rules, seasonCodeFor(year + 1))].find((s) => s.start > date)!;
  const then = await rulesOn(db, city, guess.start);
  return seasonByCode(then.rules, guess.code);
}

export async function rulebookInForce(db: Db, clock: Clock, city: string, at: string | undefined): Promise<RulebookView> {
  const date = await resolveAt(db, clock, city, at);
  const v = await rulesOn(db, city, date);
  const season = seasonOf(v.rules, date);
  return {
    versionId: v.versionId,
    city,
    effectiveFrom: v.effectiveFrom,
    at: date,
    season: season && seasonView(season),
    nextSeason: seasonView(await nextSeasonAfter(db, city, v.rules, date)),
    rules: v.rules,
  };
}

/** Top-level sections whose content differs between two versions. */
function changedSections(before: Rules | undefined, after: Rules): string[] {
  if (!before) return [];
  return (Object.keys(after) as (keyof Rules)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function versionView(
  row: RulebookVersionRow,
  extra: { creatorName: string | null; inForce: boolean; previous: Rules | undefined },
): VersionView {
  return {
    id: row.id,
    city: row.city,
    effectiveFrom: row.effectiveFrom,
    note: row.note,
    createdBy: row.createdBy === null ? null : { id: row.createdBy, name: extra.creatorName ?? '' },
    createdAt: row.createdAt.toISOString(),
    lockedAt: row.lockedAt?.toISOString() ?? null,
    inForce: extra.inForce,
    changed: changedSections(extra.previous, row.rules),
  };
}

/** Every version of a city, newest first, read from the database (not the cache): lock state is live. */
export async function listVersions(db: Db, clock: Clock, city: string): Promise<VersionView[]> {
  await versionsOf(db, city); // 404 for an unknown city
  const today = await todayIn(db, clock, city);
  const rows = await db
    .select({ v: rulebookVersions, creatorName: users.name })
    .from(rulebookVersions)
    .leftJoin(users, eq(users.id, rulebookVersions.createdBy))
    .where(eq(rulebookVersions.city, city))
    .orderBy(asc(rulebookVersions.effectiveFrom));
  const inForceId = rows.filter((r) => r.v.effectiveFrom <= today).pop()?.v.id;
  return rows
    .map((r, i) => versionView(r.v, { creatorName: r.creatorName, inForce: r.v.id === inForceId, previous: rows[i - 1]?.v.rules }))
    .reverse();
}
