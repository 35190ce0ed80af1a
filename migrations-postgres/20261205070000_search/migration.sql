-- Full-text search over articles, claims, officials, actors and regions, as SQLite's search_index
-- (migrations/20261124230803_search) holds it: one row per searchable row, keyed id * 8 + kind code
-- (1 article, 2 claim, 3 official, 4 actor, 5 region), a title and a body, kept by triggers.
--
-- Words are found as SQLite's tokenizer finds them ('porter unicode61 remove_diacritics 2'):
-- every run of letters and digits is a word (claimgraph_words splits on everything else, so
-- "2024-08-06", "3.5km" and "Zelenskyy's" give the words SQLite gives, where PostgreSQL's own
-- parser would read signed numbers, URLs and e-mail addresses), accents are dropped (unaccent),
-- and words are stemmed by Porter's original algorithm, which SQLite's porter tokenizer implements
-- (Snowball's "english" is its successor and stems "are", "has" and "roughly" differently), with
-- no stop words: "the" is a word to find, as it is on SQLite.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH DICTIONARY claimgraph_porter (TEMPLATE = snowball, LANGUAGE = porter);
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION claimgraph (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION claimgraph
	ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
	WITH unaccent, claimgraph_porter;
--> statement-breakpoint
-- Separators: whitespace, ASCII and Latin-1 punctuation and symbols, Unicode's general and CJK
-- punctuation. Written out rather than as [^[:alnum:]], which follows the database's locale.
CREATE FUNCTION claimgraph_words(text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN regexp_replace($1, '[\s!-/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff\u3000-\u303f]+', ' ', 'g');
--> statement-breakpoint
CREATE TABLE search_documents (
	key bigint PRIMARY KEY,
	title text NOT NULL,
	body text NOT NULL,
	-- Title words weigh A and body words B: a title match ranks above a body match, as SQLite's bm25 weights (2, 1) rank it.
	document tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('claimgraph', claimgraph_words(title)), 'A')
		|| setweight(to_tsvector('claimgraph', claimgraph_words(body)), 'B')
	) STORED
);
--> statement-breakpoint
CREATE INDEX search_documents_document ON search_documents USING gin (document);
--> statement-breakpoint
CREATE FUNCTION claimgraph_search_document() RETURNS trigger
	LANGUAGE plpgsql AS $$
DECLARE
	code integer := TG_ARGV[0]::integer;
	doc_title text;
	doc_body text;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		DELETE FROM search_documents WHERE key = OLD.id::bigint * 8 + code;
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN NULL;
	END IF;
	CASE TG_TABLE_NAME
		WHEN 'articles' THEN doc_title := NEW.title; doc_body := coalesce(NEW.summary, '');
		WHEN 'claims' THEN doc_title := NEW.statement; doc_body := coalesce(NEW.period_text, '');
		WHEN 'officials' THEN doc_title := coalesce(NEW.name, NEW.description); doc_body := NEW.description;
		WHEN 'actors' THEN doc_title := NEW.name; doc_body := coalesce(NEW.description, '');
		WHEN 'regions' THEN doc_title := NEW.name; doc_body := '';
	END CASE;
	INSERT INTO search_documents (key, title, body) VALUES (NEW.id::bigint * 8 + code, doc_title, doc_body);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER articles_search AFTER INSERT OR UPDATE OR DELETE ON articles
	FOR EACH ROW EXECUTE FUNCTION claimgraph_search_document(1);
--> statement-breakpoint
CREATE TRIGGER claims_search AFTER INSERT OR UPDATE OR DELETE ON claims
	FOR EACH ROW EXECUTE FUNCTION claimgraph_search_document(2);
--> statement-breakpoint
CREATE TRIGGER officials_search AFTER INSERT OR UPDATE OR DELETE ON officials
	FOR EACH ROW EXECUTE FUNCTION claimgraph_search_document(3);
--> statement-breakpoint
CREATE TRIGGER actors_search AFTER INSERT OR UPDATE OR DELETE ON actors
	FOR EACH ROW EXECUTE FUNCTION claimgraph_search_document(4);
--> statement-breakpoint
CREATE TRIGGER regions_search AFTER INSERT OR UPDATE OR DELETE ON regions
	FOR EACH ROW EXECUTE FUNCTION claimgraph_search_document(5);
