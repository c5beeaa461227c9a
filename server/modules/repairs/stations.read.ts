/**
 * The incident view by station: which heat-exchange stations are out (an open incident), which
 * are collecting no-heat reports without an incident yet, which came back recently, and one
 * incident with everything linked to it. A station is shown to the crew lead whose grids it
 * feeds (or whose branch it serves) and to the branch's admins; building incidents appear on
 * the station that feeds the building.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';
import { OUTAGE_CATEGORIES } from './repairs.contract.ts';
import { summaries } from './requests.read.ts';
import type { IncidentDetail, StationBoard, StationIncident, StationTile } from './stations.contract.ts';

/** A view of the present, not an archive: ended incidents stay on the tiles this long. */
const RECENT_DAYS = 7;
const TILE_LIMIT = 500;
const list = (ids: number[]) => (ids.length ? sql.join(ids.map((v) => sql`${v}`), sql`, `) : sql`NULL`);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Grids the actor supervises, as a condition on g (grids), cr (crews), se (sections). */
function supervisedGrids(actor: Actor): SQL {
  const branches = scopeIds(actor, 'branch');
  if (hasRole(actor, 'admin')) return branches.length ? sql`se.branch_id IN (${list(branches)})` : sql`true`;
  if (hasRole(actor, 'crew_lead')) {
    return sql`(cr.lead_user_id = ${actor.userId} OR g.id IN (${list(scopeIds(actor, 'grid'))}) OR se.branch_id IN (${list(branches)}))`;
  }
  throw new Forbidden('The station view is for crew leads and admins', 'crew_lead_or_admin');
}

const gridsIn = (reach: SQL) =>
  sql`(SELECT g.id FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id WHERE ${reach})`;

type IncidentRow = Omit<StationIncident, 'startedAt' | 'openedAt' | 'resolvedAt'> & { startedAt: Date; openedAt: Date; resolvedAt: Date | null; placeStationId: number | null };

const INCIDENT_COLUMNS = sql`i.id, i.scope, i.station_id AS "stationId", i.building_id AS "buildingId", i.grid_id AS "gridId", i.status,
  i.started_at AS "startedAt", i.opened_at AS "openedAt", i.resolved_at AS "resolvedAt",
  (SELECT count(*)::int FROM repair_requests r WHERE r.incident_id = i.id) AS "linkedRequests",
  (SELECT coalesce(max(e.level), 0)::int FROM incident_escalations e WHERE e.incident_id = i.id) AS "escalationLevel",
  b.name AS "buildingName", COALESCE(i.station_id, b.station_id) AS "placeStationId"`;

function toIncident(r: IncidentRow): StationIncident {
  const { placeStationId: _place, ...rest } = r;
  return { ...rest, startedAt: iso(r.startedAt)!, openedAt: iso(r.openedAt)!, resolvedAt: iso(r.resolvedAt) };
}

export async function stationBoard(deps: Deps, actor: Actor): Promise<StationBoard> {
  const grids = gridsIn(supervisedGrids(actor));
  const now = deps.clock.now();
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
  const outage = sql.join(OUTAGE_CATEGORIES.map((c) => sql`${c}`), sql`, `);
  const stations = await queryRows<{ stationId: number; code: string; name: string; unlinkedReports: number }>(
    deps.db,
    sql`SELECT s.id AS "stationId", s.code, s.name,
               (SELECT count(*)::int FROM repair_requests r WHERE r.station_id = s.id AND r.incident_id IS NULL
                  AND r.category IN (${outage}) AND r.status IN ('submitted', 'accepted', 'on_site', 'waiting', 'reopened')) AS "unlinkedReports"
        FROM stations s WHERE EXISTS (SELECT 1 FROM buildings b WHERE b.station_id = s.id AND b.grid_id IN ${grids})
        ORDER BY s.code LIMIT ${TILE_LIMIT}`,
  );
  const incidents = await queryRows<IncidentRow>(
    deps.db,
    sql`SELECT ${INCIDENT_COLUMNS}
        FROM incidents i LEFT JOIN buildings b ON b.id = i.building_id
        WHERE (i.status = 'open' OR i.resolved_at >= ${since}::timestamptz)
          AND COALESCE(i.station_id, b.station_id) IN (SELECT b2.station_id FROM buildings b2 WHERE b2.grid_id IN ${grids})
        ORDER BY (i.status = 'open') DESC, i.started_at DESC`,
  );
  const byStation = new Map<number | null, IncidentRow[]>();
  for (const i of incidents) byStation.set(i.placeStationId, [...(byStation.get(i.placeStationId) ?? []), i]);
  const items: StationTile[] = stations.map((s) => {
    const mine = byStation.get(s.stationId) ?? [];
    const open = mine.filter((i) => i.status === 'open');
    const state = open.length ? 'outage' : s.unlinkedReports > 0 ? 'reports' : mine.length ? 'restored' : 'quiet';
    const since = open.map((i) => new Date(i.startedAt).getTime());
    return {
      ...s,
      state,
      incidents: mine.map(toIncident),
      linkedOpen: open.reduce((n, i) => n + i.linkedRequests, 0),
      outageSince: since.length ? new Date(Math.min(...since)).toISOString() : null,
    };
  });
  const rank = { outage: 0, reports: 1, restored: 2, quiet: 3 } as const;
  items.sort((a, b) => rank[a.state] - rank[b.state] || a.code.localeCompare(b.code));
  return { recentDays: RECENT_DAYS, items };
}

export async function incidentDetail(deps: Deps, actor: Actor, id: number): Promise<IncidentDetail> {
  const reach = supervisedGrids(actor);
  const [row] = await queryRows<IncidentRow & { stationCode: string | null; stationName: string | null; supervised: boolean }>(
    deps.db,
    sql`SELECT ${INCIDENT_COLUMNS}, s.code AS "stationCode", s.name AS "stationName", i.grid_id IN ${gridsIn(reach)} AS supervised
        FROM incidents i LEFT JOIN buildings b ON b.id = i.building_id LEFT JOIN stations s ON s.id = COALESCE(i.station_id, b.station_id)
        WHERE i.id = ${id}`,
  );
  if (!row) throw new NotFound('incident', id);
  if (!row.supervised) throw new Forbidden('This incident is outside the grids you supervise', 'crew_lead_only');
  const linked = await summaries(deps.db, sql`r.incident_id = ${id}`, sql`r.created_at, r.id`);
  const { stationCode, stationName, supervised: _s, ...incident } = row;
  return { ...toIncident(incident), stationCode, stationName, canResolve: row.status === 'open', linked };
}
