CREATE TABLE `claim_figures` (
	`claim_id` integer NOT NULL,
	`quantity_id` integer NOT NULL,
	`summed` integer NOT NULL,
	`region_id` integer,
	`stance` text NOT NULL,
	`article_date` text,
	`metric` text NOT NULL,
	`unit` text,
	`per` text,
	`measure` text NOT NULL,
	`modality` text NOT NULL,
	`low` real,
	`high` real,
	`best` real,
	`low_inclusive` integer NOT NULL,
	`high_inclusive` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `claim_figures_claim` ON `claim_figures` (`claim_id`,`metric`,`unit`,`per`,`measure`,`modality`,`low`,`high`,`best`,`low_inclusive`,`high_inclusive`,`summed`,`quantity_id`,`article_date`);--> statement-breakpoint
CREATE INDEX `claim_figures_region` ON `claim_figures` (`metric`,`region_id`,`stance`,`claim_id`);