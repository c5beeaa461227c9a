ALTER TABLE "receipts" ALTER COLUMN "receipt_no" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "receipts_unnumbered_idx" ON "receipts" USING btree ("branch_id","year","id") WHERE seq IS NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_numbered_whole" CHECK ((seq IS NULL) = (receipt_no IS NULL));--> statement-breakpoint
-- hand-written: numbering a branch's waiting receipts, called right after their payments commit
-- (receipts.ts). One call numbers every waiting receipt of the branch, in id order, from its year's
-- counter row. The row lock serialises the numberings of one branch, and each statement below takes
-- a fresh snapshot once it is held (a VOLATILE function under READ COMMITTED), so a numbering sees
-- all that the previous one numbered. A rollback undoes the counter and the numbers together: no gaps.
CREATE FUNCTION number_waiting_receipts(p_branch integer) RETURNS TABLE (numbered_id integer, numbered_no text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  y integer;
  n integer;
  k integer;
  prefix text;
BEGIN
  SELECT b.code INTO prefix FROM branches b WHERE b.id = p_branch;
  FOR y IN SELECT DISTINCT r.year FROM receipts r WHERE r.branch_id = p_branch AND r.seq IS NULL ORDER BY 1 LOOP
    INSERT INTO receipt_counters (branch_id, year, next) VALUES (p_branch, y, 1) ON CONFLICT DO NOTHING;
    SELECT c.next INTO n FROM receipt_counters c WHERE c.branch_id = p_branch AND c.year = y FOR UPDATE;
    RETURN QUERY
      WITH waiting AS (
        SELECT r.id, n - 1 + row_number() OVER (ORDER BY r.id) AS seq
          FROM receipts r WHERE r.branch_id = p_branch AND r.year = y AND r.seq IS NULL)
      UPDATE receipts r SET seq = w.seq, receipt_no = prefix || '-' || y || '-' || lpad(w.seq::text, 7, '0')
        FROM waiting w WHERE r.id = w.id
      RETURNING r.id, r.receipt_no;
    GET DIAGNOSTICS k = ROW_COUNT;
    UPDATE receipt_counters c SET next = n + k WHERE c.branch_id = p_branch AND c.year = y;
  END LOOP;
END $$;
