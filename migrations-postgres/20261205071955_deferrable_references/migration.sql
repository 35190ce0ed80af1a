-- Every foreign key may be checked at the end of its transaction (SET CONSTRAINTS ALL DEFERRED), and
-- is checked at the end of each statement otherwise, as before. A whole database copied in
-- (src/db/postgres/transfer.ts) goes table by table in id order, where an actor's parent or an
-- official's same-source official may come later than the row pointing at it.
DO $$
DECLARE
	reference record;
BEGIN
	FOR reference IN
		SELECT conrelid::regclass AS table_name, conname
		FROM pg_constraint
		WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
	LOOP
		EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE', reference.table_name, reference.conname);
	END LOOP;
END
$$;
