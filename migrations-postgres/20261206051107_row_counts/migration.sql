-- How many rows each table behind a root connection holds, kept by statement triggers, so that an
-- unfiltered `totalCount` reads one row. PostgreSQL counts a table by reading all of it (at a
-- million claims, a parallel scan of the smallest index: 60-130 ms of a page that takes 10);
-- SQLite counts the pages of its smallest index in a fraction of a millisecond and keeps none.
--
-- One trigger per statement, not per row: a COPY of a million rows adds one number once. Every
-- writer holds the write lock (src/db/postgres/statements.ts), and an UPDATE of the row waits for
-- any other writer's commit and adds to what it committed, so the counts never lose a write.
CREATE TABLE row_counts (
	table_name text PRIMARY KEY,
	row_count bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO row_counts (table_name, row_count)
	SELECT 'actors', count(*) FROM actors
	UNION ALL SELECT 'officials', count(*) FROM officials
	UNION ALL SELECT 'regions', count(*) FROM regions
	UNION ALL SELECT 'articles', count(*) FROM articles
	UNION ALL SELECT 'claims', count(*) FROM claims
	UNION ALL SELECT 'territory_changes', count(*) FROM territory_changes;
--> statement-breakpoint
CREATE FUNCTION claimgraph_count_inserted() RETURNS trigger
	LANGUAGE plpgsql AS $$
BEGIN
	UPDATE row_counts SET row_count = row_count + (SELECT count(*) FROM inserted) WHERE table_name = TG_TABLE_NAME;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION claimgraph_count_deleted() RETURNS trigger
	LANGUAGE plpgsql AS $$
BEGIN
	UPDATE row_counts SET row_count = row_count - (SELECT count(*) FROM deleted) WHERE table_name = TG_TABLE_NAME;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION claimgraph_count_truncated() RETURNS trigger
	LANGUAGE plpgsql AS $$
BEGIN
	UPDATE row_counts SET row_count = 0 WHERE table_name = TG_TABLE_NAME;
	RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
	counted text;
BEGIN
	FOREACH counted IN ARRAY ARRAY['actors', 'officials', 'regions', 'articles', 'claims', 'territory_changes'] LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_count_inserted()', counted || '_count_insert', counted);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_count_deleted()', counted || '_count_delete', counted);
		EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_count_truncated()', counted || '_count_truncate', counted);
	END LOOP;
END
$$;
