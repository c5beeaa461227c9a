/**
 * Who owns a new request: household → building → grid → the grid's steward today; the deputy
 * while the steward is away (steward_absences); the crew lead when neither is on duty. A
 * request never waits in a pool nobody owns, so when even the crew has no lead it goes to the
 * branch's admins; only a branch with nobody at all is refused (409), loudly.
 *
 * The whole ladder is one LATERAL subquery, so opening a request finds its owner in the query
 * that loads the household (one round trip instead of four on the surge's hot path).
 */
import { sql, type SQL } from 'drizzle-orm';
import { businessDate } from '../../kernel/business-time.ts';
import { instantSql, queryRows, type Db } from '../../kernel/db.ts';
import { Conflict } from '../../kernel/errors.ts';
import { timeZoneOf } from '../rulebook/index.ts';

export type RoutedVia = 'steward' | 'deputy' | 'crew_lead' | 'branch_admin';

export interface Routing {
  assigneeUserId: number;
  via: RoutedVia;
  /** The grid's crew lead (who supervises the request whoever owns it), if the crew has one. */
  leadUserId: number | null;
}

/** The columns ownerJoin adds (null when the grid has nobody at all). */
export interface OwnerColumns {
  assigneeUserId: number | null;
  routedVia: RoutedVia | null;
  leadUserId: number | null;
  crewId: number | null;
  sectionId: number | null;
  assigneeName: string | null;
  assigneePhone: string | null;
  /** An inactive owner (a crew lead kept as the last resort) gets no messages. */
  assigneeActive: boolean | null;
}

/**
 * `LEFT JOIN LATERAL (…) AS owner`: the owner of grid `gridId` at `instant` on business date
 * `today`, with the candidates in order — steward, deputy, crew lead while on duty (active, no
 * absence at `instant`); then the crew lead even on leave; then the branch's first admin.
 */
export function ownerJoin(gridId: SQL, today: SQL, instant: SQL): SQL {
  return sql`LEFT JOIN LATERAL (
    SELECT o.id AS "assigneeUserId", o.via AS "routedVia", cr.lead_user_id AS "leadUserId", cr.id AS "crewId", se.id AS "sectionId",
           u.name AS "assigneeName", u.phone AS "assigneePhone", u.active AS "assigneeActive"
    FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id
    LEFT JOIN LATERAL (
      SELECT a.steward_user_id, a.deputy_user_id FROM grid_assignments a
      WHERE a.grid_id = g.id AND a.valid_from <= ${today} AND (a.valid_to IS NULL OR a.valid_to > ${today})
      ORDER BY a.valid_from DESC LIMIT 1) a ON true
    LEFT JOIN LATERAL (
      SELECT k.id, k.via FROM (
        SELECT c.id, c.via, c.rank FROM (VALUES (a.steward_user_id, 'steward', 1), (a.deputy_user_id, 'deputy', 2), (cr.lead_user_id, 'crew_lead', 3)) AS c(id, via, rank)
        JOIN users cu ON cu.id = c.id AND cu.active
        WHERE NOT EXISTS (SELECT 1 FROM steward_absences sa WHERE sa.user_id = c.id AND sa.starts_at <= ${instant} AND sa.ends_at > ${instant})
        UNION ALL SELECT cr.lead_user_id, 'crew_lead', 4 WHERE cr.lead_user_id IS NOT NULL
        -- Only looked up for a crew without a lead (the gate keeps the hot path off the users table).
        UNION ALL SELECT * FROM (
          SELECT ad.id, 'branch_admin', 5 FROM users ad WHERE cr.lead_user_id IS NULL AND ad.role = 'admin' AND ad.active
            AND (EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = ad.id AND s.kind = 'branch' AND s.ref_id = se.branch_id)
                 OR NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = ad.id))
          ORDER BY ad.id LIMIT 1) AS ba
      ) AS k ORDER BY k.rank LIMIT 1) o ON true
    LEFT JOIN users u ON u.id = o.id
    WHERE g.id = ${gridId}) AS owner ON true`;
}

/** The owner found by ownerJoin, or 409 when the grid's branch has nobody to give it to. */
export function routingOf(row: OwnerColumns, gridId: number): Routing {
  if (row.assigneeUserId === null || row.routedVia === null) {
    throw new Conflict(`Nobody is on duty for grid ${gridId}: assign a steward or a crew lead first`, { gridId }, 'nobody_on_duty', { gridId });
  }
  return { assigneeUserId: row.assigneeUserId, via: row.routedVia, leadUserId: row.leadUserId };
}

/** The owner of a grid's new work now (temperature complaints and patrol work orders route the same way). */
export async function routeRequest(db: Db, place: { gridId: number; city: string }, at: Date): Promise<Routing> {
  const today = businessDate(at, await timeZoneOf(db, place.city));
  const [row] = await queryRows<OwnerColumns>(db, sql`SELECT owner.* FROM (SELECT 1) AS one ${ownerJoin(sql`${place.gridId}::int`, sql`${today}::date`, instantSql(at))}`);
  return routingOf(row!, place.gridId);
}
