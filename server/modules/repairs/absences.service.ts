/**
 * The duty roster's exceptions (leave, sick days, training): a crew lead records when one of
 * their stewards is away, and routing sends new requests of that steward's grid to the deputy.
 * Work already assigned stays put; the crew lead reassigns it if needed.
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import type { AbsenceView, CreateAbsence } from './repairs.contract.ts';
import { stewardAbsences } from './repairs.schema.ts';

/** Grids where the user is steward or deputy today, with their crew lead and branch. */
async function gridsOf(deps: Deps, userId: number) {
  return queryRows<{ gridId: number; leadUserId: number | null; branchId: number }>(
    deps.db,
    sql`SELECT g.id AS "gridId", cr.lead_user_id AS "leadUserId", se.branch_id AS "branchId"
        FROM grid_assignments a JOIN grids g ON g.id = a.grid_id JOIN crews cr ON cr.id = g.crew_id
        JOIN sections se ON se.id = cr.section_id
        WHERE (a.steward_user_id = ${userId} OR a.deputy_user_id = ${userId}) AND a.valid_to IS NULL`,
  );
}

export async function recordAbsence(deps: Deps, actor: Actor, input: CreateAbsence): Promise<AbsenceView> {
  if (!hasRole(actor, 'crew_lead', 'admin')) throw new Forbidden('Crew leads keep the duty roster', 'crew_lead_or_admin');
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (to <= from) throw new Invalid('The absence ends before it starts', [{ field: 'to', message: 'must be after from', rule: 'after_start', params: { start: input.from } }], 'range_empty');
  const grids = await gridsOf(deps, input.userId);
  if (grids.length === 0) throw new Invalid('Not a steward or deputy of any grid', [{ field: 'userId', message: 'holds no grid', rule: 'holds_no_grid' }], 'holds_no_grid');
  const branches = scopeIds(actor, 'branch');
  const mine = grids.some((g) =>
    hasRole(actor, 'admin')
      ? branches.length === 0 || branches.includes(g.branchId)
      : g.leadUserId === actor.userId || scopeIds(actor, 'grid').includes(g.gridId) || branches.includes(g.branchId),
  );
  if (!mine) throw new Forbidden("This steward works outside your crew's grids", 'not_your_crew');
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(stewardAbsences)
      .values({ userId: input.userId, startsAt: from, endsAt: to, reason: input.reason, createdBy: actor.userId!, createdAt: deps.clock.now() })
      .returning();
    await writeAudit(tx, deps.clock, actor, { action: 'steward.absence', entity: 'steward_absence', entityId: row!.id, after: row });
    return { id: row!.id, userId: row!.userId, from: row!.startsAt.toISOString(), to: row!.endsAt.toISOString(), reason: row!.reason };
  });
}
