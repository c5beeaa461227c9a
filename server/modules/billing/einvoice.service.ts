/**
 * E-invoices (电子发票) for receipts. The request is recorded in the requester's transaction
 * with a job to deliver it (an outbox: the provider is never called inside our transaction);
 * the job hands it to the invoice provider and records what came back. One e-invoice per
 * receipt: asking again returns the request already made.
 */
import { eq } from 'drizzle-orm';
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../kernel/db.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { enqueueJob, type JobHandler } from '../../kernel/jobs.ts';
import { receipts } from './billing.schema.ts';
import { eInvoiceRequests } from './einvoice.schema.ts';
import { householdForReading } from './household-access.ts';
import { findNumberedReceipt } from './receipts.ts';
import type { EInvoiceView, RequestEInvoice } from './online.contract.ts';

export const E_INVOICE_JOB = 'billing.einvoice.issue';

type RequestRow = typeof eInvoiceRequests.$inferSelect;

/** What billing needs from an e-invoice platform (税控/电子发票服务商). */
export interface InvoiceProvider {
  readonly code: string;
  issue(request: { requestId: number; receiptNo: string; amountFen: number; buyerType: string; buyerName: string; buyerTaxId: string | null; email: string | null }): Promise<{ invoiceNo: string; payload: Record<string, unknown> }>;
}

/** The development platform: issues at once, numbering invoices from the request id. */
export const devInvoiceProvider: InvoiceProvider = {
  code: 'dev-einvoice',
  async issue(request) {
    const invoiceNo = `DEV${String(request.requestId).padStart(12, '0')}`;
    return { invoiceNo, payload: { invoiceNo, pdfUrl: `https://einvoice.dev.invalid/${invoiceNo}.pdf`, taxRateBp: 900 } };
  },
};

export function eInvoiceView(row: RequestRow): EInvoiceView {
  return {
    id: row.id,
    receiptId: row.receiptId,
    buyerType: row.buyerType,
    buyerName: row.buyerName,
    buyerTaxId: row.buyerTaxId,
    email: row.email,
    status: row.status,
    provider: row.provider,
    invoiceNo: row.invoiceNo,
    requestedAt: row.requestedAt.toISOString(),
    issuedAt: row.issuedAt ? row.issuedAt.toISOString() : null,
  };
}

export async function requestEInvoice(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  receiptId: number,
  input: RequestEInvoice,
): Promise<{ request: EInvoiceView; created: boolean }> {
  if (input.buyerType === 'company' && !input.buyerTaxId) {
    throw new Invalid('A company buyer needs its tax id (统一社会信用代码)', [{ field: 'buyerTaxId', message: 'is required for a company', rule: 'required' }], 'buyer_tax_id_required');
  }
  // An invoice names the receipt's number: a receipt still waiting for it is numbered first.
  const receipt = await findNumberedReceipt(deps.db, { id: receiptId });
  if (!receipt) throw new NotFound('receipt', receiptId);
  return deps.db.transaction(async (tx) => {
    // The lock makes two simultaneous requests for one receipt record one request.
    await tx.select({ id: receipts.id }).from(receipts).where(eq(receipts.id, receiptId)).for('update');
    await householdForReading(tx, actor, receipt.householdId);
    const [existing] = await tx.select().from(eInvoiceRequests).where(eq(eInvoiceRequests.receiptId, receiptId));
    if (existing) return { request: eInvoiceView(existing), created: false };
    const request = {
      receiptNo: receipt.receiptNo,
      amountFen: receipt.amountFen,
      buyerType: input.buyerType,
      buyerName: input.buyerName.trim(),
      buyerTaxId: input.buyerTaxId ?? null,
      email: input.email ?? null,
    };
    const [row] = await tx
      .insert(eInvoiceRequests)
      .values({
        receiptId,
        householdId: receipt.householdId,
        ...request,
        status: 'requested',
        provider: devInvoiceProvider.code,
        providerPayload: { request },
        requestedBy: actor.userId,
        requestedAt: deps.clock.now(),
      })
      .returning();
    await enqueueJob(tx, deps.clock, { kind: E_INVOICE_JOB, uniqueKey: `${E_INVOICE_JOB}:${row!.id}`, payload: { requestId: row!.id } });
    const view = eInvoiceView(row!);
    await writeAudit(tx, deps.clock, actor, { action: 'billing.einvoice.requested', entity: 'e_invoice_request', entityId: row!.id, after: view });
    return { request: view, created: true };
  });
}

/** Deliver one request to the provider; a retry after success finds it issued and does nothing. */
export async function issueEInvoice(deps: { db: Db; clock: Clock }, requestId: number, provider: InvoiceProvider = devInvoiceProvider): Promise<EInvoiceView> {
  const [row] = await deps.db.select().from(eInvoiceRequests).where(eq(eInvoiceRequests.id, requestId));
  if (!row) throw new NotFound('e-invoice request', requestId);
  if (row.status === 'issued') return eInvoiceView(row);
  const request = row.providerPayload.request as Record<string, unknown>;
  const answer = await provider.issue({
    requestId: row.id,
    receiptNo: String(request.receiptNo),
    amountFen: Number(request.amountFen),
    buyerType: row.buyerType,
    buyerName: row.buyerName,
    buyerTaxId: row.buyerTaxId,
    email: row.email,
  });
  return deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(eInvoiceRequests)
      .set({ status: 'issued', invoiceNo: answer.invoiceNo, issuedAt: deps.clock.now(), providerPayload: { request, response: answer.payload } })
      .where(eq(eInvoiceRequests.id, row.id))
      .returning();
    const view = eInvoiceView(updated!);
    await writeAudit(tx, deps.clock, systemActor, { action: 'billing.einvoice.issued', entity: 'e_invoice_request', entityId: row.id, before: { status: row.status }, after: view });
    return view;
  });
}

export const eInvoiceJob: JobHandler = async (ctx, job) => issueEInvoice(ctx, Number(job.payload.requestId));
