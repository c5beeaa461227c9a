/**
 * Reading rulebook versions, with a per-process cache.
 *
 * Every rule question (a bill run asks per household) would otherwise read the database, so each
 * process keeps all versions of all cities in memory: a few rows per city and year. Correctness
 * first:
 *   - a write in this process drops the cache after it commits (`forgetVersions`), so the next
 *     question in this process sees the new version at once;
 *   - other app instances re-read after CACHE_TTL_MS at the latest (or on restart);
 *   - a load that started before a write cannot overwrite the fresher state: dropping the cache
 *     drops its promise, and later callers start a new load.
 * The cache is keyed by the Db handle, so tests with several databases in one process never
 * share it, and a transaction handle reads through its own (short-lived) entry.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate, type BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import type { Rules } from './rulebook.contract.ts';
import { rulebookVersions } from './rulebook.schema.ts';
import { shippedRulebooks } from './rules/index.ts';

/** How stale another instance's view of the rulebook may be. */
export const CACHE_TTL_MS = 30_000;

/** A version as rule questions need it: which one, from when, and its rules. */
export interface RulesInForce {
  versionId: number;
  city: string;
  effectiveFrom: BusinessDate;
  rules: Rules;
}

type ByCity = Map<string, RulesInForce[]>;
const cache = new WeakMap<Db, { loadedAt: number; versions: Promise<ByCity> }>();

/** Cached rules are shared by every caller: frozen, so a caller's mutation throws instead of leaking. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

async function loadAll(db: Db): Promise<ByCity> {
  const rows = await db
    .select({ versionId: rulebookVersions.id, city: rulebookVersions.city, effectiveFrom: rulebookVersions.effectiveFrom, rules: rulebookVersions.rules })
    .from(rulebookVersions)
    .orderBy(asc(rulebookVersions.city), asc(rulebookVersions.effectiveFrom));
  const byCity: ByCity = new Map();
  for (const row of rows) byCity.set(row.city, [...(byCity.get(row.city) ?? []), deepFreeze(row)]);
  return byCity;
}

function allVersions(db: Db): Promise<ByCity> {
  const hit = cache.get(db);
  if (hit && performance.now() - hit.loadedAt < CACHE_TTL_MS) return hit.versions;
  const entry = { loadedAt: performance.now(), versions: loadAll(db) };
  cache.set(db, entry);
  // A failed load must not be remembered for 30 s.
  entry.versions.catch(() => cache.get(db) === entry && cache.delete(db));
  return entry.versions;
}

/** Call after committing a change to rulebook_versions, with the handle the service was given. */
export function forgetVersions(db: Db): void {
  cache.delete(db);
}

/** The versions of a city, oldest first; an unknown city is a 404 naming it. */
export async function versionsOf(db: Db, city: string): Promise<RulesInForce[]> {
  const versions = (await allVersions(db)).get(city);
  if (!versions?.length) throw new NotFound('rulebook city', city);
  return versions;
}

/** Every city with a rulebook, with the rules of its newest version (names, zone). */
export async function knownCities(db: Db): Promise<RulesInForce[]> {
  return [...(await allVersions(db)).values()].map((versions) => versions[versions.length - 1]!);
}

/** The version in force on a business date: the latest one effective on or before it. */
export async function rulesOn(db: Db, city: string, date: BusinessDate): Promise<RulesInForce> {
  const versions = await versionsOf(db, city);
  const found = versions.filter((v) => v.effectiveFrom <= date).pop();
  if (!found) {
    throw new Invalid(
      `No ${city} rulebook is in force on ${date}; the first version starts ${versions[0]!.effectiveFrom}`,
      [{ field: 'date', message: `before the first ${city} rulebook version`, rule: 'before_first_version' }],
      'before_first_version',
      { city },
    );
  }
  return found;
}

/** The city's zone. A city does not move, so the newest version's zone holds for all dates. */
export async function timeZoneOf(db: Db, city: string): Promise<string> {
  const versions = await versionsOf(db, city);
  return versions[versions.length - 1]!.rules.city.timeZone;
}

/** The version in force at an instant (its business date in the city's zone). */
export async function rulesFor(db: Db, city: string, instant: Date): Promise<RulesInForce> {
  return rulesOn(db, city, businessDate(instant, await timeZoneOf(db, city)));
}

/** Today in the city, by the injected clock. */
export async function todayIn(db: Db, clock: Clock, city: string): Promise<BusinessDate> {
  return businessDate(clock.now(), await timeZoneOf(db, city));
}

/**
 * For the bill run (issue 5): freeze a version so it can no longer be edited, and return the
 * rules exactly as frozen — read under the same row lock, so a concurrent edit cannot slip in
 * between "which rules" and "lock them". Call with the bill run's transaction handle.
 */
export async function markRulebookUsed(tx: Db, clock: Clock, versionId: number): Promise<Rules> {
  await tx
    .update(rulebookVersions)
    .set({ lockedAt: clock.now() })
    .where(and(eq(rulebookVersions.id, versionId), isNull(rulebookVersions.lockedAt)));
  const [row] = await tx.select({ rules: rulebookVersions.rules }).from(rulebookVersions).where(eq(rulebookVersions.id, versionId));
  if (!row) throw new NotFound('rulebook version', versionId);
  return row.rules;
}

/** The shipped rulebooks apply from this date unless an admin has saved a version of the city. */
export const SHIPPED_EFFECTIVE_FROM = '2000-01-01';

/**
 * Seed each shipped city that has no version yet; idempotent and safe when several instances
 * start at once (the unique (city, effective_from) index turns a lost race into a no-op).
 */
export async function ensureShippedRulebooks(deps: { db: Db; clock: Clock }): Promise<void> {
  for (const rules of Object.values(shippedRulebooks)) {
    await deps.db.transaction(async (tx) => {
      const inserted = await queryRows<{ id: number }>(
        tx,
        sql`INSERT INTO rulebook_versions (city, effective_from, rules, note, created_at)
            SELECT ${rules.city.code}, ${SHIPPED_EFFECTIVE_FROM}::date, ${JSON.stringify(rules)}::jsonb,
                   'shipped rulebook', ${deps.clock.now().toISOString()}::timestamptz
            WHERE NOT EXISTS (SELECT 1 FROM rulebook_versions WHERE city = ${rules.city.code})
            ON CONFLICT DO NOTHING RETURNING id`,
      );
      if (inserted[0]) {
        await writeAudit(tx, deps.clock, systemActor, {
          action: 'rulebook.version.seed',
          entity: 'rulebook_version',
          entityId: inserted[0].id,
          after: { city: rules.city.code, effectiveFrom: SHIPPED_EFFECTIVE_FROM },
        });
      }
    });
  }
  forgetVersions(deps.db);
}
