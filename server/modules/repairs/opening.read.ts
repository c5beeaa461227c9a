/**
 * Everything opening a request needs to know before it writes, in ONE query: where the
 * household sits (registry context), its address and phone, who owns its grid's work now
 * (routing.ts), whether a cold snap or special period applies (sla-profile.ts), the open
 * incident an outage report would join, and the new
 * request's id (reserved from its sequence, so the whole change can then be written as one
 * statement: a failed check after this only leaves a gap in the ids, as a rollback would).
 * A reopen asks the same of an existing request (owner + profile facts) in one query too.
 */
import { sql, type SQL } from 'drizzle-orm';
import { businessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { householdContextWith, type HouseholdContext } from '../registry/index.ts';
import { knownCities, timeZoneOf } from '../rulebook/index.ts';
import { ownerJoin, type OwnerColumns } from './routing.ts';
import { profileFactsColumns, type ProfileFacts } from './sla-profile.ts';

export interface OpeningPlace extends HouseholdContext, OwnerColumns, ProfileFacts {
  requestId: number;
  /**
   * The open incident an outage report joins without taking the burst locks: its station's, else
   * its building's. See requests.service.ts (openingStatement) for why that is safe.
   */
  openIncidentId: number | null;
  address: string;
  householdPhone: string | null;
}

/**
 * Today in every rulebook city, as a join on `br.city` (the household's city is not known before
 * the query; the zones come from the rulebook cache, so this costs no round trip when warm).
 */
async function cityToday(db: Db, at: Date): Promise<SQL> {
  const rows = (await knownCities(db)).map((v) => sql`(${v.city}, ${businessDate(at, v.rules.city.timeZone)}::date)`);
  const values = rows.length ? sql`(VALUES ${sql.join(rows, sql`, `)})` : sql`(SELECT NULL::text, NULL::date WHERE false)`;
  return sql`LEFT JOIN ${values} AS z(city, today) ON z.city = br.city`;
}

export async function openingPlace(db: Db, householdId: number, at: Date): Promise<OpeningPlace | null> {
  return householdContextWith<Omit<OpeningPlace, keyof HouseholdContext>>(db, householdId, {
    columns: sql`c.name || ' ' || b.name || ' ' || h.room AS address, h.phone AS "householdPhone", owner.*,
                 ${profileFactsColumns({ branchId: sql`c.branch_id`, compoundId: sql`c.id`, communityId: sql`c.community_id`, today: sql`z.today`, at })},
                 COALESCE((SELECT i.id FROM incidents i WHERE i.status = 'open' AND i.scope = 'station' AND i.station_id = b.station_id),
                          (SELECT i.id FROM incidents i WHERE i.status = 'open' AND i.scope = 'building' AND i.building_id = b.id)) AS "openIncidentId",
                 nextval(pg_get_serial_sequence('repair_requests', 'id'))::int AS "requestId"`,
    joins: sql`${await cityToday(db, at)} ${ownerJoin(sql`b.grid_id`, sql`z.today`, at)}`,
    prepared: true,
  });
}

/** Owner and profile facts for a new round of an existing request (a reopen). */
export async function roundPlace(
  db: Db,
  r: { gridId: number; city: string; branchId: number; compoundId: number; communityId: number },
  at: Date,
): Promise<OwnerColumns & ProfileFacts> {
  const today = sql`${businessDate(at, await timeZoneOf(db, r.city))}::date`;
  const [row] = await queryRows<OwnerColumns & ProfileFacts>(
    db,
    sql`SELECT owner.*, ${profileFactsColumns({ branchId: sql`${r.branchId}::int`, compoundId: sql`${r.compoundId}::int`, communityId: sql`${r.communityId}::int`, today, at })}
        FROM (SELECT 1) AS one ${ownerJoin(sql`${r.gridId}::int`, today, at)}`,
  );
  return row!;
}
