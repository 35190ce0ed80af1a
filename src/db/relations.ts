import { defineRelations, type ExtractTablesFromSchema, type RelationsBuilder } from 'drizzle-orm';
import * as schema from './schema.ts';

/** How the tables relate, on both engines (src/db/postgres/relations.ts applies it to PostgreSQL's tables). */
export const relate = (r: RelationsBuilder<ExtractTablesFromSchema<typeof schema>>) => ({
  actors: {
    parent: r.one.actors({ from: r.actors.parentId, to: r.actors.id, alias: 'actor_parent' }),
    children: r.many.actors({ from: r.actors.id, to: r.actors.parentId, alias: 'actor_parent' }),
    aliases: r.many.actorAliases({ from: r.actors.id, to: r.actorAliases.actorId }),
    claims: r.many.claims({ from: r.actors.id, to: r.claims.claimantActorId, alias: 'claimant_actor' }),
    roles: r.many.roles({ from: r.actors.id, to: r.roles.actorId }),
    officials: r.many.officials({
      from: r.actors.id.through(r.roles.actorId),
      to: r.officials.id.through(r.roles.officialId),
    }),
  },
  officials: {
    roles: r.many.roles({ from: r.officials.id, to: r.roles.officialId }),
    aliases: r.many.officialAliases({ from: r.officials.id, to: r.officialAliases.officialId }),
    body: r.one.actors({ from: r.officials.bodyId, to: r.actors.id, alias: 'official_body' }),
    sameSourceAs: r.one.officials({
      from: r.officials.sameSourceAsId,
      to: r.officials.id,
      alias: 'official_same_source',
    }),
    claims: r.many.claims({ from: r.officials.id, to: r.claims.claimantOfficialId, alias: 'claimant_official' }),
  },
  roles: {
    official: r.one.officials({ from: r.roles.officialId, to: r.officials.id, optional: false }),
    actor: r.one.actors({ from: r.roles.actorId, to: r.actors.id, optional: false }),
  },
  regions: {
    parent: r.one.regions({ from: r.regions.parentId, to: r.regions.id, alias: 'region_parent' }),
    children: r.many.regions({ from: r.regions.id, to: r.regions.parentId, alias: 'region_parent' }),
    claims: r.many.claims({ from: r.regions.id, to: r.claims.regionId }),
    territoryChanges: r.many.territoryChanges({ from: r.regions.id, to: r.territoryChanges.regionId }),
  },
  articles: {
    outlet: r.one.actors({ from: r.articles.outletId, to: r.actors.id, alias: 'article_outlet' }),
    citedSources: r.many.actors({
      from: r.articles.id.through(r.articleCitedSources.articleId),
      to: r.actors.id.through(r.articleCitedSources.actorId),
    }),
    claims: r.many.claims({ from: r.articles.id, to: r.claims.articleId }),
    territoryChanges: r.many.territoryChanges({ from: r.articles.id, to: r.territoryChanges.articleId }),
  },
  claims: {
    article: r.one.articles({ from: r.claims.articleId, to: r.articles.id, optional: false }),
    claimantActor: r.one.actors({ from: r.claims.claimantActorId, to: r.actors.id, alias: 'claimant_actor' }),
    claimantOfficial: r.one.officials({
      from: r.claims.claimantOfficialId,
      to: r.officials.id,
      alias: 'claimant_official',
    }),
    region: r.one.regions({ from: r.claims.regionId, to: r.regions.id }),
    otherRegions: r.many.claimRegions({ from: r.claims.id, to: r.claimRegions.claimId }),
    jointClaimants: r.many.claimJointClaimants({ from: r.claims.id, to: r.claimJointClaimants.claimId }),
    hops: r.many.claimHops({ from: r.claims.id, to: r.claimHops.claimId }),
    // Stored on the later claim: `relations` are what this claim says of earlier ones, `relatedBy` what later ones say of it.
    relations: r.many.claimRelations({ from: r.claims.id, to: r.claimRelations.claimId, alias: 'relation_from' }),
    relatedBy: r.many.claimRelations({
      from: r.claims.id,
      to: r.claimRelations.relatedClaimId,
      alias: 'relation_to',
    }),
    subjects: r.many.actors({
      from: r.claims.id.through(r.claimSubjects.claimId),
      to: r.actors.id.through(r.claimSubjects.actorId),
    }),
    subjectLinks: r.many.claimSubjects({ from: r.claims.id, to: r.claimSubjects.claimId }),
    quantities: r.many.quantities({ from: r.claims.id, to: r.quantities.claimId }),
    territoryChanges: r.many.territoryChanges({ from: r.claims.id, to: r.territoryChanges.claimId }),
  },
  actorAliases: {
    actor: r.one.actors({ from: r.actorAliases.actorId, to: r.actors.id, optional: false }),
  },
  officialAliases: {
    official: r.one.officials({ from: r.officialAliases.officialId, to: r.officials.id, optional: false }),
  },
  claimRegions: {
    region: r.one.regions({ from: r.claimRegions.regionId, to: r.regions.id, optional: false }),
  },
  claimJointClaimants: {
    actor: r.one.actors({ from: r.claimJointClaimants.actorId, to: r.actors.id, alias: 'joint_claimant_actor' }),
    official: r.one.officials({
      from: r.claimJointClaimants.officialId,
      to: r.officials.id,
      alias: 'joint_claimant_official',
    }),
  },
  claimHops: {
    actor: r.one.actors({ from: r.claimHops.actorId, to: r.actors.id, alias: 'hop_actor' }),
    official: r.one.officials({ from: r.claimHops.officialId, to: r.officials.id, alias: 'hop_official' }),
  },
  claimRelations: {
    claim: r.one.claims({ from: r.claimRelations.claimId, to: r.claims.id, alias: 'relation_from', optional: false }),
    relatedClaim: r.one.claims({
      from: r.claimRelations.relatedClaimId,
      to: r.claims.id,
      alias: 'relation_to',
      optional: false,
    }),
  },
  territoryChanges: {
    region: r.one.regions({ from: r.territoryChanges.regionId, to: r.regions.id, optional: false }),
    gainedBy: r.one.actors({ from: r.territoryChanges.gainedById, to: r.actors.id, alias: 'territory_gained_by' }),
    lostBy: r.one.actors({ from: r.territoryChanges.lostById, to: r.actors.id, alias: 'territory_lost_by' }),
    claim: r.one.claims({ from: r.territoryChanges.claimId, to: r.claims.id }),
    article: r.one.articles({ from: r.territoryChanges.articleId, to: r.articles.id }),
    amount: r.many.quantities({ from: r.territoryChanges.id, to: r.quantities.territoryChangeId }),
  },
});

export const relations = defineRelations(schema, relate);
