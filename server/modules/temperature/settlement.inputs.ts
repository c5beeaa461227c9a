/**
 * What a settlement run needs, loaded set-based: the households of the city (and the actor's
 * branches) with a non-compliance period or a long outage in the season, each with its areas,
 * periods, official findings, outages (repairs' incidents: start to resolution) and what was
 * already credited. A handful of queries for the whole city, not one per household.
 */
import { sql } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { incidents } from '../repairs/index.ts';
import type { CustomerType, HouseholdStatus, Season } from '../rulebook/index.ts';
import type { MeasurementOutcome } from './temperature.contract.ts';

export interface HouseholdInputs {
  householdId: number;
  customerType: CustomerType;
  grossAreaCm2: number;
  interiorAreaCm2: number | null;
  status: HouseholdStatus;
  periods: { requestedAt: Date; startsOn: BusinessDate; endsOn: BusinessDate | null; closedAt: Date | null; openedByMeasuredAt: Date }[];
  findings: { measuredAt: Date; measuredOn: BusinessDate; resultC: number; outdoorMeanC: number; outcome: MeasurementOutcome }[];
  outages: { startedAt: Date; endedAt: Date | null }[];
  credited: Partial<Record<'temperature' | 'outage', number>>;
}

const asDate = (v: Date | string) => new Date(v);

export async function settlementInputs(
  db: Db,
  q: { city: string; season: Season; now: Date; branchIds: number[] },
): Promise<HouseholdInputs[]> {
  const from = q.season.startsAt.toISOString();
  const to = q.season.endsAt.toISOString();
  const now = q.now.toISOString();
  const branchFilter = q.branchIds.length ? sql`AND c.branch_id IN (${sql.join(q.branchIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  // Outages long enough to reduce the fee are filtered in SQL by the same threshold again in the calc.
  const inc = sql`${incidents}`;
  const affected = sql`
    SELECT h.id AS household_id, i.started_at, i.resolved_at
    FROM ${inc} i
    JOIN buildings b ON (i.scope = 'station' AND b.station_id = i.station_id) OR (i.scope = 'building' AND b.id = i.building_id)
    JOIN households h ON h.building_id = b.id
    WHERE i.city = ${q.city} AND i.started_at < ${to}::timestamptz AND COALESCE(i.resolved_at, ${now}::timestamptz) > ${from}::timestamptz`;
  const hh = sql`
    SELECT p.household_id FROM noncompliance_periods p WHERE p.city = ${q.city} AND p.season = ${q.season.code}
    UNION SELECT household_id FROM (${affected}) a`;

  const households = await queryRows<Omit<HouseholdInputs, 'periods' | 'findings' | 'outages' | 'credited'>>(
    db,
    sql`SELECT h.id AS "householdId", h.customer_type AS "customerType", (h.gross_area_m_2 * 100)::int AS "grossAreaCm2",
               (h.interior_area_m_2 * 100)::int AS "interiorAreaCm2", h.status
        FROM households h JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id
        WHERE h.id IN (${hh}) ${branchFilter} ORDER BY h.id`,
  );
  if (households.length === 0) return [];
  // One array parameter: a list of parameters stops at 65,535 households.
  const ids = sql`SELECT unnest(${sql.param(households.map((h) => h.householdId))}::int[])`;

  const [periods, findings, outages, credits] = await Promise.all([
    queryRows<{ householdId: number; requestedAt: string; startsOn: string; endsOn: string | null; closedAt: string | null; openedByMeasuredAt: string }>(
      db,
      sql`SELECT p.household_id AS "householdId", p.requested_at AS "requestedAt", p.starts_on::text AS "startsOn", p.ends_on::text AS "endsOn",
                 p.closed_at AS "closedAt", m.measured_at AS "openedByMeasuredAt"
          FROM noncompliance_periods p JOIN official_measurements m ON m.id = p.opened_by_measurement_id
          WHERE p.season = ${q.season.code} AND p.household_id IN (${ids})`,
    ),
    queryRows<{ householdId: number; measuredAt: string; measuredOn: string; resultC: number; outdoorMeanC: number; outcome: MeasurementOutcome }>(
      db,
      sql`SELECT household_id AS "householdId", measured_at AS "measuredAt", measured_on::text AS "measuredOn", result_c AS "resultC",
                 outdoor_mean_c AS "outdoorMeanC", outcome
          FROM official_measurements WHERE household_id IN (${ids}) AND measured_on >= ${q.season.start} AND measured_on < ${q.season.end}`,
    ),
    queryRows<{ household_id: number; started_at: string; resolved_at: string | null }>(db, sql`SELECT * FROM (${affected}) a WHERE household_id IN (${ids})`),
    queryRows<{ householdId: number; kind: string; fen: number }>(
      db,
      sql`SELECT household_id AS "householdId", split_part(source_ref, ':', 4) AS kind, sum(amount_fen)::bigint AS fen
          FROM temperature_credits WHERE season = ${q.season.code} AND household_id IN (${ids}) GROUP BY 1, 2`,
    ),
  ]);
  const byId = new Map<number, HouseholdInputs>(households.map((h) => [h.householdId, { ...h, periods: [], findings: [], outages: [], credited: {} }]));
  for (const p of periods) {
    byId.get(p.householdId)!.periods.push({
      requestedAt: asDate(p.requestedAt),
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      closedAt: p.closedAt ? asDate(p.closedAt) : null,
      openedByMeasuredAt: asDate(p.openedByMeasuredAt),
    });
  }
  for (const f of findings) byId.get(f.householdId)!.findings.push({ ...f, measuredAt: asDate(f.measuredAt) });
  for (const o of outages) byId.get(o.household_id)?.outages.push({ startedAt: asDate(o.started_at), endedAt: o.resolved_at ? asDate(o.resolved_at) : null });
  for (const c of credits) {
    if (c.kind === 'temperature' || c.kind === 'outage') byId.get(c.householdId)!.credited[c.kind] = Number(c.fen);
  }
  return [...byId.values()];
}
