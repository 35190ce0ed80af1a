import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { figureKind } from '../figure-kind.ts';
import { oneOf, periodChecks } from '../checks.ts';
import { derivations, measures, metrics, modalities, numberShapes, ratePeriods } from '../vocabulary.ts';
import { claims } from './claims.ts';
import { articles, regions } from './reporting.ts';
import { actors } from './sources.ts';

/** Territory changes and the figures (quantities) of claims and changes. */

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
    // Covers the figure aggregates (figuresCte: a claim's figures with identity and everything
    // their bounds are computed from) without reading the table.
    index('quantities_claim_figures').on(
      t.claimId,
      t.metric,
      t.low,
      t.high,
      t.best,
      t.unit,
      t.per,
      t.measure,
      t.modality,
      t.shape,
      t.phrase,
    ),
    index('quantities_territory_change').on(t.territoryChangeId),
    index('quantities_metric').on(t.metric, t.claimId),
  ],
);

/**
 * Every figure a claim gives, as the aggregates read it: one row per quantity of a claim, with its
 * interval under the number conventions already worked out, and one more (`summed` 1) for killed and
 * wounded given apart, as their killed-or-wounded sum. Derived, never written by hand: triggers keep
 * it in step with quantities and claims (src/store/claim-figures.ts), so an aggregate over a province
 * reads a few thousand finished rows instead of working each one out from tens of thousands of claims.
 */
export const claimFigures = sqliteTable(
  'claim_figures',
  {
    claimId: integer('claim_id').notNull(),
    // For a sum, the killed quantity it starts from.
    quantityId: integer('quantity_id').notNull(),
    summed: integer('summed').notNull(),
    // The claim's, copied so a question about one metric in one region finds its figures in one index range,
    // and its dates are known without looking up each claim's article.
    regionId: integer('region_id'),
    stance: text('stance').notNull(),
    // The claim's article's publication date (as articleDateOf reads it): when a claim with no statement date was said.
    articleDate: text('article_date'),
    metric: text('metric', { enum: metrics }).notNull(),
    unit: text('unit'),
    per: text('per', { enum: ratePeriods }),
    measure: text('measure', { enum: measures }).notNull(),
    modality: text('modality', { enum: modalities }).notNull(),
    // The five columns above as one value (src/db/figure-kind.ts): what claimStats groups figures by.
    kind: text('kind').notNull().generatedAlwaysAs(figureKind, { mode: 'stored' }),
    low: real('low'),
    high: real('high'),
    best: real('best'),
    lowInclusive: integer('low_inclusive').notNull(),
    highInclusive: integer('high_inclusive').notNull(),
  },
  (t) => {
    // Every column the aggregates take: an index that ends with them is read without the table.
    const figure = [
      t.metric,
      t.unit,
      t.per,
      t.measure,
      t.modality,
      t.low,
      t.high,
      t.best,
      t.lowInclusive,
      t.highInclusive,
      t.summed,
      t.quantityId,
      t.articleDate,
    ] as const;
    return [
      // A claim's figures.
      index('claim_figures_claim').on(t.claimId, ...figure),
      index('claim_figures_region').on(t.metric, t.regionId, t.stance, t.claimId),
      // A region's figures, in claim order: PostgreSQL reads a province's figures from one range
      // per region (src/graphql/aggregates/claims-read.ts).
      index('claim_figures_region_figures').on(t.regionId, t.claimId, ...figure, t.kind),
      // What claimStats takes of a claim's figures: a narrow index is quicker to look each claim up in.
      index('claim_figures_kinds').on(t.claimId, t.kind, t.low, t.high, t.summed),
    ];
  },
);
