/**
 * Temporary collection points (临时缴费点): a clerk opens one for chosen compounds of their branch,
 * with a place, dates and the staff who take money there; the system proposes one for every
 * compound the tenure module says is (or is about to be) served `direct` and no open point covers.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { addDays, isBusinessDate, type BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, type FieldProblem } from '../../kernel/errors.ts';
import { rulesFor, seasonOf, todayIn } from '../rulebook/index.ts';
import { forecast, vacuumNow } from '../tenure/index.ts';
import type { OpenPoint, PointProposal, PointView } from './points.contract.ts';
import { collectionPointCompounds, collectionPoints, collectionPointStaff } from './points.schema.ts';
import { seasonAfter } from './suspension.status.ts';

type PointDeps = Pick<Deps, 'db' | 'clock'>;
const ids = (list: number[]) => sql.join([0, ...list].map((id) => sql`${id}`), sql`, `);

/** Who may staff a point: office and field people of the point's branch. */
const STAFF_ROLES = ['clerk', 'crew_lead', 'dispatcher', 'steward', 'admin'] as const;

/** The branches whose points the actor manages; null = all (an admin without branch scope). */
function managedBranches(actor: Actor): number[] | null {
  if (hasRole(actor, 'admin')) return scopeIds(actor, 'branch').length ? scopeIds(actor, 'branch') : null;
  if (hasRole(actor, 'clerk')) return scopeIds(actor, 'branch');
  throw new Forbidden('Temporary collection points are managed by the branch office', 'office_only');
}

export function managesBranch(actor: Actor, branchId: number): boolean {
  if (!hasRole(actor, 'clerk', 'admin')) return false;
  const branches = managedBranches(actor);
  return branches === null || branches.includes(branchId);
}

/** Users who may staff a point of the branch: office staff scoped to it, stewards of its grids. */
export async function staffCandidates(db: Db, actor: Actor, branchId: number): Promise<{ id: number; name: string; role: string }[]> {
  if (!managesBranch(actor, branchId)) throw new Forbidden('This branch is not yours', 'other_branch');
  return queryRows(
    db,
    sql`SELECT DISTINCT u.id, u.name, u.role FROM users u JOIN user_scopes s ON s.user_id = u.id
         WHERE u.active AND u.role IN (${sql.join(STAFF_ROLES.map((r) => sql`${r}`), sql`, `)})
           AND ((s.kind = 'branch' AND s.ref_id = ${branchId})
             OR (s.kind = 'grid' AND s.ref_id IN (SELECT g.id FROM grids g JOIN crews cr ON cr.id = g.crew_id
                                                   JOIN sections se ON se.id = cr.section_id WHERE se.branch_id = ${branchId})))
         ORDER BY u.role, u.name, u.id`,
  );
}

export async function pointViews(db: Db, clock: PointDeps['clock'], where: SQL): Promise<PointView[]> {
  const rows = await queryRows<Omit<PointView, 'takingPaymentsToday' | 'today'> & { city: string }>(
    db,
    sql`SELECT p.id, p.branch_id AS "branchId", b.city, p.name, p.address, p.hours, p.from_date::text AS "fromDate", p.to_date::text AS "toDate",
               p.status, to_char(p.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "openedAt",
               to_char(p.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "closedAt", p.close_reason AS "closeReason",
               coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.id)
                           FROM collection_point_compounds pc JOIN compounds c ON c.id = pc.compound_id WHERE pc.point_id = p.id), '[]') AS compounds,
               coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'role', u.role) ORDER BY u.id)
                           FROM collection_point_staff ps JOIN users u ON u.id = ps.user_id WHERE ps.point_id = p.id), '[]') AS staff
          FROM collection_points p JOIN branches b ON b.id = p.branch_id
         WHERE ${where}
         ORDER BY p.status, p.from_date DESC, p.id DESC
         LIMIT 500`,
  );
  const todayByCity = new Map<string, BusinessDate>();
  for (const r of rows) if (!todayByCity.has(r.city)) todayByCity.set(r.city, await todayIn(db, clock, r.city));
  return rows.map(({ city, ...r }) => {
    const today = todayByCity.get(city)!;
    return { ...r, today, takingPaymentsToday: r.status === 'open' && r.fromDate <= today && today <= r.toDate };
  });
}

export async function getPoint(db: Db, clock: PointDeps['clock'], id: number): Promise<PointView> {
  const [view] = await pointViews(db, clock, sql`p.id = ${id}`);
  if (!view) throw new NotFound('collection point', id);
  return view;
}

/** Clerks see their branches' points; other staff the points they work at. */
export async function listPoints(deps: PointDeps, actor: Actor): Promise<PointView[]> {
  if (hasRole(actor, 'clerk', 'admin')) {
    const branches = managedBranches(actor);
    return pointViews(deps.db, deps.clock, branches === null ? sql`true` : sql`p.branch_id IN (${ids(branches)})`);
  }
  return pointViews(deps.db, deps.clock, sql`p.id IN (SELECT point_id FROM collection_point_staff WHERE user_id = ${actor.userId ?? 0})`);
}

function checkDates(input: OpenPoint, today: BusinessDate): void {
  const problems: FieldProblem[] = [];
  if (!isBusinessDate(input.fromDate)) problems.push({ field: 'fromDate', message: 'is not a calendar date', rule: 'not_a_date' });
  if (!isBusinessDate(input.toDate)) problems.push({ field: 'toDate', message: 'is not a calendar date', rule: 'not_a_date' });
  if (!problems.length && input.toDate < input.fromDate) problems.push({ field: 'toDate', message: `must not be before fromDate ${input.fromDate}`, rule: 'before_start', params: { start: input.fromDate } });
  if (!problems.length && input.toDate < today) problems.push({ field: 'toDate', message: `is in the past (today is ${today})`, rule: 'in_past', params: { today } });
  if (problems.length) throw new Invalid('The dates of the point are not usable', problems, 'invalid_point_dates');
}

export async function openPoint(deps: PointDeps, actor: Actor, input: OpenPoint): Promise<PointView> {
  const compounds = await queryRows<{ id: number; branch_id: number; city: string }>(
    deps.db,
    sql`SELECT c.id, c.branch_id, b.city FROM compounds c JOIN branches b ON b.id = c.branch_id WHERE c.id IN (${ids(input.compoundIds)})`,
  );
  const missing = input.compoundIds.filter((id) => !compounds.some((c) => c.id === id));
  if (missing.length) throw new Invalid(`No compound ${missing.join(', ')}`, [{ field: 'compoundIds', message: `unknown compound ${missing.join(', ')}`, rule: 'unknown_ref', params: { ids: missing.join(', ') } }], 'unknown_compound', { ids: missing.join(', ') });
  const branchId = compounds[0]!.branch_id;
  if (compounds.some((c) => c.branch_id !== branchId)) {
    throw new Invalid('A point serves compounds of one branch', [{ field: 'compoundIds', message: 'belong to different branches', rule: 'one_branch' }], 'compounds_of_several_branches');
  }
  if (!managesBranch(actor, branchId)) throw new Forbidden('These compounds belong to another branch', 'other_branch');
  checkDates(input, await todayIn(deps.db, deps.clock, compounds[0]!.city));
  const allowed = new Set((await staffCandidates(deps.db, actor, branchId)).map((u) => u.id));
  const strangers = input.staffUserIds.filter((id) => !allowed.has(id));
  if (strangers.length) {
    throw new Invalid(`User ${strangers.join(', ')} cannot staff a point of this branch`, [
      { field: 'staffUserIds', message: `not active staff of branch ${branchId}: ${strangers.join(', ')}`, rule: 'not_branch_staff', params: { ids: strangers.join(', ') } },
    ], 'unknown_staff', { ids: strangers.join(', ') });
  }
  return deps.db.transaction(async (tx) => {
    const [point] = await tx
      .insert(collectionPoints)
      .values({
        branchId,
        name: input.name.trim(),
        address: input.address.trim(),
        hours: input.hours?.trim() || null,
        fromDate: input.fromDate,
        toDate: input.toDate,
        status: 'open',
        openedBy: actor.userId,
        openedAt: deps.clock.now(),
      })
      .returning();
    await tx.insert(collectionPointCompounds).values(input.compoundIds.map((compoundId) => ({ pointId: point!.id, compoundId })));
    await tx.insert(collectionPointStaff).values(input.staffUserIds.map((userId) => ({ pointId: point!.id, userId })));
    const view = await getPoint(tx, deps.clock, point!.id);
    await writeAudit(tx, deps.clock, actor, { action: 'billing.point.open', entity: 'collection_point', entityId: point!.id, after: view });
    return view;
  });
}

export async function closePoint(deps: PointDeps, actor: Actor, id: number, reason: string): Promise<PointView> {
  return deps.db.transaction(async (tx) => {
    const [point] = await tx.select().from(collectionPoints).where(sql`id = ${id}`).for('update');
    if (!point) throw new NotFound('collection point', id);
    if (!managesBranch(actor, point.branchId)) throw new Forbidden('This point belongs to another branch', 'other_branch');
    if (point.status === 'closed') throw new Conflict(`Point ${id} is already closed`, [], 'point_closed');
    const before = await getPoint(tx, deps.clock, id);
    await tx.execute(sql`UPDATE collection_points SET status = 'closed', closed_by = ${actor.userId},
                          closed_at = ${deps.clock.now().toISOString()}::timestamptz, close_reason = ${reason.trim()} WHERE id = ${id}`);
    const after = await getPoint(tx, deps.clock, id);
    await writeAudit(tx, deps.clock, actor, { action: 'billing.point.close', entity: 'collection_point', entityId: id, before, after });
    return after;
  });
}

/**
 * Compounds in direct service now, or whose tenure ends within 30 days with nobody after it,
 * that no open point covers from the day direct service starts: one proposal each, with dates
 * covering the vacuum (an open-ended one up to the end of the season it falls in).
 */
export async function proposals(deps: PointDeps, actor: Actor): Promise<PointProposal[]> {
  const branchIds = managedBranches(actor);
  const [now, soon] = await Promise.all([vacuumNow(deps, { branchIds }), forecast(deps, { branchIds, withinDays: 30 })]);
  const gaps = [
    ...now.map((v) => ({ ...v, start: null as BusinessDate | null })),
    ...soon.map((f) => ({ ...f, reason: 'tenure_ends', since: f.endsOn, until: f.successorStartsOn, start: f.endsOn })),
  ];
  if (!gaps.length) return [];
  const info = await queryRows<{ id: number; address: string; city: string; covered_to: string | null }>(
    deps.db,
    sql`SELECT c.id, c.address, b.city,
               (SELECT max(p.to_date)::text FROM collection_points p JOIN collection_point_compounds pc ON pc.point_id = p.id
                 WHERE pc.compound_id = c.id AND p.status = 'open') AS covered_to
          FROM compounds c JOIN branches b ON b.id = c.branch_id WHERE c.id IN (${ids(gaps.map((g) => g.compoundId))})`,
  );
  const out: PointProposal[] = [];
  const seen = new Set<number>();
  for (const g of gaps) {
    const c = info.find((i) => i.id === g.compoundId)!;
    if (seen.has(c.id)) continue;
    const { rules } = await rulesFor(deps.db, c.city, deps.clock.now());
    const today = await todayIn(deps.db, deps.clock, c.city);
    const fromDate = g.start && g.start > today ? g.start : today;
    const season = seasonOf(rules, fromDate) ?? seasonAfter(rules, fromDate);
    const toDate = g.until ? addDays(g.until, -1) : addDays(season.end, -1);
    if (c.covered_to !== null && c.covered_to >= fromDate) continue; // an open point already serves it
    seen.add(c.id);
    out.push({
      compoundId: c.id,
      compoundName: g.compoundName,
      compoundAddress: c.address,
      branchId: g.branchId,
      reason: g.reason,
      households: g.households,
      since: g.since,
      until: g.until,
      suggested: { name: `${g.compoundName}临时缴费点`, address: c.address, fromDate, toDate: toDate < fromDate ? fromDate : toDate },
    });
  }
  return out;
}
