DROP INDEX "bills_run_idx";--> statement-breakpoint
CREATE INDEX "bills_run_household_idx" ON "bills" USING btree ("bill_run_id","household_id");