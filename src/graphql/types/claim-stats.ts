import { count, countDistinct, eq, sql } from 'drizzle-orm';
import { claimKinds, claims, metrics, quantities } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { builder } from '../builder.ts';
import { claimFilter, type ClaimFilterInput, claimFilterSql } from './claim-filter.ts';
import { asClaimant } from './claimant.ts';
import { ClaimKind, Metric } from './enums.ts';
import { Actor, Claimant, type ClaimantRow, Official } from './nodes.ts';

type MetricName = (typeof metrics)[number];

interface QuantityStatsShape {
  metric: MetricName;
  claims: number;
  low: number | null;
  high: number | null;
}

interface ClaimantStatsShape {
  claimant: ClaimantRow | null;
  count: number;
  quantities: QuantityStatsShape[];
}

const QuantityStats = builder.objectRef<QuantityStatsShape>('QuantityStats').implement({
  description:
    'The envelope of what the matching claims report for one metric. A quantity given only as a phrase ("heavy casualties") counts among the claims but sets no bound.',
  fields: (t) => ({
    metric: t.expose('metric', { type: Metric, description: 'What the quantities count.' }),
    claims: t.exposeInt('claims', { description: 'Number of claims carrying this metric.' }),
    low: t.exposeFloat('low', { nullable: true, description: 'Smallest lower bound (or best value) reported.' }),
    high: t.exposeFloat('high', {
      nullable: true,
      description: 'Largest upper bound (or best value) reported; null when any claim is open-ended ("over 10,000").',
    }),
  }),
});

const ClaimKindCount = builder
  .objectRef<{ kind: (typeof claimKinds)[number]; count: number }>('ClaimKindCount')
  .implement({
    description: 'How many of the matching claims are of one kind.',
    fields: (t) => ({
      kind: t.expose('kind', { type: ClaimKind, description: 'The kind of claim.' }),
      count: t.exposeInt('count', { description: 'Number of matching claims of this kind.' }),
    }),
  });

const ClaimantStats = builder.objectRef<ClaimantStatsShape>('ClaimantStats').implement({
  description: 'What one claimant says across the matching claims.',
  fields: (t) => ({
    claimant: t.field({
      type: Claimant,
      nullable: true,
      description: 'Null groups the unattributed claims.',
      resolve: (stats) => stats.claimant,
    }),
    count: t.exposeInt('count', { description: 'Number of matching claims this claimant makes.' }),
    quantities: t.field({
      type: [QuantityStats],
      description: "The range of numbers this claimant's matching claims give, one entry per metric.",
      resolve: (stats) => stats.quantities,
    }),
  }),
});

interface ClaimStatsShape {
  filter: ClaimFilterInput | null | undefined;
}

/**
 * Each field of ClaimStats runs one aggregate query, and only when it is selected; `byClaimant`
 * and `quantities` share one (the quantity envelopes per claimant, which add up to the overall ones).
 */
const ClaimStats = builder.objectRef<ClaimStatsShape>('ClaimStats').implement({
  description: 'Counts and quantity envelopes over the claims matching a filter.',
  fields: (t) => ({
    count: t.int({
      description: 'How many claims match the filter.',
      resolve: ({ filter }, _args, ctx) => ctx.db.$count(claims, claimFilterSql(claims, filter)),
    }),
    byKind: t.field({
      type: [ClaimKindCount],
      description: 'Claims per kind, most frequent first; kinds with no claims are left out.',
      resolve: ({ filter }, _args, ctx) =>
        ctx.db
          .select({ kind: claims.kind, count: count() })
          .from(claims)
          .where(claimFilterSql(claims, filter))
          .groupBy(claims.kind)
          .orderBy(sql`count(*) desc`, claims.kind)
          .all(),
    }),
    byClaimant: t.field({
      type: [ClaimantStats],
      description: 'Claims per claimant, most frequent first.',
      // Claimants load with the selection made under `claimant`, one query per table.
      resolve: (stats, _args, ctx, info) =>
        claimantStats(ctx.db, stats.filter, claimantEnvelopes(ctx.db, stats), {
          actors: (ids) =>
            ctx.db.query.actors.findMany(
              t.drizzleQueryFromInfo(Actor, { context: ctx, info, path: ['claimant'], where: { id: { in: ids } } }),
            ),
          officials: (ids) =>
            ctx.db.query.officials.findMany(
              t.drizzleQueryFromInfo(Official, { context: ctx, info, path: ['claimant'], where: { id: { in: ids } } }),
            ),
        }),
    }),
    quantities: t.field({
      type: [QuantityStats],
      description: 'The range of numbers the matching claims give, one entry per metric.',
      resolve: (stats, _args, ctx) => overallEnvelopes(claimantEnvelopes(ctx.db, stats)).map(toQuantityStats),
    }),
  }),
});

builder.queryField('claimStats', (t) =>
  t.field({
    type: ClaimStats,
    description: 'Counts and quantity envelopes over the claims matching the filter.',
    args: claimFilter.args,
    resolve: (_root, args) => ({ filter: args.filter }),
  }),
);

const lower = sql<number | null>`min(coalesce(${quantities.low}, ${quantities.best}))`;
const upper = sql<number | null>`max(coalesce(${quantities.high}, ${quantities.best}))`;
const openEnded = sql<number>`sum(${quantities.low} is not null and ${quantities.high} is null and ${quantities.best} is null)`;

/** Quantity envelopes per metric, grouped further by the given claim columns. */
function quantityStats<G extends Record<string, typeof claims.claimantActorId>>(
  db: Db,
  filter: ClaimFilterInput | null | undefined,
  by: G,
) {
  return db
    .select({
      ...by,
      metric: quantities.metric,
      claims: countDistinct(quantities.claimId),
      low: lower,
      high: upper,
      openEnded,
    })
    .from(quantities)
    .innerJoin(claims, eq(claims.id, quantities.claimId))
    .where(claimFilterSql(claims, filter))
    .groupBy(...Object.values(by), quantities.metric)
    .orderBy(sql`${caseOrder(quantities.metric, metrics)}`)
    .all();
}

type Envelope = ReturnType<typeof quantityStats<typeof claimantColumns>>[number];
const claimantColumns = { actorId: claims.claimantActorId, officialId: claims.claimantOfficialId };
const envelopesOf = new WeakMap<ClaimStatsShape, Envelope[]>();

/** The quantity envelopes per claimant and metric, queried once per ClaimStats however many fields read them. */
function claimantEnvelopes(db: Db, stats: ClaimStatsShape): Envelope[] {
  let rows = envelopesOf.get(stats);
  if (!rows) envelopesOf.set(stats, (rows = quantityStats(db, stats.filter, claimantColumns)));
  return rows;
}

/**
 * The overall envelope per metric, from the per-claimant ones: every claim has exactly one
 * claimant group, so claim counts add up, and bounds are the extremes of the groups' bounds.
 */
function overallEnvelopes(rows: Envelope[]) {
  const byMetric = new Map<MetricName, Omit<Envelope, 'actorId' | 'officialId'>>();
  for (const { actorId: _a, officialId: _o, ...row } of rows) {
    const total = byMetric.get(row.metric);
    if (!total) {
      byMetric.set(row.metric, { ...row });
      continue;
    }
    total.claims += row.claims;
    total.openEnded += row.openEnded;
    if (row.low !== null) total.low = total.low === null ? row.low : Math.min(total.low, row.low);
    if (row.high !== null) total.high = total.high === null ? row.high : Math.max(total.high, row.high);
  }
  // Rows come in metric order, so the map's insertion order is the metric order too.
  return [...byMetric.values()];
}

function toQuantityStats(row: {
  metric: MetricName;
  claims: number;
  low: number | null;
  high: number | null;
  openEnded: number;
}) {
  return { metric: row.metric, claims: row.claims, low: row.low, high: row.openEnded > 0 ? null : row.high };
}

function caseOrder(column: typeof quantities.metric, values: readonly string[]) {
  return sql.join([sql`case ${column}`, ...values.map((v, i) => sql`when ${v} then ${i}`), sql`end`], sql` `);
}

type LoadRows = (ids: number[]) => PromiseLike<object[]>;

async function claimantStats(
  db: Db,
  filter: ClaimFilterInput | null | undefined,
  envelopes: Envelope[],
  load: { actors: LoadRows; officials: LoadRows },
): Promise<ClaimantStatsShape[]> {
  const groups = db
    .select({ ...claimantColumns, count: count() })
    .from(claims)
    .where(claimFilterSql(claims, filter))
    .groupBy(claims.claimantActorId, claims.claimantOfficialId)
    .orderBy(
      // Most claims first; on a tie, officials, then bodies, then the unattributed group.
      sql`count(*) desc`,
      sql`${claims.claimantOfficialId} is null`,
      claims.claimantOfficialId,
      sql`${claims.claimantActorId} is null`,
      claims.claimantActorId,
    )
    .all();
  const key = (g: { actorId: number | null; officialId: number | null }) => `${g.actorId}:${g.officialId}`;
  const envelopesByGroup = new Map<string, Envelope[]>();
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
