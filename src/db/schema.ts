import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

// Enumerations shared by the database CHECK constraints, the dataset format and the GraphQL enums.
export const actorKinds = [
  'STATE',
  'GOVERNMENT',
  'LEGISLATURE',
  'MINISTRY',
  'INTELLIGENCE_SERVICE',
  'MILITARY',
  'MILITARY_UNIT',
  'MEDIA',
  'NEWS_AGENCY',
  'THINK_TANK',
  'ORGANIZATION',
  'GROUP',
] as const;
export const regionKinds = ['COUNTRY', 'PROVINCE', 'DISTRICT', 'SETTLEMENT', 'OTHER'] as const;
export const claimKinds = [
  'CASUALTIES',
  'DEPLOYMENT',
  'TERRITORY',
  'MILITARY_ACTIVITY',
  'CONCEALMENT',
  'ASSESSMENT',
  'FORECAST',
  'OTHER',
] as const;
export const attributions = ['STATED', 'CLAIMED', 'CONFIRMED', 'REPORTED', 'ESTIMATED', 'SPECULATED'] as const;
export const metrics = [
  'KILLED',
  'WOUNDED',
  'KILLED_OR_WOUNDED',
  'CAPTURED',
  'MISSING',
  'DEPLOYED',
  'AREA_KM2',
  'SHARE',
  'LOSSES',
  'OTHER',
] as const;
/** How firmly a claim takes its position: it asserts, it denies, or it declines to confirm. */
export const stances = ['ASSERTS', 'DENIES', 'DECLINES_TO_CONFIRM'] as const;
/** What a claim's figure is to another claim's (stored on the later claim, pointing back). */
export const relationKinds = ['REVISES', 'REPEATS', 'CORROBORATES', 'CONTRADICTS', 'DENIES', 'ASSESSES'] as const;
/** How a hop carried a claim from its origin to the reader. */
export const hopRoles = ['SPEAKER', 'RELAY', 'PUBLISHER'] as const;
export const seniorities = ['JUNIOR', 'SENIOR', 'TOP'] as const;
export const sourceDomains = ['MILITARY', 'INTELLIGENCE', 'DIPLOMATIC', 'GOVERNMENT', 'LEGISLATIVE', 'OTHER'] as const;
/** The shape of a number as worded: the phrase conventions (src/model/conventions.ts) turn each into an interval. */
export const numberShapes = [
  'EXACT',
  'ABOUT',
  'RANGE',
  'AT_LEAST',
  'MORE_THAN',
  'AT_MOST',
  'LESS_THAN',
  'APPROACHING',
  'WORDS',
] as const;
export const ratePeriods = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
/** A change over a period (killed, gained) or what is held at a time (deployed, controlled). */
export const measures = ['CHANGE', 'HOLDING'] as const;
/** Whether a figure reports what happened, or what is planned or projected. */
export const modalities = ['REPORTED', 'PLANNED', 'PROJECTED'] as const;
export const derivations = ['RELATIVE', 'SUM', 'DIFFERENCE'] as const;

export type ActorKind = (typeof actorKinds)[number];
export type RegionKind = (typeof regionKinds)[number];
export type ClaimKind = (typeof claimKinds)[number];
export type Attribution = (typeof attributions)[number];
export type Metric = (typeof metrics)[number];
export type Stance = (typeof stances)[number];
export type RelationKind = (typeof relationKinds)[number];
export type HopRole = (typeof hopRoles)[number];
export type NumberShape = (typeof numberShapes)[number];

const oneOf = (column: AnySQLiteColumn, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

// Dates are ISO-8601 text ("2024-08-01"), instants ISO-8601 UTC text: both sort as they compare.
const isoDate = (column: AnySQLiteColumn) => sql`${column} is null or date(${column}) = ${column}`;
// A date known to the year, month or day: "2024", "2024-12", "2024-12-19"; never an invented day.
const partialDate = (column: AnySQLiteColumn) =>
  sql`${column} is null or ${column} glob '[0-9][0-9][0-9][0-9]' or (${column} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]' and substr(${column}, 6, 2) between '01' and '12') or date(${column}) = ${column}`;
const countryCode = (column: AnySQLiteColumn) =>
  sql`${column} is null or (length(${column}) = 2 and upper(${column}) = ${column})`;

export const actors = sqliteTable(
  'actors',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: actorKinds }).notNull(),
    country: text('country'),
    description: text('description'),
    parentId: integer('parent_id').references((): AnySQLiteColumn => actors.id, { onDelete: 'restrict' }),
  },
  (t) => [
    check('actors_kind', oneOf(t.kind, actorKinds)),
    check('actors_country', countryCode(t.country)),
    check('actors_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    uniqueIndex('actors_name_country').on(t.name, sql`coalesce(${t.country}, '')`),
    index('actors_parent').on(t.parentId),
  ],
);

/** Other spellings of an actor's name ("Syrsky" beside "Syrskyi"): one identity, found by any of them. */
export const actorAliases = sqliteTable(
  'actor_aliases',
  {
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.alias] }), index('actor_aliases_alias').on(sql`lower(${t.alias})`)],
);

export const officials = sqliteTable(
  'officials',
  {
    id: integer('id').primaryKey(),
    name: text('name'),
    description: text('description').notNull(),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
    // What reporting says about an unnamed source: "a senior U.S. military official".
    seniority: text('seniority', { enum: seniorities }),
    domain: text('domain', { enum: sourceDomains }),
    country: text('country'),
    bodyId: integer('body_id').references((): AnySQLiteColumn => actors.id, { onDelete: 'restrict' }),
    // A reviewed judgement that this unnamed source is probably the same person as another one.
    sameSourceAsId: integer('same_source_as_id').references((): AnySQLiteColumn => officials.id, {
      onDelete: 'set null',
    }),
    sameSourceReviewedBy: text('same_source_reviewed_by'),
    sameSourceReason: text('same_source_reason'),
  },
  (t) => [
    check('officials_anonymous_unnamed', sql`${t.anonymous} = (${t.name} is null)`),
    check('officials_seniority', sql`${t.seniority} is null or ${oneOf(t.seniority, seniorities)}`),
    check('officials_domain', sql`${t.domain} is null or ${oneOf(t.domain, sourceDomains)}`),
    check('officials_country', countryCode(t.country)),
    check('officials_not_same_source_as_self', sql`${t.sameSourceAsId} is null or ${t.sameSourceAsId} <> ${t.id}`),
    check('officials_same_source_reviewed', sql`(${t.sameSourceAsId} is null) = (${t.sameSourceReviewedBy} is null)`),
    index('officials_body').on(t.bodyId),
    index('officials_same_source_as').on(t.sameSourceAsId),
    index('officials_anonymous').on(t.anonymous),
    // Natural key lookups (name, or description when unnamed; see src/store/natural-keys.ts).
    index('officials_label').on(sql`coalesce(${t.name}, ${t.description})`),
  ],
);

/** Other spellings of an official's name. */
export const officialAliases = sqliteTable(
  'official_aliases',
  {
    officialId: integer('official_id')
      .notNull()
      .references(() => officials.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officialId, t.alias] }), index('official_aliases_alias').on(sql`lower(${t.alias})`)],
);

export const roles = sqliteTable(
  'roles',
  {
    id: integer('id').primaryKey(),
    officialId: integer('official_id')
      .notNull()
      .references(() => officials.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    since: text('since'),
    until: text('until'),
  },
  (t) => [
    check('roles_since', isoDate(t.since)),
    check('roles_until', isoDate(t.until)),
    check('roles_since_before_until', sql`${t.since} is null or ${t.until} is null or ${t.since} <= ${t.until}`),
    index('roles_official').on(t.officialId),
    index('roles_actor').on(t.actorId),
  ],
);

export const regions = sqliteTable(
  'regions',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: regionKinds }).notNull(),
    country: text('country'),
    parentId: integer('parent_id').references((): AnySQLiteColumn => regions.id, { onDelete: 'restrict' }),
    // A GeoJSON geometry object as JSON text (validated by the model, src/model/geometry.ts).
    geometry: text('geometry', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    check('regions_kind', oneOf(t.kind, regionKinds)),
    check('regions_country', countryCode(t.country)),
    check('regions_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    uniqueIndex('regions_name_parent').on(t.name, sql`coalesce(${t.parentId}, 0)`),
    index('regions_parent').on(t.parentId),
  ],
);

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey(),
    title: text('title').notNull(),
    url: text('url').unique(),
    outletId: integer('outlet_id').references(() => actors.id, { onDelete: 'restrict' }),
    publishedAt: text('published_at'),
    // The publication date when only the day, month or year is known (no invented time of day).
    publishedOn: text('published_on'),
    summary: text('summary'),
  },
  (t) => [
    check('articles_published_on', partialDate(t.publishedOn)),
    check(
      'articles_published_at',
      sql`${t.publishedAt} is null or strftime('%Y-%m-%dT%H:%M:%fZ', ${t.publishedAt}) = ${t.publishedAt}`,
    ),
    index('articles_outlet').on(t.outletId),
    index('articles_published_at').on(t.publishedAt),
    // An article without a URL is the same article when title, outlet and publication time match.
    uniqueIndex('articles_natural_key_without_url')
      .on(t.title, sql`coalesce(${t.outletId}, 0)`, sql`coalesce(${t.publishedAt}, '')`)
      .where(sql`${t.url} is null`),
  ],
);

export const articleCitedSources = sqliteTable(
  'article_cited_sources',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.actorId] }), index('article_cited_sources_actor').on(t.actorId)],
);

const periodChecks = (name: string, t: { periodStart: AnySQLiteColumn; periodEnd: AnySQLiteColumn }) => [
  check(`${name}_period_start`, isoDate(t.periodStart)),
  check(`${name}_period_end`, isoDate(t.periodEnd)),
  check(
    `${name}_period_order`,
    sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} <= ${t.periodEnd}`,
  ),
];

export const claims = sqliteTable(
  'claims',
  {
    id: integer('id').primaryKey(),
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
    index('claims_article').on(t.articleId),
    // The same statement by the same claimant in the same article is the same claim.
    uniqueIndex('claims_natural_key').on(
      t.articleId,
      t.statement,
      sql`coalesce(${t.claimantOfficialId}, 0)`,
      sql`coalesce(${t.claimantActorId}, 0)`,
    ),
    index('claims_kind').on(t.kind),
    index('claims_attribution').on(t.attribution),
    index('claims_claimant_actor').on(t.claimantActorId),
    index('claims_claimant_official').on(t.claimantOfficialId),
    // claimStats over a region's subtree and some kinds: the counts by kind and by claimant, and
    // which claims give figures (stance), come from this index alone.
    index('claims_region_kind').on(t.regionId, t.kind, t.claimantOfficialId, t.claimantActorId, t.stance),
    index('claims_period').on(t.periodStart, t.periodEnd),
  ],
);

export const claimSubjects = sqliteTable(
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
export const claimRegions = sqliteTable(
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

const oneSpeaker = (name: string, t: { actorId: AnySQLiteColumn; officialId: AnySQLiteColumn }) =>
  check(name, sql`(${t.actorId} is null) <> (${t.officialId} is null)`);

/** Claimants who make a claim jointly with the first one (`claims.claimant_*`), in the order given. */
export const claimJointClaimants = sqliteTable(
  'claim_joint_claimants',
  {
    id: integer('id').primaryKey(),
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
export const claimHops = sqliteTable(
  'claim_hops',
  {
    id: integer('id').primaryKey(),
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
export const claimRelations = sqliteTable(
  'claim_relations',
  {
    id: integer('id').primaryKey(),
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

export const territoryChanges = sqliteTable(
  'territory_changes',
  {
    id: integer('id').primaryKey(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id, { onDelete: 'restrict' }),
    gainedById: integer('gained_by_id').references(() => actors.id, { onDelete: 'restrict' }),
    lostById: integer('lost_by_id').references(() => actors.id, { onDelete: 'restrict' }),
    claimId: integer('claim_id').references(() => claims.id, { onDelete: 'cascade' }),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'cascade' }),
    periodStart: text('period_start'),
    periodEnd: text('period_end'),
    periodText: text('period_text'),
  },
  (t) => [
    check(
      'territory_changes_sides',
      sql`${t.gainedById} is null or ${t.lostById} is null or ${t.gainedById} <> ${t.lostById}`,
    ),
    ...periodChecks('territory_changes', t),
    index('territory_changes_region').on(t.regionId),
    index('territory_changes_gained_by').on(t.gainedById),
    index('territory_changes_lost_by').on(t.lostById),
    index('territory_changes_claim').on(t.claimId),
    index('territory_changes_article').on(t.articleId),
    index('territory_changes_period').on(t.periodStart, t.periodEnd),
  ],
);

export const quantities = sqliteTable(
  'quantities',
  {
    id: integer('id').primaryKey(),
    claimId: integer('claim_id').references(() => claims.id, { onDelete: 'cascade' }),
    territoryChangeId: integer('territory_change_id').references(() => territoryChanges.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: metrics }).notNull(),
    unit: text('unit'),
    best: real('best'),
    low: real('low'),
    high: real('high'),
    approximate: integer('approximate', { mode: 'boolean' }).notNull().default(false),
    phrase: text('phrase'),
    shape: text('shape', { enum: numberShapes }).notNull().default('EXACT'),
    per: text('per', { enum: ratePeriods }),
    measure: text('measure', { enum: measures }).notNull().default('CHANGE'),
    modality: text('modality', { enum: modalities }).notNull().default('REPORTED'),
    // A figure computed from others (best/low/high hold the computed value): [{ claimId, index }].
    derivation: text('derivation', { enum: derivations }),
    factor: real('factor'),
    derivedFrom: text('derived_from', { mode: 'json' }).$type<{ claimId: number; index: number }[]>(),
  },
  (t) => [
    check('quantities_shape', oneOf(t.shape, numberShapes)),
    check('quantities_per', sql`${t.per} is null or ${oneOf(t.per, ratePeriods)}`),
    check('quantities_measure', oneOf(t.measure, measures)),
    check('quantities_modality', oneOf(t.modality, modalities)),
    check('quantities_derivation', sql`${t.derivation} is null or ${oneOf(t.derivation, derivations)}`),
    check('quantities_derived_from', sql`(${t.derivation} is null) = (${t.derivedFrom} is null)`),
    check('quantities_one_owner', sql`(${t.claimId} is null) <> (${t.territoryChangeId} is null)`),
    check('quantities_metric', oneOf(t.metric, metrics)),
    check('quantities_low_high', sql`${t.low} is null or ${t.high} is null or ${t.low} <= ${t.high}`),
    check(
      'quantities_best_in_range',
      sql`${t.best} is null or ((${t.low} is null or ${t.low} <= ${t.best}) and (${t.high} is null or ${t.best} <= ${t.high}))`,
    ),
    check(
      'quantities_non_negative',
      sql`${t.metric} = 'OTHER' or ${t.derivation} is 'DIFFERENCE' or (coalesce(${t.best}, 0) >= 0 and coalesce(${t.low}, 0) >= 0 and coalesce(${t.high}, 0) >= 0)`,
    ),
    check(
      'quantities_share_fraction',
      sql`${t.metric} <> 'SHARE' or (coalesce(${t.best}, 0) <= 1 and coalesce(${t.low}, 0) <= 1 and coalesce(${t.high}, 0) <= 1)`,
    ),
    // Covers claimStats' quantity envelopes (metric, bounds per claim) without reading the table.
    index('quantities_claim_bounds').on(t.claimId, t.metric, t.low, t.high, t.best),
    index('quantities_territory_change').on(t.territoryChangeId),
    index('quantities_metric').on(t.metric, t.claimId),
  ],
);
