/**
 * Receipt numbers: unique and gap-free per branch and year (auditors count them). The number is
 * taken from a counter row in the payment's own transaction — a sequence would leave gaps on
 * rollback; this row lock serialises receipts of one branch only for the commit's duration.
 */
import { sql } from 'drizzle-orm';
import { businessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { ReceiptView } from './billing.contract.ts';
import { receipts } from './billing.schema.ts';

/** Receipts belong to the business year of the branch's city (bills and windows use the same zone). */
const RECEIPT_TIME_ZONE = 'Asia/Shanghai';

async function nextReceiptSeq(tx: Db, branchId: number, year: number): Promise<number> {
  await tx.execute(sql`INSERT INTO receipt_counters (branch_id, year, next) VALUES (${branchId}, ${year}, 1) ON CONFLICT DO NOTHING`);
  const [row] = await queryRows<{ seq: number }>(
    tx,
    sql`UPDATE receipt_counters SET next = next + 1 WHERE branch_id = ${branchId} AND year = ${year} RETURNING next - 1 AS seq`,
  );
  return row!.seq;
}

export async function issueReceipt(
  tx: Db,
  clock: Clock,
  input: { branchId: number; branchCode: string; paymentId: number; householdId: number; amountFen: number },
): Promise<ReceiptView> {
  const issuedAt = clock.now();
  const year = Number(businessDate(issuedAt, RECEIPT_TIME_ZONE).slice(0, 4));
  const seq = await nextReceiptSeq(tx, input.branchId, year);
  const [row] = await tx
    .insert(receipts)
    .values({
      receiptNo: `${input.branchCode}-${year}-${String(seq).padStart(7, '0')}`,
      branchId: input.branchId,
      year,
      seq,
      paymentId: input.paymentId,
      householdId: input.householdId,
      amountFen: input.amountFen,
      issuedAt,
    })
    .returning();
  return receiptView(row!);
}

export function receiptView(row: typeof receipts.$inferSelect): ReceiptView {
  return {
    id: row.id,
    receiptNo: row.receiptNo,
    branchId: row.branchId,
    paymentId: row.paymentId,
    householdId: row.householdId,
    amountFen: row.amountFen,
    issuedAt: row.issuedAt.toISOString(),
  };
}
