CREATE TABLE "temperature_photos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reading_id" integer,
	"round_id" integer,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" integer NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "temperature_photos_one_owner" CHECK (("temperature_photos"."reading_id" IS NULL) <> ("temperature_photos"."round_id" IS NULL)),
	CONSTRAINT "temperature_photos_bytes_positive" CHECK ("temperature_photos"."bytes" > 0)
);
--> statement-breakpoint
ALTER TABLE "temperature_photos" ADD CONSTRAINT "temperature_photos_reading_id_temperature_readings_id_fk" FOREIGN KEY ("reading_id") REFERENCES "public"."temperature_readings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_photos" ADD CONSTRAINT "temperature_photos_round_id_patrol_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."patrol_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_photos" ADD CONSTRAINT "temperature_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "temperature_photos_reading_idx" ON "temperature_photos" USING btree ("reading_id");--> statement-breakpoint
CREATE INDEX "temperature_photos_round_idx" ON "temperature_photos" USING btree ("round_id");