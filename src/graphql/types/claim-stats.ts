import { sql } from 'drizzle-orm';
import { claimKinds, claims } from '../../db/schema.ts';
import { allRows, type AnyDb, firstRow, isPostgres, relationalQueries } from '../../db/engine.ts';
import { conventionsVersion } from '../../model/conventions.ts';
import { builder } from '../builder.ts';
import {
  aggregateConventions,
  countedClaims,
  type FigureGroup,
  figureGroups,
  type LeftOut,
  leftOut,
} from '../aggregates/figures.ts';
import { selects } from '../aggregates/behind.ts';
import { ascending } from '../aggregates/sql-order.ts';
import { claimsRead } from '../aggregates/claims-read.ts';
import { claimFilter, type ClaimFilterInput } from './claim-filter.ts';
import { asClaimant } from './claimant.ts';
import { ClaimKind, Measure, Metric, Modality, RatePeriod } from './enums.ts';
import { Actor, Claimant, type ClaimantRow, Official } from './nodes.ts';
import { aggregateCost } from '../aggregate-cost.ts';
import { overallEnvelopes, type QuantityStatsShape, toQuantityStats } from '../aggregates/envelopes.ts';

interface ClaimantStatsShape {
  claimant: ClaimantRow | null;
  count: number;
  quantities: QuantityStatsShape[];
}

const QuantityStats = builder.objectRef<QuantityStatsShape>('QuantityStats').implement({
  description:
    'The envelope of one kind of figure across the claims counted: one metric in one unit, rate, measure and modality (figures that differ in any of these are never put together). Each figure counts as its interval under the number conventions; a figure given only as a phrase not in the conventions ("heavy casualties") counts among the claims but sets no bound.',
  fields: (t) => ({
    metric: t.expose('metric', { type: Metric, description: 'What the figures count.' }),
    unit: t.exposeString('unit', { nullable: true, description: 'The unit the figures share, as coded.' }),
    per: t.expose('per', { type: RatePeriod, nullable: true, description: 'The time the figures are a rate per.' }),
    measure: t.expose('measure', { type: Measure, description: 'Changes over a period, or holdings at a time.' }),
    modality: t.expose('modality', { type: Modality, description: 'Reported, planned or projected figures.' }),
    claims: t.exposeInt('claims', { description: 'Number of claims carrying a figure of this kind.' }),
    low: t.exposeFloat('low', {
      nullable: true,
      description: "Smallest lower bound of the figures' intervals.",
    }),
    high: t.exposeFloat('high', {
      nullable: true,
      description: "Largest upper bound of the figures' intervals; null when any is open-ended ('over 10,000').",
    }),
    summedFromParts: t.exposeInt('summed', {
      description:
        'For KILLED_OR_WOUNDED: how many of the claims gave killed and wounded separately, counted here as their sum.',
    }),
  }),
});

const ClaimKindCount = builder
  .objectRef<{ kind: (typeof claimKinds)[number]; count: number }>('ClaimKindCount')
  .implement({
    description: 'How many of the counted claims are of one kind.',
    fields: (t) => ({
      kind: t.expose('kind', { type: ClaimKind, description: 'The kind of claim.' }),
      count: t.exposeInt('count', { description: 'Number of counted claims of this kind.' }),
    }),
  });

const ClaimantStats = builder.objectRef<ClaimantStatsShape>('ClaimantStats').implement({
  description: 'What one claimant (the origin of the claims) says across the counted claims.',
  fields: (t) => ({
    claimant: t.field({
      type: Claimant,
      nullable: true,
      description: 'Null groups the unattributed claims.',
      resolve: (stats) => stats.claimant,
    }),
    count: t.exposeInt('count', { description: 'Number of counted claims this claimant makes.' }),
    quantities: t.field({
      type: [QuantityStats],
      description: "The envelopes of this claimant's current figures, one per kind of figure.",
      resolve: (stats) => stats.quantities,
    }),
  }),
});

const LeftOutCounts = builder.objectRef<LeftOut>('LeftOut').implement({
  description: 'How many of the claims matching the filter each rule left out, and of what.',
  fields: (t) => ({
    repeats: t.exposeInt('repeats', {
      description: 'Claims that repeat another matching claim: left out of every count and figure.',
    }),
    superseded: t.exposeInt('superseded', {
      description: 'Claims a later matching claim revises: counted as claims, their figures left out.',
    }),
    notAsserted: t.exposeInt('notAsserted', {
      description: 'Denials and refusals to confirm: counted as claims, no figures taken from them.',
    }),
  }),
});

interface ClaimStatsShape {
  filter: ClaimFilterInput | null | undefined;
  /** Whether `byClaimant` is selected: then `quantities` adds up its envelopes, with no query of its own. */
  perClaimant: boolean;
  /** Whether `byKind` or `byClaimant` is selected: then they and `count` add up one grouped count (claimCounts). */
  grouped: boolean;
}

/**
 * Each field of ClaimStats runs one aggregate query, and only when it is selected; `byClaimant`
 * and `quantities` selected together share one (the figure envelopes per claimant, which add up to
 * the overall ones), and so do `count`, `byKind` and `byClaimant`'s counts (the counted claims per
 * kind and claimant).
 */
const ClaimStats = builder.objectRef<ClaimStatsShape>('ClaimStats').implement({
  description:
    'Counts and figure envelopes over the claims matching a filter, each repeated statement counted once, only the latest of revised figures, no figures from denials; `conventions` lists every rule applied and `leftOut` what they left out.',
  fields: (t) => ({
    count: t.int({
      description: 'How many claims match the filter, a statement repeated in another article counted once.',
      resolve: async (stats, _args, ctx) =>
        stats.grouped
          ? (await claimCounts(ctx.db, stats)).reduce((sum, row) => sum + row.count, 0)
          : countedClaimCount(ctx.db, stats.filter),
    }),
    byKind: t.field({
      type: [ClaimKindCount],
      description: 'Counted claims per kind, most frequent first; kinds with no claims are left out.',
      resolve: async (stats, _args, ctx) =>
        [...sumBy(await claimCounts(ctx.db, stats), (row) => row.kind)]
          .map(([kind, { count }]) => ({ kind, count }))
          .sort((a, b) => b.count - a.count || ascending(a.kind, b.kind, 'last')),
    }),
    byClaimant: t.field({
      type: [ClaimantStats],
      description: 'Counted claims per claimant (the origin), most frequent first.',
      // Claimants load with the selection made under `claimant`, one query per table.
      resolve: async (stats, _args, ctx, info) =>
        claimantStats(await claimCounts(ctx.db, stats), await claimantEnvelopes(ctx.db, stats), {
          actors: (ids) =>
            relationalQueries(ctx.db).actors.findMany(
              t.drizzleQueryFromInfo(Actor, { context: ctx, info, path: ['claimant'], where: { id: { in: ids } } }),
            ),
          officials: (ids) =>
            relationalQueries(ctx.db).officials.findMany(
              t.drizzleQueryFromInfo(Official, { context: ctx, info, path: ['claimant'], where: { id: { in: ids } } }),
            ),
        }),
    }),
    quantities: t.field({
      type: [QuantityStats],
      description:
        'The envelopes of the current figures, one per kind of figure (metric, unit, rate, measure, modality).',
      // Without byClaimant, grouped by identity alone: a province's 6,500 claimant envelopes cost a
      // third of the query.
      resolve: async (stats, _args, ctx) =>
        stats.perClaimant
          ? overallEnvelopes(await claimantEnvelopes(ctx.db, stats))
          : (await figureGroups(ctx.db, stats.filter, false)).map(toQuantityStats),
    }),
    leftOut: t.field({
      type: LeftOutCounts,
      description: 'How many matching claims each rule left out.',
      resolve: ({ filter }, _args, ctx) => leftOut(ctx.db, filter),
    }),
    conventions: t.stringList({
      description: 'Every rule these counts and envelopes apply, in words.',
      resolve: () => aggregateConventions,
    }),
    conventionsVersion: t.string({
      description: 'The version of the number conventions the intervals come from (see numberConventions).',
      resolve: () => conventionsVersion,
    }),
  }),
});

builder.queryField('claimStats', (t) =>
  t.field({
    type: ClaimStats,
    description:
      'Counts and figure envelopes over the claims matching the filter: repeats counted once, superseded and denied figures left out, figures combined only within one metric, unit, rate, measure and modality.',
    extensions: { cost: aggregateCost('filter') },
    args: claimFilter.args,
    resolve: (_root, args, _ctx, info) => {
      const perClaimant = selects(info, ['byClaimant']);
      return { filter: args.filter, perClaimant, grouped: perClaimant || selects(info, ['byKind']) };
    },
  }),
);

interface CountRow {
  kind: (typeof claimKinds)[number];
  actorId: number | null;
  officialId: number | null;
  count: number;
}

/** `read` once per ClaimStats, however many of its fields need the rows. */
function oncePerStats<T>(read: (db: AnyDb, stats: ClaimStatsShape) => Promise<T>) {
  const results = new WeakMap<ClaimStatsShape, Promise<T>>();
  return (db: AnyDb, stats: ClaimStatsShape): Promise<T> => {
    if (!results.has(stats)) results.set(stats, read(db, stats));
    return results.get(stats)!;
  };
}

/** How many claims count under the filter, for `count` alone. */
async function countedClaimCount(db: AnyDb, filter: ClaimFilterInput | null | undefined): Promise<number> {
  const row = await firstRow<{ count: number }>(
    db,
    sql`select cast(count(*) as integer) as count
    from ${claimsRead(filter, isPostgres(db))} ${claims} where ${countedClaims(claims, filter)}`,
  );
  return row!.count;
}

/** The counted claims per kind and claimant, for count, byKind and byClaimant. */
const claimCounts = oncePerStats((db, stats) =>
  allRows<CountRow>(
    db,
    sql`select ${claims.kind} as kind, ${claims.claimantActorId} as "actorId", ${claims.claimantOfficialId} as "officialId",
      cast(count(*) as integer) as count
    from ${claimsRead(stats.filter, isPostgres(db))} ${claims} where ${countedClaims(claims, stats.filter)}
    group by ${claims.kind}, ${claims.claimantActorId}, ${claims.claimantOfficialId}`,
  ),
);

/** The rows' counts added up per key, in the order the keys first appear. */
function sumBy<K>(rows: CountRow[], keyOf: (row: CountRow) => K): Map<K, CountRow> {
  const sums = new Map<K, CountRow>();
  for (const row of rows) {
    const sum = sums.get(keyOf(row));
    if (sum) sum.count += row.count;
    else sums.set(keyOf(row), { ...row });
  }
  return sums;
}

/** The figure envelopes per claimant, for byClaimant and quantities. */
const claimantEnvelopes = oncePerStats((db, stats) => figureGroups(db, stats.filter));

type LoadRows = (ids: number[]) => PromiseLike<object[]>;

async function claimantStats(
  counts: CountRow[],
  envelopes: FigureGroup[],
  load: { actors: LoadRows; officials: LoadRows },
): Promise<ClaimantStatsShape[]> {
  const key = (g: { actorId: number | null; officialId: number | null }) => `${g.actorId}:${g.officialId}`;
  // Most claims first; on a tie, officials, then bodies, then the unattributed group.
  const groups = [...sumBy(counts, key).values()].sort(
    (a, b) =>
      b.count - a.count || ascending(a.officialId, b.officialId, 'last') || ascending(a.actorId, b.actorId, 'last'),
  );
  const envelopesByGroup = new Map<string, FigureGroup[]>();
  for (const e of envelopes) {
    const list = envelopesByGroup.get(key(e));
    if (list) list.push(e);
    else envelopesByGroup.set(key(e), [e]);
  }

  const actorIds = groups.flatMap((g) => (g.actorId === null ? [] : [g.actorId]));
  const officialIds = groups.flatMap((g) => (g.officialId === null ? [] : [g.officialId]));
  const [officialRows, actorRows] = await Promise.all([
    officialIds.length ? load.officials(officialIds) : [],
    actorIds.length ? load.actors(actorIds) : [],
  ]);
  const byId = (rows: object[], typename: 'Actor' | 'Official') =>
    new Map(rows.map((row) => [(row as ClaimantRow).id, asClaimant(row as ClaimantRow, typename)]));
  const actorsById = byId(actorRows, 'Actor');
  const officialsById = byId(officialRows, 'Official');

  return groups.map((g) => ({
    claimant:
      g.officialId !== null
        ? (officialsById.get(g.officialId) ?? null)
        : g.actorId !== null
          ? (actorsById.get(g.actorId) ?? null)
          : null,
    count: g.count,
    quantities: (envelopesByGroup.get(key(g)) ?? []).map(toQuantityStats),
  }));
}
