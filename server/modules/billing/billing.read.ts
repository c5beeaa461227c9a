/** Read side: a household's bills and receipts, bill-run progress, the admin's ledger check. */
import { asc, desc, eq, sql } from 'drizzle-orm';
import { hasRole, type Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden } from '../../kernel/errors.ts';
import type { BillRunView, BillView, ReceiptView } from './billing.contract.ts';
import { bills, receipts } from './billing.schema.ts';
import type { BillRunRow } from './bill-run.service.ts';
import { householdForReading } from './household-access.ts';
import { checkLedger, type LedgerCheck } from './ledger.ts';
import { numbered, receiptView } from './receipts.ts';

export async function listHouseholdBills(
  db: Db,
  actor: Actor,
  householdId: number,
): Promise<{ householdId: number; creditFen: number; bills: BillView[] }> {
  const household = await householdForReading(db, actor, householdId);
  const rows = await db.select().from(bills).where(eq(bills.householdId, household.id)).orderBy(asc(bills.season), asc(bills.id));
  const [credit] = await queryRows<{ fen: string }>(
    db,
    sql`SELECT coalesce(sum(e.credit_fen - e.debit_fen), 0)::text AS fen
          FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id
         WHERE a.kind = 'customer_credit' AND a.owner_id = ${household.id}`,
  );
  return {
    householdId: household.id,
    creditFen: Number(credit!.fen),
    bills: rows.map((b) => ({
      id: b.id,
      householdId: b.householdId,
      season: b.season,
      basis: b.basis,
      billingAreaCm2: b.billingAreaCm2,
      billedDays: b.billedDays,
      amountFen: b.amountFen,
      paidFen: b.paidFen,
      balanceFen: b.amountFen - b.paidFen,
      createdAt: b.createdAt.toISOString(),
    })),
  };
}

export async function listHouseholdReceipts(
  db: Db,
  actor: Actor,
  householdId: number,
): Promise<{ householdId: number; receipts: ReceiptView[] }> {
  const household = await householdForReading(db, actor, householdId);
  const rows = await db.select().from(receipts).where(eq(receipts.householdId, household.id)).orderBy(desc(receipts.issuedAt), desc(receipts.id));
  return { householdId: household.id, receipts: await Promise.all(rows.map((r) => numbered(db, receiptView(r)))) };
}

export function billRunView(run: BillRunRow, resumed?: boolean): BillRunView {
  return {
    id: run.id,
    season: run.season,
    status: run.status,
    ruleVersions: run.ruleVersions,
    batchSize: run.batchSize,
    totalHouseholds: run.totalHouseholds,
    processedHouseholds: run.processedHouseholds,
    billsCreated: run.billsCreated,
    amountFen: run.amountFen,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
    ...(resumed !== undefined && { resumed }),
  };
}

export async function ledgerCheckFor(db: Db, actor: Actor): Promise<LedgerCheck> {
  if (!hasRole(actor, 'admin')) throw new Forbidden('The ledger check is for admins', 'admin_only');
  return checkLedger(db);
}
