-- The claim model: aliases, anonymous source descriptors, attribution chains, joint claimants,
-- relations between claims, stances, statement dates, more regions per claim and number shapes.
-- Articles, claims and officials gain columns in place (their search triggers stay); actors and
-- quantities are rebuilt for their widened CHECKs, and the actors search triggers with them.
CREATE TABLE `actor_aliases` (
	`actor_id` integer NOT NULL,
	`alias` text NOT NULL,
	CONSTRAINT `actor_aliases_pk` PRIMARY KEY(`actor_id`, `alias`),
	CONSTRAINT `fk_actor_aliases_actor_id_actors_id_fk` FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `claim_hops` (
	`id` integer PRIMARY KEY,
	`claim_id` integer NOT NULL,
	`role` text NOT NULL,
	`actor_id` integer,
	`official_id` integer,
	CONSTRAINT `fk_claim_hops_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_claim_hops_actor_id_actors_id_fk` FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT `fk_claim_hops_official_id_officials_id_fk` FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "claim_hops_role" CHECK("role" in ('SPEAKER', 'RELAY', 'PUBLISHER')),
	CONSTRAINT "claim_hops_one" CHECK(("actor_id" is null) <> ("official_id" is null))
);
--> statement-breakpoint
CREATE TABLE `claim_joint_claimants` (
	`id` integer PRIMARY KEY,
	`claim_id` integer NOT NULL,
	`actor_id` integer,
	`official_id` integer,
	CONSTRAINT `fk_claim_joint_claimants_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_claim_joint_claimants_actor_id_actors_id_fk` FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT `fk_claim_joint_claimants_official_id_officials_id_fk` FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "claim_joint_claimants_one" CHECK(("actor_id" is null) <> ("official_id" is null))
);
--> statement-breakpoint
CREATE TABLE `claim_regions` (
	`claim_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	CONSTRAINT `claim_regions_pk` PRIMARY KEY(`claim_id`, `region_id`),
	CONSTRAINT `fk_claim_regions_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_claim_regions_region_id_regions_id_fk` FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON DELETE RESTRICT
);
--> statement-breakpoint
CREATE TABLE `claim_relations` (
	`id` integer PRIMARY KEY,
	`claim_id` integer NOT NULL,
	`kind` text NOT NULL,
	`related_claim_id` integer NOT NULL,
	`note` text,
	CONSTRAINT `fk_claim_relations_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_claim_relations_related_claim_id_claims_id_fk` FOREIGN KEY (`related_claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT "claim_relations_kind" CHECK("kind" in ('REVISES', 'REPEATS', 'CORROBORATES', 'CONTRADICTS', 'DENIES', 'ASSESSES')),
	CONSTRAINT "claim_relations_not_self" CHECK("claim_id" <> "related_claim_id")
);
--> statement-breakpoint
CREATE TABLE `official_aliases` (
	`official_id` integer NOT NULL,
	`alias` text NOT NULL,
	CONSTRAINT `official_aliases_pk` PRIMARY KEY(`official_id`, `alias`),
	CONSTRAINT `fk_official_aliases_official_id_officials_id_fk` FOREIGN KEY (`official_id`) REFERENCES `officials`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
ALTER TABLE `articles` ADD `published_on` text CONSTRAINT "articles_published_on" CHECK("published_on" is null or "published_on" glob '[0-9][0-9][0-9][0-9]' or ("published_on" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]' and substr("published_on", 6, 2) between '01' and '12') or date("published_on") = "published_on");
--> statement-breakpoint
ALTER TABLE `claims` ADD `stance` text DEFAULT 'ASSERTS' NOT NULL CONSTRAINT "claims_stance" CHECK("stance" in ('ASSERTS', 'DENIES', 'DECLINES_TO_CONFIRM'));
--> statement-breakpoint
ALTER TABLE `claims` ADD `stated_on` text CONSTRAINT "claims_stated_on" CHECK("stated_on" is null or "stated_on" glob '[0-9][0-9][0-9][0-9]' or ("stated_on" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]' and substr("stated_on", 6, 2) between '01' and '12') or date("stated_on") = "stated_on");
--> statement-breakpoint
ALTER TABLE `officials` ADD `seniority` text CONSTRAINT "officials_seniority" CHECK("seniority" is null or "seniority" in ('JUNIOR', 'SENIOR', 'TOP'));
--> statement-breakpoint
ALTER TABLE `officials` ADD `domain` text CONSTRAINT "officials_domain" CHECK("domain" is null or "domain" in ('MILITARY', 'INTELLIGENCE', 'DIPLOMATIC', 'GOVERNMENT', 'LEGISLATIVE', 'OTHER'));
--> statement-breakpoint
ALTER TABLE `officials` ADD `country` text CONSTRAINT "officials_country" CHECK("country" is null or (length("country") = 2 and upper("country") = "country"));
--> statement-breakpoint
ALTER TABLE `officials` ADD `body_id` integer REFERENCES actors(id) ON DELETE RESTRICT;
--> statement-breakpoint
ALTER TABLE `officials` ADD `same_source_as_id` integer REFERENCES officials(id) ON DELETE SET NULL CONSTRAINT "officials_not_same_source_as_self" CHECK("same_source_as_id" is null or "same_source_as_id" <> "id");
--> statement-breakpoint
ALTER TABLE `officials` ADD `same_source_reviewed_by` text CONSTRAINT "officials_same_source_reviewed" CHECK(("same_source_as_id" is null) = ("same_source_reviewed_by" is null));
--> statement-breakpoint
ALTER TABLE `officials` ADD `same_source_reason` text;
--> statement-breakpoint
PRAGMA foreign_keys=OFF;
--> statement-breakpoint
CREATE TABLE `__new_quantities` (
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
	`shape` text DEFAULT 'EXACT' NOT NULL,
	`per` text,
	`measure` text DEFAULT 'CHANGE' NOT NULL,
	`modality` text DEFAULT 'REPORTED' NOT NULL,
	`derivation` text,
	`factor` real,
	`derived_from` text,
	CONSTRAINT `fk_quantities_claim_id_claims_id_fk` FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_quantities_territory_change_id_territory_changes_id_fk` FOREIGN KEY (`territory_change_id`) REFERENCES `territory_changes`(`id`) ON DELETE CASCADE,
	CONSTRAINT "quantities_shape" CHECK("shape" in ('EXACT', 'ABOUT', 'RANGE', 'AT_LEAST', 'MORE_THAN', 'AT_MOST', 'LESS_THAN', 'APPROACHING', 'WORDS')),
	CONSTRAINT "quantities_per" CHECK("per" is null or "per" in ('DAY', 'WEEK', 'MONTH', 'YEAR')),
	CONSTRAINT "quantities_measure" CHECK("measure" in ('CHANGE', 'HOLDING')),
	CONSTRAINT "quantities_modality" CHECK("modality" in ('REPORTED', 'PLANNED', 'PROJECTED')),
	CONSTRAINT "quantities_derivation" CHECK("derivation" is null or "derivation" in ('RELATIVE', 'SUM', 'DIFFERENCE')),
	CONSTRAINT "quantities_derived_from" CHECK(("derivation" is null) = ("derived_from" is null)),
	CONSTRAINT "quantities_one_owner" CHECK(("claim_id" is null) <> ("territory_change_id" is null)),
	CONSTRAINT "quantities_metric" CHECK("metric" in ('KILLED', 'WOUNDED', 'KILLED_OR_WOUNDED', 'CAPTURED', 'MISSING', 'DEPLOYED', 'AREA_KM2', 'SHARE', 'LOSSES', 'OTHER')),
	CONSTRAINT "quantities_low_high" CHECK("low" is null or "high" is null or "low" <= "high"),
	CONSTRAINT "quantities_best_in_range" CHECK("best" is null or (("low" is null or "low" <= "best") and ("high" is null or "best" <= "high"))),
	CONSTRAINT "quantities_non_negative" CHECK("metric" = 'OTHER' or "derivation" is 'DIFFERENCE' or (coalesce("best", 0) >= 0 and coalesce("low", 0) >= 0 and coalesce("high", 0) >= 0)),
	CONSTRAINT "quantities_share_fraction" CHECK("metric" <> 'SHARE' or (coalesce("best", 0) <= 1 and coalesce("low", 0) <= 1 and coalesce("high", 0) <= 1))
);
--> statement-breakpoint
INSERT INTO `__new_quantities`(`id`, `claim_id`, `territory_change_id`, `metric`, `unit`, `best`, `low`, `high`, `approximate`, `phrase`) SELECT `id`, `claim_id`, `territory_change_id`, `metric`, `unit`, `best`, `low`, `high`, `approximate`, `phrase` FROM `quantities`;
--> statement-breakpoint
DROP TABLE `quantities`;
--> statement-breakpoint
ALTER TABLE `__new_quantities` RENAME TO `quantities`;
--> statement-breakpoint
-- Existing quantities get the shape their numbers had: a range, a bound, a hedged or exact value, or words only.
UPDATE `quantities` SET `shape` = CASE
	WHEN `low` IS NOT NULL AND `high` IS NOT NULL AND `low` < `high` THEN 'RANGE'
	WHEN `best` IS NULL AND `low` IS NOT NULL AND `high` IS NULL THEN 'AT_LEAST'
	WHEN `best` IS NULL AND `low` IS NULL AND `high` IS NOT NULL THEN 'AT_MOST'
	WHEN `best` IS NULL AND `low` IS NULL AND `high` IS NULL THEN 'WORDS'
	WHEN `approximate` THEN 'ABOUT'
	ELSE 'EXACT'
END;
--> statement-breakpoint
PRAGMA foreign_keys=ON;
--> statement-breakpoint
PRAGMA foreign_keys=OFF;
--> statement-breakpoint
CREATE TABLE `__new_actors` (
	`id` integer PRIMARY KEY,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`country` text,
	`description` text,
	`parent_id` integer,
	CONSTRAINT `fk_actors_parent_id_actors_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `actors`(`id`) ON DELETE RESTRICT,
	CONSTRAINT "actors_kind" CHECK("kind" in ('STATE', 'GOVERNMENT', 'LEGISLATURE', 'MINISTRY', 'INTELLIGENCE_SERVICE', 'MILITARY', 'MILITARY_UNIT', 'MEDIA', 'NEWS_AGENCY', 'THINK_TANK', 'ORGANIZATION', 'GROUP')),
	CONSTRAINT "actors_country" CHECK("country" is null or (length("country") = 2 and upper("country") = "country")),
	CONSTRAINT "actors_not_own_parent" CHECK("parent_id" is null or "parent_id" <> "id")
);
--> statement-breakpoint
INSERT INTO `__new_actors`(`id`, `name`, `kind`, `country`, `description`, `parent_id`) SELECT `id`, `name`, `kind`, `country`, `description`, `parent_id` FROM `actors`;
--> statement-breakpoint
DROP TABLE `actors`;
--> statement-breakpoint
ALTER TABLE `__new_actors` RENAME TO `actors`;
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
PRAGMA foreign_keys=ON;
--> statement-breakpoint
CREATE INDEX `claims_stated_on` ON `claims` (`stated_on`);
--> statement-breakpoint
CREATE INDEX `officials_body` ON `officials` (`body_id`);
--> statement-breakpoint
CREATE INDEX `officials_same_source_as` ON `officials` (`same_source_as_id`);
--> statement-breakpoint
CREATE INDEX `quantities_claim_bounds` ON `quantities` (`claim_id`,`metric`,`low`,`high`,`best`);
--> statement-breakpoint
CREATE INDEX `quantities_territory_change` ON `quantities` (`territory_change_id`);
--> statement-breakpoint
CREATE INDEX `quantities_metric` ON `quantities` (`metric`,`claim_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_name_country` ON `actors` (`name`,coalesce("country", ''));
--> statement-breakpoint
CREATE INDEX `actors_parent` ON `actors` (`parent_id`);
--> statement-breakpoint
CREATE INDEX `actor_aliases_alias` ON `actor_aliases` (lower("alias"));
--> statement-breakpoint
CREATE INDEX `claim_hops_claim` ON `claim_hops` (`claim_id`);
--> statement-breakpoint
CREATE INDEX `claim_hops_actor` ON `claim_hops` (`actor_id`);
--> statement-breakpoint
CREATE INDEX `claim_hops_official` ON `claim_hops` (`official_id`);
--> statement-breakpoint
CREATE INDEX `claim_joint_claimants_claim` ON `claim_joint_claimants` (`claim_id`);
--> statement-breakpoint
CREATE INDEX `claim_joint_claimants_actor` ON `claim_joint_claimants` (`actor_id`);
--> statement-breakpoint
CREATE INDEX `claim_joint_claimants_official` ON `claim_joint_claimants` (`official_id`);
--> statement-breakpoint
CREATE INDEX `claim_regions_region` ON `claim_regions` (`region_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_relations_pair` ON `claim_relations` (`claim_id`,`related_claim_id`,`kind`);
--> statement-breakpoint
CREATE INDEX `claim_relations_related` ON `claim_relations` (`related_claim_id`,`kind`);
--> statement-breakpoint
CREATE INDEX `official_aliases_alias` ON `official_aliases` (lower("alias"));
