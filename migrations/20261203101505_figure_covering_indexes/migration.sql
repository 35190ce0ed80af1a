DROP INDEX IF EXISTS `claims_region_kind`;--> statement-breakpoint
DROP INDEX IF EXISTS `quantities_claim_bounds`;--> statement-breakpoint
CREATE INDEX `claims_region_figures` ON `claims` (`region_id`,`kind`,`claimant_official_id`,`claimant_actor_id`,`stance`,`period_start`,`period_end`,`period_text`,`stated_on`,`article_id`);--> statement-breakpoint
CREATE INDEX `quantities_claim_figures` ON `quantities` (`claim_id`,`metric`,`low`,`high`,`best`,`unit`,`per`,`measure`,`modality`,`shape`,`phrase`);