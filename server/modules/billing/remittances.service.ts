/**
 * Agent remittance (代收款上缴): the property company hands over what it collected as agent. The
 * clerk records it when the money is in: cash counter or bank account of the branch up, the
 * company's agent receivable down — one balanced journal, the remittance row and the audit row
 * in the Idempotency-Key's transaction. A tenure's remittances never exceed what was collected
 * during it (422 with the amount still owed), so the agent receivable cannot go negative.
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { assertFen, MAX_FEN } from '../../kernel/money.ts';
import { timeZoneOf } from '../rulebook/index.ts';
import type { AgentPosition, RecordRemittance, RemittanceView } from './agent.contract.ts';
import { remittances } from './agent.schema.ts';
import { tenureTotals, type TenureTotalsRow } from './agent-ledger.sql.ts';
import { branchIn, companyReach, officeBranches } from './agent-scope.ts';
import { onceForKey, type Stored } from './idempotency.ts';
import { ledgerAccount, postJournal } from './ledger.ts';

export const REMITTANCE_ROUTE = 'POST /api/billing/remittances';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** The tenure this remittance hands over: the one named, or the company's only one still owing. */
function pickTenure(tenures: TenureTotalsRow[], input: RecordRemittance): TenureTotalsRow {
  if (input.tenureId !== undefined) {
    const named = tenures.find((t) => t.tenureId === input.tenureId);
    if (!named) throw new Invalid(`Tenure ${input.tenureId} is not a tenure of property company ${input.propertyCompanyId} that you may settle`, [{ field: 'tenureId', message: 'not a tenure of this company in your branch', rule: 'not_company_tenure' }], 'tenure_of_other_company');
    return named;
  }
  const owing = tenures.filter((t) => t.collectedFen > t.remittedFen);
  if (owing.length === 1) return owing[0]!;
  const ids = owing.map((t) => t.tenureId).join(', ') || 'none';
  throw new Invalid(owing.length === 0
    ? `Property company ${input.propertyCompanyId} owes nothing on any tenure`
    : `Property company ${input.propertyCompanyId} owes on several tenures (${ids}): name the one this money is for`, [
    owing.length === 0
      ? { field: 'amountFen', message: 'nothing is owed', rule: 'exceeds_owed', params: { owedFen: 0 } }
      : { field: 'tenureId', message: `name one of tenures ${ids}`, rule: 'name_one_tenure', params: { ids } },
  ], owing.length === 0 ? 'remittance_exceeds_owed' : 'tenure_required', { owedFen: 0, ids });
}

export async function recordRemittance(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: RecordRemittance,
  idempotencyKey: string,
): Promise<Stored<RemittanceView>> {
  if (assertFen(input.amountFen) <= 0 || input.amountFen > MAX_FEN || input.currency !== 'CNY') {
    throw new Invalid('A remittance is a positive amount of integer fen in CNY', [{ field: 'amountFen', message: 'out of range', rule: 'amount_out_of_range' }], 'amount_out_of_range');
  }
  if (!hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Remittances are recorded by the business office', 'office_only');
  return onceForKey(deps, actor, { key: idempotencyKey, route: REMITTANCE_ROUTE, body: input }, async (tx) => {
    const reach = await companyReach(tx, actor, input.propertyCompanyId, 'write');
    // Serialise remittances of one company: the owed check below must see every earlier one.
    await tx.execute(sql`SELECT id FROM property_companies WHERE id = ${reach.id} FOR UPDATE`);
    const tenures = await tenureTotals(tx, sql`t.property_company_id = ${reach.id} ${branchIn(sql`c.branch_id`, reach.branchIds)}`);
    const tenure = pickTenure(tenures, input);
    const [city] = await queryRows<{ city: string }>(tx, sql`SELECT city FROM branches WHERE id = ${tenure.branchId}`);
    const today = businessDate(deps.clock.now(), await timeZoneOf(tx, city!.city));
    if (input.remittedOn > today) {
      throw new Invalid(`The money cannot have arrived after today (${today})`, [{ field: 'remittedOn', message: `must be on or before ${today}`, rule: 'in_future' }], 'remitted_in_future', { today });
    }
    if (tenure.settlementStatus === 'closed') {
      throw new Invalid(`The settlement statement of tenure ${tenure.tenureId} is closed; nothing more is owed on it`, [{ field: 'tenureId', message: 'its statement is closed', rule: 'settlement_closed' }], 'settlement_closed');
    }
    const owed = tenure.collectedFen - tenure.remittedFen;
    if (input.amountFen > owed) {
      throw new Invalid(`${reach.name} owes ${yuan(owed)} (${owed} fen) on tenure ${tenure.tenureId}; ${yuan(input.amountFen)} is more than that`, [
        { field: 'amountFen', message: `exceeds what is owed (${owed} fen)`, rule: 'exceeds_owed', params: { owedFen: owed } },
      ], 'remittance_exceeds_owed', { owedFen: owed });
    }
    const into = await ledgerAccount(tx, input.method === 'cash' ? 'cash_counter' : 'cash_bank', tenure.branchId);
    const agent = await ledgerAccount(tx, 'agent_receivable', reach.id);
    const journalId = await postJournal(tx, deps.clock, {
      kind: 'remittance',
      memo: `remittance ${input.reference} from property company ${reach.id}, tenure ${tenure.tenureId}`,
      actorId: actor.userId,
      lines: [{ accountId: into, debitFen: input.amountFen }, { accountId: agent, creditFen: input.amountFen }],
    });
    const [row] = await tx
      .insert(remittances)
      .values({
        propertyCompanyId: reach.id,
        tenureId: tenure.tenureId,
        branchId: tenure.branchId,
        amountFen: input.amountFen,
        currency: 'CNY',
        method: input.method,
        remittedOn: input.remittedOn,
        reference: input.reference,
        journalTransactionId: journalId,
        actorId: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    // The stored row is the answer, less its bookkeeping columns, plus what is still owed.
    const { journalTransactionId: _journal, actorId: _actor, createdAt, ...stored } = row!;
    const view: RemittanceView = { ...stored, currency: 'CNY', createdAt: createdAt.toISOString(), owedAfterFen: owed - input.amountFen };
    await writeAudit(tx, deps.clock, actor, { action: 'billing.remittance', entity: 'remittance', entityId: row!.id, before: { owedFen: owed }, after: view });
    return { statusCode: 201, body: view };
  });
}

async function ledgerOwed(db: Db, companyId: number): Promise<number> {
  const [row] = await queryRows<{ fen: string }>(
    db,
    sql`SELECT coalesce(sum(e.debit_fen - e.credit_fen), 0)::text AS fen FROM journal_entries e
          JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'agent_receivable' AND a.owner_id = ${companyId}`,
  );
  return Number(row!.fen);
}

function position(company: { id: number; name: string }, tenures: TenureTotalsRow[], ledgerOwedFen: number): AgentPosition {
  const collectedFen = tenures.reduce((s, t) => s + t.collectedFen, 0);
  const remittedFen = tenures.reduce((s, t) => s + t.remittedFen, 0);
  return {
    propertyCompanyId: company.id,
    name: company.name,
    collectedFen,
    remittedFen,
    owedFen: collectedFen - remittedFen,
    ledgerOwedFen,
    tenures: tenures.map((t) => ({
      tenureId: t.tenureId,
      compoundId: t.compoundId,
      compoundName: t.compoundName,
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      collectsAsAgent: t.collectsAsAgent,
      settlementId: t.settlementId,
      settlementStatus: t.settlementStatus,
      collectedFen: t.collectedFen,
      remittedFen: t.remittedFen,
      owedFen: t.collectedFen - t.remittedFen,
    })),
  };
}

/** One company's position, tenure by tenure (clerk of its branch, admin, or its own managers). */
export async function companyPosition(db: Db, actor: Actor, companyId: number): Promise<AgentPosition> {
  const reach = await companyReach(db, actor, companyId, 'read');
  const tenures = await tenureTotals(db, sql`t.property_company_id = ${reach.id} ${branchIn(sql`c.branch_id`, reach.branchIds)}`);
  return position(reach, tenures, await ledgerOwed(db, reach.id));
}

/** Every agent-collecting company the actor may see, for the clerk's picker (a manager: their own). */
export async function agentPositions(db: Db, actor: Actor): Promise<{ items: AgentPosition[] }> {
  const ids = hasRole(actor, 'property_manager')
    ? scopeIds(actor, 'property_company')
    : (await queryRows<{ id: number }>(
        db,
        sql`SELECT DISTINCT t.property_company_id AS id FROM tenures t JOIN compounds c ON c.id = t.compound_id
             WHERE t.property_company_id IS NOT NULL
               AND (t.collects_as_agent OR EXISTS (SELECT 1 FROM payments p WHERE p.property_company_id = t.property_company_id))
               ${branchIn(sql`c.branch_id`, officeBranches(actor, 'Agent money'))} ORDER BY 1`,
      )).map((r) => r.id);
  const items: AgentPosition[] = [];
  for (const id of ids) items.push(await companyPosition(db, actor, id));
  return { items };
}
