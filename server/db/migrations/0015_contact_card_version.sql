CREATE TABLE "contact_card_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "contact_card_version_one_row" CHECK ("contact_card_version"."id" = 1)
);
--> statement-breakpoint
-- hand-written: the row, and the triggers that bump it when what the public lookup shows changes.
INSERT INTO "contact_card_version" ("id", "n") VALUES (1, 0);
--> statement-breakpoint
-- Deferred to commit, so the counter row is locked only for the moment of commit (no deadlock
-- with the writer's other locks), and bumped once per transaction however many rows it wrote
-- (a transaction-local setting remembers it): an import creating thousands of buildings costs
-- one update. Readers see the new number exactly when the change itself becomes visible.
CREATE FUNCTION bump_contact_card_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('hs.contact_card_bumped', true), '') <> 'on' THEN
    PERFORM set_config('hs.contact_card_bumped', 'on', true);
    UPDATE contact_card_version SET n = n + 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_buildings AFTER INSERT OR UPDATE OR DELETE ON buildings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_compounds AFTER INSERT OR UPDATE OR DELETE ON compounds DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_communities AFTER INSERT OR UPDATE OR DELETE ON communities DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_branches AFTER INSERT OR UPDATE OR DELETE ON branches DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_grids AFTER INSERT OR UPDATE OR DELETE ON grids DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_grid_assignments AFTER INSERT OR UPDATE OR DELETE ON grid_assignments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_tenures AFTER INSERT OR UPDATE OR DELETE ON tenures DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_users AFTER UPDATE OF name, phone, active ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER contact_card_property_companies AFTER UPDATE OF name, contact_phone ON property_companies DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_contact_card_version();
