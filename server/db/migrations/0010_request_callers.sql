CREATE TABLE "remittances" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "remittances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"property_company_id" integer NOT NULL,
	"tenure_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"currency" text NOT NULL,
	"method" text NOT NULL,
	"remitted_on" date NOT NULL,
	"reference" text NOT NULL,
	"journal_transaction_id" integer NOT NULL,
	"actor_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "remittances_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_statements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "settlement_statements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenure_id" integer NOT NULL,
	"property_company_id" integer NOT NULL,
	"compound_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"status" text NOT NULL,
	"origin" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"collected_fen" bigint,
	"remitted_fen" bigint,
	"closing" jsonb
);
--> statement-breakpoint
CREATE TABLE "arrears_reminders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "arrears_reminders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"season" text NOT NULL,
	"sent_on" date NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"owed_fen" bigint NOT NULL,
	"actor_id" integer
);
--> statement-breakpoint
CREATE TABLE "valve_tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "valve_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"season" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"grid_id" integer NOT NULL,
	"assignee_user_id" integer,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "request_callers" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"caller_name" text NOT NULL,
	"caller_phone" text,
	"case_ref" text,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_property_company_id_property_companies_id_fk" FOREIGN KEY ("property_company_id") REFERENCES "public"."property_companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_tenure_id_tenures_id_fk" FOREIGN KEY ("tenure_id") REFERENCES "public"."tenures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_journal_transaction_id_journal_transactions_id_fk" FOREIGN KEY ("journal_transaction_id") REFERENCES "public"."journal_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittances" ADD CONSTRAINT "remittances_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_tenure_id_tenures_id_fk" FOREIGN KEY ("tenure_id") REFERENCES "public"."tenures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_property_company_id_property_companies_id_fk" FOREIGN KEY ("property_company_id") REFERENCES "public"."property_companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arrears_reminders" ADD CONSTRAINT "arrears_reminders_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arrears_reminders" ADD CONSTRAINT "arrears_reminders_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valve_tasks" ADD CONSTRAINT "valve_tasks_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valve_tasks" ADD CONSTRAINT "valve_tasks_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valve_tasks" ADD CONSTRAINT "valve_tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "valve_tasks" ADD CONSTRAINT "valve_tasks_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_callers" ADD CONSTRAINT "request_callers_request_id_repair_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."repair_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "remittances_company_idx" ON "remittances" USING btree ("property_company_id","remitted_on");--> statement-breakpoint
CREATE INDEX "remittances_tenure_idx" ON "remittances" USING btree ("tenure_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_statements_tenure_idx" ON "settlement_statements" USING btree ("tenure_id");--> statement-breakpoint
CREATE INDEX "settlement_statements_branch_idx" ON "settlement_statements" USING btree ("branch_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "arrears_reminders_once_a_day_idx" ON "arrears_reminders" USING btree ("household_id","season","sent_on");--> statement-breakpoint
CREATE UNIQUE INDEX "valve_tasks_household_season_kind_idx" ON "valve_tasks" USING btree ("household_id","season","kind");--> statement-breakpoint
CREATE INDEX "valve_tasks_assignee_idx" ON "valve_tasks" USING btree ("assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "valve_tasks_grid_idx" ON "valve_tasks" USING btree ("grid_id","status") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "payments_property_company_idx" ON "payments" USING btree ("property_company_id","created_at") WHERE property_company_id IS NOT NULL;