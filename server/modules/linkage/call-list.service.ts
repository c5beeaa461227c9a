/**
 * Vulnerable households (elderly living alone, disabled, infants, the ill) and the cold-snap call
 * list. A liaison flags a household of their community, always with a note of who consented and
 * how; during a snap the branch's flagged households are phoned (or visited) pre-emptively and
 * each call is tracked to done: who, when, with what outcome.
 *
 * Reach: a liaison their community, a steward their grids (scope or current assignment), a crew
 * lead their crew's grids and branch, office staff their branch. Phones are shown whole here:
 * the people in reach are the ones who must call.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import type { CallView, CompleteCall, FlagHousehold, VulnerableView } from './emergency.contract.ts';

const ids = (xs: number[]) => (xs.length ? sql.join(xs.map((x) => sql`${x}`), sql`, `) : sql`NULL`);

/** The households the actor may work on, as a filter over `c` (compounds) and `bu` (buildings). */
function reachOf(actor: Actor): SQL {
  const branches = scopeIds(actor, 'branch');
  if (hasRole(actor, 'admin', 'clerk', 'dispatcher')) return branches.length ? sql`c.branch_id IN (${ids(branches)})` : sql`true`;
  if (hasRole(actor, 'liaison')) return sql`c.community_id IN (${ids(scopeIds(actor, 'community'))})`;
  if (hasRole(actor, 'steward')) {
    return sql`(bu.grid_id IN (${ids(scopeIds(actor, 'grid'))}) OR bu.grid_id IN (
      SELECT grid_id FROM grid_assignments WHERE (steward_user_id = ${actor.userId} OR deputy_user_id = ${actor.userId}) AND valid_to IS NULL))`;
  }
  if (hasRole(actor, 'crew_lead')) {
    return sql`(bu.grid_id IN (${ids(scopeIds(actor, 'grid'))}) OR c.branch_id IN (${ids(branches)})
      OR bu.grid_id IN (SELECT gr.id FROM grids gr JOIN crews cr ON cr.id = gr.crew_id WHERE cr.lead_user_id = ${actor.userId}))`;
  }
  throw new Forbidden('The call list is for liaisons, stewards, crew leads and the branch office', 'role_not_allowed', { role: actor.role });
}

/** Flagging is the community's call (its liaison) or the branch office's. */
function mayFlag(actor: Actor): boolean {
  return hasRole(actor, 'liaison', 'admin', 'clerk', 'dispatcher');
}

async function householdInReach(db: Db, actor: Actor, householdId: number): Promise<{ branchId: number }> {
  const [h] = await queryRows<{ branchId: number; inReach: boolean }>(
    db,
    sql`SELECT c.branch_id AS "branchId", (${reachOf(actor)}) AS "inReach"
        FROM households h JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id WHERE h.id = ${householdId}`,
  );
  if (!h) throw new NotFound('household', householdId);
  if (!h.inReach) throw new Forbidden('The household is not in your community, grid or branch', 'not_in_reach');
  return h;
}

export async function flagHousehold(deps: Deps, actor: Actor, input: FlagHousehold): Promise<void> {
  if (!mayFlag(actor)) throw new Forbidden('Vulnerable households are flagged by the community’s liaison or the branch office', 'liaison_or_office');
  const { branchId } = await householdInReach(deps.db, actor, input.householdId);
  const consentNote = input.consentNote.trim();
  if (!consentNote) throw new Invalid('Note who consented', [{ field: 'consentNote', message: 'must say who agreed, how and when', rule: 'consent_note' }], 'consent_note_required');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [before] = await queryRows(tx, sql`SELECT * FROM vulnerable_households WHERE household_id = ${input.householdId} FOR UPDATE`);
    const [after] = await queryRows(
      tx,
      sql`INSERT INTO vulnerable_households (household_id, reason, consent_note, contact_phone, note, flagged_by, flagged_at)
          VALUES (${input.householdId}, ${input.reason}, ${consentNote}, ${input.contactPhone ?? null}, ${input.note?.trim() || null}, ${actor.userId}, ${now.toISOString()}::timestamptz)
          ON CONFLICT (household_id) DO UPDATE SET reason = excluded.reason, consent_note = excluded.consent_note, contact_phone = excluded.contact_phone,
            note = excluded.note, flagged_by = excluded.flagged_by, flagged_at = excluded.flagged_at
          RETURNING *`,
    );
    // Flagged during a snap: on today's list at once, not at the next snap.
    await queryRows(
      tx,
      sql`INSERT INTO cold_snap_calls (cold_snap_id, household_id)
          SELECT s.id, ${input.householdId}::int FROM cold_snaps s WHERE s.branch_id = ${branchId} AND (s.ends_at IS NULL OR s.ends_at > ${now.toISOString()}::timestamptz)
          ON CONFLICT DO NOTHING`,
    );
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.vulnerable.flag', entity: 'household', entityId: input.householdId, before: before ?? null, after });
  });
}

export async function unflagHousehold(deps: Deps, actor: Actor, householdId: number): Promise<void> {
  if (!mayFlag(actor)) throw new Forbidden('Vulnerable households are flagged by the community’s liaison or the branch office', 'liaison_or_office');
  await householdInReach(deps.db, actor, householdId);
  await deps.db.transaction(async (tx) => {
    // Calls already made stay on record; pending calls of the household are dropped with the flag.
    await queryRows(tx, sql`DELETE FROM cold_snap_calls WHERE household_id = ${householdId} AND status = 'pending'`);
    const [before] = await queryRows(tx, sql`DELETE FROM vulnerable_households WHERE household_id = ${householdId} RETURNING *`);
    if (!before) throw new NotFound('vulnerable household', householdId);
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.vulnerable.unflag', entity: 'household', entityId: householdId, before, after: null });
  });
}

const householdCols = sql`h.id AS "householdId", h.account_no AS "accountNo", c.name || ' ' || bu.name || ' ' || h.room AS address, h.holder_name AS "holderName"`;

export async function listVulnerable(deps: Deps, actor: Actor): Promise<VulnerableView[]> {
  const rows = await queryRows<VulnerableView & { flaggedAt: Date | string }>(
    deps.db,
    sql`SELECT ${householdCols}, coalesce(v.contact_phone, h.phone) AS phone, v.reason, v.consent_note AS "consentNote", v.note,
               u.name AS "flaggedBy", v.flagged_at AS "flaggedAt"
        FROM vulnerable_households v JOIN households h ON h.id = v.household_id JOIN buildings bu ON bu.id = h.building_id
        JOIN compounds c ON c.id = bu.compound_id JOIN users u ON u.id = v.flagged_by
        WHERE ${reachOf(actor)} ORDER BY c.name, bu.name, h.room LIMIT 2000`,
  );
  return rows.map((r) => ({ ...r, flaggedAt: new Date(r.flaggedAt).toISOString() }));
}

/** The calls of the snaps on now (or of one snap, for the office), pending first. */
export async function listCalls(deps: Deps, actor: Actor, q: { coldSnapId?: number | undefined }): Promise<CallView[]> {
  const now = deps.clock.now().toISOString();
  const which = q.coldSnapId !== undefined ? sql`s.id = ${q.coldSnapId}` : sql`s.starts_at <= ${now}::timestamptz AND (s.ends_at IS NULL OR s.ends_at > ${now}::timestamptz)`;
  const rows = await queryRows<CallView & { doneAt: Date | string | null }>(
    deps.db,
    sql`SELECT k.cold_snap_id AS "coldSnapId", ${householdCols}, coalesce(v.contact_phone, h.phone) AS phone, coalesce(v.reason, 'other') AS reason, v.note,
               k.status, k.outcome, u.name AS "doneBy", k.done_at AS "doneAt"
        FROM cold_snap_calls k JOIN cold_snaps s ON s.id = k.cold_snap_id JOIN households h ON h.id = k.household_id
        JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id
        LEFT JOIN vulnerable_households v ON v.household_id = k.household_id LEFT JOIN users u ON u.id = k.done_by
        WHERE ${which} AND ${reachOf(actor)}
        ORDER BY k.status DESC, c.name, bu.name, h.room LIMIT 2000`,
  );
  return rows.map((r) => ({ ...r, doneAt: r.doneAt === null ? null : new Date(r.doneAt).toISOString() }));
}

export async function completeCall(deps: Deps, actor: Actor, snapId: number, householdId: number, input: CompleteCall): Promise<CallView> {
  await householdInReach(deps.db, actor, householdId);
  const outcome = input.outcome.trim();
  if (!outcome) throw new Invalid('Say how the call went', [{ field: 'outcome', message: 'must not be blank', rule: 'required' }], 'outcome_required');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [call] = await queryRows<{ status: string }>(tx, sql`SELECT status FROM cold_snap_calls WHERE cold_snap_id = ${snapId} AND household_id = ${householdId} FOR UPDATE`);
    if (!call) throw new NotFound('call', `${snapId}/${householdId}`);
    if (call.status === 'done') throw new Conflict('This call is marked done already', undefined, 'call_done');
    const [after] = await queryRows(
      tx,
      sql`UPDATE cold_snap_calls SET status = 'done', outcome = ${outcome}, done_by = ${actor.userId}, done_at = ${now.toISOString()}::timestamptz
          WHERE cold_snap_id = ${snapId} AND household_id = ${householdId} RETURNING *`,
    );
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.cold_snap.call', entity: 'cold_snap_call', entityId: `${snapId}/${householdId}`, before: { status: 'pending' }, after });
  });
  const [view] = (await listCalls(deps, actor, { coldSnapId: snapId })).filter((c) => c.householdId === householdId);
  return view!;
}
