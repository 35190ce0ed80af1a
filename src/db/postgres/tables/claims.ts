import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf, oneSpeaker, partialDate, periodChecks } from '../checks.ts';
import { attributions, claimKinds, hopRoles, relationKinds, stances } from '../../vocabulary.ts';
import { articles, regions } from './reporting.ts';
import { actors, officials } from './sources.ts';

/** Claims, whom and where they are about, who carried them, and how they relate. */

export const claims = pgTable(
  'claims',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    statement: text('statement').notNull(),
    kind: text('kind', { enum: claimKinds }).notNull(),
    attribution: text('attribution', { enum: attributions }).notNull(),
    claimantActorId: integer('claimant_actor_id').references(() => actors.id, { onDelete: 'restrict' }),
    claimantOfficialId: integer('claimant_official_id').references(() => officials.id, { onDelete: 'restrict' }),
    regionId: integer('region_id').references(() => regions.id, { onDelete: 'restrict' }),
    periodStart: text('period_start'),
    periodEnd: text('period_end'),
    periodText: text('period_text'),
    stance: text('stance', { enum: stances }).notNull().default('ASSERTS'),
    // When the statement was made (to the year, month or day), apart from when it was published.
    statedOn: text('stated_on'),
  },
  (t) => [
    check('claims_kind', oneOf(t.kind, claimKinds)),
    check('claims_attribution', oneOf(t.attribution, attributions)),
    check('claims_stance', oneOf(t.stance, stances)),
    check('claims_stated_on', partialDate(t.statedOn)),
    index('claims_stated_on').on(t.statedOn),
    check('claims_one_claimant', sql`${t.claimantActorId} is null or ${t.claimantOfficialId} is null`),
    ...periodChecks('claims', t),
    index('claims_article').on(t.articleId, t.id),
    // The same statement by the same claimant in the same article is the same claim.
    uniqueIndex('claims_natural_key').on(
      t.articleId,
      t.statement,
      sql`coalesce(${t.claimantOfficialId}, 0)`,
      sql`coalesce(${t.claimantActorId}, 0)`,
    ),
    index('claims_kind').on(t.kind),
    index('claims_attribution').on(t.attribution),
    // The claims of one claimant or article, a page at a time in id order: the id ends each index
    // for PostgreSQL, which reads an index in key order and would otherwise walk every claim by id
    // to find a claimant's first few. SQLite's entries end with the rowid, so its definitions leave
    // the id out (test/postgres-schema.test.ts counts the two alike).
    index('claims_claimant_actor').on(t.claimantActorId, t.id),
    index('claims_claimant_official').on(t.claimantOfficialId, t.id),
    // claimStats over a region's subtree and some kinds: the counts by kind and by claimant, and
    // which claims give figures (stance), come from this index alone; so do the period and dates
    // the figure aggregates (figuresCte) carry, so a province's 35,000 claims at a million are read
    // from one range of the index instead of 35,000 scattered table rows. The id ends it for
    // PostgreSQL, whose index entries point at table rows where SQLite's carry the rowid: the
    // repeat and revision checks and the join to the figures need it (src/graphql/aggregates/claims-read.ts).
    index('claims_region_figures').on(
      t.regionId,
      t.kind,
      t.claimantOfficialId,
      t.claimantActorId,
      t.stance,
      t.periodStart,
      t.periodEnd,
      t.periodText,
      t.statedOn,
      t.articleId,
      t.id,
    ),
    index('claims_period').on(t.periodStart, t.periodEnd),
  ],
);

export const claimSubjects = pgTable(
  'claim_subjects',
  {
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.actorId] }), index('claim_subjects_actor').on(t.actorId)],
);

/** Regions a claim is about besides its first (`claims.region_id`). */
export const claimRegions = pgTable(
  'claim_regions',
  {
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.regionId] }), index('claim_regions_region').on(t.regionId)],
);

/** Claimants who make a claim jointly with the first one (`claims.claimant_*`), in the order given. */
export const claimJointClaimants = pgTable(
  'claim_joint_claimants',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id').references(() => actors.id, { onDelete: 'restrict' }),
    officialId: integer('official_id').references(() => officials.id, { onDelete: 'restrict' }),
  },
  (t) => [
    oneSpeaker('claim_joint_claimants_one', t),
    index('claim_joint_claimants_claim').on(t.claimId),
    index('claim_joint_claimants_actor').on(t.actorId),
    index('claim_joint_claimants_official').on(t.officialId),
  ],
);

/**
 * The hops that carried a claim from its origin (the claimant) to the reader, in order: a lawmaker
 * who spoke after a briefing, the agency that relayed it, the outlet that published it.
 */
export const claimHops = pgTable(
  'claim_hops',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    role: text('role', { enum: hopRoles }).notNull(),
    actorId: integer('actor_id').references(() => actors.id, { onDelete: 'restrict' }),
    officialId: integer('official_id').references(() => officials.id, { onDelete: 'restrict' }),
  },
  (t) => [
    check('claim_hops_role', oneOf(t.role, hopRoles)),
    oneSpeaker('claim_hops_one', t),
    index('claim_hops_claim').on(t.claimId),
    index('claim_hops_actor').on(t.actorId),
    index('claim_hops_official').on(t.officialId),
  ],
);

/** How a claim relates to an earlier one; stored on the later claim (`claim_id`). */
export const claimRelations = pgTable(
  'claim_relations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: relationKinds }).notNull(),
    relatedClaimId: integer('related_claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    note: text('note'),
  },
  (t) => [
    check('claim_relations_kind', oneOf(t.kind, relationKinds)),
    check('claim_relations_not_self', sql`${t.claimId} <> ${t.relatedClaimId}`),
    uniqueIndex('claim_relations_pair').on(t.claimId, t.relatedClaimId, t.kind),
    index('claim_relations_related').on(t.relatedClaimId, t.kind),
  ],
);
