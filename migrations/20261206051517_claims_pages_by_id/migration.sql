-- The claims indexes by article and by claimant end with id, as PostgreSQL's do, where the id lets
-- a claimant's or an article's page of claims be read in id order from the index. SQLite's entries
-- end with the rowid anyway; drizzle-kit does not see a column added to an index of SQLite, so
-- this is written by hand.
DROP INDEX IF EXISTS `claims_article`;--> statement-breakpoint
CREATE INDEX `claims_article` ON `claims` (`article_id`,`id`);--> statement-breakpoint
DROP INDEX IF EXISTS `claims_claimant_actor`;--> statement-breakpoint
CREATE INDEX `claims_claimant_actor` ON `claims` (`claimant_actor_id`,`id`);--> statement-breakpoint
DROP INDEX IF EXISTS `claims_claimant_official`;--> statement-breakpoint
CREATE INDEX `claims_claimant_official` ON `claims` (`claimant_official_id`,`id`);
