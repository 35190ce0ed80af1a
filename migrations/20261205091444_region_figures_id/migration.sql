-- claims_region_figures ends with id, as PostgreSQL's does (its index entries carry no id of their
-- own); drizzle-kit does not see a column added to an index of SQLite, so this is written by hand.
DROP INDEX IF EXISTS `claims_region_figures`;--> statement-breakpoint
CREATE INDEX `claims_region_figures` ON `claims` (`region_id`,`kind`,`claimant_official_id`,`claimant_actor_id`,`stance`,`period_start`,`period_end`,`period_text`,`stated_on`,`article_id`,`id`);
