DROP INDEX "claims_article";--> statement-breakpoint
CREATE INDEX "claims_article" ON "claims" ("article_id","id");--> statement-breakpoint
DROP INDEX "claims_claimant_actor";--> statement-breakpoint
CREATE INDEX "claims_claimant_actor" ON "claims" ("claimant_actor_id","id");--> statement-breakpoint
DROP INDEX "claims_claimant_official";--> statement-breakpoint
CREATE INDEX "claims_claimant_official" ON "claims" ("claimant_official_id","id");