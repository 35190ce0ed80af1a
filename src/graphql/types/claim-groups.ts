import { z } from 'zod';
import type { Metric as MetricName, RegionKind as RegionKindName } from '../../db/schema.ts';
import { builder, maxPageSize, pageSize } from '../builder.ts';
import { aggregateConventions } from '../aggregates/figures.ts';
import { claimantKey, loadBehind, type RowsBehind } from '../aggregates/behind.ts';
import { claimGroupRows, type GroupKeyName, keyOffsets } from '../aggregates/groups.ts';
import { claimFilter } from './claim-filter.ts';
import { Metric, RegionKind } from './enums.ts';
import { Actor, Article, Claim, Claimant, Region } from './nodes.ts';
import { aggregateCost } from '../aggregate-cost.ts';

const GroupKey = builder.enumType('GroupKey', {
  description: 'What claimGroups groups claims by.',
  values: {
    CLAIMANT: { description: 'The claimant (the origin): an Official or Actor; null groups unattributed claims.' },
    CLAIMANT_KIND: { description: "The claimant's kind: an actor kind, or OFFICIAL for a person." },
    SUBJECT: { description: 'Each actor the claim is about: a claim about two actors is in both groups.' },
    REGION: { description: "The claim's region, rolled up to `regionLevel` through the region hierarchy when given." },
    ARTICLE: { description: 'The article the claim was made in.' },
    OUTLET: { description: "The article's outlet." },
    METRIC: { description: 'Each metric the claim gives a figure of: a claim with two metrics is in both groups.' },
    MONTH: {
      description: "The month of the claim's day: its period's end, else its statement date, else its publication day.",
    },
  } satisfies Record<GroupKeyName, { description: string }>,
});

interface ClaimGroupShape {
  count: number;
  claimant: object | null;
  claimantKind: string | null;
  subject: object | null;
  region: object | null;
  article: object | null;
  outlet: object | null;
  metric: MetricName | null;
  month: string | null;
  claims: object[];
}

const ClaimGroup = builder.objectRef<ClaimGroupShape>('ClaimGroup').implement({
  description:
    'The counted claims sharing one value of every key asked for; the fields of keys not asked for are null.',
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'Claims in the group, a repeated statement counted once.' }),
    claimant: t.field({
      type: Claimant,
      nullable: true,
      description: 'CLAIMANT key.',
      resolve: (g) => g.claimant as never,
    }),
    claimantKind: t.exposeString('claimantKind', { nullable: true, description: 'CLAIMANT_KIND key.' }),
    subject: t.field({ type: Actor, nullable: true, description: 'SUBJECT key.', resolve: (g) => g.subject as never }),
    region: t.field({
      type: Region,
      nullable: true,
      description: 'REGION key: the region at `regionLevel` (the claim region itself without one).',
      resolve: (g) => g.region as never,
    }),
    article: t.field({
      type: Article,
      nullable: true,
      description: 'ARTICLE key.',
      resolve: (g) => g.article as never,
    }),
    outlet: t.field({ type: Actor, nullable: true, description: 'OUTLET key.', resolve: (g) => g.outlet as never }),
    metric: t.field({ type: Metric, nullable: true, description: 'METRIC key.', resolve: (g) => g.metric }),
    month: t.exposeString('month', { nullable: true, description: 'MONTH key, as "2024-12".' }),
    claims: t.field({
      type: [Claim],
      description: 'Drill-down: the first `claimsPerGroup` claims of the group, by id.',
      resolve: (g) => g.claims as never,
    }),
  }),
});

interface ClaimGroupsShape {
  by: GroupKeyName[];
  regionLevel: RegionKindName | null;
  groups: ClaimGroupShape[];
}

const ClaimGroups = builder.objectRef<ClaimGroupsShape>('ClaimGroups').implement({
  description: 'Counted claims in groups, largest first, with the rules applied.',
  fields: (t) => ({
    by: t.field({ type: [GroupKey], description: 'The keys grouped by, in order.', resolve: (g) => g.by }),
    regionLevel: t.field({
      type: RegionKind,
      nullable: true,
      description: 'The level regions were rolled up to.',
      resolve: (g) => g.regionLevel,
    }),
    groups: t.field({ type: [ClaimGroup], description: 'The groups, largest first.', resolve: (g) => g.groups }),
    conventions: t.stringList({
      description: 'The rules applied, in words.',
      resolve: () => [
        aggregateConventions[1]!,
        'A claim with several subjects or metrics is counted in the group of each.',
        "A claim with no value for a key (no outlet, no region at the level asked) is in that key's null group.",
      ],
    }),
  }),
});

builder.queryField('claimGroups', (t) =>
  t.field({
    type: ClaimGroups,
    description:
      'Counts of the claims matching the filter grouped by one or more keys (regions rolled up through the hierarchy), each group with its claims one hop away.',
    extensions: { cost: aggregateCost('filter') },
    args: {
      ...claimFilter.args,
      by: t.arg({
        type: [GroupKey],
        required: true,
        description: 'The keys, each at most once; every combination of their values is a group.',
        validate: z
          .array(z.string())
          .min(1, '"by" must name at least one key')
          .refine((keys) => new Set(keys).size === keys.length, '"by" must name each key at most once'),
      }),
      regionLevel: t.arg({ type: RegionKind, description: 'For REGION: the kind of region to roll claims up to.' }),
      first: t.arg.int({
        defaultValue: 20,
        validate: pageSize('first'),
        description: `How many groups, largest first: 20 unless given, at most ${maxPageSize}.`,
      }),
      claimsPerGroup: t.arg.int({
        defaultValue: 10,
        validate: pageSize('claimsPerGroup'),
        description: `How many claims each group lists under \`claims\`: 10 unless given, at most ${maxPageSize}.`,
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const by = args.by;
      const rows = await claimGroupRows(
        ctx.db,
        args.filter,
        by,
        args.regionLevel,
        args.claimsPerGroup ?? 10,
        args.first ?? 20,
      );
      const offsets = keyOffsets(by);
      const at = (row: (typeof rows)[number], key: GroupKeyName) => {
        const i = by.indexOf(key);
        return i < 0 ? null : row.keys[offsets[i]!]!;
      };
      const ids = (key: GroupKeyName, typename: 'Actor' | 'Region' | 'Article') =>
        rows.flatMap((r) => (at(r, key) === null ? [] : [{ typename, id: Number(at(r, key)) }]));
      const claimantOf = (r: (typeof rows)[number]) => {
        const i = by.indexOf('CLAIMANT');
        return i < 0
          ? null
          : claimantKey({
              officialId: r.keys[offsets[i]!] as number | null,
              actorId: r.keys[offsets[i]! + 1] as number | null,
            });
      };
      const [claimsById, claimants, subjects, regions, articles, outlets] = await Promise.all([
        loadBehind(
          ctx,
          info,
          ['groups', 'claims'],
          rows.flatMap((r) => (r.claimId === null ? [] : [{ typename: 'Claim' as const, id: r.claimId }])),
        ),
        loadBehind(
          ctx,
          info,
          ['groups', 'claimant'],
          rows.flatMap((r) => claimantOf(r) ?? []),
        ),
        loadBehind(ctx, info, ['groups', 'subject'], ids('SUBJECT', 'Actor')),
        loadBehind(ctx, info, ['groups', 'region'], ids('REGION', 'Region')),
        loadBehind(ctx, info, ['groups', 'article'], ids('ARTICLE', 'Article')),
        loadBehind(ctx, info, ['groups', 'outlet'], ids('OUTLET', 'Actor')),
      ]);
      const loaded = (rows: RowsBehind, typename: 'Actor' | 'Region' | 'Article', id: unknown) =>
        rows.get(typename, id === null ? null : Number(id));
      const groups: ClaimGroupShape[] = [];
      let previous: string | undefined;
      for (const row of rows) {
        const identity = JSON.stringify(row.keys);
        if (identity !== previous) {
          const claimant = claimantOf(row);
          groups.push({
            count: row.count,
            claimant: claimants.of(claimant),
            claimantKind: at(row, 'CLAIMANT_KIND') as string | null,
            subject: loaded(subjects, 'Actor', at(row, 'SUBJECT')),
            region: loaded(regions, 'Region', at(row, 'REGION')),
            article: loaded(articles, 'Article', at(row, 'ARTICLE')),
            outlet: loaded(outlets, 'Actor', at(row, 'OUTLET')),
            metric: at(row, 'METRIC') as MetricName | null,
            month: at(row, 'MONTH') as string | null,
            claims: [],
          });
          previous = identity;
        }
        const claim = claimsById.get('Claim', row.claimId);
        if (claim) groups.at(-1)!.claims.push(claim);
      }
      return { by, regionLevel: args.regionLevel ?? null, groups };
    },
  }),
);
