import { z } from 'zod';
import type { Metric as MetricName } from '../../db/schema.ts';
import { conventionsVersion } from '../../model/conventions.ts';
import { builder, checkedPageSize, defaultPageSize, maxPageSize } from '../builder.ts';
import { dateRange } from '../filters.ts';
import {
  type ClaimantFigure as ClaimantFigureData,
  compareFigures,
  type FigurePair as FigurePairData,
  type IdentityComparison,
} from '../aggregates/compare.ts';
import type { IntervalRelationName } from '../aggregates/contradiction-rule.ts';
import { FigureRange } from './figure-range.ts';
import { aggregateConventions } from '../aggregates/figures.ts';
import { VaguenessPolicy, type VaguenessPolicyName } from '../aggregates/policy.ts';
import { Measure, Metric, Modality, RatePeriod } from './enums.ts';
import { AnswerRows } from './loaded-rows.ts';
import { Period, periodOf } from './period.ts';
import { Actor, Claim, Claimant, Region } from './nodes.ts';
import { aggregateCost } from '../aggregate-cost.ts';

type GlobalId = { typename: string; id: number };

interface ComparisonQuestionInput {
  metric: MetricName;
  unit?: string | null;
  subjectId?: GlobalId | null;
  regionId?: GlobalId | null;
  from?: Date | null;
  to?: Date | null;
  asOf?: Date | null;
}

const ComparisonQuestion = builder.inputRef<ComparisonQuestionInput>('ComparisonQuestion').implement({
  description: 'What to compare: one metric (in one unit, if given) about a subject, a region and a time.',
  validate: dateRange('from', 'to'),
  fields: (t) => ({
    metric: t.field({ type: Metric, required: true, description: 'What the figures count.' }),
    unit: t.string({
      required: false,
      description: 'Only figures in this unit; without it each unit is compared apart, never mixed.',
      validate: z.string().max(200, '"unit" must be at most 200 characters'),
    }),
    subjectId: t.globalID({
      required: false,
      for: [Actor],
      description: 'Figures about this actor (and those below it).',
    }),
    regionId: t.globalID({
      required: false,
      for: [Region],
      description: 'Figures about this region and every region inside it.',
    }),
    from: t.field({ type: 'Date', required: false, description: 'Figures whose period overlaps [from, to].' }),
    to: t.field({ type: 'Date', required: false, description: 'The last day of the range (see `from`).' }),
    asOf: t.field({
      type: 'Date',
      required: false,
      description: 'The figures as they stood on this day: claims published later (a later revision too) are not seen.',
    }),
  }),
});

const IntervalRelation = builder.enumType('IntervalRelation', {
  description: 'How two figures, as intervals under the number conventions, lie to each other.',
  values: {
    SAME: { description: 'The same interval.' },
    NESTED: { description: 'One interval lies within the other: both can hold, one is more precise.' },
    OVERLAPPING: { description: 'They share some values, and each has values the other lacks.' },
    DISJOINT: { description: 'No value is in both: the figures cannot both hold (a contradiction).' },
  } satisfies Record<IntervalRelationName, { description: string }>,
});

type FigureShape = ClaimantFigureData & { rows: AnswerRows };

const ClaimantFigure = builder.objectRef<FigureShape>('ClaimantFigure').implement({
  description:
    "One claimant's current figure: the latest of its figures no later matching claim revises, with the claims that reported it and its earlier figures.",
  fields: (t) => ({
    claimant: t.field({
      type: Claimant,
      nullable: true,
      description: 'Whose figure it is; null for unattributed figures, compared as one voice.',
      resolve: (f) => f.rows.claimant(f),
    }),
    claim: t.field({
      type: Claim,
      description: 'The claim that gives the figure.',
      resolve: (f) => f.rows.claim(f.claimId),
    }),
    low: t.exposeFloat('low', {
      nullable: true,
      description: 'Lower bound under the number conventions; null when unbounded.',
    }),
    best: t.exposeFloat('best', { nullable: true, description: 'The point value the source gave, if any.' }),
    high: t.exposeFloat('high', {
      nullable: true,
      description: 'Upper bound under the number conventions; null when open-ended.',
    }),
    lowInclusive: t.exposeBoolean('lowInclusive', {
      description: "Whether `low` itself is in the figure ('over 100' excludes 100).",
    }),
    highInclusive: t.exposeBoolean('highInclusive', {
      description: "Whether `high` itself is in the figure ('nearly 100' excludes 100).",
    }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: "The figure as one number under the comparison's policy.",
    }),
    summedFromParts: t.exposeBoolean('summedFromParts', {
      description: 'Whether the figure is killed plus wounded, given apart in the claim.',
    }),
    reports: t.field({
      type: [Claim],
      description: 'The claim and every matching claim that repeats it: one figure, reported this many times.',
      resolve: (f) => f.reportIds.map((id) => f.rows.claim(id)),
    }),
    history: t.field({
      type: [Claim],
      description: "The claimant's earlier figures of this kind, newest first: those revised, and those merely older.",
      resolve: (f) => f.historyIds.map((id) => f.rows.claim(id)),
    }),
  }),
});

type PairShape = FigurePairData & { first: FigureShape; second: FigureShape };

const FigurePair = builder.objectRef<PairShape>('FigurePair').implement({
  description: 'Two claimants’ figures of one kind and how their intervals lie to each other.',
  fields: (t) => ({
    first: t.field({ type: ClaimantFigure, description: 'The figure listed first.', resolve: (p) => p.first }),
    second: t.field({ type: ClaimantFigure, description: 'The figure listed later.', resolve: (p) => p.second }),
    samePeriod: t.exposeBoolean('samePeriod', {
      description:
        'Whether both speak of the same time: for a change (killed, gained) the same period, for a holding (deployed, held) periods that can overlap. Only then is a DISJOINT pair a contradiction: 50 killed in three days and hundreds over the battle both hold.',
    }),
    relation: t.field({
      type: IntervalRelation,
      description: 'SAME, NESTED, OVERLAPPING or DISJOINT.',
      resolve: (p) => p.relation,
    }),
  }),
});

type ComparisonShape = Omit<IdentityComparison, 'figures' | 'pairs'> & {
  metric: MetricName;
  figures: FigureShape[];
  pairs: (relations: readonly IntervalRelationName[] | null | undefined, first: number) => PairShape[];
};

const FigureComparison = builder.objectRef<ComparisonShape>('FigureComparison').implement({
  description:
    'Every claimant’s current figure of one kind (metric, unit, rate, measure, modality; for changes, one period) side by side, how each pair relates, and where they agree.',
  fields: (t) => ({
    metric: t.expose('metric', { type: Metric, description: 'What the figures count.' }),
    unit: t.exposeString('unit', { nullable: true, description: 'The unit the figures share.' }),
    period: t.field({
      type: Period,
      nullable: true,
      description:
        'For changes (killed, gained): the period every figure here speaks of, as coded (a week’s count is compared apart from a running total); null when no period is coded, and for holdings.',
      resolve: (c) => (c.period ? periodOf(c.period) : null),
    }),
    per: t.expose('per', { type: RatePeriod, nullable: true, description: 'The time the figures are a rate per.' }),
    measure: t.expose('measure', { type: Measure, description: 'Changes over a period, or holdings at a time.' }),
    modality: t.expose('modality', { type: Modality, description: 'Reported, planned or projected figures.' }),
    figures: t.field({
      type: [ClaimantFigure],
      description: 'One current figure per claimant, the most recently stated first.',
      resolve: (c) => c.figures,
    }),
    pairs: t.field({
      type: [FigurePair],
      description:
        'Pairs of the figures, in the order of `figures`: the first `first` of those whose relation is among `relations` (every relation when left out). Among n claimants there are n(n-1)/2 pairs, so they come a page at a time; `contradictions` counts them all.',
      args: {
        relations: t.arg({
          type: [IntervalRelation],
          required: false,
          description: 'Only pairs related so: `[DISJOINT]` lists the figures that cannot both hold.',
        }),
        first: t.arg.int({
          required: false,
          defaultValue: defaultPageSize,
          description: `How many pairs, 0 to ${maxPageSize}; ${defaultPageSize} when left out.`,
        }),
      },
      resolve: (c, { relations, first }) => c.pairs(relations, checkedPageSize('first', first ?? defaultPageSize)),
    }),
    agreed: t.field({
      type: FigureRange,
      nullable: true,
      description:
        'The values every figure allows; null when two figures are disjoint or fewer than two claimants give one.',
      resolve: (c) => c.agreed,
    }),
    spread: t.exposeFloat('spread', {
      nullable: true,
      description: "The largest figure's value minus the smallest under the policy; null with fewer than two values.",
    }),
    contradictions: t.exposeInt('contradictions', {
      description: 'How many pairs cannot both hold: DISJOINT over the same period (see FigurePair.samePeriod).',
    }),
  }),
});

interface ClaimComparisonShape {
  policy: VaguenessPolicyName;
  comparisons: ComparisonShape[];
}

const ClaimComparison = builder.objectRef<ClaimComparisonShape>('ClaimComparison').implement({
  description: 'The answer to a comparison question: one comparison per kind of figure, and the rules applied.',
  fields: (t) => ({
    comparisons: t.field({
      type: [FigureComparison],
      description: 'One comparison per kind of figure (unit, rate, measure, modality): kinds are never mixed.',
      resolve: (c) => c.comparisons,
    }),
    policy: t.field({
      type: VaguenessPolicy,
      description: 'How each `value` was taken from its interval.',
      resolve: (c) => c.policy,
    }),
    conventions: t.stringList({
      description: 'Every rule the comparison applies, in words.',
      resolve: () => aggregateConventions,
    }),
    conventionsVersion: t.string({
      description: 'The version of the number conventions the intervals come from (see numberConventions).',
      resolve: () => conventionsVersion,
    }),
  }),
});

builder.queryField('compareClaims', (t) =>
  t.field({
    type: ClaimComparison,
    description:
      "Each claimant's current figure for one question side by side: revisions collapsed to the latest (history listed), repeats counted once (reports listed), how each pair of figures relates, the interval all agree on and the spread.",
    extensions: { cost: aggregateCost('question') },
    args: {
      question: t.arg({ type: ComparisonQuestion, required: true, description: 'The metric, and where and when.' }),
      policy: t.arg({
        type: VaguenessPolicy,
        required: true,
        defaultValue: 'CONSERVATIVE',
        description: 'How each figure becomes one number for `value` and `spread`.',
      }),
    },
    resolve: async (_root, { question, policy }, ctx) => {
      const { metric, unit, ...filter } = question;
      const found = await compareFigures(ctx.db, { filter, metric, unit }, policy);
      const rows = new AnswerRows(ctx.db, (named) => {
        for (const { figures } of found) {
          for (const f of figures) {
            named.add(f.claimId, f);
            for (const id of f.reportIds) named.add(id);
            for (const id of f.historyIds) named.add(id);
          }
        }
      });
      // Each figure gains the answer's rows in place, so the pairs, which name the same figure objects,
      // carry them too: copying thousands of figures by spreading cost V8's slow path for each.
      const comparisons = found.map((c) => {
        for (const f of c.figures) (f as FigureShape).rows = rows;
        return Object.assign(c, {
          metric,
          figures: c.figures as FigureShape[],
          pairs: c.pairs as ComparisonShape['pairs'],
        });
      });
      return { policy, comparisons };
    },
  }),
);
