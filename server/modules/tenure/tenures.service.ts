import { asc, eq, inArray } from 'drizzle-orm';
import { scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, Invalid, type ProblemParams } from '../../kernel/errors.ts';
import { branches, compounds } from '../registry/index.ts';
import { assertCanManageTenures, assertCompoundVisible, loadCompound, type CompoundRef } from './access.ts';
import { cityCalendar, cityDay } from './calendar.ts';
import { recordModeChanges, type ModeChange } from './mode-events.ts';
import { covers } from './service-mode.ts';
import type { CreateTenure, EndTenure, MyCompoundsView, TenureView, TenureWriteResult, UpdateTenure } from './tenure.contract.ts';
import { overlapProblem, tenureProblems, type ExistingTenure, type TenureDraft } from './tenure.checks.ts';
import { propertyCompanies, tenures } from './tenure.schema.ts';
import { tenuresOf, tenureView, toTenureView, withCompany } from './tenure.read.ts';

/*
 * Tenures per compound: list, create, change the end date (or agent flag, note), end.
 */

export async function listTenures(deps: Deps, actor: Actor, compoundId: number): Promise<TenureView[]> {
  const compound = await loadCompound(deps.db, compoundId);
  const { today } = await cityDay(deps.db, deps.clock, compound.city);
  await assertCompoundVisible(deps.db, actor, compound, today);
  return tenuresOf(deps.db, compoundId);
}

function toModeChangeViews(events: ModeChange[]): TenureWriteResult['modeChanges'] {
  return events.map((e) => ({ id: e.id, compoundId: e.compoundId, effectiveOn: e.effectiveOn, fromMode: e.fromMode, toMode: e.toMode, reason: e.reason }));
}

/**
 * The one write path: rule checks, then under a row lock on the compound (so two concurrent
 * writes cannot both pass the overlap check) the overlap check, the write, the mode events it
 * implies and the audit row — all in one transaction.
 */
async function writeTenure(
  deps: Deps,
  actor: Actor,
  compound: CompoundRef,
  draft: TenureDraft & { note: string | null },
  change: { action: 'tenure.create' | 'tenure.update' | 'tenure.end'; before?: TenureView },
): Promise<TenureWriteResult> {
  const { today, rules } = await cityDay(deps.db, deps.clock, compound.city);
  const problems = tenureProblems(draft, rules.tenure.emergencyManagerMaxMonths);
  if (draft.propertyCompanyId !== null) {
    const [company] = await deps.db.select({ id: propertyCompanies.id }).from(propertyCompanies).where(eq(propertyCompanies.id, draft.propertyCompanyId));
    if (!company) problems.push({ field: 'propertyCompanyId', message: `property company ${draft.propertyCompanyId} does not exist`, rule: 'unknown_ref' });
  }
  if (problems.length) throw new Invalid(`The tenure is not valid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems, 'invalid_tenure');

  const { id, events } = await deps.db.transaction(async (tx) => {
    await loadCompound(tx, compound.id, { lock: true });
    const others = await tx
      .select({ id: tenures.id, startsOn: tenures.startsOn, endsOn: tenures.endsOn, kind: tenures.kind, companyName: propertyCompanies.name })
      .from(tenures)
      .leftJoin(propertyCompanies, eq(propertyCompanies.id, tenures.propertyCompanyId))
      .where(eq(tenures.compoundId, compound.id));
    const overlap = overlapProblem(others satisfies ExistingTenure[], draft, change.before?.id);
    if (overlap) throw new Invalid(`The tenure overlaps another one: ${overlap.message}`, [overlap], 'tenure_overlap', overlap.params as ProblemParams);
    const values = { ...draft, compoundId: compound.id };
    const [row] = change.before
      ? await tx.update(tenures).set(values).where(eq(tenures.id, change.before.id)).returning()
      : await tx.insert(tenures).values({ ...values, createdAt: deps.clock.now() }).returning();
    const events = await recordModeChanges(tx, deps.clock, compound.id, today);
    await writeAudit(tx, deps.clock, actor, {
      action: change.action,
      entity: 'tenure',
      entityId: row!.id,
      before: change.before ?? null,
      after: { ...row, modeChanges: toModeChangeViews(events) },
    });
    return { id: row!.id, events };
  });
  return { tenure: await tenureView(deps.db, id), modeChanges: toModeChangeViews(events) };
}

export async function createTenure(deps: Deps, actor: Actor, compoundId: number, input: CreateTenure): Promise<TenureWriteResult> {
  const compound = await loadCompound(deps.db, compoundId);
  assertCanManageTenures(actor, compound);
  const draft = {
    kind: input.kind,
    propertyCompanyId: input.propertyCompanyId ?? null,
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
    collectsAsAgent: input.collectsAsAgent ?? false,
    note: input.note ?? null,
  };
  return writeTenure(deps, actor, compound, draft, { action: 'tenure.create' });
}

async function existing(deps: Deps, actor: Actor, tenureId: number): Promise<{ before: TenureView; compound: CompoundRef }> {
  const before = await tenureView(deps.db, tenureId);
  const compound = await loadCompound(deps.db, before.compoundId);
  assertCanManageTenures(actor, compound);
  return { before, compound };
}

function draftOf(t: TenureView): TenureDraft & { note: string | null } {
  return { kind: t.kind, propertyCompanyId: t.propertyCompany?.id ?? null, startsOn: t.startsOn, endsOn: t.endsOn, collectsAsAgent: t.collectsAsAgent, note: t.note };
}

/** Change the end date (null re-opens it), the agent flag or the note; every rule is checked again. */
export async function updateTenure(deps: Deps, actor: Actor, tenureId: number, input: UpdateTenure): Promise<TenureWriteResult> {
  const { before, compound } = await existing(deps, actor, tenureId);
  const draft = {
    ...draftOf(before),
    ...(input.endsOn !== undefined && { endsOn: input.endsOn }),
    ...(input.collectsAsAgent !== undefined && { collectsAsAgent: input.collectsAsAgent }),
    ...(input.note !== undefined && { note: input.note }),
  };
  return writeTenure(deps, actor, compound, draft, { action: 'tenure.update', before });
}

/** The company leaves: the tenure ends on the given day (default today), never later than planned. */
export async function endTenure(deps: Deps, actor: Actor, tenureId: number, input: EndTenure): Promise<TenureWriteResult> {
  const { before, compound } = await existing(deps, actor, tenureId);
  const endsOn: BusinessDate = input.endsOn ?? (await cityDay(deps.db, deps.clock, compound.city)).today;
  if (before.endsOn !== null && endsOn > before.endsOn) {
    throw new Invalid(
      `Ending a tenure cannot extend it: it already ends ${before.endsOn}`,
      [{ field: 'endsOn', message: `must be on or before ${before.endsOn}; change the end date to extend a tenure`, rule: 'end_cannot_extend', params: { endsOn: before.endsOn } }],
      'invalid_tenure',
    );
  }
  return writeTenure(deps, actor, compound, { ...draftOf(before), endsOn }, { action: 'tenure.end', before });
}


/** A property manager's compounds today: those where one of their companies is in tenure. */
export async function myCompounds(deps: Deps, actor: Actor): Promise<MyCompoundsView> {
  if (actor.role !== 'property_manager') throw new Forbidden('This list is for property managers', 'role_not_allowed', { role: actor.role });
  const companyIds = scopeIds(actor, 'property_company');
  if (!companyIds.length) return { items: [] };
  const todayIn = new Map((await cityCalendar(deps.db, deps.clock)).map((d) => [d.city, d.today]));
  const rows = await deps.db
    .select({ ...withCompany, compoundName: compounds.name, address: compounds.address, city: branches.city })
    .from(tenures)
    .innerJoin(compounds, eq(compounds.id, tenures.compoundId))
    .innerJoin(branches, eq(branches.id, compounds.branchId))
    .leftJoin(propertyCompanies, eq(propertyCompanies.id, tenures.propertyCompanyId))
    .where(inArray(tenures.propertyCompanyId, companyIds))
    .orderBy(asc(compounds.name));
  return {
    items: rows
      .filter((r) => todayIn.has(r.city) && covers(r.tenure, todayIn.get(r.city)!))
      .map((r) => ({ compoundId: r.tenure.compoundId, compoundName: r.compoundName, address: r.address, tenure: toTenureView(r.tenure, r.company) })),
  };
}
