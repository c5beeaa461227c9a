/**
 * Linkage groups (热力-社区联动工作群): one per community, created automatically for communities
 * that hold a compound in `direct` service mode (the vacuum) and by an admin for any other.
 * Members are derived, not stored: the heating side is whoever stewards (or deputises for) one
 * of the community's grids today and those grids' crew leads; the community side is the
 * community's liaisons.
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, systemActor, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState } from '../../kernel/errors.ts';
import { todayIn } from '../rulebook/index.ts';
import type { CreateGroup, GroupDetail, GroupSummary, LinkageSide, Member } from './linkage.contract.ts';
import { linkageGroups } from './linkage.schema.ts';
import { directCompoundsSql } from './modes.sql.ts';

export interface GroupRow {
  id: number;
  communityId: number;
  communityName: string;
  branchId: number;
  city: string;
  name: string;
  status: 'active' | 'closed';
  origin: 'auto' | 'admin';
  createdAt: Date;
}

const groupSelect = sql`
  SELECT g.id, g.community_id AS "communityId", cm.name AS "communityName", g.branch_id AS "branchId", b.city,
         g.name, g.status, g.origin, g.created_at AS "createdAt"
  FROM linkage_groups g JOIN communities cm ON cm.id = g.community_id JOIN branches b ON b.id = g.branch_id`;

export async function loadGroup(db: Db, id: number): Promise<GroupRow> {
  const [row] = await queryRows<GroupRow>(db, sql`${groupSelect} WHERE g.id = ${id}`);
  if (!row) throw new NotFound('linkage group', id);
  return { ...row, createdAt: new Date(row.createdAt) };
}

/**
 * Set-based and idempotent: every community of the city with a compound in direct mode today
 * gets its group (the unique index on community makes a second run, or a second instance, a
 * no-op). Called after the daily mode-change job, so a vacuum that starts today has its group today.
 */
export async function ensureLinkageGroups(db: Db, clock: Clock, city: string, today: BusinessDate): Promise<number> {
  return db.transaction(async (tx) => {
    const created = await queryRows<{ id: number; communityId: number }>(
      tx,
      sql`WITH direct AS (${directCompoundsSql(today, sql`b.city = ${city}`)})
          INSERT INTO linkage_groups (community_id, branch_id, name, status, origin, created_at)
          SELECT DISTINCT ON (d.community_id) d.community_id, d.branch_id, cm.name || ' 热力-社区联动工作群', 'active', 'auto', ${clock.now().toISOString()}::timestamptz
          FROM direct d JOIN communities cm ON cm.id = d.community_id
          ORDER BY d.community_id, d.compound_id
          ON CONFLICT (community_id) DO NOTHING
          RETURNING id, community_id AS "communityId"`,
    );
    for (const g of created) {
      await writeAudit(tx, clock, systemActor, { action: 'linkage.group.create', entity: 'linkage_group', entityId: g.id, after: { ...g, origin: 'auto', reason: 'direct_mode' } });
    }
    return created.length;
  });
}

/** An admin opens a group for a community (e.g. one rolling out the model before any vacuum). */
export async function createGroup(deps: Deps, actor: Actor, input: CreateGroup): Promise<number> {
  const [community] = await queryRows<{ id: number; name: string; branchId: number | null }>(
    deps.db,
    sql`SELECT cm.id, cm.name, (SELECT c.branch_id FROM compounds c WHERE c.community_id = cm.id ORDER BY c.id LIMIT 1) AS "branchId"
        FROM communities cm WHERE cm.id = ${input.communityId}`,
  );
  if (!community) throw new NotFound('community', input.communityId);
  if (community.branchId === null) throw new Invalid('The community has no compound yet', [{ field: 'communityId', message: 'has no compound, so no branch serves it', rule: 'community_without_compound' }], 'community_without_compound');
  assertBranchStaff(actor, community.branchId);
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(linkageGroups)
        .values({ communityId: community.id, branchId: community.branchId!, name: input.name ?? `${community.name} 热力-社区联动工作群`, origin: 'admin', createdBy: actor.userId, createdAt: deps.clock.now() })
        .returning();
      await writeAudit(tx, deps.clock, actor, { action: 'linkage.group.create', entity: 'linkage_group', entityId: row!.id, after: row });
      return row!.id;
    });
  } catch (err) {
    if (sqlState(err) === '23505') throw new Conflict('This community has a linkage group already', undefined, 'group_exists');
    throw err;
  }
}

/** Office staff of the group's branch (company-wide without a branch scope). */
export function isBranchStaff(actor: Actor, branchId: number): boolean {
  if (!hasRole(actor, 'admin', 'clerk', 'dispatcher')) return false;
  const ids = scopeIds(actor, 'branch');
  return ids.length === 0 || ids.includes(branchId);
}

function assertBranchStaff(actor: Actor, branchId: number): void {
  if (!hasRole(actor, 'admin')) throw new Forbidden('Only an admin opens a linkage group', 'admin_only');
  if (!isBranchStaff(actor, branchId)) throw new Forbidden('This branch is not yours', 'other_branch');
}

/** The group's members today, heating side first. */
export async function groupMembers(db: Db, communityId: number, today: BusinessDate): Promise<Member[]> {
  return queryRows<Member>(
    db,
    sql`WITH cgrids AS (
          SELECT DISTINCT bu.grid_id FROM buildings bu JOIN compounds c ON c.id = bu.compound_id WHERE c.community_id = ${communityId}
        ), heating AS (
          SELECT a.steward_user_id AS user_id FROM grid_assignments a JOIN cgrids g ON g.grid_id = a.grid_id
           WHERE a.valid_from <= ${today}::date AND (a.valid_to IS NULL OR a.valid_to > ${today}::date)
          UNION SELECT a.deputy_user_id FROM grid_assignments a JOIN cgrids g ON g.grid_id = a.grid_id
           WHERE a.deputy_user_id IS NOT NULL AND a.valid_from <= ${today}::date AND (a.valid_to IS NULL OR a.valid_to > ${today}::date)
          UNION SELECT cr.lead_user_id FROM grids gr JOIN cgrids g ON g.grid_id = gr.id JOIN crews cr ON cr.id = gr.crew_id WHERE cr.lead_user_id IS NOT NULL
          UNION SELECT s.user_id FROM user_scopes s JOIN cgrids g ON s.kind = 'grid' AND s.ref_id = g.grid_id
        ), community AS (
          SELECT s.user_id FROM user_scopes s JOIN users u ON u.id = s.user_id
          WHERE s.kind = 'community' AND s.ref_id = ${communityId} AND u.role = 'liaison'
        )
        SELECT u.id AS "userId", u.name, u.role, 'heating' AS side, u.phone FROM users u JOIN heating h ON h.user_id = u.id
        WHERE u.active AND u.role IN ('steward', 'crew_lead')
        UNION ALL
        SELECT u.id, u.name, u.role, 'community', u.phone FROM users u JOIN community c ON c.user_id = u.id WHERE u.active
        ORDER BY 4 DESC, 3, 2`,
  );
}

/** Which side of the group the actor is on, or null when not a member. */
export async function sideOf(db: Db, actor: Actor, group: GroupRow, today: BusinessDate): Promise<LinkageSide | null> {
  if (actor.userId === null) return null;
  const members = await groupMembers(db, group.communityId, today);
  return members.find((m) => m.userId === actor.userId)?.side ?? null;
}

/** Members and the branch's office staff read a group; everyone else gets 403. */
export async function assertReads(db: Db, clock: Clock, actor: Actor, group: GroupRow): Promise<LinkageSide | null> {
  const side = await sideOf(db, actor, group, await todayIn(db, clock, group.city));
  if (side === null && !isBranchStaff(actor, group.branchId)) throw new Forbidden('You are not a member of this linkage group', 'not_a_member');
  return side;
}

/** Only members write to a group (post, raise a request, acknowledge their side's copy). */
export async function assertMember(db: Db, clock: Clock, actor: Actor, group: GroupRow): Promise<LinkageSide> {
  const side = await sideOf(db, actor, group, await todayIn(db, clock, group.city));
  if (side === null) throw new Forbidden('Only members of the linkage group may do this', 'not_a_member');
  if (group.status !== 'active') throw new Conflict('The linkage group is closed', undefined, 'group_closed');
  return side;
}

async function vacuumCompoundsOf(db: Db, communityIds: number[], today: BusinessDate): Promise<Map<number, { id: number; name: string }[]>> {
  const out = new Map<number, { id: number; name: string }[]>();
  if (!communityIds.length) return out;
  const rows = await queryRows<{ communityId: number; id: number; name: string }>(
    db,
    sql`WITH direct AS (${directCompoundsSql(today, sql`c.community_id IN (${sql.join(communityIds.map((id) => sql`${id}`), sql`, `)})`)})
        SELECT d.community_id AS "communityId", d.compound_id AS id, c.name FROM direct d JOIN compounds c ON c.id = d.compound_id ORDER BY c.name`,
  );
  for (const r of rows) out.set(r.communityId, [...(out.get(r.communityId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

function summary(g: GroupRow, vacuum: Map<number, { id: number; name: string }[]>): GroupSummary {
  return { id: g.id, communityId: g.communityId, communityName: g.communityName, branchId: g.branchId, name: g.name, status: g.status, origin: g.origin, createdAt: new Date(g.createdAt).toISOString(), vacuumCompounds: vacuum.get(g.communityId) ?? [] };
}

/** The groups the actor belongs to or oversees (office staff: their branch's). */
export async function listGroups(deps: Deps, actor: Actor): Promise<GroupSummary[]> {
  const branchIds = scopeIds(actor, 'branch');
  const office = hasRole(actor, 'admin', 'clerk', 'dispatcher');
  const where = office
    ? branchIds.length ? sql`g.branch_id IN (${sql.join(branchIds.map((id) => sql`${id}`), sql`, `)})` : sql`true`
    : sql`g.community_id IN (
        SELECT ref_id FROM user_scopes WHERE user_id = ${actor.userId} AND kind = 'community'
        UNION SELECT c.community_id FROM compounds c JOIN buildings bu ON bu.compound_id = c.id
          WHERE bu.grid_id IN (SELECT ref_id FROM user_scopes WHERE user_id = ${actor.userId} AND kind = 'grid')
             OR bu.grid_id IN (SELECT grid_id FROM grid_assignments WHERE (steward_user_id = ${actor.userId} OR deputy_user_id = ${actor.userId}) AND valid_to IS NULL)
             OR bu.grid_id IN (SELECT gr.id FROM grids gr JOIN crews cr ON cr.id = gr.crew_id WHERE cr.lead_user_id = ${actor.userId}))`;
  const rows = await queryRows<GroupRow>(deps.db, sql`${groupSelect} WHERE ${where} ORDER BY cm.name LIMIT 500`);
  if (!rows.length) return [];
  const today = await todayIn(deps.db, deps.clock, rows[0]!.city);
  const vacuum = await vacuumCompoundsOf(deps.db, rows.map((r) => r.communityId), today);
  return rows.map((g) => summary(g, vacuum));
}

export async function groupDetail(deps: Deps, actor: Actor, id: number): Promise<GroupDetail> {
  const group = await loadGroup(deps.db, id);
  const mySide = await assertReads(deps.db, deps.clock, actor, group);
  const today = await todayIn(deps.db, deps.clock, group.city);
  const vacuum = await vacuumCompoundsOf(deps.db, [group.communityId], today);
  return { ...summary(group, vacuum), members: await groupMembers(deps.db, group.communityId, today), mySide };
}
