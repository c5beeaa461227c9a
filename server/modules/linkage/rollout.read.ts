/**
 * The roll-out board: every compound of a branch that is in direct mode today (a vacuum, or no
 * property company collecting), with its onboarding checklist computed from the data — nothing
 * is ticked by hand — and the branch's progress.
 */
import { sql } from 'drizzle-orm';
import { scopeIds, type Actor } from '../../kernel/actor.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { todayIn } from '../rulebook/index.ts';
import { isBranchStaff } from './groups.service.ts';
import { ROLLOUT_ITEMS, type RolloutBoard, type RolloutCompound } from './linkage.contract.ts';
import { directCompoundsSql } from './modes.sql.ts';

interface Row {
  compoundId: number;
  compound: string;
  communityId: number;
  community: string;
  stewardPublished: boolean;
  collectionPointOpen: boolean;
  groupActive: boolean;
  qaHeld: boolean;
  noticePosted: boolean;
}

export async function rolloutBoard(deps: Deps, actor: Actor, q: { branchId?: number; date?: BusinessDate }): Promise<RolloutBoard> {
  const branchId = q.branchId ?? scopeIds(actor, 'branch')[0];
  if (branchId === undefined) throw new Forbidden('Name the branch (branchId): your account is not tied to one', 'no_branch');
  if (!isBranchStaff(actor, branchId)) throw new Forbidden('The roll-out board is for the office staff of the branch', 'branch_office_only');
  const [branch] = await queryRows<{ city: string }>(deps.db, sql`SELECT city FROM branches WHERE id = ${branchId}`);
  if (!branch) throw new NotFound('branch', branchId);
  const date = q.date ?? (await todayIn(deps.db, deps.clock, branch.city));
  const rows = await queryRows<Row>(
    deps.db,
    sql`WITH direct AS (${directCompoundsSql(date, sql`c.branch_id = ${branchId}`)})
        SELECT c.id AS "compoundId", c.name AS compound, cm.id AS "communityId", cm.name AS community,
               -- every building's grid has a steward on the date (the phone residents see)
               NOT EXISTS (SELECT 1 FROM buildings bu WHERE bu.compound_id = c.id AND NOT EXISTS (
                 SELECT 1 FROM grid_assignments a WHERE a.grid_id = bu.grid_id AND a.valid_from <= ${date}::date AND (a.valid_to IS NULL OR a.valid_to > ${date}::date)))
                 AND EXISTS (SELECT 1 FROM buildings bu WHERE bu.compound_id = c.id) AS "stewardPublished",
               EXISTS (SELECT 1 FROM collection_point_compounds pc JOIN collection_points p ON p.id = pc.point_id
                       WHERE pc.compound_id = c.id AND p.status = 'open' AND p.from_date <= ${date}::date AND p.to_date >= ${date}::date) AS "collectionPointOpen",
               EXISTS (SELECT 1 FROM linkage_groups g WHERE g.community_id = c.community_id AND g.status = 'active') AS "groupActive",
               EXISTS (SELECT 1 FROM qa_sessions s WHERE s.community_id = c.community_id AND s.held_at IS NOT NULL) AS "qaHeld",
               EXISTS (SELECT 1 FROM notices n WHERE (n.scope_kind = 'compound' AND n.scope_id = c.id) OR (n.scope_kind = 'community' AND n.scope_id = c.community_id)) AS "noticePosted"
        FROM direct d JOIN compounds c ON c.id = d.compound_id JOIN communities cm ON cm.id = c.community_id
        ORDER BY cm.name, c.name`,
  );
  const compounds: RolloutCompound[] = rows.map((r) => {
    const checklist = Object.fromEntries(ROLLOUT_ITEMS.map((k) => [k, r[k]])) as RolloutCompound['checklist'];
    return { compoundId: r.compoundId, compound: r.compound, communityId: r.communityId, community: r.community, checklist, done: ROLLOUT_ITEMS.filter((k) => r[k]).length };
  });
  const byItem = Object.fromEntries(ROLLOUT_ITEMS.map((k) => [k, compounds.filter((c) => c.checklist[k]).length]));
  return { branchId, date, compounds, progress: { compounds: compounds.length, complete: compounds.filter((c) => c.done === ROLLOUT_ITEMS.length).length, byItem } };
}
