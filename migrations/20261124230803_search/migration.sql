-- Full-text search over articles, claims, officials, actors and regions.
-- One FTS5 table; a row's rowid encodes its source as id * 8 + kind code
-- (1 article, 2 claim, 3 official, 4 actor, 5 region), so triggers find it by key.
CREATE VIRTUAL TABLE `search_index` USING fts5(
	title,
	body,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `articles_search_insert` AFTER INSERT ON `articles` BEGIN
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 1, new.title, coalesce(new.summary, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `articles_search_update` AFTER UPDATE ON `articles` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 1;
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 1, new.title, coalesce(new.summary, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `articles_search_delete` AFTER DELETE ON `articles` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_search_insert` AFTER INSERT ON `claims` BEGIN
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 2, new.statement, coalesce(new.period_text, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `claims_search_update` AFTER UPDATE ON `claims` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 2;
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 2, new.statement, coalesce(new.period_text, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `claims_search_delete` AFTER DELETE ON `claims` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `officials_search_insert` AFTER INSERT ON `officials` BEGIN
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 3, coalesce(new.name, new.description), new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `officials_search_update` AFTER UPDATE ON `officials` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 3;
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 3, coalesce(new.name, new.description), new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `officials_search_delete` AFTER DELETE ON `officials` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 3;
END;
--> statement-breakpoint
CREATE TRIGGER `actors_search_insert` AFTER INSERT ON `actors` BEGIN
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 4, new.name, coalesce(new.description, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `actors_search_update` AFTER UPDATE ON `actors` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 4;
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 4, new.name, coalesce(new.description, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `actors_search_delete` AFTER DELETE ON `actors` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 4;
END;
--> statement-breakpoint
CREATE TRIGGER `regions_search_insert` AFTER INSERT ON `regions` BEGIN
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 5, new.name, '');
END;
--> statement-breakpoint
CREATE TRIGGER `regions_search_update` AFTER UPDATE ON `regions` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 5;
	INSERT INTO `search_index` (rowid, title, body) VALUES (new.id * 8 + 5, new.name, '');
END;
--> statement-breakpoint
CREATE TRIGGER `regions_search_delete` AFTER DELETE ON `regions` BEGIN
	DELETE FROM `search_index` WHERE rowid = old.id * 8 + 5;
END;
