/**
 * A household's status FOR A SEASON, as both the bill run and the suspension service read it:
 *   - 'disconnected' in the registry always wins (no heat, no bill);
 *   - else the earliest approved application for this season or a later one decides: for this
 *     season its toStatus; for a later season the statusBefore it recorded (the season before a
 *     change keeps billing what it billed before, even when re-run after the approval);
 *   - else the registry's status.
 * One SQL fragment used by both, so the page that shows "suspended for 2027-28" and the bill of
 * 2027-28 can never disagree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../kernel/db.ts';
import { seasonByCode, seasonCodeFor, type Rules, type Season } from '../rulebook/index.ts';

/** `(…) AS sa(household_id, status)`: the application-decided status of households matching `where`. */
export function approvedSeasonStatus(season: string, where: SQL): SQL {
  return sql`(SELECT DISTINCT ON (a.household_id) a.household_id,
                     CASE WHEN a.season = ${season} THEN a.to_status ELSE a.status_before END AS status
                FROM suspension_applications a
               WHERE a.status = 'approved' AND a.season >= ${season} AND ${where}
               ORDER BY a.household_id, a.season) AS sa(household_id, status)`;
}

/** The status column expression for a households row `h` LEFT JOINed with `sa` above. */
export const seasonStatusOf = sql`CASE WHEN h.status = 'disconnected' THEN 'disconnected' ELSE coalesce(sa.status, h.status) END`;

export async function householdStatusForSeason(db: Db, householdId: number, season: string): Promise<'heating' | 'suspended' | 'disconnected'> {
  const [row] = await queryRows<{ status: 'heating' | 'suspended' | 'disconnected' }>(
    db,
    sql`SELECT ${seasonStatusOf} AS status FROM households h
          LEFT JOIN ${approvedSeasonStatus(season, sql`a.household_id = ${householdId}`)} ON sa.household_id = h.id
         WHERE h.id = ${householdId}`,
  );
  return row!.status;
}

/** The season an application made on `today` changes: the next one to start after today. */
export function seasonAfter(rules: Rules, today: string): Season {
  const year = Number(today.slice(0, 4));
  return [year - 1, year, year + 1].map((y) => seasonByCode(rules, seasonCodeFor(y))).find((s) => s.start > today)!;
}
