/**
 * Who owns a new request: household → building → grid → the grid's steward today; the deputy
 * while the steward is away (steward_absences); the crew lead when neither is on duty. A
 * request never waits in a pool nobody owns, so when even the crew has no lead it goes to the
 * branch's admins; only a branch with nobody at all is refused (409), loudly.
 */
import { sql } from 'drizzle-orm';
import { businessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Conflict } from '../../kernel/errors.ts';
import { currentStewardOfGrid } from '../registry/index.ts';
import { timeZoneOf } from '../rulebook/index.ts';

export type RoutedVia = 'steward' | 'deputy' | 'crew_lead' | 'branch_admin';

export interface Routing {
  assigneeUserId: number;
  via: RoutedVia;
  /** The grid's crew lead (who supervises the request whoever owns it), if the crew has one. */
  leadUserId: number | null;
}

/** Users among `ids` who are absent at `at` or inactive. */
async function offDuty(db: Db, ids: number[], at: Date): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT u.id FROM users u WHERE u.id IN (${list}) AND (NOT u.active OR EXISTS (
          SELECT 1 FROM steward_absences a WHERE a.user_id = u.id
             AND a.starts_at <= ${at.toISOString()}::timestamptz AND a.ends_at > ${at.toISOString()}::timestamptz))`,
  );
  return new Set(rows.map((r) => r.id));
}

/** The crew lead of a grid, and as a last resort the admins of its branch. */
async function gridSupervisors(db: Db, gridId: number): Promise<{ leadUserId: number | null; branchAdminId: number | null }> {
  const [row] = await queryRows<{ leadUserId: number | null; branchAdminId: number | null }>(
    db,
    sql`SELECT cr.lead_user_id AS "leadUserId",
               (SELECT u.id FROM users u WHERE u.role = 'admin' AND u.active
                  AND (EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id AND s.kind = 'branch' AND s.ref_id = se.branch_id)
                       OR NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = u.id))
                ORDER BY u.id LIMIT 1) AS "branchAdminId"
        FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
        WHERE g.id = ${gridId}`,
  );
  return row ?? { leadUserId: null, branchAdminId: null };
}

export async function routeRequest(db: Db, place: { gridId: number; city: string }, at: Date): Promise<Routing> {
  const today = businessDate(at, await timeZoneOf(db, place.city));
  const assignment = await currentStewardOfGrid(db, place.gridId, today);
  const { leadUserId, branchAdminId } = await gridSupervisors(db, place.gridId);
  const candidates: [number | null | undefined, RoutedVia][] = [
    [assignment?.stewardUserId, 'steward'],
    [assignment?.deputyUserId, 'deputy'],
    [leadUserId, 'crew_lead'],
  ];
  const ids = candidates.map(([id]) => id).filter((id): id is number => typeof id === 'number');
  const away = await offDuty(db, ids, at);
  for (const [id, via] of candidates) if (typeof id === 'number' && !away.has(id)) return { assigneeUserId: id, via, leadUserId };
  // A crew lead on leave still owns the grid's work before nobody does.
  if (leadUserId) return { assigneeUserId: leadUserId, via: 'crew_lead', leadUserId };
  if (branchAdminId) return { assigneeUserId: branchAdminId, via: 'branch_admin', leadUserId };
  throw new Conflict(`Nobody is on duty for grid ${place.gridId}: assign a steward or a crew lead first`, { gridId: place.gridId }, 'nobody_on_duty');
}
