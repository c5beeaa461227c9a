/**
 * Receipt numbers: unique and gap-free per branch and year (auditors count them).
 *
 * A payment inserts its receipt WAITING, without a number, in its own transaction; right after
 * that transaction commits the receipt is numbered by `number_waiting_receipts` (migration 0020),
 * which numbers every receipt of the branch then waiting from the year's counter row, in one short
 * transaction. Why not number inside the payment: the counter row's lock would then be held from the
 * payment's last statement until its commit is on disk, so one branch's payments went one commit
 * at a time (≈ 250/s, docs/benchmarks.md). Numbered after, one numbering covers all the receipts
 * that waited meanwhile, and this process runs at most one numbering per branch with one more
 * queued behind it — the way PostgreSQL groups commits.
 *
 * Payments that arrive together are written in one transaction (payment-batch.ts), which numbers
 * its receipts itself before it commits (`numberInBatch`): its one commit covers the whole batch.
 *
 * A receipt whose payment committed but whose process died before the numbering is numbered by the
 * branch's next numbering, or by the minute sweep (RECEIPT_NUMBERING_JOB); readers of a receipt
 * (`numbered`) number it before they show it, so nobody is ever shown a receipt without a number.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../kernel/db.ts';
import { everySlot, type JobHandler } from '../../kernel/jobs.ts';
import type { ReceiptView } from './billing.contract.ts';
import { receipts } from './billing.schema.ts';

/** A receipt as its payment's statement returns it: the number comes after the commit. */
export type WaitingReceipt = Omit<ReceiptView, 'receiptNo'> & { receiptNo: string | null };

type Numbers = Map<number, string>;

/** One branch's numberings in this process: one running, at most one more waiting to start. */
class BranchNumbering {
  private busy: Promise<void> | null = null;
  private waiting: Promise<Numbers> | null = null;

  constructor(private readonly run: () => Promise<Numbers>) {}

  /**
   * A numbering that starts after this call — what a receipt committed before the call needs. A
   * numbering already running may have looked before that commit, so the caller joins the one
   * queued behind it (everyone arriving meanwhile shares it) instead.
   */
  request(): Promise<Numbers> {
    if (this.waiting) return this.waiting;
    if (!this.busy) return this.start();
    this.waiting = this.busy.then(() => {
      this.waiting = null;
      return this.start();
    });
    return this.waiting;
  }

  private start(): Promise<Numbers> {
    const run = this.run();
    const busy: Promise<void> = run.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      if (this.busy === busy) this.busy = null;
    });
    this.busy = busy;
    return run;
  }
}

/** Number every receipt of the branches waiting and visible to `db` (a pool handle, or a transaction), branch after branch. */
async function numberBranches(db: Db, branchIds: number[]): Promise<Numbers> {
  const rows = await queryRows<{ numbered_id: number; numbered_no: string }>(
    db,
    sql`SELECT n.numbered_id, n.numbered_no FROM unnest(${`{${branchIds.join(',')}}`}::int[]) WITH ORDINALITY AS b(id, ord)
          CROSS JOIN LATERAL number_waiting_receipts(b.id) n ORDER BY b.ord`,
  );
  return new Map(rows.map((r) => [r.numbered_id, r.numbered_no]));
}

/**
 * For a batch of payments (payment-batch.ts), inside its transaction after it wrote them: number
 * the waiting receipts of its branches in one statement, in branch order (two batches never wait
 * on each other's counters in a circle). The counter rows stay locked to the batch's commit — one
 * commit per batch, not per payment, which is what made numbering inside a payment slow.
 */
export async function numberInBatch(tx: Db, branchIds: number[]): Promise<Numbers> {
  if (branchIds.length === 0) return new Map();
  return numberBranches(tx, [...new Set(branchIds)].sort((a, b) => a - b));
}

const numberings = new WeakMap<Db, Map<number, BranchNumbering>>();

function numberingOf(db: Db, branchId: number): BranchNumbering {
  let branches = numberings.get(db);
  if (!branches) numberings.set(db, (branches = new Map<number, BranchNumbering>()));
  let numbering = branches.get(branchId);
  if (!numbering) {
    numbering = new BranchNumbering(() => numberBranches(db, [branchId]));
    branches.set(branchId, numbering);
  }
  return numbering;
}

/**
 * The receipt with its number, numbering the branch's waiting receipts first when it has none.
 * Call it only after the receipt's transaction has committed, with the pool's handle (never a tx).
 */
export async function numbered(db: Db, receipt: WaitingReceipt): Promise<ReceiptView> {
  if (receipt.receiptNo !== null) return { ...receipt, receiptNo: receipt.receiptNo };
  const fresh = (await numberingOf(db, receipt.branchId).request()).get(receipt.id);
  if (fresh !== undefined) return { ...receipt, receiptNo: fresh };
  // Numbered by an earlier numbering, or by another app instance: read it back.
  const [row] = await queryRows<{ receipt_no: string | null }>(db, sql`SELECT receipt_no FROM receipts WHERE id = ${receipt.id}`);
  if (!row?.receipt_no) throw new Error(`receipt ${receipt.id} is still waiting for its number after a numbering of its branch`);
  return { ...receipt, receiptNo: row.receipt_no };
}

/** A payment's answer with its receipt numbered (see `numbered`). */
export async function withNumberedReceipt<T extends { receipt: WaitingReceipt }>(db: Db, view: T): Promise<Omit<T, 'receipt'> & { receipt: ReceiptView }> {
  return { ...view, receipt: await numbered(db, view.receipt) };
}

/** A stored receipt (by its id or its payment's), numbered first if it still waits; null if there is none. */
export async function findNumberedReceipt(db: Db, by: { id: number } | { paymentId: number }): Promise<ReceiptView | null> {
  const [row] = await db.select().from(receipts).where('id' in by ? eq(receipts.id, by.id) : eq(receipts.paymentId, by.paymentId));
  return row ? numbered(db, receiptView(row)) : null;
}

export const RECEIPT_NUMBERING_JOB = 'billing.number-waiting-receipts';
export const receiptNumberingScheduler = () => everySlot(RECEIPT_NUMBERING_JOB, 'minute');

/** The sweep: receipts left waiting by a process that died between a payment's commit and its numbering. */
export const receiptNumberingJob: JobHandler = async (ctx) => {
  const branches = await queryRows<{ branch_id: number }>(ctx.db, sql`SELECT DISTINCT branch_id FROM receipts WHERE seq IS NULL`);
  let count = 0;
  for (const b of branches) count += (await numberingOf(ctx.db, b.branch_id).request()).size;
  return { numbered: count };
};

export function receiptView(row: typeof receipts.$inferSelect): WaitingReceipt {
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
