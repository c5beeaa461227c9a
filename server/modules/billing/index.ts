/** The billing module's only door: bills, bill runs, payments, receipts and the ledger. */
export { billingRoutes } from './billing.routes.ts';
export * from './billing.schema.ts';
export { DEFAULT_BATCH_SIZE, getBillRun, processNextBatch, runBillBatches, startBillRun, type BillRunRow } from './bill-run.service.ts';
export { checkLedger, ledgerAccount, postJournal, type JournalLine, type LedgerCheck } from './ledger.ts';
export { postCounterPayment } from './payments.service.ts';
export { postAgentPayment } from './agent-payments.service.ts';
