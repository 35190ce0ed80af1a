DROP INDEX IF EXISTS `claims_region`;--> statement-breakpoint
DROP INDEX IF EXISTS `quantities_claim`;--> statement-breakpoint
CREATE INDEX `claims_region_kind` ON `claims` (`region_id`,`kind`,`claimant_official_id`,`claimant_actor_id`);--> statement-breakpoint
CREATE INDEX `quantities_claim_bounds` ON `quantities` (`claim_id`,`metric`,`low`,`high`,`best`);