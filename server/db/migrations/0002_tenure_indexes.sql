CREATE INDEX "tenures_company_idx" ON "tenures" USING btree ("property_company_id","starts_on");--> statement-breakpoint
CREATE INDEX "tenures_ends_on_idx" ON "tenures" USING btree ("ends_on");--> statement-breakpoint
ALTER TABLE "tenures" ADD CONSTRAINT "tenures_dates_check" CHECK ("tenures"."ends_on" IS NULL OR "tenures"."ends_on" > "tenures"."starts_on");