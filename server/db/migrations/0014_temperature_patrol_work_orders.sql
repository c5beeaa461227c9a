CREATE TABLE "patrol_work_orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "patrol_work_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"grid_id" integer NOT NULL,
	"category" text NOT NULL,
	"findings" jsonb NOT NULL,
	"status" text NOT NULL,
	"assignee_user_id" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"on_site_due_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "patrol_work_orders" ADD CONSTRAINT "patrol_work_orders_plan_id_patrol_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."patrol_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_work_orders" ADD CONSTRAINT "patrol_work_orders_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_work_orders" ADD CONSTRAINT "patrol_work_orders_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patrol_work_orders_grid_idx" ON "patrol_work_orders" USING btree ("grid_id","status");