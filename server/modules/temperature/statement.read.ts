/**
 * A household's reduction statement (减免明细) for a season: the days the last settlement run
 * computed, the credit notes issued, and the periods behind them. Residents read their own;
 * staff within their grid or branch.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { hasRole } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { businessDate } from '../../kernel/business-time.ts';
import { rulesFor, seasonByCode, seasonCodeFor } from '../rulebook/index.ts';
import { readableHousehold, residentHousehold } from './access.ts';
import type { StatementView } from './temperature.contract.ts';

export async function getStatement(deps: Deps, actor: Actor, q: { householdId?: number | undefined; season?: string | undefined }): Promise<StatementView> {
  const place = hasRole(actor, 'resident') || q.householdId === undefined
    ? await residentHousehold(deps.db, actor, q.householdId)
    : await readableHousehold(deps.db, actor, q.householdId);
  const season = q.season ?? (await currentSeasonCode(deps, place.city));
  const id = place.householdId;
  const [days, credits, periods] = await Promise.all([
    queryRows<StatementView['days'][number]>(
      deps.db,
      sql`SELECT day::text AS day, kind, measured_c AS "measuredC", outdoor_mean_c AS "outdoorMeanC", outage_hours AS "outageHours",
                 reason, tier_percent AS "tierPercent", reduction_fen AS "reductionFen"
          FROM temperature_reduction_days WHERE household_id = ${id} AND season = ${season} ORDER BY day`,
    ),
    queryRows<{ sourceRef: string; amountFen: number; creditNoteId: number | null; createdAt: Date | string }>(
      deps.db,
      sql`SELECT source_ref AS "sourceRef", amount_fen::int AS "amountFen", credit_note_id AS "creditNoteId", created_at AS "createdAt"
          FROM temperature_credits WHERE household_id = ${id} AND season = ${season} ORDER BY id`,
    ),
    queryRows<{ id: number; startsOn: string; endsOn: string | null }>(
      deps.db,
      sql`SELECT id, starts_on::text AS "startsOn", ends_on::text AS "endsOn" FROM noncompliance_periods
          WHERE household_id = ${id} AND season = ${season} ORDER BY starts_on`,
    ),
  ]);
  const owedFen = await queryRows<{ fen: number }>(
    deps.db,
    sql`SELECT COALESCE(max(owed_fen) FILTER (WHERE split_part(source_ref, ':', 4) = 'temperature'), 0)::int
             + COALESCE(max(owed_fen) FILTER (WHERE split_part(source_ref, ':', 4) = 'outage'), 0)::int AS fen
        FROM temperature_credits WHERE household_id = ${id} AND season = ${season}`,
  );
  return {
    householdId: id,
    accountNo: place.accountNo,
    season,
    days: days.map((d) => ({ ...d, reductionFen: Number(d.reductionFen) })),
    reducedDays: days.filter((d) => Number(d.reductionFen) > 0).length,
    owedFen: owedFen[0]?.fen ?? 0,
    credits: credits.map((c) => ({ ...c, amountFen: Number(c.amountFen), createdAt: new Date(c.createdAt).toISOString() })),
    periods,
  };
}

/** The season that started last (the current one, or between seasons the one just ended). */
async function currentSeasonCode(deps: Deps, city: string): Promise<string> {
  const now = deps.clock.now();
  const { rules } = await rulesFor(deps.db, city, now);
  const today = businessDate(now, rules.city.timeZone);
  const year = Number(today.slice(0, 4));
  const thisYear = seasonByCode(rules, seasonCodeFor(year));
  return thisYear.start <= today ? thisYear.code : seasonCodeFor(year - 1);
}
