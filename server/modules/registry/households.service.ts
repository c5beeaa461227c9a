import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { PagedOf } from '../../kernel/contract.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState } from '../../kernel/errors.ts';
import { roomName } from './address.ts';
import { householdColumns, householdFrom, householdVisible, householdWhere, toHouseholdViews, type HouseholdRow } from './households.view.ts';
import type { CreateHousehold, HouseholdListQuery, HouseholdView, PatchHousehold } from './registry.contract.ts';
import { households } from './registry.schema.ts';
import { assertBranchWritable, reachOf, writableBranches, type ScopeGrant } from './scope.ts';

/** 8550 cm2 → "85.50": the numeric(10,2) text PostgreSQL stores exactly, with no float on the way. */
export function cm2ToM2(cm2: number): string {
  return `${Math.trunc(cm2 / 100)}.${String(cm2 % 100).padStart(2, '0')}`;
}

export async function listHouseholds(deps: Deps, actor: Actor, query: HouseholdListQuery, grant?: ScopeGrant): Promise<PagedOf<HouseholdView>> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const where = householdWhere(reachOf(actor, grant), query);
  const [rows, [total]] = await Promise.all([
    queryRows<HouseholdRow>(
      deps.db,
      sql`SELECT ${householdColumns} ${householdFrom} WHERE ${where} ORDER BY h.account_no LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    ),
    queryRows<{ n: number }>(deps.db, sql`SELECT count(*)::int AS n ${householdFrom} WHERE ${where}`),
  ]);
  return { items: await toHouseholdViews(deps, actor, rows), total: total?.n ?? 0, page, pageSize };
}

async function viewOf(deps: Deps, actor: Actor, row: HouseholdRow): Promise<HouseholdView> {
  return (await toHouseholdViews(deps, actor, [row]))[0]!;
}

async function loadHousehold(db: Db, id: number, visible?: SQL): Promise<HouseholdRow | undefined> {
  const [row] = await queryRows<HouseholdRow>(db, sql`SELECT ${householdColumns} ${householdFrom} WHERE h.id = ${id} ${visible ? sql`AND ${visible}` : sql``}`);
  return row;
}

export async function getHousehold(deps: Deps, actor: Actor, id: number, grant?: ScopeGrant): Promise<HouseholdView> {
  const row = await loadHousehold(deps.db, id, householdVisible(reachOf(actor, grant)));
  if (row) return viewOf(deps, actor, row);
  if (await loadHousehold(deps.db, id)) throw new Forbidden('This household is outside your scope', 'outside_scope');
  throw new NotFound('household', id);
}

/** The building and branch an entrance is in; a household is placed by its entrance. */
async function placeOfEntrance(db: Db, entranceId: number): Promise<{ buildingId: number; branchId: number }> {
  const [place] = await queryRows<{ buildingId: number; branchId: number }>(
    db,
    sql`SELECT b.id AS "buildingId", c.branch_id AS "branchId"
        FROM entrances e JOIN buildings b ON b.id = e.building_id JOIN compounds c ON c.id = b.compound_id
        WHERE e.id = ${entranceId}`,
  );
  if (!place) throw new Invalid('The household is not valid', [{ field: 'entranceId', message: `entrance ${entranceId} does not exist`, rule: 'unknown_ref', params: { entity: 'entrance', id: entranceId } }], 'unknown_entrance', { id: entranceId });
  return place;
}

function checkAreas(gross: number | undefined, interior: number | null | undefined): void {
  if (gross !== undefined && typeof interior === 'number' && interior > gross) {
    throw new Invalid('The household is not valid', [{ field: 'interiorAreaCm2', message: 'cannot exceed the gross area', rule: 'exceeds_gross_area' }], 'interior_exceeds_gross');
  }
}

function duplicateAccount(err: unknown): never {
  if (sqlState(err) === '23505') {
    throw new Conflict('That account number already exists', [{ field: 'accountNo', message: 'already taken', rule: 'duplicate' }], 'duplicate');
  }
  throw err;
}

export async function createHousehold(deps: Deps, actor: Actor, input: CreateHousehold): Promise<HouseholdView> {
  writableBranches(actor);
  checkAreas(input.grossAreaCm2, input.interiorAreaCm2);
  const place = await placeOfEntrance(deps.db, input.entranceId);
  assertBranchWritable(actor, place.branchId);
  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(households)
        .values({
          accountNo: input.accountNo,
          entranceId: input.entranceId,
          buildingId: place.buildingId,
          room: roomName(input.room),
          holderName: input.holderName,
          phone: input.phone ?? null,
          grossAreaM2: cm2ToM2(input.grossAreaCm2),
          interiorAreaM2: typeof input.interiorAreaCm2 === 'number' ? cm2ToM2(input.interiorAreaCm2) : null,
          customerType: input.customerType ?? 'residential',
          status: input.status ?? 'heating',
          hasHeatMeter: input.hasHeatMeter ?? false,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await writeAudit(tx, deps.clock, actor, { action: 'household.create', entity: 'household', entityId: row!.id, after: row });
      return row!.id;
    });
    return viewOf(deps, actor, (await loadHousehold(deps.db, id))!);
  } catch (err) {
    duplicateAccount(err);
  }
}

export async function patchHousehold(deps: Deps, actor: Actor, id: number, input: PatchHousehold): Promise<HouseholdView> {
  writableBranches(actor);
  const [before] = await deps.db.select().from(households).where(eq(households.id, id));
  if (!before) throw new NotFound('household', id);
  const current = (await loadHousehold(deps.db, id))!;
  assertBranchWritable(actor, current.branchId);
  const moveTo = input.entranceId !== undefined && input.entranceId !== before.entranceId ? await placeOfEntrance(deps.db, input.entranceId) : undefined;
  if (moveTo) assertBranchWritable(actor, moveTo.branchId);
  const interior = input.interiorAreaCm2 !== undefined ? input.interiorAreaCm2 : current.interiorAreaCm2;
  checkAreas(input.grossAreaCm2 ?? current.grossAreaCm2, interior);
  await deps.db.transaction(async (tx) => {
    const [after] = await tx
      .update(households)
      .set({
        ...(moveTo && { entranceId: input.entranceId!, buildingId: moveTo.buildingId }),
        ...(input.room !== undefined && { room: roomName(input.room) }),
        ...(input.holderName !== undefined && { holderName: input.holderName }),
        ...(input.phone !== undefined && { phone: input.phone }),
        ...(input.grossAreaCm2 !== undefined && { grossAreaM2: cm2ToM2(input.grossAreaCm2) }),
        ...(input.interiorAreaCm2 !== undefined && { interiorAreaM2: input.interiorAreaCm2 === null ? null : cm2ToM2(input.interiorAreaCm2) }),
        ...(input.customerType !== undefined && { customerType: input.customerType }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.hasHeatMeter !== undefined && { hasHeatMeter: input.hasHeatMeter }),
        updatedAt: deps.clock.now(),
      })
      .where(eq(households.id, id))
      .returning();
    await writeAudit(tx, deps.clock, actor, { action: 'household.update', entity: 'household', entityId: id, before, after });
  });
  return viewOf(deps, actor, (await loadHousehold(deps.db, id))!);
}

/** Where a household sits, for modules that route work by grid, compound or station. */
export interface HouseholdContext {
  householdId: number;
  accountNo: string;
  status: HouseholdView['status'];
  entranceId: number;
  buildingId: number;
  gridId: number;
  compoundId: number;
  communityId: number;
  branchId: number;
  stationId: number | null;
  /** Rulebook city of the household's branch. */
  city: string;
}

/** More columns a module wants in the same query: SQL over h, b, c, br (households, buildings, compounds, branches). */
export interface ContextExtra {
  columns: SQL;
  joins?: SQL;
}

function contextSql(where: SQL, extra?: ContextExtra): SQL {
  return sql`SELECT h.id AS "householdId", h.account_no AS "accountNo", h.status, h.entrance_id AS "entranceId",
               b.id AS "buildingId", b.grid_id AS "gridId", c.id AS "compoundId", c.community_id AS "communityId",
               c.branch_id AS "branchId", b.station_id AS "stationId", br.city${extra ? sql`, ${extra.columns}` : sql``}
        FROM households h JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id
        JOIN branches br ON br.id = c.branch_id ${extra?.joins ?? sql``}
        WHERE ${where}`;
}

async function contextWhere(db: Db, where: SQL): Promise<HouseholdContext | null> {
  const [row] = await queryRows<HouseholdContext>(db, contextSql(where));
  return row ?? null;
}

export function householdContext(db: Db, householdId: number): Promise<HouseholdContext | null> {
  return contextWhere(db, sql`h.id = ${householdId}`);
}

/**
 * The context query with what a hot path needs around it (repairs: the owner on duty, the SLA
 * profile in force), for that path to run in one round trip as a QueryShape: `householdId` is
 * the household's id or a placeholder.
 */
export function householdContextSql(householdId: SQL, extra: ContextExtra): SQL {
  return contextSql(sql`h.id = ${householdId}`, extra);
}

/** The public steward lookup's entry: one unique-index probe on the account number. */
export function findHouseholdByAccountNo(db: Db, accountNo: string): Promise<HouseholdContext | null> {
  return contextWhere(db, sql`h.account_no = ${accountNo.trim()}`);
}
