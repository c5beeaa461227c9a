CREATE TABLE "credit_notes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "credit_notes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"season" text NOT NULL,
	"bill_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"to_bill_fen" bigint NOT NULL,
	"to_credit_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"source_ref" text NOT NULL,
	"memo" text,
	"journal_transaction_id" integer NOT NULL,
	"actor_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_notes_sourceRef_unique" UNIQUE("source_ref"),
	CONSTRAINT "credit_notes_split" CHECK (amount_fen > 0 AND to_bill_fen >= 0 AND to_credit_fen >= 0 AND to_bill_fen + to_credit_fen = amount_fen)
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"channel" text NOT NULL,
	"provider" text,
	"reason" text NOT NULL,
	"journal_transaction_id" integer NOT NULL,
	"actor_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "refunds_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "e_invoice_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "e_invoice_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"receipt_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"buyer_type" text NOT NULL,
	"buyer_name" text NOT NULL,
	"buyer_tax_id" text,
	"email" text,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"invoice_no" text,
	"provider_payload" jsonb NOT NULL,
	"requested_by" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone,
	CONSTRAINT "e_invoice_requests_receiptId_unique" UNIQUE("receipt_id")
);
--> statement-breakpoint
CREATE TABLE "dev_pay_trades" (
	"provider_order_id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"merchant_order_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"trade_no" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_callbacks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "online_callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"merchant_order_no" text NOT NULL,
	"event" text NOT NULL,
	"amount_fen" bigint,
	"raw_body" text NOT NULL,
	"outcome" text NOT NULL,
	"order_id" integer,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "online_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"merchant_order_no" text NOT NULL,
	"provider" text NOT NULL,
	"provider_order_id" text,
	"household_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"bill_ids" jsonb NOT NULL,
	"amount_fen" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"pay_url" text,
	"qr_payload" text,
	"origin" text DEFAULT 'resident' NOT NULL,
	"payment_id" integer,
	"provider_trade_no" text,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "online_orders_merchantOrderNo_unique" UNIQUE("merchant_order_no"),
	CONSTRAINT "online_orders_paymentId_unique" UNIQUE("payment_id"),
	CONSTRAINT "online_orders_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "collection_point_compounds" (
	"point_id" integer NOT NULL,
	"compound_id" integer NOT NULL,
	CONSTRAINT "collection_point_compounds_point_id_compound_id_pk" PRIMARY KEY("point_id","compound_id")
);
--> statement-breakpoint
CREATE TABLE "collection_point_staff" (
	"point_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "collection_point_staff_point_id_user_id_pk" PRIMARY KEY("point_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "collection_points" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "collection_points_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"hours" text,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"status" text NOT NULL,
	"opened_by" integer,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_by" integer,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	CONSTRAINT "collection_points_dates" CHECK (to_date >= from_date)
);
--> statement-breakpoint
CREATE TABLE "point_cash_ups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_cash_ups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"point_id" integer NOT NULL,
	"business_date" date NOT NULL,
	"counted_fen" bigint NOT NULL,
	"recorded_fen" bigint NOT NULL,
	"variance_fen" bigint NOT NULL,
	"payment_count" integer NOT NULL,
	"note" text,
	"actor_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_cash_ups_variance" CHECK (variance_fen = counted_fen - recorded_fen AND counted_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "point_payments" (
	"payment_id" integer PRIMARY KEY NOT NULL,
	"point_id" integer NOT NULL,
	"business_date" date NOT NULL,
	"amount_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suspension_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "suspension_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"season" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"to_status" text NOT NULL,
	"status_before" text,
	"reason" text,
	"applied_by" integer,
	"applied_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "linkage_attachments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "linkage_attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"message_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage_bulletin_copies" (
	"bulletin_id" integer NOT NULL,
	"side" text NOT NULL,
	"acknowledged_by" integer,
	"acknowledged_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	CONSTRAINT "linkage_bulletin_copies_bulletin_id_side_pk" PRIMARY KEY("bulletin_id","side"),
	CONSTRAINT "linkage_bulletin_copies_ack_check" CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
--> statement-breakpoint
CREATE TABLE "linkage_bulletins" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "linkage_bulletins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group_id" integer NOT NULL,
	"bulletin_date" date NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"content" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage_groups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "linkage_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"origin" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "linkage_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group_id" integer NOT NULL,
	"author_user_id" integer NOT NULL,
	"side" text NOT NULL,
	"body" text NOT NULL,
	"repair_request_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cold_snap_calls" (
	"cold_snap_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"done_by" integer,
	"done_at" timestamp with time zone,
	CONSTRAINT "cold_snap_calls_cold_snap_id_household_id_pk" PRIMARY KEY("cold_snap_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "cold_snaps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cold_snaps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"note" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_id" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"households" integer NOT NULL,
	"sms_sent" integer NOT NULL,
	"inapp_sent" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qa_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"topic" text NOT NULL,
	"question_zh" text NOT NULL,
	"answer_zh" text NOT NULL,
	"question_en" text NOT NULL,
	"answer_en" text NOT NULL,
	"follow_up_user_id" integer,
	"follow_up_due_on" date,
	"published" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "qa_questions_follow_up_check" CHECK ((follow_up_user_id IS NULL) = (follow_up_due_on IS NULL))
);
--> statement-breakpoint
CREATE TABLE "qa_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qa_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"branch_id" integer NOT NULL,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"staff" text[] NOT NULL,
	"notice_id" integer,
	"held_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "special_periods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "special_periods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"community_id" integer,
	"compound_id" integer,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "special_periods_target_check" CHECK ((community_id IS NULL) <> (compound_id IS NULL)),
	CONSTRAINT "special_periods_dates_check" CHECK (ends_on > starts_on)
);
--> statement-breakpoint
CREATE TABLE "vulnerable_households" (
	"household_id" integer PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"consent_note" text NOT NULL,
	"contact_phone" text,
	"note" text,
	"flagged_by" integer NOT NULL,
	"flagged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patrol_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "patrol_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"target_kind" text NOT NULL,
	"station_id" integer,
	"pipe_segment_id" integer,
	"crew_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"overdue_alerted_for" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "patrol_rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "patrol_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"patrolled_by" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"checklist" jsonb NOT NULL,
	"readings" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"note" text,
	"work_order_id" integer
);
--> statement-breakpoint
CREATE TABLE "noncompliance_periods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "noncompliance_periods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"city" text NOT NULL,
	"season" text NOT NULL,
	"complaint_id" integer,
	"opened_by_measurement_id" integer NOT NULL,
	"closed_by_measurement_id" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "official_measurements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "official_measurements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"complaint_id" integer,
	"grid_id" integer NOT NULL,
	"city" text NOT NULL,
	"rulebook_version_id" integer NOT NULL,
	"steward_user_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"measured_on" date NOT NULL,
	"outdoor_mean_c" double precision NOT NULL,
	"doors_windows_closed" boolean NOT NULL,
	"user_faults" jsonb NOT NULL,
	"resident_acknowledged" boolean NOT NULL,
	"resident_name" text,
	"rooms" jsonb NOT NULL,
	"result_c" double precision NOT NULL,
	"outcome" text NOT NULL,
	"tier_percent" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "temperature_complaints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_complaints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"building_id" integer NOT NULL,
	"grid_id" integer NOT NULL,
	"station_id" integer,
	"city" text NOT NULL,
	"reading_id" integer,
	"self_check" jsonb NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"assignee_user_id" integer NOT NULL,
	"opened_by" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"request_day" date NOT NULL,
	"measure_due_at" timestamp with time zone NOT NULL,
	"measured_at" timestamp with time zone,
	"overdue_alerted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "temperature_credits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_credits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"season" text NOT NULL,
	"source_ref" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"owed_fen" bigint NOT NULL,
	"credit_note_id" integer,
	"run_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "temperature_instruments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_instruments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"branch_id" integer NOT NULL,
	"serial_no" text NOT NULL,
	"model" text NOT NULL,
	"accuracy_c" double precision NOT NULL,
	"calibrated_on" date NOT NULL,
	"calibration_due_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "temperature_readings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_readings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"room" text NOT NULL,
	"celsius" double precision NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"reported_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "temperature_reduction_days" (
	"household_id" integer NOT NULL,
	"season" text NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"measured_c" double precision,
	"outdoor_mean_c" double precision,
	"outage_hours" double precision,
	"reason" text NOT NULL,
	"tier_percent" integer NOT NULL,
	"reduction_e_10" bigint NOT NULL,
	"reduction_fen" integer NOT NULL,
	"run_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "temperature_settlement_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_settlement_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"city" text NOT NULL,
	"season" text NOT NULL,
	"rulebook_version_id" integer NOT NULL,
	"run_by" integer,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"households" integer DEFAULT 0 NOT NULL,
	"credited_fen" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_journal_transaction_id_journal_transactions_id_fk" FOREIGN KEY ("journal_transaction_id") REFERENCES "public"."journal_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_journal_transaction_id_journal_transactions_id_fk" FOREIGN KEY ("journal_transaction_id") REFERENCES "public"."journal_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "e_invoice_requests" ADD CONSTRAINT "e_invoice_requests_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "e_invoice_requests" ADD CONSTRAINT "e_invoice_requests_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "e_invoice_requests" ADD CONSTRAINT "e_invoice_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_callbacks" ADD CONSTRAINT "online_callbacks_order_id_online_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."online_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_orders" ADD CONSTRAINT "online_orders_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_orders" ADD CONSTRAINT "online_orders_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_orders" ADD CONSTRAINT "online_orders_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_orders" ADD CONSTRAINT "online_orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_point_compounds" ADD CONSTRAINT "collection_point_compounds_point_id_collection_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."collection_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_point_compounds" ADD CONSTRAINT "collection_point_compounds_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_point_staff" ADD CONSTRAINT "collection_point_staff_point_id_collection_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."collection_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_point_staff" ADD CONSTRAINT "collection_point_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_points" ADD CONSTRAINT "collection_points_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_points" ADD CONSTRAINT "collection_points_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_points" ADD CONSTRAINT "collection_points_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_cash_ups" ADD CONSTRAINT "point_cash_ups_point_id_collection_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."collection_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_cash_ups" ADD CONSTRAINT "point_cash_ups_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_payments" ADD CONSTRAINT "point_payments_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_payments" ADD CONSTRAINT "point_payments_point_id_collection_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."collection_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_applications" ADD CONSTRAINT "suspension_applications_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_applications" ADD CONSTRAINT "suspension_applications_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_applications" ADD CONSTRAINT "suspension_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_attachments" ADD CONSTRAINT "linkage_attachments_message_id_linkage_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."linkage_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_attachments" ADD CONSTRAINT "linkage_attachments_group_id_linkage_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."linkage_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_bulletin_copies" ADD CONSTRAINT "linkage_bulletin_copies_bulletin_id_linkage_bulletins_id_fk" FOREIGN KEY ("bulletin_id") REFERENCES "public"."linkage_bulletins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_bulletin_copies" ADD CONSTRAINT "linkage_bulletin_copies_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_bulletins" ADD CONSTRAINT "linkage_bulletins_group_id_linkage_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."linkage_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_groups" ADD CONSTRAINT "linkage_groups_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_groups" ADD CONSTRAINT "linkage_groups_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_groups" ADD CONSTRAINT "linkage_groups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_messages" ADD CONSTRAINT "linkage_messages_group_id_linkage_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."linkage_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_messages" ADD CONSTRAINT "linkage_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cold_snap_calls" ADD CONSTRAINT "cold_snap_calls_cold_snap_id_cold_snaps_id_fk" FOREIGN KEY ("cold_snap_id") REFERENCES "public"."cold_snaps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cold_snap_calls" ADD CONSTRAINT "cold_snap_calls_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cold_snap_calls" ADD CONSTRAINT "cold_snap_calls_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cold_snaps" ADD CONSTRAINT "cold_snaps_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cold_snaps" ADD CONSTRAINT "cold_snaps_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_questions" ADD CONSTRAINT "qa_questions_session_id_qa_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."qa_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_questions" ADD CONSTRAINT "qa_questions_follow_up_user_id_users_id_fk" FOREIGN KEY ("follow_up_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_questions" ADD CONSTRAINT "qa_questions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_sessions" ADD CONSTRAINT "qa_sessions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_sessions" ADD CONSTRAINT "qa_sessions_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_sessions" ADD CONSTRAINT "qa_sessions_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_sessions" ADD CONSTRAINT "qa_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_periods" ADD CONSTRAINT "special_periods_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_periods" ADD CONSTRAINT "special_periods_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_periods" ADD CONSTRAINT "special_periods_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_periods" ADD CONSTRAINT "special_periods_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerable_households" ADD CONSTRAINT "vulnerable_households_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerable_households" ADD CONSTRAINT "vulnerable_households_flagged_by_users_id_fk" FOREIGN KEY ("flagged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_plans" ADD CONSTRAINT "patrol_plans_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_plans" ADD CONSTRAINT "patrol_plans_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_plans" ADD CONSTRAINT "patrol_plans_pipe_segment_id_pipe_segments_id_fk" FOREIGN KEY ("pipe_segment_id") REFERENCES "public"."pipe_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_plans" ADD CONSTRAINT "patrol_plans_crew_id_crews_id_fk" FOREIGN KEY ("crew_id") REFERENCES "public"."crews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_rounds" ADD CONSTRAINT "patrol_rounds_plan_id_patrol_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."patrol_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patrol_rounds" ADD CONSTRAINT "patrol_rounds_patrolled_by_users_id_fk" FOREIGN KEY ("patrolled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "noncompliance_periods" ADD CONSTRAINT "noncompliance_periods_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "noncompliance_periods" ADD CONSTRAINT "noncompliance_periods_complaint_id_temperature_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."temperature_complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "noncompliance_periods" ADD CONSTRAINT "noncompliance_periods_opened_by_measurement_id_official_measurements_id_fk" FOREIGN KEY ("opened_by_measurement_id") REFERENCES "public"."official_measurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "noncompliance_periods" ADD CONSTRAINT "noncompliance_periods_closed_by_measurement_id_official_measurements_id_fk" FOREIGN KEY ("closed_by_measurement_id") REFERENCES "public"."official_measurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_measurements" ADD CONSTRAINT "official_measurements_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_measurements" ADD CONSTRAINT "official_measurements_complaint_id_temperature_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."temperature_complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_measurements" ADD CONSTRAINT "official_measurements_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_measurements" ADD CONSTRAINT "official_measurements_steward_user_id_users_id_fk" FOREIGN KEY ("steward_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_measurements" ADD CONSTRAINT "official_measurements_instrument_id_temperature_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."temperature_instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_complaints" ADD CONSTRAINT "temperature_complaints_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_complaints" ADD CONSTRAINT "temperature_complaints_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_complaints" ADD CONSTRAINT "temperature_complaints_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_complaints" ADD CONSTRAINT "temperature_complaints_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_complaints" ADD CONSTRAINT "temperature_complaints_reading_id_temperature_readings_id_fk" FOREIGN KEY ("reading_id") REFERENCES "public"."temperature_readings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_complaints" ADD CONSTRAINT "temperature_complaints_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_complaints" ADD CONSTRAINT "temperature_complaints_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_credits" ADD CONSTRAINT "temperature_credits_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_credits" ADD CONSTRAINT "temperature_credits_run_id_temperature_settlement_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."temperature_settlement_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_instruments" ADD CONSTRAINT "temperature_instruments_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_readings" ADD CONSTRAINT "temperature_readings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_readings" ADD CONSTRAINT "temperature_readings_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_reduction_days" ADD CONSTRAINT "temperature_reduction_days_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_reduction_days" ADD CONSTRAINT "temperature_reduction_days_run_id_temperature_settlement_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."temperature_settlement_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_settlement_runs" ADD CONSTRAINT "temperature_settlement_runs_run_by_users_id_fk" FOREIGN KEY ("run_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_notes_household_idx" ON "credit_notes" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "credit_notes_bill_idx" ON "credit_notes" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "refunds_household_idx" ON "refunds" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "e_invoice_requests_household_idx" ON "e_invoice_requests" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dev_pay_trades_merchant_idx" ON "dev_pay_trades" USING btree ("provider","merchant_order_no");--> statement-breakpoint
CREATE INDEX "online_callbacks_order_no_idx" ON "online_callbacks" USING btree ("provider","merchant_order_no");--> statement-breakpoint
CREATE INDEX "online_orders_household_idx" ON "online_orders" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "online_orders_open_idx" ON "online_orders" USING btree ("expires_at") WHERE status = 'created';--> statement-breakpoint
CREATE INDEX "collection_point_compounds_compound_idx" ON "collection_point_compounds" USING btree ("compound_id");--> statement-breakpoint
CREATE INDEX "collection_points_branch_idx" ON "collection_points" USING btree ("branch_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "point_cash_ups_point_day_idx" ON "point_cash_ups" USING btree ("point_id","business_date");--> statement-breakpoint
CREATE INDEX "point_payments_point_day_idx" ON "point_payments" USING btree ("point_id","business_date");--> statement-breakpoint
CREATE UNIQUE INDEX "suspension_pending_idx" ON "suspension_applications" USING btree ("household_id","season") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "suspension_approved_idx" ON "suspension_applications" USING btree ("household_id","season") WHERE status = 'approved';--> statement-breakpoint
CREATE INDEX "suspension_status_idx" ON "suspension_applications" USING btree ("status","applied_at");--> statement-breakpoint
CREATE INDEX "linkage_attachments_message_idx" ON "linkage_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "linkage_bulletin_copies_open_idx" ON "linkage_bulletin_copies" USING btree ("bulletin_id") WHERE acknowledged_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "linkage_bulletins_group_date_idx" ON "linkage_bulletins" USING btree ("group_id","bulletin_date");--> statement-breakpoint
CREATE INDEX "linkage_bulletins_date_idx" ON "linkage_bulletins" USING btree ("bulletin_date");--> statement-breakpoint
CREATE UNIQUE INDEX "linkage_groups_community_idx" ON "linkage_groups" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "linkage_groups_branch_idx" ON "linkage_groups" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "linkage_messages_group_idx" ON "linkage_messages" USING btree ("group_id","id");--> statement-breakpoint
CREATE INDEX "cold_snaps_branch_idx" ON "cold_snaps" USING btree ("branch_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cold_snaps_open_idx" ON "cold_snaps" USING btree ("branch_id") WHERE ends_at IS NULL;--> statement-breakpoint
CREATE INDEX "notices_scope_idx" ON "notices" USING btree ("scope_kind","scope_id","created_at");--> statement-breakpoint
CREATE INDEX "qa_questions_session_idx" ON "qa_questions" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "qa_questions_published_idx" ON "qa_questions" USING btree ("topic") WHERE published;--> statement-breakpoint
CREATE INDEX "qa_sessions_community_idx" ON "qa_sessions" USING btree ("community_id","starts_at");--> statement-breakpoint
CREATE INDEX "special_periods_community_idx" ON "special_periods" USING btree ("community_id","starts_on");--> statement-breakpoint
CREATE INDEX "special_periods_compound_idx" ON "special_periods" USING btree ("compound_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "patrol_plans_station_idx" ON "patrol_plans" USING btree ("station_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patrol_plans_pipe_idx" ON "patrol_plans" USING btree ("pipe_segment_id");--> statement-breakpoint
CREATE INDEX "patrol_rounds_plan_idx" ON "patrol_rounds" USING btree ("plan_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "noncompliance_periods_open_idx" ON "noncompliance_periods" USING btree ("household_id") WHERE ends_on IS NULL;--> statement-breakpoint
CREATE INDEX "noncompliance_periods_season_idx" ON "noncompliance_periods" USING btree ("season","household_id");--> statement-breakpoint
CREATE INDEX "official_measurements_household_idx" ON "official_measurements" USING btree ("household_id","measured_at");--> statement-breakpoint
CREATE INDEX "official_measurements_day_idx" ON "official_measurements" USING btree ("city","measured_on");--> statement-breakpoint
CREATE INDEX "temperature_complaints_household_idx" ON "temperature_complaints" USING btree ("household_id","opened_at");--> statement-breakpoint
CREATE INDEX "temperature_complaints_grid_status_idx" ON "temperature_complaints" USING btree ("grid_id","status");--> statement-breakpoint
CREATE INDEX "temperature_complaints_station_idx" ON "temperature_complaints" USING btree ("station_id","opened_at");--> statement-breakpoint
CREATE INDEX "temperature_complaints_open_due_idx" ON "temperature_complaints" USING btree ("measure_due_at") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "temperature_credits_source_idx" ON "temperature_credits" USING btree ("source_ref");--> statement-breakpoint
CREATE INDEX "temperature_credits_household_idx" ON "temperature_credits" USING btree ("household_id","season");--> statement-breakpoint
CREATE UNIQUE INDEX "temperature_instruments_serial_idx" ON "temperature_instruments" USING btree ("serial_no");--> statement-breakpoint
CREATE INDEX "temperature_readings_household_idx" ON "temperature_readings" USING btree ("household_id","measured_at");--> statement-breakpoint
CREATE INDEX "temperature_readings_measured_idx" ON "temperature_readings" USING btree ("measured_at");--> statement-breakpoint
CREATE UNIQUE INDEX "temperature_reduction_days_pk" ON "temperature_reduction_days" USING btree ("household_id","season","day");