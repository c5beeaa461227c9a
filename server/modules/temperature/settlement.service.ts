/**
 * The settlement run (减免结算): every household of the city with a non-compliance period or a
 * long outage in the season gets its statement recomputed and, for what it is owed beyond what
 * was already credited, a credit note in billing. The credit's source ref carries the owed
 * total, so a second run finds the same ref (billing returns the same note) and credits nothing:
 * running twice never credits twice, and a later run credits only what new days added.
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { DomainError, Forbidden } from '../../kernel/errors.ts';
import { issueCreditNote } from '../billing/index.ts';
import { asDomain, defaultCityCode, rulesFor, seasonByCode, type BillableHousehold } from '../rulebook/index.ts';
import { owedByKind, statementLines, type StatementLine } from './settlement.calc.ts';
import type { SettlementRequest, SettlementView } from './temperature.contract.ts';
import { temperatureCredits, temperatureReductionDays, temperatureSettlementRuns } from './temperature.schema.ts';
import { settlementInputs } from './settlement.inputs.ts';

/** Households per transaction; statement rows per INSERT (10 parameters a row, under PostgreSQL's 65,535). */
const SETTLE_BATCH = 500;
const INSERT_ROWS = 5_000;

export async function runSettlement(deps: Deps, actor: Actor, input: SettlementRequest): Promise<SettlementView> {
  if (actor.role !== 'system' && !hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Only the business office runs settlements', 'office_only');
  const branchIds = scopeIds(actor, 'branch');
  const city = input.city ?? (await cityOfBranches(deps, branchIds)) ?? defaultCityCode;
  const now = deps.clock.now();
  const { rules, versionId } = await rulesFor(deps.db, city, now);
  const season = asDomain(() => seasonByCode(rules, input.season));
  const today = businessDate(now, rules.city.timeZone);
  // Only whole days count: an open period is settled up to yesterday.
  const until = today < season.end ? today : season.end;

  const [run] = await deps.db
    .insert(temperatureSettlementRuns)
    .values({ city, season: season.code, rulebookVersionId: versionId, runBy: actor.userId, startedAt: now })
    .returning();
  const runId = run!.id;
  const inputs = await settlementInputs(deps.db, { city, season, now, branchIds });

  let creditedFen = 0;
  let creditNotes = 0;
  const skipped: SettlementView['skipped'] = [];
  // Households are settled in batches, one transaction each (statements, audit rows, credit
  // notes): a commit per household was most of the run's time. A failed batch rolls back whole
  // and the next run redoes it; credit notes stay idempotent by their source refs.
  for (let from = 0; from < inputs.length; from += SETTLE_BATCH) {
    const batch = inputs.slice(from, from + SETTLE_BATCH).map((h) => {
      const household: BillableHousehold = { customerType: h.customerType, grossAreaCm2: h.grossAreaCm2, interiorAreaCm2: h.interiorAreaCm2, status: h.status };
      const lines = asDomain(() => statementLines(rules, season, household, { periods: h.periods, findings: h.findings, outages: h.outages, until, now }));
      return { h, lines, owed: owedByKind(lines) };
    });
    await deps.db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM temperature_reduction_days WHERE season = ${season.code} AND household_id = ANY(${sql.param(batch.map((b) => b.h.householdId))}::int[])`);
      const rows = batch.flatMap((b) => b.lines.map((l) => ({ ...l, householdId: b.h.householdId, season: season.code, runId })));
      for (let i = 0; i < rows.length; i += INSERT_ROWS) await tx.insert(temperatureReductionDays).values(rows.slice(i, i + INSERT_ROWS));
      for (const b of batch) {
        await writeAudit(tx, deps.clock, actor, { action: 'temperature.statement', entity: 'household', entityId: b.h.householdId, after: { season: season.code, runId, owed: b.owed, days: b.lines.length } });
        for (const kind of ['temperature', 'outage'] as const) {
          const delta = b.owed[kind] - (b.h.credited[kind] ?? 0);
          if (delta <= 0) continue;
          const credited = await creditHousehold({ ...deps, db: tx }, actor, runId, season.code, b.h.householdId, kind, b.owed[kind], delta, b.lines);
          if ('skipped' in credited) skipped.push({ householdId: b.h.householdId, reason: credited.skipped });
          else if (credited.created) {
            creditedFen += delta;
            creditNotes += 1;
          }
        }
      }
    });
  }
  await deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE temperature_settlement_runs SET finished_at = ${deps.clock.now().toISOString()}::timestamptz, households = ${inputs.length}, credited_fen = ${creditedFen} WHERE id = ${runId}`,
    );
    await writeAudit(tx, deps.clock, actor, { action: 'temperature.settle', entity: 'temperature_settlement_run', entityId: runId, after: { city, season: season.code, households: inputs.length, creditedFen, creditNotes, skipped } });
  });
  return { runId, season: season.code, city, households: inputs.length, creditedFen, creditNotes, skipped };
}

/**
 * One credit note in billing for what a household is owed beyond its earlier credits. Called with
 * the batch's transaction, so billing's own transaction is a savepoint: a refusal (no bill for the
 * season…) rolls back only this note and is reported, not a reason to stop the run.
 */
async function creditHousehold(
  deps: Deps,
  actor: Actor,
  runId: number,
  season: string,
  householdId: number,
  kind: 'temperature' | 'outage',
  owedFen: number,
  delta: number,
  lines: StatementLine[],
): Promise<{ created: boolean } | { skipped: string }> {
  const sourceRef = `temperature-guarantee:${season}:household-${householdId}:${kind}:owed-${owedFen}`;
  const days = lines.filter((l) => l.kind === kind && l.reductionFen > 0).length;
  const memo = `${kind === 'temperature' ? '室温不达标' : '停热'}减免 ${season}: ${days} 天`;
  let creditNoteId: number;
  try {
    creditNoteId = (await issueCreditNote(deps, actor, { householdId, season, amountFen: delta, reason: kind, sourceRef, memo })).creditNote.id;
  } catch (err) {
    if (err instanceof DomainError && err.status === 422) return { skipped: err.message };
    throw err;
  }
  const inserted = await deps.db
    .insert(temperatureCredits)
    .values({ householdId, season, sourceRef, amountFen: delta, owedFen, creditNoteId, runId, createdAt: deps.clock.now() })
    .onConflictDoNothing({ target: temperatureCredits.sourceRef })
    .returning({ id: temperatureCredits.id });
  return { created: inserted.length > 0 };
}

async function cityOfBranches(deps: Deps, branchIds: number[]): Promise<string | undefined> {
  if (branchIds.length === 0) return undefined;
  const [row] = await queryRows<{ city: string }>(deps.db, sql`SELECT city FROM branches WHERE id = ${branchIds[0]!}`);
  return row?.city;
}
