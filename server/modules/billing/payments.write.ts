/**
 * Writing payments: for each, its balanced journal and lines, the bill balances, the payment, its
 * waiting receipt, the audit row and — under an Idempotency-Key — the stored 201 answer, as ONE
 * statement for any number of payments.
 *
 * The statement's text is a constant and every value travels in one JSON parameter (one element
 * per payment), for the counter's and the agents' rush (bench:payments): no SQL is built per
 * payment, PostgreSQL plans it once per connection, and payments that arrive together share one
 * statement and one commit (payment-batch.ts). The ids of the new rows are drawn from their
 * sequences first, so each payment's rows find each other without relying on RETURNING's order.
 * The journal's balance trigger (migration 0005) checks every journal of the statement.
 */
import type { Actor } from '../../kernel/actor.ts';
import { auditRow, type AuditRow } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryConstant, type Db } from '../../kernel/db.ts';
import type { PaymentView } from './billing.contract.ts';
import type { BillingHousehold } from './household-access.ts';
import type { JournalLine } from './ledger.ts';
import type { WaitingReceipt } from './receipts.ts';

/** A payment as its statement returns it: the receipt is numbered after the commit (receipts.ts). */
export type WaitingPayment = Omit<PaymentView, 'receipt'> & { receipt: WaitingReceipt };

/** What a payment settles: per bill, oldest first; the rest is the household's credit. */
export interface Allocation {
  allocations: { billId: number; season: string; amountFen: number }[];
  creditFen: number;
}

/** One payment's values, as the statement reads them (the tables' column names). */
export interface PaymentRow {
  household_id: number;
  channel: string;
  branch_id: number;
  property_company_id: number | null;
  amount_fen: number;
  actor_id: number | null;
  memo: string;
  at: string;
  city: string;
  lines: { account_id: number; debit_fen: number; credit_fen: number; bill_id: number | null }[];
  /** The 201 answer but for the new ids, which the statement adds. */
  answer: Omit<WaitingPayment, 'paymentId' | 'receipt'> & { receipt: Omit<WaitingReceipt, 'id' | 'paymentId'> };
  audit: AuditRow;
  /** The Idempotency-Key to store the answer under, if any. */
  respond_to: string | null;
}

export function paymentRow(
  clock: Clock,
  actor: Actor,
  p: { household: BillingHousehold; channel: string; propertyCompanyId: number | null; amountFen: number; lines: JournalLine[]; allocation: Allocation; respondTo: string | null },
): PaymentRow {
  const at = clock.now().toISOString();
  const { household, channel, amountFen } = p;
  return {
    household_id: household.id,
    channel,
    branch_id: household.branchId,
    property_company_id: p.propertyCompanyId,
    amount_fen: amountFen,
    actor_id: actor.userId,
    memo: `${channel} payment, household ${household.id}`,
    at,
    city: household.city,
    lines: p.lines.map((l) => ({ account_id: l.accountId, debit_fen: l.debitFen ?? 0, credit_fen: l.creditFen ?? 0, bill_id: l.billId ?? null })),
    answer: {
      householdId: household.id,
      channel: channel as WaitingPayment['channel'],
      propertyCompanyId: p.propertyCompanyId,
      amountFen,
      currency: 'CNY',
      ...p.allocation,
      receipt: { receiptNo: null, branchId: household.branchId, householdId: household.id, amountFen, issuedAt: at },
    },
    audit: auditRow(clock, actor, { action: `billing.payment.${channel}`, entity: 'payment' }),
    respond_to: p.respondTo,
  };
}

const PAYMENTS_SQL = `
WITH input AS (
  SELECT x.*, nextval(pg_get_serial_sequence('journal_transactions', 'id'))::int AS journal_id,
         nextval(pg_get_serial_sequence('payments', 'id'))::int AS payment_id,
         nextval(pg_get_serial_sequence('receipts', 'id'))::int AS receipt_id
    FROM jsonb_to_recordset($1::jsonb) AS x(ord int, household_id int, channel text, branch_id int, property_company_id int, amount_fen bigint,
                                            actor_id int, memo text, at timestamptz, city text, lines jsonb, answer jsonb, audit jsonb, respond_to text)
), journal AS (
  INSERT INTO journal_transactions (id, kind, memo, posted_at, actor_id) OVERRIDING SYSTEM VALUE
  SELECT journal_id, 'payment', memo, at, actor_id FROM input
), lines AS (
  INSERT INTO journal_entries (transaction_id, account_id, debit_fen, credit_fen, bill_id)
  SELECT i.journal_id, l.account_id, l.debit_fen, l.credit_fen, l.bill_id
    FROM input i, jsonb_to_recordset(i.lines) AS l(account_id int, debit_fen bigint, credit_fen bigint, bill_id int)
), settled AS (
  UPDATE bills b SET paid_fen = b.paid_fen + s.fen
    FROM (SELECT l.bill_id, sum(l.credit_fen) AS fen FROM input i, jsonb_to_recordset(i.lines) AS l(credit_fen bigint, bill_id int)
           WHERE l.bill_id IS NOT NULL GROUP BY l.bill_id) s
   WHERE b.id = s.bill_id
), payment AS (
  INSERT INTO payments (id, household_id, channel, branch_id, property_company_id, amount_fen, currency, journal_transaction_id, actor_id, created_at) OVERRIDING SYSTEM VALUE
  SELECT payment_id, household_id, channel, branch_id, property_company_id, amount_fen, 'CNY', journal_id, actor_id, at FROM input
), receipt AS (
  INSERT INTO receipts (id, branch_id, year, payment_id, household_id, amount_fen, issued_at) OVERRIDING SYSTEM VALUE
  SELECT i.receipt_id, i.branch_id, extract(year FROM i.at AT TIME ZONE z.zone)::int, i.payment_id, i.household_id, i.amount_fen, i.at
    FROM input i LEFT JOIN LATERAL (
      SELECT v.rules->'city'->>'timeZone' AS zone FROM rulebook_versions v WHERE v.city = i.city ORDER BY v.effective_from DESC LIMIT 1) z ON true
), answer AS (
  SELECT ord, respond_to, payment_id, audit,
         answer || jsonb_build_object('paymentId', payment_id, 'receipt', (answer->'receipt') || jsonb_build_object('id', receipt_id, 'paymentId', payment_id)) AS view
    FROM input
), audit AS (
  INSERT INTO audit_log (at, actor_id, actor_role, action, entity, entity_id, after, request_id)
  SELECT a.at, a.actor_id, a.actor_role, a.action, a.entity, answer.payment_id::text, answer.view, a.request_id
    FROM answer, jsonb_populate_record(NULL::audit_log, answer.audit) a
), stored AS (
  UPDATE idempotency_keys k SET status_code = 201, response = answer.view FROM answer WHERE k.key = answer.respond_to
), released AS (
  DELETE FROM idempotency_keys WHERE key IN (SELECT jsonb_array_elements_text($2::jsonb))
)
SELECT ord, view FROM answer ORDER BY ord`;

/**
 * Write the payments (their bills locked by the caller, in its transaction) and answer their
 * views in order. `release` names Idempotency-Keys the caller claimed in this transaction for
 * payments it is not writing after all, so that their retry is free to run.
 */
export async function writePayments(tx: Db, rows: PaymentRow[], release: string[] = []): Promise<WaitingPayment[]> {
  const numbered = rows.map((r, i) => ({ ...r, ord: i }));
  const written = await queryConstant<{ ord: number; view: WaitingPayment }>(tx, 'hs_billing_payments', PAYMENTS_SQL, [JSON.stringify(numbered), JSON.stringify(release)]);
  return written.map((w) => w.view);
}
