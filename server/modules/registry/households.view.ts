import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { Deps } from '../../kernel/deps.ts';
import { billingAreaCm2, rulesFor, type RulesInForce } from '../rulebook/index.ts';
import { formatAddress } from './address.ts';
import type { HouseholdFilter, HouseholdView } from './registry.contract.ts';
import { parseSearch, searchCondition } from './search.service.ts';
import { maskPhone, placeVisible, seesWholePhones, type Reach } from './scope.ts';

/**
 * A household as people read it: with its address, grid, community and billing area. One FROM
 * and one WHERE builder serve the list, the search box, the export and single reads, so the
 * scope rule cannot differ between them.
 */
export const householdFrom = sql`
  FROM households h
  JOIN entrances e ON e.id = h.entrance_id
  JOIN buildings b ON b.id = h.building_id
  JOIN compounds c ON c.id = b.compound_id
  JOIN communities m ON m.id = c.community_id
  JOIN branches br ON br.id = c.branch_id
  JOIN grids g ON g.id = b.grid_id`;

export const householdColumns = sql`
  h.id, h.account_no AS "accountNo", h.holder_name AS "holderName", h.phone, h.room,
  (h.gross_area_m_2 * 100)::int AS "grossAreaCm2", (h.interior_area_m_2 * 100)::int AS "interiorAreaCm2",
  h.customer_type AS "customerType", h.status, h.has_heat_meter AS "hasHeatMeter",
  e.id AS "entranceId", e.name AS "entranceName", b.id AS "buildingId", b.name AS "buildingName",
  c.id AS "compoundId", c.name AS "compoundName", m.id AS "communityId", m.name AS "communityName",
  c.branch_id AS "branchId", br.city, g.id AS "gridId", g.code AS "gridCode", b.station_id AS "stationId",
  h.created_at AS "createdAt", h.updated_at AS "updatedAt"`;

export type HouseholdRow = Omit<HouseholdView, 'billingAreaCm2' | 'address' | 'createdAt' | 'updatedAt'> & {
  city: string;
  createdAt: Date | string;
  updatedAt: Date | string;
};

export function householdVisible(reach: Reach): SQL | undefined {
  return placeVisible(reach, {
    branchId: sql`c.branch_id`,
    communityId: sql`c.community_id`,
    compoundId: sql`c.id`,
    gridId: sql`b.grid_id`,
    householdId: sql`h.id`,
  });
}

const FILTER_COLUMNS: Record<Exclude<keyof HouseholdFilter, 'q'>, string> = {
  branchId: 'c.branch_id',
  communityId: 'c.community_id',
  compoundId: 'b.compound_id',
  buildingId: 'h.building_id',
  entranceId: 'h.entrance_id',
  gridId: 'b.grid_id',
  stationId: 'b.station_id',
  status: 'h.status',
  customerType: 'h.customer_type',
};

/** WHERE for a filtered, scoped household list; `true` when nothing narrows it. */
export function householdWhere(reach: Reach, filter: HouseholdFilter): SQL {
  const parts: SQL[] = [];
  const visible = householdVisible(reach);
  if (visible) parts.push(visible);
  for (const [field, column] of Object.entries(FILTER_COLUMNS)) {
    const value = filter[field as keyof HouseholdFilter];
    if (value !== undefined) parts.push(sql`${sql.raw(column)} = ${value}`);
  }
  if (filter.q) parts.push(searchCondition(parseSearch(filter.q)));
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

/**
 * Rows to views. The billing area follows the rulebook in force today for the city of each
 * household's branch (interior area, or its share of gross area), so it is looked up per city.
 */
export async function toHouseholdViews(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, rows: HouseholdRow[]): Promise<HouseholdView[]> {
  const rules = new Map<string, RulesInForce['rules']>();
  for (const city of new Set(rows.map((r) => r.city))) rules.set(city, (await rulesFor(deps.db, city, deps.clock.now())).rules);
  const wholePhones = seesWholePhones(actor);
  return rows.map((row) => {
    const { city, ...rest } = row;
    return {
      ...rest,
      phone: wholePhones ? row.phone : maskPhone(row.phone),
      billingAreaCm2: billingAreaCm2(rules.get(city)!, { interiorAreaCm2: row.interiorAreaCm2, grossAreaCm2: row.grossAreaCm2 }),
      address: formatAddress({ compound: row.compoundName, building: row.buildingName, entrance: row.entranceName, room: row.room }),
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  });
}
