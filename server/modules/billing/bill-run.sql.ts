/**
 * The season bill of many households in one statement. The amounts are computed in SQL from the
 * rule parameters (passed as query parameters, never interpolated), with exactly the rulebook's
 * rounding rule: the exact amount in 0.01 fen × 10⁻² (area cm² × price yuan·10⁴) is rounded ONCE
 * to fen, half up, as div(2n + d, 2d) — integer division on numeric, exact at any size. The test
 * bill-run.sql.test.ts checks this against the rulebook's `seasonBill` on random households.
 *
 * Metered households (has_heat_meter): their kWh are only read during and after the season, so
 * the season bill carries the BASIC part of the two-part tariff (area × basic rate); the energy
 * part is a later bill once readings exist (not built yet). The rulebook agrees: seasonBill with
 * metered.kwh = 0 gives the same amount.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { asDomain, seasonByCode, type Rules } from '../rulebook/index.ts';
import { approvedSeasonStatus, seasonStatusOf } from './suspension.status.ts';

/** The rule numbers one city's bills need, from one frozen rulebook version. */
export interface CityPricing {
  city: string;
  versionId: number;
  grossAreaPercent: number;
  billedDays: number;
  suspendedPercent: number;
  residentialDailyE4: number;
  residentialBasicE4: number;
  nonResidentialDailyE4: number;
  nonResidentialBasicE4: number;
}

export function pricingOf(city: string, versionId: number, rules: Rules, season: string): CityPricing {
  const { billedDays } = asDomain(() => seasonByCode(rules, season));
  return {
    city,
    versionId,
    grossAreaPercent: rules.billingArea.grossAreaPercent,
    billedDays,
    suspendedPercent: rules.suspension.basicFeePercent,
    residentialDailyE4: rules.tariffs.residential.dailyPerM2YuanE4,
    residentialBasicE4: rules.tariffs.residential.metered.basicPerM2SeasonYuanE4,
    nonResidentialDailyE4: rules.tariffs.nonResidential.dailyPerM2YuanE4,
    nonResidentialBasicE4: rules.tariffs.nonResidential.metered.basicPerM2SeasonYuanE4,
  };
}

function pricingValues(pricing: CityPricing[]): SQL {
  const rows = pricing.map(
    (p) => sql`(${p.city}::text, ${p.versionId}::int, ${p.grossAreaPercent}::numeric, ${p.billedDays}::numeric,
      ${p.suspendedPercent}::numeric, ${p.residentialDailyE4}::numeric, ${p.residentialBasicE4}::numeric,
      ${p.nonResidentialDailyE4}::numeric, ${p.nonResidentialBasicE4}::numeric)`,
  );
  return sql`(VALUES ${sql.join(rows, sql`, `)}) AS r(city, version_id, gross_pct, days, suspended_pct, res_daily, res_basic, non_daily, non_basic)`;
}

/**
 * The SELECT that prices households: one row per household in the id range whose branch's city
 * has pricing. Exposed separately so the agreement test can compare it with the rulebook.
 */
export function pricedHouseholds(pricing: CityPricing[], range: { fromId: number; toId: number; season?: string }): SQL {
  // A season's bill follows the suspension/resumption applications approved for it (报停/复热).
  const inRange = sql`a.household_id > ${range.fromId} AND a.household_id <= ${range.toId}`;
  const status = range.season === undefined ? sql`h.status` : seasonStatusOf;
  const applications = range.season === undefined ? sql`` : sql`LEFT JOIN ${approvedSeasonStatus(range.season, inRange)} ON sa.household_id = h.id`;
  return sql`
    SELECT q.*,
      CASE WHEN q.status = 'disconnected' THEN 'disconnected'
           WHEN q.status = 'suspended' THEN 'suspended'
           WHEN q.has_heat_meter THEN 'metered' ELSE 'area' END AS basis,
      CASE WHEN q.status = 'disconnected' THEN 0
           WHEN q.status = 'suspended' THEN div(q.area * q.daily * q.days * q.suspended_pct * 2 + 1000000, 2000000)
           WHEN q.has_heat_meter THEN div(q.area * q.basic * 2 + 10000, 20000)
           ELSE div(q.area * q.daily * q.days * 2 + 10000, 20000) END::bigint AS amount_fen
    FROM (
      SELECT h.id AS household_id, c.branch_id, r.version_id, r.days, r.suspended_pct, ${status} AS status, h.has_heat_meter,
        CASE WHEN h.customer_type = 'residential' THEN r.res_daily ELSE r.non_daily END AS daily,
        CASE WHEN h.customer_type = 'residential' THEN r.res_basic ELSE r.non_basic END AS basic,
        -- interior area when recorded, else gross × percent, rounded half up to whole cm²
        CASE WHEN h.interior_area_m_2 IS NOT NULL THEN h.interior_area_m_2 * 100
             ELSE div(h.gross_area_m_2 * 100 * r.gross_pct * 2 + 100, 200) END AS area
      FROM households h
      JOIN buildings bu ON bu.id = h.building_id
      JOIN compounds c ON c.id = bu.compound_id
      JOIN branches br ON br.id = c.branch_id
      JOIN ${pricingValues(pricing)} ON r.city = br.city
      ${applications}
      WHERE h.id > ${range.fromId} AND h.id <= ${range.toId}
    ) q`;
}

/**
 * Bill households (fromId, toId] for a season and post their journal, in ONE statement: the
 * missing bills (households that have the season's bill are skipped, so re-running only fills
 * gaps: NOT EXISTS rather than ON CONFLICT, which cost a speculative insertion per bill — the
 * run row lock makes a batch the only writer of its range, and the unique (household, season)
 * index still refuses a duplicate), each naming the journal transaction; that transaction; and
 * per branch one debit of its receivable control account and one credit of its revenue, each
 * the sum of the branch's new bills. No per-household account or line: a household's receivable is its bills
 * (amount − paid), and checkLedger proves every control line equals the bills that name it
 * (docs/decisions.md, "bills receivable per branch"). Bills of 0 fen move no money and name no
 * journal; a batch of only those makes no journal transaction.
 */
export async function insertBillsAndJournal(
  tx: Db,
  clock: Clock,
  input: { runId: number; season: string; pricing: CityPricing[]; fromId: number; toId: number; actorId: number | null },
): Promise<{ created: number; amountFen: number; journalId: number | null }> {
  const now = clock.now().toISOString();
  // The branches' control and revenue accounts exist before the statement that posts to them (a few rows, ON CONFLICT no-ops).
  await tx.execute(sql`
    INSERT INTO ledger_accounts (kind, owner_id)
    SELECT k.kind, br.id FROM branches br CROSS JOIN (VALUES ('receivable'), ('revenue')) AS k(kind)
    ON CONFLICT DO NOTHING`);
  // The journal id is drawn first so each bill can name it (a gap in journal ids is harmless; receipts are the gap-free numbers).
  const [{ id: journalId }] = (await queryRows<{ id: number }>(
    tx,
    sql`SELECT nextval(pg_get_serial_sequence('journal_transactions', 'id'))::int AS id`,
  )) as [{ id: number }];
  const memo = `season ${input.season} bills, run ${input.runId}, households ${input.fromId + 1}–${input.toId}`;
  const [row] = await queryRows<{ created: number; amount: string; posted: boolean }>(
    tx,
    sql`WITH ins AS (
          INSERT INTO bills (household_id, season, branch_id, bill_run_id, rulebook_version_id, basis,
                             billing_area_cm2, billed_days, amount_fen, journal_transaction_id, created_at)
          SELECT p.household_id, ${input.season}, p.branch_id, ${input.runId}, p.version_id, p.basis,
                 p.area::bigint, p.days::int, p.amount_fen, CASE WHEN p.amount_fen > 0 THEN ${journalId}::int END, ${now}::timestamptz
            FROM (${pricedHouseholds(input.pricing, input)}) p
           WHERE NOT EXISTS (SELECT 1 FROM bills b WHERE b.household_id = p.household_id AND b.season = ${input.season})
          RETURNING branch_id, amount_fen),
        per_branch AS (SELECT branch_id, count(*)::int AS n, sum(amount_fen)::bigint AS fen FROM ins GROUP BY branch_id),
        journal AS (
          INSERT INTO journal_transactions (id, kind, memo, posted_at, actor_id) OVERRIDING SYSTEM VALUE
          SELECT ${journalId}::int, 'bill_run', ${memo}, ${now}::timestamptz, ${input.actorId}::int
           WHERE EXISTS (SELECT 1 FROM per_branch WHERE fen > 0)
          RETURNING id),
        lines AS (
          INSERT INTO journal_entries (transaction_id, account_id, debit_fen, credit_fen)
          SELECT j.id, a.id, CASE WHEN a.kind = 'receivable' THEN pb.fen ELSE 0 END, CASE WHEN a.kind = 'revenue' THEN pb.fen ELSE 0 END
            FROM journal j CROSS JOIN per_branch pb
            JOIN ledger_accounts a ON a.owner_id = pb.branch_id AND a.kind IN ('receivable', 'revenue')
           WHERE pb.fen > 0
          RETURNING 1)
        SELECT coalesce(sum(n), 0)::int AS created, coalesce(sum(fen), 0)::text AS amount,
               EXISTS (SELECT 1 FROM journal) AND (SELECT count(*) FROM lines) > 0 AS posted
          FROM per_branch`,
  );
  return { created: row!.created, amountFen: Number(row!.amount), journalId: row!.posted ? journalId : null };
}
