import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Invalid, type FieldProblem } from '../../kernel/errors.ts';
import { grantScope, revokeScope } from '../accounts/index.ts';
import { todayIn } from '../rulebook/index.ts';
import { getEntity } from './entity.kit.ts';
import { gridSpec } from './org.service.ts';
import type { AssignSteward, GridAssignmentView } from './registry.contract.ts';
import { gridAssignments } from './registry.schema.ts';
import { assertBranchWritable, writableBranches, type ScopeGrant } from './scope.ts';

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
  if (!ok.has(input.stewardUserId)) problems.push({ field: 'stewardUserId', message: 'must be an active steward or crew lead', rule: 'not_an_assignee' });
  if (typeof input.deputyUserId === 'number') {
    if (!ok.has(input.deputyUserId)) problems.push({ field: 'deputyUserId', message: 'must be an active steward or crew lead', rule: 'not_an_assignee' });
    if (input.deputyUserId === input.stewardUserId) problems.push({ field: 'deputyUserId', message: 'the deputy cannot be the steward', rule: 'deputy_is_steward' });
  }
  return problems;
}

type Holders = { stewardUserId: number; deputyUserId: number | null };

/**
 * The grid scope follows the assignment, so a newly named steward sees the grid's households and
 * queue without an administrator editing the account. The people replaced lose the grid once the
 * new assignment has started (a future assignment leaves them in charge until then), unless they
 * still hold it in the new assignment.
 */
async function followScopes(tx: Db, gridId: number, next: Holders, replaced: Holders[], started: boolean) {
  const scope = { kind: 'grid' as const, refId: gridId };
  const incoming = [next.stewardUserId, next.deputyUserId].filter((id): id is number => id !== null);
  for (const userId of incoming) await grantScope(tx, userId, scope);
  const outgoing = started
    ? [...new Set(replaced.flatMap((r) => [r.stewardUserId, r.deputyUserId]))].filter((id): id is number => id !== null && !incoming.includes(id))
    : [];
  for (const userId of outgoing) await revokeScope(tx, userId, scope);
  return { granted: incoming, revoked: outgoing };
}

export async function assignSteward(deps: Deps, actor: Actor, gridId: number, input: AssignSteward): Promise<GridAssignmentView> {
  const grid = await getEntity(deps, actor, gridSpec, gridId);
  const [branch] = await queryRows<{ branchId: number; city: string }>(
    deps.db,
    sql`SELECT s.branch_id AS "branchId", b.city FROM crews cr JOIN sections s ON s.id = cr.section_id
        JOIN branches b ON b.id = s.branch_id WHERE cr.id = ${grid.crewId as number}`,
  );
  assertBranchWritable(actor, branch!.branchId);
  const problems = await fieldWorkerProblems(deps.db, input);
  if (problems.length) throw new Invalid('The assignment is not valid', problems, 'invalid_assignment');
  const id = await deps.db.transaction(async (tx) => {
    // Lock the grid so two clerks assigning at once cannot both close the same assignment.
    await tx.execute(sql`SELECT id FROM grids WHERE id = ${gridId} FOR UPDATE`);
    const [latest] = await queryRows<{ id: number; validFrom: string }>(
      tx,
      sql`SELECT id, valid_from::text AS "validFrom" FROM grid_assignments WHERE grid_id = ${gridId} ORDER BY valid_from DESC LIMIT 1`,
    );
    if (latest && latest.validFrom >= input.validFrom) {
      throw new Invalid(
        'A new steward must start after the current one did',
        [{ field: 'validFrom', message: `must be after ${latest.validFrom}, when the current assignment started`, rule: 'after_current_assignment', params: { validFrom: latest.validFrom } }],
        'assignment_not_after_current',
        { validFrom: latest.validFrom },
      );
    }
    const closed = await queryRows<{ id: number; stewardUserId: number; deputyUserId: number | null }>(
      tx,
      sql`UPDATE grid_assignments SET valid_to = ${input.validFrom}::date
          WHERE grid_id = ${gridId} AND (valid_to IS NULL OR valid_to > ${input.validFrom}::date)
          RETURNING id, steward_user_id AS "stewardUserId", deputy_user_id AS "deputyUserId"`,
    );
    const [row] = await tx
      .insert(gridAssignments)
      .values({ gridId, stewardUserId: input.stewardUserId, deputyUserId: input.deputyUserId ?? null, validFrom: input.validFrom })
      .returning();
    const scopes = await followScopes(tx, gridId, row!, closed, input.validFrom <= (await todayIn(tx, deps.clock, branch!.city)));
    await writeAudit(tx, deps.clock, actor, {
      action: 'grid.assign_steward',
      entity: 'grid',
      entityId: gridId,
      before: { closedAssignmentIds: closed.map((c) => c.id) },
      after: { ...row, scopes },
    });
    return row!.id;
  });
  const [view] = await queryRows<GridAssignmentView>(deps.db, sql`${assignmentView} WHERE a.id = ${id}`);
  return view!;
}

export interface FieldWorker {
  id: number;
  name: string;
  phone: string | null;
  role: 'steward' | 'crew_lead';
}

/**
 * The people a clerk can name as steward or deputy: active stewards and crew leads already
 * working in the clerk's branches, and those not yet placed anywhere (a new hire).
 */
export async function listFieldWorkers(deps: Deps, actor: Actor): Promise<FieldWorker[]> {
  const branchIds = writableBranches(actor);
  const ids = branchIds === 'all' ? [] : sql.join(branchIds.map((id) => sql`${id}`), sql`, `);
  const inBranch = branchIds === 'all'
    ? sql`TRUE`
    : sql`(NOT EXISTS (SELECT 1 FROM user_scopes us WHERE us.user_id = u.id)
             OR EXISTS (SELECT 1 FROM user_scopes us
                        LEFT JOIN grids g ON us.kind = 'grid' AND g.id = us.ref_id
                        LEFT JOIN crews cr ON cr.id = g.crew_id
                        LEFT JOIN sections s ON s.id = cr.section_id
                        WHERE us.user_id = u.id
                          AND ((us.kind = 'branch' AND us.ref_id IN (${ids})) OR s.branch_id IN (${ids}))))`;
  return queryRows<FieldWorker>(
    deps.db,
    sql`SELECT u.id, u.name, u.phone, u.role FROM users u
        WHERE u.active AND u.role IN ('steward', 'crew_lead') AND ${inBranch}
        ORDER BY u.role DESC, u.name`,
  );
}
