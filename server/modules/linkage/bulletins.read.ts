/** Reading bulletins: a group's list, one bulletin (printable), and the branch dashboard of unacknowledged copies. */
import { sql } from 'drizzle-orm';
import { scopeIds, type Actor } from '../../kernel/actor.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { todayIn } from '../rulebook/index.ts';
import { assertReads, isBranchStaff, loadGroup } from './groups.service.ts';
import type { BulletinContent, BulletinDetail, BulletinSummary } from './linkage.contract.ts';

interface Row {
  id: number;
  groupId: number;
  groupName: string;
  bulletinDate: string;
  windowFrom: string;
  windowTo: string;
  generatedAt: string;
  copies: { side: 'heating' | 'community'; acknowledgedBy: string | null; acknowledgedAt: string | null; remindedAt: string | null }[];
  content?: BulletinContent;
}

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

const select = (withContent: boolean) => sql`
  SELECT x.id, x.group_id AS "groupId", g.name AS "groupName", x.bulletin_date::text AS "bulletinDate",
         x.window_from AS "windowFrom", x.window_to AS "windowTo", x.generated_at AS "generatedAt",
         ${withContent ? sql`x.content,` : sql``}
         (SELECT jsonb_agg(jsonb_build_object('side', k.side, 'acknowledgedBy', u.name, 'acknowledgedAt', k.acknowledged_at, 'remindedAt', k.reminded_at) ORDER BY k.side DESC)
            FROM linkage_bulletin_copies k LEFT JOIN users u ON u.id = k.acknowledged_by WHERE k.bulletin_id = x.id) AS copies
  FROM linkage_bulletins x JOIN linkage_groups g ON g.id = x.group_id`;

function view(r: Row): BulletinSummary {
  return {
    id: r.id,
    groupId: r.groupId,
    groupName: r.groupName,
    bulletinDate: r.bulletinDate,
    windowFrom: new Date(r.windowFrom).toISOString(),
    windowTo: new Date(r.windowTo).toISOString(),
    generatedAt: new Date(r.generatedAt).toISOString(),
    copies: r.copies.map((c) => ({ side: c.side, acknowledgedBy: c.acknowledgedBy, acknowledgedAt: iso(c.acknowledgedAt), remindedAt: iso(c.remindedAt) })),
  };
}

/** A group's bulletins, newest first (kept for the season and beyond). */
export async function groupBulletins(deps: Deps, actor: Actor, groupId: number): Promise<BulletinSummary[]> {
  await assertReads(deps.db, deps.clock, actor, await loadGroup(deps.db, groupId));
  const rows = await queryRows<Row>(deps.db, sql`${select(false)} WHERE x.group_id = ${groupId} ORDER BY x.bulletin_date DESC LIMIT 400`);
  return rows.map(view);
}

export async function bulletinDetail(deps: Deps, actor: Actor, id: number): Promise<BulletinDetail> {
  const [row] = await queryRows<Row>(deps.db, sql`${select(true)} WHERE x.id = ${id}`);
  if (!row) throw new NotFound('bulletin', id);
  await assertReads(deps.db, deps.clock, actor, await loadGroup(deps.db, row.groupId));
  return { ...view(row), content: row.content! };
}

/**
 * The branch dashboard: the date's bulletins of the branch with at least one copy nobody has
 * acknowledged (office staff of the branch; company-wide admins name the branch).
 */
export async function unacknowledgedBulletins(deps: Deps, actor: Actor, q: { branchId?: number; date?: BusinessDate }): Promise<BulletinSummary[]> {
  const branchId = q.branchId ?? scopeIds(actor, 'branch')[0];
  if (branchId === undefined) throw new Forbidden('Name the branch (branchId): your account is not tied to one', 'no_branch');
  if (!isBranchStaff(actor, branchId) && !(actor.role === 'crew_lead' && scopeIds(actor, 'branch').includes(branchId))) {
    throw new Forbidden('This dashboard is for the staff of the branch', 'branch_office_only');
  }
  const [city] = await queryRows<{ city: string }>(deps.db, sql`SELECT city FROM branches WHERE id = ${branchId}`);
  if (!city) throw new NotFound('branch', branchId);
  const date = q.date ?? (await todayIn(deps.db, deps.clock, city.city));
  const rows = await queryRows<Row>(
    deps.db,
    sql`${select(false)} WHERE g.branch_id = ${branchId} AND x.bulletin_date = ${date}::date
          AND EXISTS (SELECT 1 FROM linkage_bulletin_copies k WHERE k.bulletin_id = x.id AND k.acknowledged_at IS NULL)
        ORDER BY g.name LIMIT 2000`,
  );
  return rows.map(view);
}
