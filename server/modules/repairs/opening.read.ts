/**
 * Everything opening a request needs to know before it writes, in ONE query: where the
 * household sits (registry context), its address and phone, who owns its grid's work now
 * (routing.ts), whether a cold snap or special period applies (sla-profile.ts), the open
 * incident an outage report would join, and the new
 * request's id (reserved from its sequence, so the whole change can then be written as one
 * statement: a failed check after this only leaves a gap in the ids, as a rollback would).
 * A reopen asks the same of an existing request (owner + profile facts) in one query too.
 */
import { sql } from 'drizzle-orm';
import { businessDate } from '../../kernel/business-time.ts';
import { instantSql, QueryShape, queryRows, type Db } from '../../kernel/db.ts';
import { householdContextSql, type HouseholdContext } from '../registry/index.ts';
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
 * The query's shape per set of rulebook cities: today in every city is a join on `br.city`
 * (the household's city is not known before the query), with each city's date a placeholder.
 */
const shapes = new Map<string, QueryShape<OpeningPlace>>();

function shapeFor(cities: readonly string[]): QueryShape<OpeningPlace> {
  const key = cities.join(',');
  let shape = shapes.get(key);
  if (!shape) {
    const at = sql`${sql.placeholder('at')}::timestamptz`;
    const rows = cities.map((city, i) => sql`(${city}, ${sql.placeholder(`today${i}`)}::date)`);
    const today = rows.length ? sql`(VALUES ${sql.join(rows, sql`, `)})` : sql`(SELECT NULL::text, NULL::date WHERE false)`;
    shape = new QueryShape(() =>
      householdContextSql(sql`${sql.placeholder('householdId')}::int`, {
        columns: sql`c.name || ' ' || b.name || ' ' || h.room AS address, h.phone AS "householdPhone", owner.*,
                     ${profileFactsColumns({ branchId: sql`c.branch_id`, compoundId: sql`c.id`, communityId: sql`c.community_id`, today: sql`z.today`, at })},
                     COALESCE((SELECT i.id FROM incidents i WHERE i.status = 'open' AND i.scope = 'station' AND i.station_id = b.station_id),
                              (SELECT i.id FROM incidents i WHERE i.status = 'open' AND i.scope = 'building' AND i.building_id = b.id)) AS "openIncidentId",
                     nextval(pg_get_serial_sequence('repair_requests', 'id'))::int AS "requestId"`,
        joins: sql`LEFT JOIN ${today} AS z(city, today) ON z.city = br.city ${ownerJoin(sql`b.grid_id`, sql`z.today`, at)}`,
      }),
    );
    shapes.set(key, shape);
  }
  return shape;
}

export async function openingPlace(db: Db, householdId: number, at: Date): Promise<OpeningPlace | null> {
  // The zones come from the rulebook cache, so this costs no round trip when warm.
  const cities = await knownCities(db);
  const values: Record<string, unknown> = { householdId, at: at.toISOString() };
  cities.forEach((v, i) => (values[`today${i}`] = businessDate(at, v.rules.city.timeZone)));
  const [row] = await shapeFor(cities.map((v) => v.city)).run(db, values);
  return row ?? null;
}

/** Owner and profile facts for a new round of an existing request (a reopen). */
export async function roundPlace(
  db: Db,
  r: { gridId: number; city: string; branchId: number; compoundId: number; communityId: number },
  at: Date,
): Promise<OwnerColumns & ProfileFacts> {
  const today = sql`${businessDate(at, await timeZoneOf(db, r.city))}::date`;
  const instant = instantSql(at);
  const [row] = await queryRows<OwnerColumns & ProfileFacts>(
    db,
    sql`SELECT owner.*, ${profileFactsColumns({ branchId: sql`${r.branchId}::int`, compoundId: sql`${r.compoundId}::int`, communityId: sql`${r.communityId}::int`, today, at: instant })}
        FROM (SELECT 1) AS one ${ownerJoin(sql`${r.gridId}::int`, today, instant)}`,
  );
  return row!;
}
