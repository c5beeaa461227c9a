ALTER TABLE "payments" ADD COLUMN "property_company_id" integer;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_property_company_id_property_companies_id_fk" FOREIGN KEY ("property_company_id") REFERENCES "public"."property_companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written: an agent payment always names its collecting company, a counter payment never.
ALTER TABLE "payments" ADD CONSTRAINT "payments_agent_names_company" CHECK ((channel = 'agent') = (property_company_id IS NOT NULL));
