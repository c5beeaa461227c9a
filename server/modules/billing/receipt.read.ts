/** One receipt as the resident prints it: what was paid, how it was allocated, and its e-invoice. */
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { NotFound } from '../../kernel/errors.ts';
import { eInvoiceRequests } from './einvoice.schema.ts';
import { eInvoiceView } from './einvoice.service.ts';
import { householdForReading } from './household-access.ts';
import type { ReceiptDetail } from './online.contract.ts';
import { findNumberedReceipt } from './receipts.ts';

export async function getReceiptDetail(db: Db, actor: Actor, receiptId: number): Promise<ReceiptDetail> {
  const receipt = await findNumberedReceipt(db, { id: receiptId });
  if (!receipt) throw new NotFound('receipt', receiptId);
  await householdForReading(db, actor, receipt.householdId);
  const [payment] = await queryRows<{ channel: ReceiptDetail['payment']['channel']; journal: number; provider: string | null }>(
    db,
    sql`SELECT p.channel, p.journal_transaction_id AS journal, o.provider
          FROM payments p LEFT JOIN online_orders o ON o.payment_id = p.id WHERE p.id = ${receipt.paymentId}`,
  );
  // The allocation is read back from the ledger: the receivable lines of the payment's journal (only they) name their bills.
  const lines = await queryRows<{ kind: string; bill_id: number | null; season: string | null; fen: string }>(
    db,
    sql`SELECT a.kind, e.bill_id, b.season, e.credit_fen::text AS fen
          FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id LEFT JOIN bills b ON b.id = e.bill_id
         WHERE e.transaction_id = ${payment!.journal} AND e.credit_fen > 0
         ORDER BY b.season NULLS LAST, e.id`,
  );
  const [household] = await queryRows<{ id: number; accountNo: string; address: string; holderName: string | null; branchName: string }>(
    db,
    sql`SELECT h.id, h.account_no AS "accountNo", concat_ws(' ', c.name, bu.name, en.name, h.room) AS address,
               h.holder_name AS "holderName", br.name AS "branchName"
          FROM households h JOIN entrances en ON en.id = h.entrance_id JOIN buildings bu ON bu.id = h.building_id
          JOIN compounds c ON c.id = bu.compound_id JOIN branches br ON br.id = ${receipt.branchId}
         WHERE h.id = ${receipt.householdId}`,
  );
  const [invoice] = await db.select().from(eInvoiceRequests).where(eq(eInvoiceRequests.receiptId, receipt.id));
  const { branchName, ...who } = household!;
  return {
    receipt,
    payment: {
      channel: payment!.channel,
      provider: payment!.provider,
      allocations: lines.filter((l) => l.bill_id !== null).map((l) => ({ billId: l.bill_id!, season: l.season!, amountFen: Number(l.fen) })),
      creditFen: lines.filter((l) => l.kind === 'customer_credit').reduce((sum, l) => sum + Number(l.fen), 0),
    },
    household: who,
    branchName,
    eInvoice: invoice ? eInvoiceView(invoice) : null,
  };
}
