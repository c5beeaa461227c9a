/**
 * Valve tasks (关阀 / 复开) for the steward of the household's grid. A close task comes after the
 * rulebook's number of reminders; a payment that clears the season's bill cancels a close task
 * not yet done, or — when the valve was closed — makes the re-open task. `afterPaymentPosted` is
 * the one hook every payment channel calls inside its own transaction (counter, agent, temporary
 * point and online all go through recordPayment or call it themselves).
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { currentStewardOfGrid } from '../registry/index.ts';
import { timeZoneOf } from '../rulebook/index.ts';
import type { ValveTaskView } from './arrears.contract.ts';

interface NewTask {
  householdId: number;
  season: string;
  kind: 'close' | 'open';
  gridId: number;
  city: string;
  reason: string;
}

/**
 * Make the task for the grid's steward of today (the deputy when no steward is named; unassigned
 * when the grid has nobody — it still shows on the grid's list). Returns null if it existed.
 */
export async function createValveTask(tx: Db, clock: Clock, actor: Actor, task: NewTask): Promise<number | null> {
  const today = businessDate(clock.now(), await timeZoneOf(tx, task.city));
  const assignment = await currentStewardOfGrid(tx, task.gridId, today);
  const assignee = assignment?.stewardUserId ?? assignment?.deputyUserId ?? null;
  const [row] = await queryRows<{ id: number }>(
    tx,
    sql`INSERT INTO valve_tasks (household_id, season, kind, status, grid_id, assignee_user_id, reason, created_at)
        VALUES (${task.householdId}, ${task.season}, ${task.kind}, 'open', ${task.gridId}, ${assignee}, ${task.reason}, ${clock.now().toISOString()}::timestamptz)
        ON CONFLICT (household_id, season, kind) DO NOTHING RETURNING id`,
  );
  if (!row) return null;
  await writeAudit(tx, clock, actor, { action: `billing.valve_task.${task.kind}`, entity: 'valve_task', entityId: row.id, after: { ...task, assigneeUserId: assignee } });
  return row.id;
}

/** Inside a payment's transaction, after the bills were updated. */
export async function afterPaymentPosted(tx: Db, clock: Clock, actor: Actor, householdId: number): Promise<void> {
  const cleared = await queryRows<{ id: number; season: string; status: 'open' | 'done'; gridId: number; city: string }>(
    tx,
    sql`SELECT vc.id, vc.season, vc.status, bu.grid_id AS "gridId", br.city
          FROM valve_tasks vc
          JOIN bills b ON b.household_id = vc.household_id AND b.season = vc.season
          JOIN households h ON h.id = vc.household_id JOIN buildings bu ON bu.id = h.building_id
          JOIN compounds c ON c.id = bu.compound_id JOIN branches br ON br.id = c.branch_id
         WHERE vc.household_id = ${householdId} AND vc.kind = 'close' AND vc.status IN ('open', 'done')
           AND b.paid_fen >= b.amount_fen
         FOR UPDATE OF vc`,
  );
  for (const task of cleared) {
    if (task.status === 'open') {
      await tx.execute(sql`UPDATE valve_tasks SET status = 'cancelled', done_at = ${clock.now().toISOString()}::timestamptz, note = 'paid before the valve was closed' WHERE id = ${task.id}`);
      await writeAudit(tx, clock, actor, { action: 'billing.valve_task.cancel', entity: 'valve_task', entityId: task.id, before: { status: 'open' }, after: { status: 'cancelled', reason: 'paid' } });
    } else {
      await createValveTask(tx, clock, actor, { householdId, season: task.season, kind: 'open', gridId: task.gridId, city: task.city, reason: `${task.season} bill paid: re-open the valve` });
    }
  }
}

const taskColumns = sql`
  SELECT v.id, v.kind, v.status, v.season, v.household_id AS "householdId", h.account_no AS "accountNo", h.holder_name AS "holderName",
         h.phone, c.name || ' ' || bu.name || ' ' || e.name || ' ' || h.room AS address, g.code AS "gridCode",
         coalesce((SELECT (b.amount_fen - b.paid_fen)::text FROM bills b WHERE b.household_id = v.household_id AND b.season = v.season), '0') AS owed,
         v.reason, v.assignee_user_id AS "assigneeUserId", v.created_at AS "createdAt", v.done_at AS "doneAt", v.note, c.branch_id AS "branchId", v.grid_id AS "gridId"
    FROM valve_tasks v
    JOIN households h ON h.id = v.household_id JOIN entrances e ON e.id = h.entrance_id
    JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id JOIN grids g ON g.id = v.grid_id`;

type TaskRow = Omit<ValveTaskView, 'owedFen' | 'createdAt' | 'doneAt'> & { owed: string; createdAt: Date | string; doneAt: Date | string | null; branchId: number; gridId: number };

const ids = (xs: number[]) => (xs.length ? sql.join(xs.map((x) => sql`${x}`), sql`, `) : sql`NULL`);

/** Stewards: tasks assigned to them or in their grids; crew leads: their grids and branch; office: branch. */
function taskScope(actor: Actor) {
  if (hasRole(actor, 'admin')) return sql`true`;
  if (hasRole(actor, 'steward')) return sql`(v.assignee_user_id = ${actor.userId} OR v.grid_id IN (${ids(scopeIds(actor, 'grid'))}))`;
  if (hasRole(actor, 'crew_lead')) return sql`(v.grid_id IN (${ids(scopeIds(actor, 'grid'))}) OR c.branch_id IN (${ids(scopeIds(actor, 'branch'))}))`;
  if (hasRole(actor, 'clerk')) return sql`c.branch_id IN (${ids(scopeIds(actor, 'branch'))})`;
  throw new Forbidden('Valve tasks are for stewards, crew leads and the business office', 'role_not_allowed', { role: actor.role });
}

function view(r: TaskRow): ValveTaskView {
  const { owed, branchId: _b, gridId: _g, createdAt, doneAt, ...rest } = r;
  return { ...rest, owedFen: Math.max(0, Number(owed)), createdAt: new Date(createdAt).toISOString(), doneAt: doneAt ? new Date(doneAt).toISOString() : null };
}

export async function listValveTasks(db: Db, actor: Actor, status?: 'open' | 'done' | 'cancelled'): Promise<{ items: ValveTaskView[] }> {
  const rows = await queryRows<TaskRow>(
    db,
    sql`${taskColumns} WHERE ${taskScope(actor)} ${status ? sql`AND v.status = ${status}` : sql``}
        ORDER BY (v.status = 'open') DESC, v.created_at DESC, v.id DESC LIMIT 500`,
  );
  return { items: rows.map(view) };
}

/** The steward marks the valve closed (or re-opened) on site. */
export async function completeValveTask(deps: { db: Db; clock: Clock }, actor: Actor, id: number, note?: string): Promise<ValveTaskView> {
  if (!hasRole(actor, 'steward', 'crew_lead', 'admin')) throw new Forbidden('Valve tasks are done by stewards on site', 'steward_or_crew_lead');
  return deps.db.transaction(async (tx) => {
    const [any] = await queryRows<{ id: number }>(tx, sql`SELECT id FROM valve_tasks WHERE id = ${id} FOR UPDATE`);
    if (!any) throw new NotFound('valve task', id);
    const [task] = await queryRows<TaskRow>(tx, sql`${taskColumns} WHERE v.id = ${id} AND ${taskScope(actor)}`);
    if (!task) throw new Forbidden('This valve task is of another grid', 'outside_your_grid');
    if (task.status !== 'open') throw new Conflict(`Valve task ${id} is already ${task.status}`, undefined, 'valve_task_not_open', { status: task.status });
    const doneAt = deps.clock.now();
    await tx.execute(sql`UPDATE valve_tasks SET status = 'done', done_at = ${doneAt.toISOString()}::timestamptz, done_by = ${actor.userId}, note = ${note ?? null} WHERE id = ${id}`);
    const after = { ...task, status: 'done' as const, doneAt, note: note ?? null };
    await writeAudit(tx, deps.clock, actor, { action: `billing.valve_task.done`, entity: 'valve_task', entityId: id, before: { status: 'open' }, after: { kind: task.kind, status: 'done', note: note ?? null } });
    return view(after);
  });
}
