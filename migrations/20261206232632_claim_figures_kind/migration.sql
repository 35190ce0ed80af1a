-- claim_figures is worked out from the other tables, by triggers that src/store/claim-figures.ts
-- makes: they go with the table, and as the server opens the file it makes them again and fills the
-- new table (keepClaimFigures). Written by hand: drizzle-kit copies the rows into a new table and
-- renames it, which SQLite refuses while triggers name the table it dropped.
DROP TRIGGER IF EXISTS `claim_figures_quantity_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `claim_figures_quantity_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `claim_figures_quantity_delete`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `claim_figures_claim_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `claim_figures_article_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `claim_figures_claim_delete`;--> statement-breakpoint
DROP TABLE `claim_figures`;--> statement-breakpoint
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
	`kind` text GENERATED ALWAYS AS (metric || '|' || coalesce(per, '') || '|' || measure || '|' || modality || coalesce('|' || unit, '')) STORED NOT NULL,
	`low` real,
	`high` real,
	`best` real,
	`low_inclusive` integer NOT NULL,
	`high_inclusive` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `claim_figures_claim` ON `claim_figures` (`claim_id`,`metric`,`unit`,`per`,`measure`,`modality`,`low`,`high`,`best`,`low_inclusive`,`high_inclusive`,`summed`,`quantity_id`,`article_date`);--> statement-breakpoint
CREATE INDEX `claim_figures_region` ON `claim_figures` (`metric`,`region_id`,`stance`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_figures_region_figures` ON `claim_figures` (`region_id`,`claim_id`,`metric`,`unit`,`per`,`measure`,`modality`,`low`,`high`,`best`,`low_inclusive`,`high_inclusive`,`summed`,`quantity_id`,`article_date`,`kind`);--> statement-breakpoint
CREATE INDEX `claim_figures_kinds` ON `claim_figures` (`claim_id`,`kind`,`low`,`high`,`summed`);
