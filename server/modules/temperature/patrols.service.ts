/**
 * Patrol plans and rounds (巡检). A round's readings are checked against the rulebook's bands and
 * its checklist against "all fine"; any finding opens a work order in the same transaction,
 * routed like a repair request to whoever is on duty for the station's grid.
 */
import { and, eq, sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState } from '../../kernel/errors.ts';
import { routeRequest } from '../repairs/index.ts';
import { asDomain, readingInBand, rulesFor, slaTargets, type Rules } from '../rulebook/index.ts';
import { CHECKS, READING_KEYS, type NewPlan, type NewRound, type PatrolFinding, type RoundView } from './patrols.contract.ts';
import { patrolPlans, patrolRounds, patrolWorkOrders } from './patrols.schema.ts';

interface Target {
  branchId: number;
  city: string;
  stationId: number | null;
}

/** The station or pipe a plan or round names; 404 when it does not exist. */
async function targetOf(db: Db, input: { stationId?: number | undefined; pipeSegmentId?: number | undefined }): Promise<Target> {
  if ((input.stationId === undefined) === (input.pipeSegmentId === undefined)) {
    throw new Invalid('Name one station or one pipe segment', [{ field: input.stationId === undefined ? 'stationId' : 'pipeSegmentId', message: 'give exactly one of stationId and pipeSegmentId', rule: 'station_or_pipe' }], 'station_or_pipe');
  }
  const [row] = input.stationId !== undefined
    ? await queryRows<Target>(db, sql`SELECT s.branch_id AS "branchId", b.city, s.id AS "stationId" FROM stations s JOIN branches b ON b.id = s.branch_id WHERE s.id = ${input.stationId}`)
    : await queryRows<Target>(db, sql`SELECT p.branch_id AS "branchId", b.city, p.from_station_id AS "stationId" FROM pipe_segments p JOIN branches b ON b.id = p.branch_id WHERE p.id = ${input.pipeSegmentId!}`);
  if (!row) throw input.stationId !== undefined ? new NotFound('station', input.stationId) : new NotFound('pipe segment', input.pipeSegmentId);
  return row;
}

function assertBranch(actor: Actor, branchId: number): void {
  const branches = scopeIds(actor, 'branch');
  if (branches.length > 0 && !branches.includes(branchId)) throw new Forbidden(`Branch ${branchId} is outside your scope`, 'other_branch');
}

export async function createPlan(deps: Deps, actor: Actor, input: NewPlan): Promise<number> {
  if (!hasRole(actor, 'crew_lead', 'admin')) throw new Forbidden('Patrol plans are set by a crew lead or an admin', 'crew_lead_or_admin');
  if ((input.targetKind === 'station') !== (input.stationId !== undefined)) {
    throw new Invalid('The target does not match its kind', [{ field: input.targetKind === 'station' ? 'stationId' : 'pipeSegmentId', message: `required for a ${input.targetKind} plan`, rule: 'required' }], 'station_or_pipe');
  }
  const target = await targetOf(deps.db, input);
  assertBranch(actor, target.branchId);
  const [crew] = await queryRows<{ id: number }>(deps.db, sql`SELECT id FROM crews WHERE id = ${input.crewId}`);
  if (!crew) throw new Invalid('Unknown crew', [{ field: 'crewId', message: `crew ${input.crewId} does not exist`, rule: 'unknown_ref' }], 'unknown_crew');
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(patrolPlans)
        .values({ branchId: target.branchId, targetKind: input.targetKind, stationId: input.stationId ?? null, pipeSegmentId: input.pipeSegmentId ?? null, crewId: input.crewId, createdAt: deps.clock.now() })
        .returning();
      await writeAudit(tx, deps.clock, actor, { action: 'patrol.plan.create', entity: 'patrol_plan', entityId: row!.id, after: row });
      return row!.id;
    });
  } catch (err) {
    if (sqlState(err) === '23505') throw new Conflict('This target already has a patrol plan', [{ field: input.targetKind === 'station' ? 'stationId' : 'pipeSegmentId', message: 'already planned', rule: 'already_planned' }], 'duplicate');
    throw err;
  }
}

/** Readings outside their band and checks that failed. */
export function findingsOf(rules: Rules, round: Pick<NewRound, 'readings' | 'checklist'>): PatrolFinding[] {
  const findings: PatrolFinding[] = [];
  for (const key of READING_KEYS) {
    const value = round.readings[key];
    if (value !== undefined && !readingInBand(rules, key, value)) {
      const [min, max] = rules.patrols.bands[key];
      findings.push({ key, kind: 'out_of_band', value, band: [min, max] });
    }
  }
  for (const check of CHECKS) if (!round.checklist[check]) findings.push({ key: check, kind: 'failed_check', value: null, band: null });
  return findings;
}

/** The grid that owns a station's work: the one most of its buildings are in, else the plan crew's first. */
async function gridFor(db: Db, stationId: number | null, crewId: number): Promise<number> {
  const [row] = await queryRows<{ gridId: number }>(
    db,
    sql`SELECT COALESCE(
          (SELECT b.grid_id FROM buildings b WHERE b.station_id = ${stationId} GROUP BY b.grid_id ORDER BY count(*) DESC, b.grid_id LIMIT 1),
          (SELECT g.id FROM grids g WHERE g.crew_id = ${crewId} ORDER BY g.id LIMIT 1)) AS "gridId"`,
  );
  if (!row?.gridId) throw new Conflict('No grid can take this station\u2019s work: give the crew a grid first', { crewId }, 'no_grid');
  return row.gridId;
}

export async function recordRound(deps: Deps, actor: Actor, input: NewRound): Promise<RoundView> {
  if (!hasRole(actor, 'steward', 'crew_lead')) throw new Forbidden('Patrol rounds are recorded by stewards and crew leads', 'steward_or_crew_lead');
  const target = await targetOf(deps.db, input);
  const [plan] = await deps.db
    .select()
    .from(patrolPlans)
    .where(input.stationId !== undefined ? eq(patrolPlans.stationId, input.stationId) : eq(patrolPlans.pipeSegmentId, input.pipeSegmentId!));
  if (!plan) throw new Invalid('This target has no patrol plan', [{ field: input.stationId !== undefined ? 'stationId' : 'pipeSegmentId', message: 'no patrol plan; ask the crew lead to set one', rule: 'no_plan' }], 'no_plan');
  const now = deps.clock.now();
  const { rules } = await rulesFor(deps.db, target.city, now);
  const findings = findingsOf(rules, input);
  return deps.db.transaction(async (tx) => {
    let workOrderId: number | null = null;
    if (findings.length > 0) {
      const gridId = await gridFor(tx, target.stationId, plan.crewId);
      const routing = await routeRequest(tx, { gridId, city: target.city }, now);
      const category = findings.some((f) => f.key === 'noLeaks') ? 'leak' : findings.some((f) => f.key === 'noAbnormalNoise') ? 'noise' : 'other';
      const due = asDomain(() => slaTargets(rules, { category, priority: 'urgent' }));
      const [wo] = await tx
        .insert(patrolWorkOrders)
        .values({ planId: plan.id, gridId, category, findings, status: 'open', assigneeUserId: routing.assigneeUserId, openedAt: now, onSiteDueAt: new Date(now.getTime() + due.onSiteMinutes * 60_000) })
        .returning();
      workOrderId = wo!.id;
      await writeAudit(tx, deps.clock, actor, { action: 'patrol.work_order.open', entity: 'patrol_work_order', entityId: wo!.id, after: { ...wo, routedVia: routing.via } });
      await deps.notifier.send(tx, {
        channel: 'inapp',
        recipient: String(routing.assigneeUserId),
        template: 'patrol_work_order',
        body: `巡检发现异常（${findings.map((f) => f.key).join('、')}），工单 #${wo!.id}，请在 ${wo!.onSiteDueAt.toISOString()} 前到场`,
        data: { workOrderId: wo!.id, planId: plan.id },
      });
    }
    const [round] = await tx
      .insert(patrolRounds)
      .values({ planId: plan.id, patrolledBy: actor.userId!, recordedAt: now, checklist: input.checklist, readings: input.readings, findings, note: input.note ?? null, workOrderId })
      .returning();
    // A new round starts a new interval: a later miss deserves its own alert.
    await tx.update(patrolPlans).set({ overdueAlertedFor: null }).where(and(eq(patrolPlans.id, plan.id)));
    await writeAudit(tx, deps.clock, actor, { action: 'patrol.round', entity: 'patrol_round', entityId: round!.id, after: round });
    return { id: round!.id, planId: plan.id, recordedAt: now.toISOString(), findings, workOrderId };
  });
}
