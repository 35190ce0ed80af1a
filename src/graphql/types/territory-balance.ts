import { conventionsVersion } from '../../model/conventions.ts';
import { builder } from '../builder.ts';
import { loadBehind } from '../aggregates/behind.ts';
import { pointOf, VaguenessPolicy, type VaguenessPolicyName } from '../aggregates/policy.ts';
import { type BalanceChangeRow, balanceChanges } from '../aggregates/territory-balance.ts';
import { bucketEnd, type TimeBucketName } from '../aggregates/time-buckets.ts';
import { Actor, Region, TerritoryChange } from './nodes.ts';
import { TimeBucket } from './time-bucket.ts';

interface Area {
  low: number | null;
  high: number | null;
  value: number | null;
}

interface SideShape {
  id: number | null;
  side: object | null;
  gained: Area;
  lost: Area;
  changes: object[];
}

interface PeriodShape {
  start: string;
  end: string;
  sides: SideShape[];
  changes: object[];
}

interface BalanceShape {
  region: object | null;
  bucket: TimeBucketName;
  policy: VaguenessPolicyName;
  undated: number;
  unsized: number;
  periods: PeriodShape[];
}

const AreaRef = builder.objectRef<Area>('BalanceArea').implement({
  description: 'Square kilometres summed over changes, as an interval and as one number under the policy.',
  fields: (t) => ({
    low: t.exposeFloat('low', {
      nullable: true,
      description: "Sum of the changes' lower bounds (for a net: gained low minus lost high; null when that is open).",
    }),
    high: t.exposeFloat('high', { nullable: true, description: 'Sum of the upper bounds; null when any is open.' }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'Sum of each change taken under the policy; null when any has no value.',
    }),
  }),
});

const SideBalance = builder.objectRef<SideShape>('SideBalance').implement({
  description: 'What one side gained and lost in a period, and its net.',
  fields: (t) => ({
    side: t.field({
      type: Actor,
      nullable: true,
      description: 'The side; null for changes that do not name it.',
      resolve: (s) => s.side as never,
    }),
    gained: t.field({ type: AreaRef, description: 'Area gained.', resolve: (s) => s.gained }),
    lost: t.field({ type: AreaRef, description: 'Area lost.', resolve: (s) => s.lost }),
    net: t.field({
      type: AreaRef,
      description: 'Gained minus lost: low is the least it can be (gained low minus lost high), high the most.',
      resolve: ({ gained, lost }) => ({
        low: lost.high === null ? null : gained.low! - lost.high,
        high: gained.high === null ? null : gained.high - lost.low!,
        value: gained.value === null || lost.value === null ? null : gained.value - lost.value,
      }),
    }),
    changes: t.field({
      type: [TerritoryChange],
      description: 'The changes behind these figures.',
      resolve: (s) => s.changes as never,
    }),
  }),
});

const BalancePeriod = builder.objectRef<PeriodShape>('BalancePeriod').implement({
  description: 'One period of a territory balance: per side, gains, losses and net.',
  fields: (t) => ({
    start: t.exposeString('start', { description: 'First day of the period.' }),
    end: t.exposeString('end', { description: 'Last day of the period.' }),
    sides: t.field({
      type: [SideBalance],
      description: 'Each side named by a change in the period.',
      resolve: (p) => p.sides,
    }),
    changes: t.field({
      type: [TerritoryChange],
      description: 'Every change in the period.',
      resolve: (p) => p.changes as never,
    }),
  }),
});

const TerritoryBalance = builder.objectRef<BalanceShape>('TerritoryBalance').implement({
  description:
    'Ground gained and lost over time in a region and every region inside it, per side, from territory changes.',
  fields: (t) => ({
    region: t.field({
      type: Region,
      nullable: true,
      description: 'The region asked for.',
      resolve: (b) => b.region as never,
    }),
    bucket: t.field({ type: TimeBucket, description: 'The length of each period.', resolve: (b) => b.bucket }),
    policy: t.field({ type: VaguenessPolicy, description: 'How `value` fields were taken.', resolve: (b) => b.policy }),
    periods: t.field({
      type: [BalancePeriod],
      description: 'The periods with changes, oldest first.',
      resolve: (b) => b.periods,
    }),
    undated: t.exposeInt('undated', { description: 'Changes with no date at all: in no period.' }),
    unsized: t.exposeInt('unsized', {
      description: 'Changes in the periods with no area in km² (a share, or no amount): listed, but adding nothing.',
    }),
    conventions: t.stringList({
      description: 'The rules applied, in words.',
      resolve: () => balanceConventions,
    }),
    conventionsVersion: t.string({
      description: 'The version of the number conventions applied.',
      resolve: () => conventionsVersion,
    }),
  }),
});

const balanceConventions = [
  `Areas become intervals under the number conventions, version ${conventionsVersion} (numberConventions); each change counts its first AREA_KM2 amount.`,
  "A change is dated by its period's end, else its start, else its article's day, else its claim's statement date.",
  'Changes recorded from a claim that repeats another, that a later claim revises, or that denies are left out.',
  'A change counts as a gain for the side that gained and a loss for the side that lost.',
];

builder.queryField('territoryBalance', (t) =>
  t.field({
    type: TerritoryBalance,
    description:
      'Per period and side, area gained and lost in a region (and every region inside it) from territory changes, the net, and the changes behind each figure.',
    args: {
      regionId: t.arg.globalID({ required: true, for: [Region], description: 'The region.' }),
      bucket: t.arg({ type: TimeBucket, required: true, description: 'The length of each period.' }),
      policy: t.arg({
        type: VaguenessPolicy,
        defaultValue: 'CONSERVATIVE',
        description: 'How an interval becomes one number.',
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const policy = args.policy ?? 'CONSERVATIVE';
      const rows = await balanceChanges(ctx.db, args.regionId.id, args.bucket);
      const changeIds = rows.map((r) => ({ typename: 'TerritoryChange' as const, id: r.id }));
      const sides = rows.flatMap((r) =>
        [r.gainedById, r.lostById].flatMap((id) => (id === null ? [] : [{ typename: 'Actor' as const, id }])),
      );
      const [regions, periodChanges, sideChanges, actors] = await Promise.all([
        loadBehind(ctx, info, ['region'], [{ typename: 'Region', id: args.regionId.id }]),
        loadBehind(ctx, info, ['periods', 'changes'], changeIds),
        loadBehind(ctx, info, ['periods', 'sides', 'changes'], changeIds),
        loadBehind(ctx, info, ['periods', 'sides', 'side'], sides),
      ]);
      const periods: PeriodShape[] = [];
      for (const row of rows) {
        if (row.bucket === null) continue;
        let period = periods.at(-1);
        if (period?.start !== row.bucket)
          periods.push(
            (period = { start: row.bucket, end: bucketEnd(row.bucket, args.bucket), sides: [], changes: [] }),
          );
        const change = periodChanges.get('TerritoryChange', row.id);
        if (change) period.changes.push(change);
        for (const [sideId, gained] of [
          [row.gainedById, true],
          [row.lostById, false],
        ] as const) {
          let side = period.sides.find((s) => s.id === sideId);
          if (!side)
            period.sides.push(
              (side = {
                id: sideId,
                side: actors.get('Actor', sideId),
                gained: zero(),
                lost: zero(),
                changes: [],
              }),
            );
          add(gained ? side.gained : side.lost, row, policy);
          const behind = sideChanges.get('TerritoryChange', row.id);
          if (behind) side.changes.push(behind);
        }
      }
      return {
        region: regions.get('Region', args.regionId.id),
        bucket: args.bucket,
        policy,
        undated: rows.filter((r) => r.bucket === null).length,
        unsized: rows.filter((r) => r.bucket !== null && !r.sized).length,
        periods,
      };
    },
  }),
);

const zero = (): Area => ({ low: 0, high: 0, value: 0 });

/** Adds a change's area; a change with no area in km² adds nothing (counted in `unsized`). */
function add(area: Area, row: BalanceChangeRow, policy: VaguenessPolicyName) {
  if (!row.sized) return;
  area.low = area.low! + (row.low ?? 0);
  area.high = area.high === null || row.high === null ? null : area.high + row.high;
  const value = pointOf(row, policy);
  area.value = area.value === null || value === null ? null : area.value + value;
}
