/** Patrol work orders: the grid's open ones for its steward, and resolving one. */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { staffWhere } from './access.ts';
import type { WorkOrderView } from './patrols.contract.ts';

const select = sql`
  SELECT w.id, w.plan_id AS "planId", COALESCE(st.code, ps.code) AS "targetCode", COALESCE(st.name, ps.name) AS "targetName",
         w.category, w.findings, w.status, u.name AS "assigneeName", w.opened_at AS "openedAt", w.on_site_due_at AS "onSiteDueAt",
         w.resolved_at AS "resolvedAt", w.grid_id AS "gridId", p.branch_id AS "branchId"
  FROM patrol_work_orders w JOIN patrol_plans p ON p.id = w.plan_id JOIN users u ON u.id = w.assignee_user_id
  LEFT JOIN stations st ON st.id = p.station_id LEFT JOIN pipe_segments ps ON ps.id = p.pipe_segment_id`;

type Row = Omit<WorkOrderView, 'openedAt' | 'onSiteDueAt' | 'resolvedAt'> & { gridId: number; branchId: number; openedAt: string | Date; onSiteDueAt: string | Date; resolvedAt: string | Date | null };
const iso = (d: string | Date) => new Date(d).toISOString();
const view = ({ gridId: _g, branchId: _b, ...r }: Row): WorkOrderView => ({ ...r, openedAt: iso(r.openedAt), onSiteDueAt: iso(r.onSiteDueAt), resolvedAt: r.resolvedAt ? iso(r.resolvedAt) : null });

export async function listWorkOrders(deps: Deps, actor: Actor): Promise<WorkOrderView[]> {
  if (!hasRole(actor, 'steward', 'crew_lead', 'admin', 'dispatcher')) throw new Forbidden('Work orders are for field staff and the branch', 'field_staff_only');
  const rows = await queryRows<Row>(deps.db, sql`${select} WHERE ${staffWhere(actor, sql`w.grid_id`, sql`p.branch_id`)} ORDER BY (w.status = 'open') DESC, w.opened_at DESC LIMIT 200`);
  return rows.map(view);
}

export async function resolveWorkOrder(deps: Deps, actor: Actor, id: number): Promise<WorkOrderView> {
  if (!hasRole(actor, 'steward', 'crew_lead')) throw new Forbidden('Stewards and crew leads resolve work orders', 'steward_or_crew_lead');
  return deps.db.transaction(async (tx) => {
    const [row] = await queryRows<Row>(tx, sql`${select} WHERE w.id = ${id} FOR UPDATE OF w`);
    if (!row) throw new NotFound('work order', id);
    const grids = scopeIds(actor, 'grid');
    if (hasRole(actor, 'steward') && !grids.includes(row.gridId)) throw new Forbidden('This work order is outside your grid', 'outside_your_grid');
    if (row.status !== 'open') throw new Conflict('This work order is already resolved', undefined, 'already_resolved');
    const now = deps.clock.now();
    await tx.execute(sql`UPDATE patrol_work_orders SET status = 'resolved', resolved_at = ${now.toISOString()}::timestamptz WHERE id = ${id}`);
    await writeAudit(tx, deps.clock, actor, { action: 'patrol.work_order.resolve', entity: 'patrol_work_order', entityId: id, before: { status: 'open' }, after: { status: 'resolved', resolvedAt: now } });
    return view({ ...row, status: 'resolved', resolvedAt: now });
  });
}
