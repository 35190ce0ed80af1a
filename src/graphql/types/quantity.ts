import { type Interval as IntervalShape, intervalOf } from '../../model/conventions.ts';
import { builder } from '../builder.ts';
import { columnField } from '../column-field.ts';
import { claimById } from '../claim-loaders.ts';
import { Derivation, Measure, Metric, Modality, NumberShape, RatePeriod } from './enums.ts';
import { Claim } from './nodes.ts';

export { Metric };

const Interval = builder.objectRef<IntervalShape>('Interval').implement({
  shareable: true,
  description: 'The range of values a worded number stands for under the number conventions (`numberConventions`).',
  fields: (t) => ({
    low: t.exposeFloat('low', { nullable: true, description: 'The lower bound; null when open.' }),
    high: t.exposeFloat('high', { nullable: true, description: 'The upper bound; null when open.' }),
    best: t.exposeFloat('best', { nullable: true, description: 'The point value, when the wording gives one.' }),
    lowInclusive: t.exposeBoolean('lowInclusive', {
      description: "Whether the lower bound itself is included (false for 'more than').",
    }),
    highInclusive: t.exposeBoolean('highInclusive', {
      description: "Whether the upper bound itself is included (false for 'fewer than', 'nearly').",
    }),
    rule: t.exposeString('rule', {
      description:
        'The convention that made the interval: the shape; WORDS:<phrase> for a phrase of the table, WORDS:coded for words the coder gave numbers, WORDS:unknown for a phrase the table lacks.',
    }),
  }),
});

interface QuantitySourceShape {
  claimId: number;
  index: number;
}

const QuantitySource = builder.objectRef<QuantitySourceShape>('QuantitySource').implement({
  shareable: true,
  description: 'A figure a derived quantity is computed from: a quantity of a claim, by position.',
  fields: (t) => ({
    claim: t.field({
      type: Claim,
      nullable: true,
      description: 'The claim carrying the figure; null when it has been deleted.',
      resolve: async (source, _args, ctx, info) =>
        ((await claimById(ctx, info, source.claimId)) ?? null) as typeof Claim.$inferType | null,
    }),
    index: t.exposeInt('index', { description: "The figure's position in that claim's `quantities`, from 0." }),
  }),
});

export const Quantity = builder.drizzleObject('quantities', {
  name: 'Quantity',
  shareable: true,
  description: 'A number as the source gave it: exact, a range, a bound or a vague amount.',
  fields: (t) => ({
    metric: columnField(t, 'metric', 'What the number counts.', Metric),
    unit: columnField(t, 'unit', "What is counted: 'soldiers', 'km2'."),
    best: columnField(t, 'best', "Point estimate when the source gives one (50 for 'killed 50')."),
    low: columnField(t, 'low', "Lower bound (100 for 'hundreds', 10000 for 'over 10,000')."),
    high: columnField(t, 'high', 'Upper bound; null when open-ended.'),
    approximate: columnField(t, 'approximate', 'Whether the source hedged the number.'),
    phrase: columnField(t, 'phrase', "The source's wording: 'hundreds', 'over 10,000'."),
    shape: columnField(t, 'shape', "How the number is worded: 'about 100', 'more than 100', 'hundreds'.", NumberShape),
    per: columnField(
      t,
      'per',
      "For a rate, the time it is per ('30 a day': DAY); null for a plain figure.",
      RatePeriod,
    ),
    measure: columnField(t, 'measure', 'A change over the period, or what is held at a time.', Measure),
    modality: columnField(t, 'modality', 'What happened, or what is planned or projected.', Modality),
    derivation: columnField(
      t,
      'derivation',
      'How the figure is computed from `derivedFrom`; null for a figure given by the source.',
      Derivation,
    ),
    factor: columnField(t, 'factor', "For a RELATIVE figure, the multiple of its source ('half of': 0.5)."),
    derivedFrom: t.field({
      type: [QuantitySource],
      description: 'The figures this one is computed from, in order; empty for a figure given by the source.',
      resolve: (row) => row.derivedFrom ?? [],
    }),
    interval: t.field({
      type: Interval,
      description: 'The range the number stands for under the number conventions.',
      resolve: (row) => intervalOf(row),
    }),
  }),
});
