DROP INDEX "bills_run_household_idx";--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "journal_transaction_id" integer;--> statement-breakpoint
ALTER TABLE "point_cash_ups" ADD COLUMN "journal_transaction_id" integer;--> statement-breakpoint
ALTER TABLE "point_cash_ups" ADD CONSTRAINT "point_cash_ups_journal_transaction_id_journal_transactions_id_fk" FOREIGN KEY ("journal_transaction_id") REFERENCES "public"."journal_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- hand-written: until now 'receivable' accounts were per household; from here 'receivable' is the
-- branch's control account (owner = branch id). The old accounts keep their history under a kind
-- of their own, so owner ids of the two kinds never meet in the (kind, owner) unique index.
UPDATE ledger_accounts SET kind = 'household_receivable' WHERE kind = 'receivable';
