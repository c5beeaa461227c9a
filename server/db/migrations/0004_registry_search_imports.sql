CREATE TABLE "household_imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "household_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone NOT NULL,
	"actor_id" integer,
	"file_name" text NOT NULL,
	"status" text NOT NULL,
	"rows" integer NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"buildings_created" integer DEFAULT 0 NOT NULL,
	"entrances_created" integer DEFAULT 0 NOT NULL,
	"bad_rows" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problems_truncated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "household_imports" ADD CONSTRAINT "household_imports_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grids_crew_idx" ON "grids" USING btree ("crew_id");--> statement-breakpoint
CREATE INDEX "households_entrance_idx" ON "households" USING btree ("entrance_id");--> statement-breakpoint
CREATE INDEX "households_account_prefix_idx" ON "households" USING btree (account_no text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_phone_suffix_idx" ON "households" USING btree (reverse(phone) text_pattern_ops) WHERE phone IS NOT NULL;--> statement-breakpoint
CREATE INDEX "pipe_segments_branch_idx" ON "pipe_segments" USING btree ("branch_id");