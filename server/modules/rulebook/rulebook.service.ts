/**
 * Changing the rulebook: admins add versions (whole rulebooks, or "current rules + a season
 * extension") and edit versions no bill has used. Each change is audited in its transaction.
 *
 * A version never takes effect before today: bills and reductions already computed used the
 * rules in force then, and must stay explainable. A version used by a bill run is locked and can
 * only be superseded by a later one.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState, type FieldProblem } from '../../kernel/errors.ts';
import type { NewVersion, SeasonExtension, VersionPatch, VersionView } from './rulebook.api.contract.ts';
import type { Rules, SeasonOverride } from './rulebook.contract.ts';
import { seasonStartYear, validateRules } from './rulebook.calc.ts';
import { asDomain } from './rulebook.errors.ts';
import { listVersions } from './rulebook.read.ts';
import { rulebookVersions, type RulebookVersionRow } from './rulebook.schema.ts';
import { forgetVersions, todayIn } from './rulebook.store.ts';

function checkAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden('Only an administrator changes the rulebook', 'admin_only');
}

/** validateRules plus "the rules are this city's", with fields named as in the request body. */
function checkRules(city: string, rules: Rules, fieldOf = (f: string) => `rules.${f}`): void {
  const problems: FieldProblem[] = validateRules(rules).map((p) => ({ ...p, field: fieldOf(p.field) }));
  if (rules.city.code !== city) problems.push({ field: fieldOf('city.code'), message: `must be "${city}", the city in the address`, rule: 'other_city', params: { city } });
  if (problems.length) {
    throw new Invalid(`The rulebook has ${problems.length} problem(s): ${problems.map((p) => p.field).join(', ')}`, problems, 'invalid_rules');
  }
}

async function checkNotPast(deps: Deps, city: string, effectiveFrom: string): Promise<void> {
  const today = await todayIn(deps.db, deps.clock, city);
  if (effectiveFrom < today) {
    throw new Invalid(
      `A version cannot take effect before today (${today}): bills and reductions already computed used the rules in force then`,
      [{ field: 'effectiveFrom', message: `must be ${today} or later`, rule: 'in_past', params: { today } }],
      'effective_in_past',
      { today },
    );
  }
}

/** Two versions of a city on one day would make "the version in force" a guess. */
function duplicateDay(err: unknown, city: string, effectiveFrom: string): never {
  if (sqlState(err) === '23505') {
    throw new Conflict(
      `A ${city} version effective ${effectiveFrom} already exists: choose another day, or edit that version if no bill has used it`,
      [{ field: 'effectiveFrom', message: 'another version starts that day', rule: 'version_exists' }],
      'version_exists',
      { effectiveFrom },
    );
  }
  throw err;
}

interface Insert {
  city: string;
  effectiveFrom: string;
  rules: Rules;
  note: string;
  audit: { action: string; input?: unknown };
}

async function insertVersion(deps: Deps, tx: Db, actor: Actor, v: Insert): Promise<RulebookVersionRow> {
  const [row] = await tx
    .insert(rulebookVersions)
    .values({ city: v.city, effectiveFrom: v.effectiveFrom, rules: v.rules, note: v.note, createdBy: actor.userId, createdAt: deps.clock.now() })
    .returning();
  await writeAudit(tx, deps.clock, actor, {
    action: v.audit.action,
    entity: 'rulebook_version',
    entityId: row!.id,
    after: { city: v.city, effectiveFrom: v.effectiveFrom, note: v.note, ...(v.audit.input !== undefined && { input: v.audit.input }), rules: v.rules },
  });
  return row!;
}

/** A written version as the history shows it (in force or not, what changed, by whom). */
async function viewOf(deps: Deps, row: RulebookVersionRow): Promise<VersionView> {
  return (await listVersions(deps.db, deps.clock, row.city)).find((v) => v.id === row.id)!;
}

/** The city's versions, read in the transaction (not the cache): writes decide on live rows. */
async function versionsIn(tx: Db, city: string): Promise<RulebookVersionRow[]> {
  const rows = await tx.select().from(rulebookVersions).where(eq(rulebookVersions.city, city)).orderBy(asc(rulebookVersions.effectiveFrom));
  if (!rows.length) throw new NotFound('rulebook city', city);
  return rows;
}

export async function createVersion(deps: Deps, actor: Actor, city: string, input: NewVersion): Promise<VersionView> {
  checkAdmin(actor);
  await versionsIn(deps.db, city);
  checkRules(city, input.rules);
  await checkNotPast(deps, city, input.effectiveFrom);
  try {
    const row = await deps.db.transaction((tx) => insertVersion(deps, tx, actor, { city, ...input, audit: { action: 'rulebook.version.create' } }));
    forgetVersions(deps.db);
    return await viewOf(deps, row);
  } catch (err) {
    duplicateDay(err, city, input.effectiveFrom);
  }
}

export async function updateVersion(deps: Deps, actor: Actor, city: string, id: number, patch: VersionPatch): Promise<VersionView> {
  checkAdmin(actor);
  if (patch.rules) checkRules(city, patch.rules);
  if (patch.effectiveFrom) await checkNotPast(deps, city, patch.effectiveFrom);
  const effectiveFrom = patch.effectiveFrom;
  try {
    const row = await deps.db.transaction(async (tx) => {
      // The row lock orders this edit against a bill run locking the version.
      const [old] = await tx.select().from(rulebookVersions).where(and(eq(rulebookVersions.id, id), eq(rulebookVersions.city, city))).for('update');
      if (!old) throw new NotFound('rulebook version', id);
      if (old.lockedAt) {
        throw new Conflict(
          `Version ${id} was used by a bill run on ${old.lockedAt.toISOString()}: it cannot be edited, only superseded by a new version`,
          { versionId: id, lockedAt: old.lockedAt.toISOString() },
          'version_locked',
        );
      }
      const [row] = await tx
        .update(rulebookVersions)
        .set({ ...(effectiveFrom && { effectiveFrom }), ...(patch.rules && { rules: patch.rules }), ...(patch.note && { note: patch.note }) })
        .where(eq(rulebookVersions.id, id))
        .returning();
      await writeAudit(tx, deps.clock, actor, { action: 'rulebook.version.update', entity: 'rulebook_version', entityId: id, before: old, after: row });
      return row!;
    });
    forgetVersions(deps.db);
    return await viewOf(deps, row);
  } catch (err) {
    duplicateDay(err, city, effectiveFrom ?? '');
  }
}

/** The extension's own problems name the request fields (season, end); the rest are rules.*. */
function extensionField(index: number) {
  const own = `season.overrides[${index}]`;
  return (field: string) => (field.startsWith(own) ? (field.endsWith('.season') ? 'season' : 'end') : `rules.${field}`);
}

/**
 * "Extend 2026-27 to 2027-03-22 from today": a new version copying the rules in force on its
 * effective date, with that season's end overridden (its start override, if any, is kept).
 */
export async function extendSeason(deps: Deps, actor: Actor, city: string, input: SeasonExtension): Promise<VersionView> {
  checkAdmin(actor);
  asDomain(() => seasonStartYear(input.season));
  const effectiveFrom = input.effectiveFrom ?? (await todayIn(deps.db, deps.clock, city));
  await checkNotPast(deps, city, effectiveFrom);
  try {
    const row = await deps.db.transaction(async (tx) => {
      const rows = await versionsIn(tx, city);
      const later = rows.find((r) => r.effectiveFrom > effectiveFrom);
      if (later) {
        // The later version would silently drop the extension from its date on.
        throw new Conflict(
          `Version ${later.id} takes effect ${later.effectiveFrom}, after ${effectiveFrom}: extend from that date, or edit that version`,
          [{ field: 'effectiveFrom', message: `must be on or after ${later.effectiveFrom}`, rule: 'before_later_version', params: { effectiveFrom: later.effectiveFrom } }],
          'later_version_exists',
          { effectiveFrom: later.effectiveFrom },
        );
      }
      const base = rows.filter((r) => r.effectiveFrom <= effectiveFrom).pop();
      if (!base) throw new Invalid(`No ${city} rulebook is in force on ${effectiveFrom}`, [{ field: 'effectiveFrom', message: 'before the first version', rule: 'before_first_version' }], 'before_first_version', { city });
      const old = base.rules.season.overrides.find((o) => o.season === input.season);
      const override: SeasonOverride = { season: input.season, ...(old?.start && { start: old.start }), end: input.end, reason: input.reason };
      const overrides = [...base.rules.season.overrides.filter((o) => o.season !== input.season), override].sort((a, b) => a.season.localeCompare(b.season));
      const rules: Rules = { ...base.rules, season: { ...base.rules.season, overrides } };
      checkRules(city, rules, extensionField(overrides.indexOf(override)));
      const note = `${input.season} → ${input.end}: ${input.reason}`;
      return insertVersion(deps, tx, actor, { city, effectiveFrom, rules, note, audit: { action: 'rulebook.season.extend', input } });
    });
    forgetVersions(deps.db);
    return await viewOf(deps, row);
  } catch (err) {
    duplicateDay(err, city, effectiveFrom);
  }
}
