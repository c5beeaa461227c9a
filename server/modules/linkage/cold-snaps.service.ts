/**
 * Cold-snap surge mode (寒潮): a branch-wide switch the office turns on when a cold wave comes
 * and off when it passes. While it is on, the temperature module boosts patrols (it reads
 * `cold_snaps` itself), the repairs module opens requests on the `coldSnap` SLA profile, and the
 * branch's vulnerable households make the snap's call list (drawn when it is switched on; a
 * household flagged during the snap joins it at once).
 *
 * At most one snap of a branch is open (a partial unique index), and snaps of a branch never
 * overlap: the check runs under a lock on the branch row.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { scopeIds } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState } from '../../kernel/errors.ts';
import type { ColdSnapView, StartColdSnap } from './emergency.contract.ts';
import { isBranchStaff } from './groups.service.ts';

/** Whether the branch is in a cold snap at the instant: the one question other modules ask. */
export async function coldSnapActive(db: Db, branchId: number, at: Date): Promise<boolean> {
  const [row] = await queryRows<{ on: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM cold_snaps WHERE branch_id = ${branchId} AND starts_at <= ${at.toISOString()}::timestamptz
                       AND (ends_at IS NULL OR ends_at > ${at.toISOString()}::timestamptz)) AS on`,
  );
  return row!.on;
}

function assertOffice(actor: Actor, branchId: number): void {
  if (!isBranchStaff(actor, branchId)) throw new Forbidden('Cold-snap mode is switched by the office staff of the branch', 'branch_office_only');
}

/** Slack for a browser clock a little behind the server's. */
const PAST_SLACK_MS = 5 * 60_000;

export async function startColdSnap(deps: Deps, actor: Actor, input: StartColdSnap): Promise<number> {
  const [branch] = await queryRows<{ id: number }>(deps.db, sql`SELECT id FROM branches WHERE id = ${input.branchId}`);
  if (!branch) throw new NotFound('branch', input.branchId);
  assertOffice(actor, input.branchId);
  const now = deps.clock.now();
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  const note = input.note.trim();
  const problems = [
    ...(!note ? [{ field: 'note', message: 'must not be blank', rule: 'required' }] : []),
    // Requests opened before the switch keep the SLA they were given: no back-dating.
    ...(startsAt.getTime() < now.getTime() - PAST_SLACK_MS ? [{ field: 'startsAt', message: `is in the past (now ${now.toISOString()})`, rule: 'in_past_time' }] : []),
  ];
  if (problems.length) throw new Invalid('The cold snap cannot be switched on', problems, 'invalid_cold_snap');
  try {
    return await deps.db.transaction(async (tx) => {
      await queryRows(tx, sql`SELECT id FROM branches WHERE id = ${input.branchId} FOR UPDATE`);
      const [open] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM cold_snaps WHERE branch_id = ${input.branchId} AND (ends_at IS NULL OR ends_at > ${startsAt.toISOString()}::timestamptz)`);
      if (open) throw new Conflict(`Cold snap #${open.id} of the branch is on (or planned) already`, { coldSnapId: open.id }, 'cold_snap_on', { coldSnapId: open.id });
      const [row] = await queryRows<{ id: number }>(
        tx,
        sql`INSERT INTO cold_snaps (branch_id, starts_at, note, created_by, created_at)
            VALUES (${input.branchId}, ${startsAt.toISOString()}::timestamptz, ${note}, ${actor.userId}, ${now.toISOString()}::timestamptz) RETURNING id`,
      );
      const calls = await queryRows<{ householdId: number }>(
        tx,
        sql`INSERT INTO cold_snap_calls (cold_snap_id, household_id)
            SELECT ${row!.id}, v.household_id FROM vulnerable_households v JOIN households h ON h.id = v.household_id
              JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id
            WHERE c.branch_id = ${input.branchId}
            RETURNING household_id AS "householdId"`,
      );
      await writeAudit(tx, deps.clock, actor, { action: 'linkage.cold_snap.start', entity: 'cold_snap', entityId: row!.id, after: { branchId: input.branchId, startsAt, note, calls: calls.length } });
      return row!.id;
    });
  } catch (err) {
    if (sqlState(err) === '23505') throw new Conflict('A cold snap of the branch is on already', undefined, 'cold_snap_on');
    throw err;
  }
}

/** Switch it off now (a planned snap that has not started yet ends before it began: refused). */
export async function endColdSnap(deps: Deps, actor: Actor, id: number): Promise<void> {
  const snap = await loadSnap(deps.db, id);
  assertOffice(actor, snap.branchId);
  const now = deps.clock.now();
  if (snap.endsAt !== null) throw new Conflict('The cold snap is switched off already', { endsAt: snap.endsAt }, 'cold_snap_over');
  if (new Date(snap.startsAt) > now) throw new Invalid('The cold snap has not started yet', [{ field: 'endsAt', message: `would be before the start (${new Date(snap.startsAt).toISOString()})`, rule: 'not_started_yet' }], 'cold_snap_not_started');
  await deps.db.transaction(async (tx) => {
    const [after] = await queryRows(tx, sql`UPDATE cold_snaps SET ends_at = ${now.toISOString()}::timestamptz WHERE id = ${id} AND ends_at IS NULL RETURNING id`);
    if (!after) throw new Conflict('The cold snap is switched off already', undefined, 'cold_snap_over');
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.cold_snap.end', entity: 'cold_snap', entityId: id, before: { endsAt: null }, after: { endsAt: now } });
  });
}

interface SnapRow {
  id: number;
  branchId: number;
  startsAt: string | Date;
  endsAt: string | Date | null;
  note: string;
  createdAt: string | Date;
  total: number;
  done: number;
}

const snapSelect = sql`
  SELECT s.id, s.branch_id AS "branchId", s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.note, s.created_at AS "createdAt",
         (SELECT count(*)::int FROM cold_snap_calls k WHERE k.cold_snap_id = s.id) AS total,
         (SELECT count(*)::int FROM cold_snap_calls k WHERE k.cold_snap_id = s.id AND k.status = 'done') AS done
  FROM cold_snaps s`;

async function loadSnap(db: Db, id: number): Promise<SnapRow> {
  const [row] = await queryRows<SnapRow>(db, sql`${snapSelect} WHERE s.id = ${id}`);
  if (!row) throw new NotFound('cold snap', id);
  return row;
}

function snapView(s: SnapRow, now: Date): ColdSnapView {
  const startsAt = new Date(s.startsAt);
  const endsAt = s.endsAt === null ? null : new Date(s.endsAt);
  return {
    id: s.id,
    branchId: s.branchId,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt?.toISOString() ?? null,
    note: s.note,
    active: startsAt <= now && (endsAt === null || endsAt > now),
    calls: { total: s.total, done: s.done },
    createdAt: new Date(s.createdAt).toISOString(),
  };
}

export async function coldSnapView(deps: Deps, actor: Actor, id: number): Promise<ColdSnapView> {
  const snap = await loadSnap(deps.db, id);
  assertOffice(actor, snap.branchId);
  return snapView(snap, deps.clock.now());
}

/** The branch's snaps, newest first (office staff; a company-wide account sees every branch's). */
export async function listColdSnaps(deps: Deps, actor: Actor, q: { branchId?: number | undefined }): Promise<ColdSnapView[]> {
  if (q.branchId !== undefined) assertOffice(actor, q.branchId);
  const scoped = scopeIds(actor, 'branch');
  const where = q.branchId !== undefined ? sql`s.branch_id = ${q.branchId}` : scoped.length ? sql`s.branch_id IN (${sql.join(scoped.map((b) => sql`${b}`), sql`, `)})` : sql`true`;
  const rows = await queryRows<SnapRow>(deps.db, sql`${snapSelect} WHERE ${where} ORDER BY s.starts_at DESC LIMIT 200`);
  return rows.map((r) => snapView(r, deps.clock.now()));
}
