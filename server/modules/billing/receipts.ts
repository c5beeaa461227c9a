/**
 * Receipt numbers: unique and gap-free per branch and year (auditors count them). The number is
 * taken from a counter row in the payment's own transaction — a sequence would leave gaps on
 * rollback; this row lock serialises receipts of one branch only from the payment's last
 * statement to its commit.
 */
import { sql, type SQL } from 'drizzle-orm';
import { businessDate } from '../../kernel/business-time.ts';
import type { ReceiptView } from './billing.contract.ts';
import type { receipts } from './billing.schema.ts';

/** Receipts belong to the business year of the branch's city (bills and windows use the same zone). */
const RECEIPT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The receipt of a payment as two CTE parts for the payment's statement: `receipt_seq` takes the
 * branch's next number of the year (upsert on the counter row, whose lock then serialises that
 * branch's receipts until commit — which is why the payment takes it in its LAST statement),
 * `receipt` inserts the row for the payment CTE named `payment` and returns its JSON view as `view`.
 */
export function receiptCtes(input: { branchId: number; branchCode: string; householdId: number; amountFen: number; issuedAt: Date }): SQL {
  const year = Number(businessDate(input.issuedAt, RECEIPT_TIME_ZONE).slice(0, 4));
  return sql`
    receipt_seq AS (
      INSERT INTO receipt_counters (branch_id, year, next) VALUES (${input.branchId}::int, ${year}::int, 2)
      ON CONFLICT (branch_id, year) DO UPDATE SET next = receipt_counters.next + 1
      RETURNING next - 1 AS seq),
    receipt AS (
      INSERT INTO receipts (receipt_no, branch_id, year, seq, payment_id, household_id, amount_fen, issued_at)
      SELECT ${`${input.branchCode}-${year}-`} || lpad(s.seq::text, 7, '0'), ${input.branchId}::int, ${year}::int, s.seq, p.id,
             ${input.householdId}::int, ${input.amountFen}::bigint, ${input.issuedAt.toISOString()}::timestamptz
        FROM payment p, receipt_seq s
      RETURNING jsonb_build_object('id', id, 'receiptNo', receipt_no, 'branchId', branch_id, 'paymentId', payment_id,
                                   'householdId', household_id, 'amountFen', amount_fen, 'issuedAt', ${input.issuedAt.toISOString()}::text) AS view)`;
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
