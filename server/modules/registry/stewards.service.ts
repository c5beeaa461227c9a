import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Invalid, type FieldProblem } from '../../kernel/errors.ts';
import { getEntity } from './entity.kit.ts';
import { gridSpec } from './org.service.ts';
import type { AssignSteward, GridAssignmentView } from './registry.contract.ts';
import { gridAssignments } from './registry.schema.ts';
import { assertBranchWritable, type ScopeGrant } from './scope.ts';

/**
 * Every grid has one named steward (and a deputy) whose phone is published. Assignments are
 * dated and never overwritten: a new steward closes the open assignment on the day they start,
 * so "who was this grid's steward when the complaint came in" stays answerable.
 */
const assignmentView = sql`
  SELECT a.id, a.grid_id AS "gridId", a.steward_user_id AS "stewardUserId", s.name AS "stewardName",
         s.phone AS "stewardPhone", a.deputy_user_id AS "deputyUserId", d.name AS "deputyName",
         d.phone AS "deputyPhone", a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo"
  FROM grid_assignments a
  JOIN users s ON s.id = a.steward_user_id
  LEFT JOIN users d ON d.id = a.deputy_user_id`;

/** The steward (and deputy) of a grid on a business date, or null when nobody is assigned. */
export async function currentStewardOfGrid(db: Db, gridId: number, date: BusinessDate): Promise<GridAssignmentView | null> {
  const [row] = await queryRows<GridAssignmentView>(
    db,
    sql`${assignmentView}
        WHERE a.grid_id = ${gridId} AND a.valid_from <= ${date}::date AND (a.valid_to IS NULL OR a.valid_to > ${date}::date)
        ORDER BY a.valid_from DESC LIMIT 1`,
  );
  return row ?? null;
}

export async function gridAssignmentHistory(deps: Deps, actor: Actor, gridId: number, grant?: ScopeGrant): Promise<GridAssignmentView[]> {
  await getEntity(deps, actor, gridSpec, gridId, grant);
  return queryRows<GridAssignmentView>(deps.db, sql`${assignmentView} WHERE a.grid_id = ${gridId} ORDER BY a.valid_from DESC, a.id DESC`);
}

/** Stewards and crew leads (who cover absences) can hold a grid; nobody else. */
async function fieldWorkerProblems(db: Db, input: AssignSteward): Promise<FieldProblem[]> {
  const wanted = [input.stewardUserId, input.deputyUserId].filter((id): id is number => typeof id === 'number');
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT id FROM users WHERE active AND role IN ('steward', 'crew_lead')
        AND id IN (${sql.join(wanted.map((id) => sql`${id}`), sql`, `)})`,
  );
  const ok = new Set(rows.map((r) => r.id));
  const problems: FieldProblem[] = [];
  if (!ok.has(input.stewardUserId)) problems.push({ field: 'stewardUserId', message: 'must be an active steward or crew lead' });
  if (typeof input.deputyUserId === 'number') {
    if (!ok.has(input.deputyUserId)) problems.push({ field: 'deputyUserId', message: 'must be an active steward or crew lead' });
    if (input.deputyUserId === input.stewardUserId) problems.push({ field: 'deputyUserId', message: 'the deputy cannot be the steward' });
  }
  return problems;
}

export async function assignSteward(deps: Deps, actor: Actor, gridId: number, input: AssignSteward): Promise<GridAssignmentView> {
  const grid = await getEntity(deps, actor, gridSpec, gridId);
  const [branch] = await queryRows<{ branchId: number }>(
    deps.db,
    sql`SELECT s.branch_id AS "branchId" FROM crews cr JOIN sections s ON s.id = cr.section_id WHERE cr.id = ${grid.crewId as number}`,
  );
  assertBranchWritable(actor, branch!.branchId);
  const problems = await fieldWorkerProblems(deps.db, input);
  if (problems.length) throw new Invalid('The assignment is not valid', problems);
  const id = await deps.db.transaction(async (tx) => {
    // Lock the grid so two clerks assigning at once cannot both close the same assignment.
    await tx.execute(sql`SELECT id FROM grids WHERE id = ${gridId} FOR UPDATE`);
    const [latest] = await queryRows<{ id: number; validFrom: string }>(
      tx,
      sql`SELECT id, valid_from::text AS "validFrom" FROM grid_assignments WHERE grid_id = ${gridId} ORDER BY valid_from DESC LIMIT 1`,
    );
    if (latest && latest.validFrom >= input.validFrom) {
      throw new Invalid('A new steward must start after the current one did', [
        { field: 'validFrom', message: `must be after ${latest.validFrom}, when the current assignment started` },
      ]);
    }
    const closed = await queryRows<{ id: number }>(
      tx,
      sql`UPDATE grid_assignments SET valid_to = ${input.validFrom}::date
          WHERE grid_id = ${gridId} AND (valid_to IS NULL OR valid_to > ${input.validFrom}::date) RETURNING id`,
    );
    const [row] = await tx
      .insert(gridAssignments)
      .values({ gridId, stewardUserId: input.stewardUserId, deputyUserId: input.deputyUserId ?? null, validFrom: input.validFrom })
      .returning();
    await writeAudit(tx, deps.clock, actor, {
      action: 'grid.assign_steward',
      entity: 'grid',
      entityId: gridId,
      before: { closedAssignmentIds: closed.map((c) => c.id) },
      after: row,
    });
    return row!.id;
  });
  const [view] = await queryRows<GridAssignmentView>(deps.db, sql`${assignmentView} WHERE a.id = ${id}`);
  return view!;
}
