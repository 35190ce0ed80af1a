-- claimStats leaves denials out of the figures: the stance joins the covering index it reads.
DROP INDEX `claims_region_kind`;--> statement-breakpoint
CREATE INDEX `claims_region_kind` ON `claims` (`region_id`,`kind`,`claimant_official_id`,`claimant_actor_id`,`stance`);
