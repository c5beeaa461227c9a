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
import { owedByKind, statementLines } from './settlement.calc.ts';
import type { SettlementRequest, SettlementView } from './temperature.contract.ts';
import { temperatureCredits, temperatureReductionDays, temperatureSettlementRuns } from './temperature.schema.ts';
import { settlementInputs } from './settlement.inputs.ts';

export async function runSettlement(deps: Deps, actor: Actor, input: SettlementRequest): Promise<SettlementView> {
  if (actor.role !== 'system' && !hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Only the business office runs settlements');
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
  for (const h of inputs) {
    const household: BillableHousehold = { customerType: h.customerType, grossAreaCm2: h.grossAreaCm2, interiorAreaCm2: h.interiorAreaCm2, status: h.status };
    const lines = asDomain(() =>
      statementLines(rules, season, household, { periods: h.periods, findings: h.findings, outages: h.outages, until, now }),
    );
    const owed = owedByKind(lines);
    await deps.db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM temperature_reduction_days WHERE household_id = ${h.householdId} AND season = ${season.code}`);
      if (lines.length > 0) {
        await tx.insert(temperatureReductionDays).values(lines.map((l) => ({ ...l, householdId: h.householdId, season: season.code, runId })));
      }
      await writeAudit(tx, deps.clock, actor, { action: 'temperature.statement', entity: 'household', entityId: h.householdId, after: { season: season.code, runId, owed, days: lines.length } });
    });
    for (const kind of ['temperature', 'outage'] as const) {
      const credited = h.credited[kind] ?? 0;
      const delta = owed[kind] - credited;
      if (delta <= 0) continue;
      const sourceRef = `temperature-guarantee:${season.code}:household-${h.householdId}:${kind}:owed-${owed[kind]}`;
      let creditNoteId: number;
      try {
        const days = lines.filter((l) => l.kind === kind && l.reductionFen > 0).length;
        const memo = `${kind === 'temperature' ? '室温不达标' : '停热'}减免 ${season.code}: ${days} 天`;
        creditNoteId = (await issueCreditNote(deps, actor, { householdId: h.householdId, season: season.code, amountFen: delta, reason: kind, sourceRef, memo })).creditNote.id;
      } catch (err) {
        // A household without a bill (or fully credited) is reported, not a reason to stop the run.
        if (err instanceof DomainError && err.status === 422) {
          skipped.push({ householdId: h.householdId, reason: err.message });
          continue;
        }
        throw err;
      }
      const inserted = await deps.db
        .insert(temperatureCredits)
        .values({ householdId: h.householdId, season: season.code, sourceRef, amountFen: delta, owedFen: owed[kind], creditNoteId, runId, createdAt: deps.clock.now() })
        .onConflictDoNothing({ target: temperatureCredits.sourceRef })
        .returning({ id: temperatureCredits.id });
      if (inserted.length > 0) {
        creditedFen += delta;
        creditNotes += 1;
      }
    }
  }
  await deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE temperature_settlement_runs SET finished_at = ${deps.clock.now().toISOString()}::timestamptz, households = ${inputs.length}, credited_fen = ${creditedFen} WHERE id = ${runId}`,
    );
    await writeAudit(tx, deps.clock, actor, { action: 'temperature.settle', entity: 'temperature_settlement_run', entityId: runId, after: { city, season: season.code, households: inputs.length, creditedFen, creditNotes, skipped } });
  });
  return { runId, season: season.code, city, households: inputs.length, creditedFen, creditNotes, skipped };
}

async function cityOfBranches(deps: Deps, branchIds: number[]): Promise<string | undefined> {
  if (branchIds.length === 0) return undefined;
  const [row] = await queryRows<{ city: string }>(deps.db, sql`SELECT city FROM branches WHERE id = ${branchIds[0]!}`);
  return row?.city;
}
