import { conventionsVersion } from '../../model/conventions.ts';
import type { Metric as MetricName } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { aggregateConventions } from '../aggregates/figures.ts';
import { claimantKey, loadBehind } from '../aggregates/behind.ts';
import { pointOf, VaguenessPolicy, type VaguenessPolicyName } from '../aggregates/policy.ts';
import { type SeriesFigureRow, seriesFigures } from '../aggregates/series.ts';
import { bucketEnd, type TimeBucketName } from '../aggregates/time-buckets.ts';
import { claimFilter } from './claim-filter.ts';
import { Measure, Metric, Modality, RatePeriod } from './enums.ts';
import { Claim, Claimant } from './nodes.ts';
import { TimeBucket } from './time-bucket.ts';
import { aggregateCost } from '../aggregate-cost.ts';

interface SeriesFigureShape {
  row: SeriesFigureRow;
  value: number | null;
  claim: object | null;
  claimant: object | null;
}

interface SeriesPointShape {
  start: string;
  end: string;
  low: number | null;
  high: number | null;
  value: number | null;
  replaced: number;
  figures: SeriesFigureShape[];
  claims: object[];
}

interface SeriesLineShape {
  identity: Pick<SeriesFigureRow, 'unit' | 'per' | 'measure' | 'modality'>;
  points: SeriesPointShape[];
}

interface ClaimSeriesShape {
  metric: MetricName;
  bucket: TimeBucketName;
  policy: VaguenessPolicyName;
  undated: number;
  lines: SeriesLineShape[];
}

const SeriesFigure = builder.objectRef<SeriesFigureShape>('SeriesFigure').implement({
  description: "One claimant's figure in a bucket: the last it gave there (earlier ones in the bucket are replaced).",
  fields: (t) => ({
    claimant: t.field({
      type: Claimant,
      nullable: true,
      description: 'Who gave the figure; null for unattributed claims.',
      resolve: (f) => f.claimant as never,
    }),
    claim: t.field({ type: Claim, description: 'The claim the figure comes from.', resolve: (f) => f.claim as never }),
    day: t.field({
      type: 'Date',
      description: "The day the figure is about: its period's end, else the statement date, else the publication day.",
      resolve: (f) => f.row.day,
    }),
    low: t.float({
      nullable: true,
      description: 'Lower bound under the number conventions.',
      resolve: (f) => f.row.low,
    }),
    best: t.float({ nullable: true, description: 'The best value the source gave.', resolve: (f) => f.row.best }),
    high: t.float({
      nullable: true,
      description: 'Upper bound under the number conventions; null when open-ended.',
      resolve: (f) => f.row.high,
    }),
    value: t.float({
      nullable: true,
      description: 'The figure as one number under the policy asked for.',
      resolve: (f) => f.value,
    }),
    runningTotal: t.boolean({
      description:
        'The figure covers days before this bucket (a total since an earlier start): never add it to earlier buckets.',
      resolve: (f) => f.row.runningTotal,
    }),
    summedFromParts: t.boolean({
      description: 'A killed-or-wounded figure made by adding killed and wounded given separately in the claim.',
      resolve: (f) => f.row.summed === 1,
    }),
  }),
});

const SeriesPoint = builder.objectRef<SeriesPointShape>('SeriesPoint').implement({
  description:
    "One bucket of a series: each claimant's latest figure there, and their envelope. Figures of different claimants are set side by side, never added.",
  fields: (t) => ({
    start: t.field({
      type: 'Date',
      description: 'First day of the bucket.',
      resolve: (p) => p.start,
    }),
    end: t.field({
      type: 'Date',
      description: 'Last day of the bucket.',
      resolve: (p) => p.end,
    }),
    low: t.exposeFloat('low', { nullable: true, description: "Smallest lower bound of the claimants' figures." }),
    high: t.exposeFloat('high', {
      nullable: true,
      description: "Largest upper bound of the claimants' figures; null when any is open-ended.",
    }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'The envelope as one number under the policy (CONSERVATIVE: low, HIGH: high, MIDPOINT: its middle).',
    }),
    replaced: t.exposeInt('replaced', {
      description: 'Earlier figures of the same claimants in this bucket, replaced by their later ones and not shown.',
    }),
    figures: t.field({
      type: [SeriesFigure],
      description: 'Per claimant, its latest figure in the bucket.',
      resolve: (p) => p.figures,
    }),
    claims: t.field({
      type: [Claim],
      description: 'The claims behind this point: the one each figure comes from.',
      resolve: (p) => p.claims as never,
    }),
  }),
});

const SeriesLine = builder.objectRef<SeriesLineShape>('SeriesLine').implement({
  description: 'The buckets of one kind of figure (unit, rate, measure, modality): kinds are never mixed in one line.',
  fields: (t) => ({
    unit: t.string({
      nullable: true,
      description: 'The unit of every figure in the line.',
      resolve: (l) => l.identity.unit,
    }),
    per: t.field({
      type: RatePeriod,
      nullable: true,
      description: 'The rate period, for rates.',
      resolve: (l) => l.identity.per,
    }),
    measure: t.field({
      type: Measure,
      description: 'Changes over a period, or holdings at a time.',
      resolve: (l) => l.identity.measure,
    }),
    modality: t.field({
      type: Modality,
      description: 'Reported, planned or projected figures.',
      resolve: (l) => l.identity.modality,
    }),
    cumulative: t.boolean({
      description:
        'The figures are holdings (how much at a time): each point stands alone and points are never summed.',
      resolve: (l) => l.identity.measure === 'HOLDING',
    }),
    points: t.field({
      type: [SeriesPoint],
      description: 'The buckets that have figures, oldest first.',
      resolve: (l) => l.points,
    }),
  }),
});

const ClaimSeries = builder.objectRef<ClaimSeriesShape>('ClaimSeries').implement({
  description: 'A metric over time, one line per kind of figure, with the rules applied and what they left out.',
  fields: (t) => ({
    metric: t.field({ type: Metric, description: 'The metric the series follows.', resolve: (s) => s.metric }),
    bucket: t.field({ type: TimeBucket, description: 'The length of each point.', resolve: (s) => s.bucket }),
    policy: t.field({ type: VaguenessPolicy, description: 'How `value` fields were taken.', resolve: (s) => s.policy }),
    lines: t.field({ type: [SeriesLine], description: 'One line per kind of figure.', resolve: (s) => s.lines }),
    undated: t.exposeInt('undated', { description: 'Figures with no date at all: in no bucket.' }),
    conventions: t.stringList({
      description: 'Every rule the series applies, in words.',
      resolve: () => [...aggregateConventions, ...seriesConventions],
    }),
    conventionsVersion: t.string({
      description: 'The version of the number conventions applied.',
      resolve: () => conventionsVersion,
    }),
  }),
});

const seriesConventions = [
  "A figure is dated by its period's end, else its statement date, else its article's publication day (a partial date by its first day).",
  "Per bucket each claimant's latest figure counts (latest by statement date, else publication); earlier ones in the bucket are replaced.",
  "Claimants' figures in a bucket are shown side by side and enveloped, never added together.",
];

builder.queryField('claimSeries', (t) =>
  t.field({
    type: ClaimSeries,
    description:
      "A metric over time: per bucket each claimant's latest current figure, the claims behind each point one hop away; holdings marked cumulative, running totals marked as such.",
    extensions: { cost: aggregateCost('filter') },
    args: {
      ...claimFilter.args,
      metric: t.arg({ type: Metric, required: true, description: 'The metric to follow.' }),
      unit: t.arg.string({ description: 'Only figures in this unit (every unit, each its own line, when left out).' }),
      bucket: t.arg({ type: TimeBucket, required: true, description: 'The length of each point.' }),
      policy: t.arg({
        type: VaguenessPolicy,
        defaultValue: 'CONSERVATIVE',
        description: 'How an interval becomes the one number in `value` fields.',
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const policy = args.policy ?? 'CONSERVATIVE';
      const { rows, undated } = await seriesFigures(ctx.db, args.filter, args.metric, args.unit, args.bucket);
      const claimIds = rows.map((r) => ({ typename: 'Claim' as const, id: r.claimId }));
      const claimantIds = rows.flatMap((r) => claimantKey(r) ?? []);
      const [pointClaims, figureClaims, claimants] = await Promise.all([
        loadBehind(ctx, info, ['lines', 'points', 'claims'], claimIds),
        loadBehind(ctx, info, ['lines', 'points', 'figures', 'claim'], claimIds),
        loadBehind(ctx, info, ['lines', 'points', 'figures', 'claimant'], claimantIds),
      ]);
      const lines: SeriesLineShape[] = [];
      for (const row of rows) {
        let line = lines.at(-1);
        const { unit, per, measure, modality } = row;
        if (
          !line ||
          line.identity.unit !== unit ||
          line.identity.per !== per ||
          line.identity.measure !== measure ||
          line.identity.modality !== modality
        ) {
          lines.push((line = { identity: { unit, per, measure, modality }, points: [] }));
        }
        let point = line.points.at(-1);
        if (!point || point.start !== row.bucket) {
          line.points.push(
            (point = {
              start: row.bucket,
              end: bucketEnd(row.bucket, args.bucket),
              low: null,
              high: null,
              value: null,
              replaced: 0,
              figures: [],
              claims: [],
            }),
          );
        }
        point.figures.push({
          row,
          value: pointOf(row, policy),
          claim: figureClaims.get('Claim', row.claimId),
          claimant: claimants.of(claimantKey(row)),
        });
        const claim = pointClaims.get('Claim', row.claimId);
        if (claim) point.claims.push(claim);
        point.replaced += row.replaced;
      }
      for (const point of lines.flatMap((l) => l.points)) Object.assign(point, envelope(point.figures, policy));
      return { metric: args.metric, bucket: args.bucket, policy, undated, lines };
    },
  }),
);

/** The envelope of a point's figures: an open upper bound anywhere leaves the top open. */
function envelope(figures: SeriesFigureShape[], policy: VaguenessPolicyName) {
  const lows = figures.flatMap((f) => (f.row.low === null ? [] : [f.row.low]));
  const open = figures.some((f) => f.row.high === null);
  const low = lows.length ? Math.min(...lows) : null;
  const high = open ? null : Math.max(...figures.map((f) => f.row.high as number));
  return { low, high, value: pointOf({ low, high, best: null }, policy) };
}
