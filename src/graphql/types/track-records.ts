import type { GraphQLResolveInfo } from 'graphql';
import { builder, maxPageSize, pageSize } from '../builder.ts';
import type { Context } from '../context.ts';
import { claimantKey, loadBehind } from '../aggregates/behind.ts';
import {
  type Judgement,
  type TrackRecordKey,
  type TrackRecordRow,
  trackRecordRows,
} from '../aggregates/track-records.ts';
import { claimFilter, type ClaimFilterInput } from './claim-filter.ts';
import { RelationKind } from './enums.ts';
import { Actor, Claimant, Official } from './nodes.ts';
import { aggregateCost } from '../aggregate-cost.ts';

interface JudgementShape {
  kind: Judgement;
  claimant: object | null;
  claims: number;
}

interface TrackRecordShape {
  claimant: object | null;
  outlet: object | null;
  claims: number;
  judged: Record<Judgement, number>;
  judgedBy: JudgementShape[];
}

const TrackRecordKeyEnum = builder.enumType('TrackRecordKey', {
  description: 'Whose track record: the claimant who said it, or the outlet that published it.',
  values: {
    CLAIMANT: { description: 'The claimant (the origin of the claims).' },
    OUTLET: { description: "The article's outlet." },
  } satisfies Record<TrackRecordKey, { description: string }>,
});

const Judged = builder.objectRef<JudgementShape>('TrackRecordJudgement').implement({
  description: 'How many claims of a track record one later claimant revised, contradicted, corroborated or denied.',
  fields: (t) => ({
    kind: t.field({ type: RelationKind, description: 'What the later claims said of them.', resolve: (j) => j.kind }),
    claimant: t.field({
      type: Claimant,
      nullable: true,
      description: 'Who made the later claims; null when unattributed.',
      resolve: (j) => j.claimant as never,
    }),
    claims: t.exposeInt('claims', { description: 'How many of the claims it said this of.' }),
  }),
});

const TrackRecord = builder.objectRef<TrackRecordShape>('TrackRecord').implement({
  description:
    "How a claimant's (or outlet's) asserted claims fared: how many later claims revised, contradicted, corroborated or denied, and by whom. Computed from the stored relations only.",
  fields: (t) => ({
    claimant: t.field({
      type: Claimant,
      nullable: true,
      description: 'Whose record (by CLAIMANT); null for unattributed claims or by OUTLET.',
      resolve: (r) => r.claimant as never,
    }),
    outlet: t.field({
      type: Actor,
      nullable: true,
      description: 'Whose record (by OUTLET); null for articles without one or by CLAIMANT.',
      resolve: (r) => r.outlet as never,
    }),
    claims: t.exposeInt('claims', { description: 'Asserted claims counted (a repeated statement once).' }),
    revised: t.int({ description: 'Claims a later claim revised.', resolve: (r) => r.judged.REVISES }),
    contradicted: t.int({ description: 'Claims a later claim contradicted.', resolve: (r) => r.judged.CONTRADICTS }),
    corroborated: t.int({ description: 'Claims a later claim corroborated.', resolve: (r) => r.judged.CORROBORATES }),
    denied: t.int({ description: 'Claims a later claim denied.', resolve: (r) => r.judged.DENIES }),
    judgedBy: t.field({
      type: [Judged],
      description: 'The same counts per later claimant and kind of relation.',
      resolve: (r) => r.judgedBy,
    }),
  }),
});

const claimantOf = (officialId: number | null, actorId: number | null) => claimantKey({ officialId, actorId });
const keyOf = (officialId: number | null, actorId: number | null) => `${officialId}:${actorId}`;

/** Track records from the rows, most claims first, with claimants and outlets loaded under `path`. */
async function shape(
  rows: TrackRecordRow[],
  by: TrackRecordKey,
  ctx: Context,
  info: GraphQLResolveInfo,
  path: string[],
): Promise<Map<string, TrackRecordShape>> {
  const owners = rows.flatMap((r) => (r.kind === 'TOTAL' ? [r] : []));
  const judges = rows.flatMap((r) => (r.perSource ? (claimantOf(r.byOfficialId, r.byActorId) ?? []) : []));
  const [claimants, outlets, judgeRows] = await Promise.all([
    loadBehind(
      ctx,
      info,
      [...path, 'claimant'],
      by === 'CLAIMANT' ? owners.flatMap((r) => claimantOf(r.officialId, r.actorId) ?? []) : [],
    ),
    loadBehind(
      ctx,
      info,
      [...path, 'outlet'],
      by === 'OUTLET'
        ? owners.flatMap((r) => (r.actorId === null ? [] : [{ typename: 'Actor' as const, id: r.actorId }]))
        : [],
    ),
    loadBehind(ctx, info, [...path, 'judgedBy', 'claimant'], judges),
  ]);
  const records = new Map<string, TrackRecordShape>();
  for (const r of owners) {
    records.set(keyOf(r.officialId, r.actorId), {
      claimant: by === 'CLAIMANT' ? claimants.of(claimantOf(r.officialId, r.actorId)) : null,
      outlet: by === 'OUTLET' ? outlets.get('Actor', r.actorId) : null,
      claims: r.count,
      judged: { REVISES: 0, CONTRADICTS: 0, CORROBORATES: 0, DENIES: 0 },
      judgedBy: [],
    });
  }
  for (const r of rows) {
    const record = records.get(keyOf(r.officialId, r.actorId));
    if (!record || r.kind === 'TOTAL') continue;
    if (!r.perSource) record.judged[r.kind] = r.count;
    else
      record.judgedBy.push({
        kind: r.kind,
        claimant: judgeRows.of(claimantOf(r.byOfficialId, r.byActorId)),
        claims: r.count,
      });
  }
  return records;
}

builder.queryField('trackRecords', (t) =>
  t.field({
    type: [TrackRecord],
    description:
      'Per claimant or outlet, how many of its claims matching the filter later claims revised, contradicted, corroborated or denied, and by whom; most claims first.',
    extensions: { cost: aggregateCost('filter') },
    args: {
      ...claimFilter.args,
      by: t.arg({
        type: TrackRecordKeyEnum,
        defaultValue: 'CLAIMANT',
        description: 'Whose records: CLAIMANT unless given.',
      }),
      first: t.arg.int({
        defaultValue: 20,
        validate: pageSize('first'),
        description: `How many records, most claims first: 20 unless given, at most ${maxPageSize}.`,
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const by = args.by ?? 'CLAIMANT';
      const rows = await trackRecordRows(ctx.db, args.filter, by);
      const ranked = rows
        .filter((r) => r.kind === 'TOTAL')
        .sort(
          (a, b) =>
            b.count - a.count ||
            (a.officialId ?? Infinity) - (b.officialId ?? Infinity) ||
            (a.actorId ?? Infinity) - (b.actorId ?? Infinity),
        )
        .slice(0, args.first ?? 20);
      const kept = new Set(ranked.map((r) => keyOf(r.officialId, r.actorId)));
      const records = await shape(
        rows.filter((r) => kept.has(keyOf(r.officialId, r.actorId))),
        by,
        ctx,
        info,
        [],
      );
      return ranked.map((r) => records.get(keyOf(r.officialId, r.actorId))!);
    },
  }),
);

/**
 * The track records of the claimants a request lists, in one query: every `trackRecord` resolved
 * in the same turn with the same filter joins one batch.
 */
const batches = new WeakMap<
  Context,
  Map<string, { ids: { officialIds: number[]; actorIds: number[] }; result: Promise<Map<string, TrackRecordShape>> }>
>();

function trackRecordOf(
  ctx: Context,
  info: GraphQLResolveInfo,
  filter: ClaimFilterInput | null | undefined,
  officialId: number | null,
  actorId: number | null,
) {
  let byFilter = batches.get(ctx);
  if (!byFilter) batches.set(ctx, (byFilter = new Map()));
  const filterKey = JSON.stringify(filter ?? null);
  let batch = byFilter.get(filterKey);
  if (!batch) {
    const ids = { officialIds: [] as number[], actorIds: [] as number[] };
    const result = Promise.resolve().then(async () => {
      byFilter.delete(filterKey);
      return shape(await trackRecordRows(ctx.db, filter, 'CLAIMANT', ids), 'CLAIMANT', ctx, info, []);
    });
    byFilter.set(filterKey, (batch = { ids, result }));
  }
  if (officialId !== null) batch.ids.officialIds.push(officialId);
  if (actorId !== null) batch.ids.actorIds.push(actorId);
  return batch.result.then(
    (records) =>
      records.get(keyOf(officialId, actorId)) ?? {
        claimant: null,
        outlet: null,
        claims: 0,
        judged: { REVISES: 0, CONTRADICTS: 0, CORROBORATES: 0, DENIES: 0 },
        judgedBy: [],
      },
  );
}

const trackRecordDescription =
  'How the claims this claimant made fared: later revisions, contradictions, corroborations and denials (see trackRecords).';

builder.interfaceField(Claimant, 'trackRecord', (t) =>
  t.field({
    type: TrackRecord,
    description: trackRecordDescription,
    args: claimFilter.args,
  }),
);
for (const ref of [Official, Actor] as const) {
  builder.objectField(ref as typeof Actor, 'trackRecord', (t) =>
    t.field({
      type: TrackRecord,
      description: trackRecordDescription,
      args: claimFilter.args,
      resolve: (row, args, ctx, info) =>
        ref === Official
          ? trackRecordOf(ctx, info, args.filter, row.id, null)
          : trackRecordOf(ctx, info, args.filter, null, row.id),
    }),
  );
}
