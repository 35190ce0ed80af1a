CREATE TABLE `actors` (
	`id` integer PRIMARY KEY,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`country` text,
	`description` text,
	`parent_id` integer,
	CONSTRAINT `fk_actors_parent_id_actors_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "actors_kind" CHECK("kind" in ('STATE', 'GOVERNMENT', 'MILITARY', 'MEDIA', 'ORGANIZATION', 'GROUP')),
	CONSTRAINT "actors_country" CHECK("country" is null or (length("country") = 2 and upper("country") = "country")),
	CONSTRAINT "actors_not_own_parent" CHECK("parent_id" is null or "parent_id" <> "id")
);
--> statement-breakpoint
CREATE TABLE `article_cited_sources` (
	`article_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	CONSTRAINT `article_cited_sources_pk` PRIMARY KEY(`article_id`, `actor_id`),
	CONSTRAINT `fk_article_cited_sources_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_article_cited_sources_actor_id_actors_id_fk` FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT
);
--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY,
	`title` text NOT NULL,
	`url` text UNIQUE,
	`outlet_id` integer,
	`published_at` text,
	`summary` text,
	CONSTRAINT `fk_articles_outlet_id_actors_id_fk` FOREIGN KEY (`outlet_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "articles_published_at" CHECK("published_at" is null or strftime('%Y-%m-%dT%H:%M:%fZ', "published_at") = "published_at")
);
--> statement-breakpoint
CREATE TABLE `claim_subjects` (
	`claim_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	CONSTRAINT `claim_subjects_pk` PRIMARY KEY(`claim_id`, `actor_id`),
	CONSTRAINT `fk_claim_subjects_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_claim_subjects_actor_id_actors_id_fk` FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT
);
--> statement-breakpoint
CREATE TABLE `claims` (
	`id` integer PRIMARY KEY,
	`article_id` integer NOT NULL,
	`statement` text NOT NULL,
	`kind` text NOT NULL,
	`attribution` text NOT NULL,
	`claimant_actor_id` integer,
	`claimant_official_id` integer,
	`region_id` integer,
	`period_start` text,
	`period_end` text,
	`period_text` text,
	CONSTRAINT `fk_claims_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_claims_claimant_actor_id_actors_id_fk` FOREIGN KEY (`claimant_actor_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT `fk_claims_claimant_official_id_officials_id_fk` FOREIGN KEY (`claimant_official_id`) REFERENCES `officials`(`id`) ON DELETE RESTRICT,
	CONSTRAINT `fk_claims_region_id_regions_id_fk` FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "claims_kind" CHECK("kind" in ('CASUALTIES', 'DEPLOYMENT', 'TERRITORY', 'MILITARY_ACTIVITY', 'CONCEALMENT', 'ASSESSMENT', 'FORECAST', 'OTHER')),
	CONSTRAINT "claims_attribution" CHECK("attribution" in ('STATED', 'CLAIMED', 'CONFIRMED', 'REPORTED', 'ESTIMATED', 'SPECULATED')),
	CONSTRAINT "claims_one_claimant" CHECK("claimant_actor_id" is null or "claimant_official_id" is null),
	CONSTRAINT "claims_period_start" CHECK("period_start" is null or date("period_start") = "period_start"),
	CONSTRAINT "claims_period_end" CHECK("period_end" is null or date("period_end") = "period_end"),
	CONSTRAINT "claims_period_order" CHECK("period_start" is null or "period_end" is null or "period_start" <= "period_end")
);
--> statement-breakpoint
CREATE TABLE `officials` (
	`id` integer PRIMARY KEY,
	`name` text,
	`description` text NOT NULL,
	`anonymous` integer NOT NULL,
	CONSTRAINT "officials_anonymous_unnamed" CHECK("anonymous" = ("name" is null))
);
--> statement-breakpoint
CREATE TABLE `quantities` (
	`id` integer PRIMARY KEY,
	`claim_id` integer,
	`territory_change_id` integer,
	`metric` text NOT NULL,
	`unit` text,
	`best` real,
	`low` real,
	`high` real,
	`approximate` integer DEFAULT false NOT NULL,
	`phrase` text,
	CONSTRAINT `fk_quantities_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_quantities_territory_change_id_territory_changes_id_fk` FOREIGN KEY (`territory_change_id`) REFERENCES `territory_changes`(`id`) ON DELETE CASCADE,
	CONSTRAINT "quantities_one_owner" CHECK(("claim_id" is null) <> ("territory_change_id" is null)),
	CONSTRAINT "quantities_metric" CHECK("metric" in ('KILLED', 'WOUNDED', 'KILLED_OR_WOUNDED', 'CAPTURED', 'MISSING', 'DEPLOYED', 'AREA_KM2', 'SHARE', 'OTHER')),
	CONSTRAINT "quantities_low_high" CHECK("low" is null or "high" is null or "low" <= "high"),
	CONSTRAINT "quantities_best_in_range" CHECK("best" is null or (("low" is null or "low" <= "best") and ("high" is null or "best" <= "high"))),
	CONSTRAINT "quantities_non_negative" CHECK("metric" = 'OTHER' or (coalesce("best", 0) >= 0 and coalesce("low", 0) >= 0 and coalesce("high", 0) >= 0)),
	CONSTRAINT "quantities_share_fraction" CHECK("metric" <> 'SHARE' or (coalesce("best", 0) <= 1 and coalesce("low", 0) <= 1 and coalesce("high", 0) <= 1))
);
--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`country` text,
	`parent_id` integer,
	CONSTRAINT `fk_regions_parent_id_regions_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `regions`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "regions_kind" CHECK("kind" in ('COUNTRY', 'PROVINCE', 'DISTRICT', 'SETTLEMENT', 'OTHER')),
	CONSTRAINT "regions_country" CHECK("country" is null or (length("country") = 2 and upper("country") = "country")),
	CONSTRAINT "regions_not_own_parent" CHECK("parent_id" is null or "parent_id" <> "id")
);
--> statement-breakpoint
CREATE TABLE `roles` (
	`id` integer PRIMARY KEY,
	`official_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`title` text NOT NULL,
	`since` text,
	`until` text,
	CONSTRAINT `fk_roles_official_id_officials_id_fk` FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_roles_actor_id_actors_id_fk` FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "roles_since" CHECK("since" is null or date("since") = "since"),
	CONSTRAINT "roles_until" CHECK("until" is null or date("until") = "until"),
	CONSTRAINT "roles_since_before_until" CHECK("since" is null or "until" is null or "since" <= "until")
);
--> statement-breakpoint
CREATE TABLE `territory_changes` (
	`id` integer PRIMARY KEY,
	`region_id` integer NOT NULL,
	`gained_by_id` integer,
	`lost_by_id` integer,
	`claim_id` integer,
	`article_id` integer,
	`period_start` text,
	`period_end` text,
	`period_text` text,
	CONSTRAINT `fk_territory_changes_region_id_regions_id_fk` FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON DELETE RESTRICT,
	CONSTRAINT `fk_territory_changes_gained_by_id_actors_id_fk` FOREIGN KEY (`gained_by_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT `fk_territory_changes_lost_by_id_actors_id_fk` FOREIGN KEY (`lost_by_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT `fk_territory_changes_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_territory_changes_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT "territory_changes_sides" CHECK("gained_by_id" is null or "lost_by_id" is null or "gained_by_id" <> "lost_by_id"),
	CONSTRAINT "territory_changes_period_start" CHECK("period_start" is null or date("period_start") = "period_start"),
	CONSTRAINT "territory_changes_period_end" CHECK("period_end" is null or date("period_end") = "period_end"),
	CONSTRAINT "territory_changes_period_order" CHECK("period_start" is null or "period_end" is null or "period_start" <= "period_end")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_name_country` ON `actors` (`name`,coalesce("country", ''));--> statement-breakpoint
CREATE INDEX `actors_parent` ON `actors` (`parent_id`);--> statement-breakpoint
CREATE INDEX `article_cited_sources_actor` ON `article_cited_sources` (`actor_id`);--> statement-breakpoint
CREATE INDEX `articles_outlet` ON `articles` (`outlet_id`);--> statement-breakpoint
CREATE INDEX `articles_published_at` ON `articles` (`published_at`);--> statement-breakpoint
CREATE INDEX `claim_subjects_actor` ON `claim_subjects` (`actor_id`);--> statement-breakpoint
CREATE INDEX `claims_article` ON `claims` (`article_id`);--> statement-breakpoint
CREATE INDEX `claims_kind` ON `claims` (`kind`);--> statement-breakpoint
CREATE INDEX `claims_attribution` ON `claims` (`attribution`);--> statement-breakpoint
CREATE INDEX `claims_claimant_actor` ON `claims` (`claimant_actor_id`);--> statement-breakpoint
CREATE INDEX `claims_claimant_official` ON `claims` (`claimant_official_id`);--> statement-breakpoint
CREATE INDEX `claims_region` ON `claims` (`region_id`);--> statement-breakpoint
CREATE INDEX `claims_period` ON `claims` (`period_start`,`period_end`);--> statement-breakpoint
CREATE INDEX `quantities_claim` ON `quantities` (`claim_id`);--> statement-breakpoint
CREATE INDEX `quantities_territory_change` ON `quantities` (`territory_change_id`);--> statement-breakpoint
CREATE INDEX `quantities_metric` ON `quantities` (`metric`,`claim_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `regions_name_parent` ON `regions` (`name`,coalesce("parent_id", 0));--> statement-breakpoint
CREATE INDEX `regions_parent` ON `regions` (`parent_id`);--> statement-breakpoint
CREATE INDEX `roles_official` ON `roles` (`official_id`);--> statement-breakpoint
CREATE INDEX `roles_actor` ON `roles` (`actor_id`);--> statement-breakpoint
CREATE INDEX `territory_changes_region` ON `territory_changes` (`region_id`);--> statement-breakpoint
CREATE INDEX `territory_changes_gained_by` ON `territory_changes` (`gained_by_id`);--> statement-breakpoint
CREATE INDEX `territory_changes_lost_by` ON `territory_changes` (`lost_by_id`);--> statement-breakpoint
CREATE INDEX `territory_changes_claim` ON `territory_changes` (`claim_id`);--> statement-breakpoint
CREATE INDEX `territory_changes_article` ON `territory_changes` (`article_id`);--> statement-breakpoint
CREATE INDEX `territory_changes_period` ON `territory_changes` (`period_start`,`period_end`);