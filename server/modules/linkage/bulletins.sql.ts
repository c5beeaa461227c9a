/**
 * The daily bulletin's content for many groups at once: every section is one grouped query over
 * the whole batch of groups (never a query per group), so 2,000 communities are a handful of
 * statements. Sections other modules own (temperature, patrols, temporary collection points)
 * come from bulletin.sections.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, type BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { BulletinContent } from './linkage.contract.ts';
import { directCompoundsSql } from './modes.sql.ts';
import { extraSections } from './bulletin.sections.ts';

export interface BulletinWindow {
  date: BusinessDate;
  from: Date;
  to: Date;
  /** The season whose payment progress is shown ('2026-27'). */
  season: string;
}

const OPEN = sql`('submitted', 'accepted', 'on_site', 'waiting', 'reopened')`;
const RUNNING = sql`('submitted', 'accepted', 'on_site', 'reopened')`;
/** The due time of the first clock still running (repairs' queue order), for "overdue". */
const NEXT_DUE = sql`CASE WHEN r.responded_at IS NULL THEN r.first_response_due_at WHEN r.on_site_at IS NULL THEN r.on_site_due_at ELSE r.resolve_due_at END`;
/** Listed items per section and group; the counts are always complete. */
const LIST_LIMIT = 30;

/** `gb`: each group's buildings with their compound, for a batch of group ids. */
function groupBuildings(groupIds: number[]): SQL {
  return sql`gb AS (
    SELECT g.id AS group_id, bu.id AS building_id, bu.name AS building, bu.station_id, c.id AS compound_id, c.name AS compound
    FROM linkage_groups g JOIN compounds c ON c.community_id = g.community_id JOIN buildings bu ON bu.compound_id = c.id
    WHERE g.id IN (${sql.join(groupIds.map((id) => sql`${id}`), sql`, `)}))`;
}

type Row = Record<string, unknown> & { group_id: number };

function byGroup<T extends Row>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.group_id, [...(out.get(r.group_id) ?? []), r]);
  return out;
}

const iso = (v: unknown) => new Date(v as string).toISOString();

export async function bulletinContents(db: Db, groupIds: number[], w: BulletinWindow): Promise<Map<number, BulletinContent>> {
  const from = w.from.toISOString();
  const to = w.to.toISOString();
  const gb = groupBuildings(groupIds);
  const [counts, items, incidents, payments, changes, extra] = await Promise.all([
    queryRows<Row & { new: number; open: number; overdue: number }>(
      db,
      sql`WITH ${gb}
          SELECT gb.group_id,
                 count(*) FILTER (WHERE r.created_at >= ${from}::timestamptz AND r.created_at < ${to}::timestamptz)::int AS new,
                 count(*) FILTER (WHERE r.status IN ${OPEN} AND r.created_at < ${to}::timestamptz)::int AS open,
                 count(*) FILTER (WHERE r.status IN ${RUNNING} AND ${NEXT_DUE} < ${to}::timestamptz)::int AS overdue
          FROM gb JOIN repair_requests r ON r.building_id = gb.building_id
          GROUP BY gb.group_id`,
    ),
    queryRows<Row & { kind: 'new' | 'overdue'; id: number; category: string; status: string; compound: string; place: string; created_at: string; overdue: boolean }>(
      db,
      sql`WITH ${gb}, picked AS (
            SELECT gb.group_id, r.id, r.category, r.status, gb.compound, gb.building || ' ' || h.room AS place, r.created_at,
                   (r.status IN ${RUNNING} AND ${NEXT_DUE} < ${to}::timestamptz) AS overdue,
                   (r.created_at >= ${from}::timestamptz AND r.created_at < ${to}::timestamptz) AS is_new
            FROM gb JOIN repair_requests r ON r.building_id = gb.building_id JOIN households h ON h.id = r.household_id
            WHERE (r.created_at >= ${from}::timestamptz AND r.created_at < ${to}::timestamptz)
               OR (r.status IN ${RUNNING} AND ${NEXT_DUE} < ${to}::timestamptz)
          ), ranked AS (
            SELECT p.*, k.kind, row_number() OVER (PARTITION BY p.group_id, k.kind ORDER BY p.created_at, p.id) AS n
            FROM picked p CROSS JOIN LATERAL (VALUES ('new'), ('overdue')) k(kind)
            WHERE (k.kind = 'new' AND p.is_new) OR (k.kind = 'overdue' AND p.overdue)
          )
          SELECT group_id, kind, id, category, status, compound, place, created_at, overdue FROM ranked WHERE n <= ${LIST_LIMIT}`,
    ),
    queryRows<Row & { id: number; scope: string; status: string; started_at: string; resolved_in_window: boolean }>(
      db,
      sql`WITH ${gb}, touched AS (
            SELECT DISTINCT gb.group_id, i.id, i.scope, i.status, i.started_at, i.resolved_at
            FROM gb JOIN incidents i ON (i.scope = 'building' AND i.building_id = gb.building_id) OR (i.scope = 'station' AND i.station_id = gb.station_id)
            WHERE i.status = 'open' OR (i.resolved_at >= ${from}::timestamptz AND i.resolved_at < ${to}::timestamptz)
          )
          SELECT group_id, id, scope, status, started_at, (status = 'resolved') AS resolved_in_window FROM touched ORDER BY started_at`,
    ),
    queryRows<Row & { compound_id: number; compound: string; households: number; paid_households: number; billed_fen: string; paid_fen: string; paid_in_window_fen: string }>(
      db,
      sql`WITH direct AS (${directCompoundsSql(w.date, sql`c.community_id IN (SELECT community_id FROM linkage_groups WHERE id IN (${sql.join(groupIds.map((id) => sql`${id}`), sql`, `)}))`)}),
          vc AS (SELECT g.id AS group_id, d.compound_id FROM direct d JOIN linkage_groups g ON g.community_id = d.community_id)
          SELECT vc.group_id, vc.compound_id, c.name AS compound,
                 count(h.id)::int AS households,
                 count(b.id) FILTER (WHERE b.amount_fen > 0 AND b.paid_fen >= b.amount_fen)::int AS paid_households,
                 coalesce(sum(b.amount_fen), 0)::bigint AS billed_fen,
                 coalesce(sum(b.paid_fen), 0)::bigint AS paid_fen,
                 coalesce(sum(pw.fen), 0)::bigint AS paid_in_window_fen
          FROM vc JOIN compounds c ON c.id = vc.compound_id
          JOIN buildings bu ON bu.compound_id = c.id JOIN households h ON h.building_id = bu.id
          LEFT JOIN bills b ON b.household_id = h.id AND b.season = ${w.season}
          LEFT JOIN LATERAL (SELECT sum(p.amount_fen) AS fen FROM payments p
                             WHERE p.household_id = h.id AND p.created_at >= ${from}::timestamptz AND p.created_at < ${to}::timestamptz) pw ON true
          GROUP BY vc.group_id, vc.compound_id, c.name ORDER BY c.name`,
    ),
    queryRows<Row & { compound_id: number; compound: string; effective_on: string; from_mode: string | null; to_mode: string; reason: string }>(
      db,
      sql`WITH comp AS (SELECT g.id AS group_id, c.id AS compound_id, c.name FROM linkage_groups g JOIN compounds c ON c.community_id = g.community_id
                        WHERE g.id IN (${sql.join(groupIds.map((id) => sql`${id}`), sql`, `)}))
          SELECT DISTINCT ON (comp.group_id, e.compound_id, e.effective_on)
                 comp.group_id, e.compound_id, comp.name AS compound, e.effective_on::text AS effective_on, e.from_mode, e.to_mode, e.reason
          FROM comp JOIN compound_mode_events e ON e.compound_id = comp.compound_id
          WHERE e.effective_on > ${w.date}::date AND e.effective_on <= ${addDays(w.date, 30)}::date
          ORDER BY comp.group_id, e.compound_id, e.effective_on, e.id DESC`,
    ),
    extraSections(db, groupIds, w),
  ]);

  const countsBy = byGroup(counts);
  const itemsBy = byGroup(items);
  const incidentsBy = byGroup(incidents);
  const paymentsBy = byGroup(payments);
  const changesBy = byGroup(changes);
  const out = new Map<number, BulletinContent>();
  for (const id of groupIds) {
    const c = countsBy.get(id)?.[0];
    const its = itemsBy.get(id) ?? [];
    const view = (r: (typeof its)[number]) => ({ id: r.id, category: r.category, status: r.status, compound: r.compound, place: r.place, createdAt: iso(r.created_at), overdue: r.overdue });
    const inc = incidentsBy.get(id) ?? [];
    out.set(id, {
      requests: {
        new: c?.new ?? 0,
        open: c?.open ?? 0,
        overdue: c?.overdue ?? 0,
        newItems: its.filter((r) => r.kind === 'new').map(view),
        overdueItems: its.filter((r) => r.kind === 'overdue').map(view),
      },
      incidents: {
        open: inc.filter((i) => i.status === 'open').length,
        resolvedInWindow: inc.filter((i) => i.resolved_in_window).length,
        items: inc.map((i) => ({ id: i.id, scope: i.scope, status: i.status, startedAt: iso(i.started_at) })),
      },
      payments: (paymentsBy.get(id) ?? []).map((p) => ({
        compoundId: p.compound_id,
        compound: p.compound,
        season: w.season,
        households: p.households,
        paidHouseholds: p.paid_households,
        billedFen: Number(p.billed_fen),
        paidFen: Number(p.paid_fen),
        paidInWindowFen: Number(p.paid_in_window_fen),
      })),
      tenureChanges: (changesBy.get(id) ?? []).map((e) => ({ compoundId: e.compound_id, compound: e.compound, effectiveOn: e.effective_on, fromMode: e.from_mode, toMode: e.to_mode, reason: e.reason })),
      extra: extra.get(id) ?? {},
    });
  }
  return out;
}
