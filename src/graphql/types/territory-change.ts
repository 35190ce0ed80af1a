import { and, or, eq, type SQL, sql } from 'drizzle-orm';
import { territoryChanges } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { filterOf, pagesOf } from '../connection.ts';
import { dateRange, periodOverlaps, regionSubtree } from '../filters.ts';
import { Actor, Region, TerritoryChange, TerritoryChangeConnection } from './nodes.ts';
import { territoryChangeOrder } from './orders.ts';
import { Period, periodOf } from './period.ts';
import { articleDateOf, lastDayOf } from '../claim-dates.ts';

builder.drizzleObjectFields(TerritoryChange, (t) => ({
  region: t.relation('region', { description: 'Where the ground changed hands.' }),
  gainedBy: t.relation('gainedBy', { nullable: true, description: 'The side that gained ground; null when not said.' }),
  lostBy: t.relation('lostBy', { nullable: true, description: 'The side that lost ground; null when not said.' }),
  amount: t.relation('amount', {
    query: { orderBy: { id: 'asc' } },
    description: 'Size of the change: AREA_KM2 and/or SHARE quantities.',
  }),
  period: t.field({
    type: Period,
    nullable: true,
    description: 'When the ground changed hands, as the source puts it; null when not said.',
    select: {
      columns: { periodStart: true, periodEnd: true, periodText: true },
      with: { article: { columns: { publishedAt: true, publishedOn: true } } },
    },
    resolve: (change) => periodOf(change, lastDayOf(articleDateOf(change.article))),
  }),
  claim: t.relation('claim', { nullable: true, description: 'The claim this change is recorded from.' }),
  article: t.relation('article', { nullable: true, description: 'The article reporting the change.' }),
}));

const TerritoryChangeFilter = builder.inputType('TerritoryChangeFilter', {
  description: 'Narrows the list of territory changes; every condition given must hold.',
  validate: dateRange('from', 'to'),
  fields: (t) => ({
    regionId: t.globalID({
      required: false,
      for: [Region],
      description: 'Matches the region and every region inside it.',
    }),
    actorId: t.globalID({ required: false, for: [Actor], description: 'Changes this actor gained or lost ground in.' }),
    from: t.field({
      type: 'Date',
      required: false,
      description: "Changes whose period (or, lacking one, whose article's date) overlaps [from, to].",
    }),
    to: t.field({ type: 'Date', required: false, description: 'The last day of the range (see `from`).' }),
  }),
});

function territoryChangeFilterSql(
  c: typeof territoryChanges,
  filter: typeof TerritoryChangeFilter.$inferInput | null | undefined,
): SQL | undefined {
  if (!filter) return undefined;
  const actorId = filter.actorId ? filter.actorId.id : undefined;
  return and(
    filter.regionId ? sql`${c.regionId} in ${regionSubtree(filter.regionId.id)}` : undefined,
    actorId === undefined ? undefined : or(eq(c.gainedById, actorId), eq(c.lostById, actorId)),
    ...periodOverlaps(c, filter.from, filter.to),
  );
}

const territoryChangeFilter = filterOf(
  TerritoryChangeFilter,
  'Only the changes that meet every condition given; all of them without a filter.',
  territoryChangeFilterSql,
);

builder.queryField('territoryChanges', (t) =>
  t.drizzleConnection(
    {
      type: 'territoryChanges',
      description:
        'Changes of control matching the filter, in the order they were recorded unless `orderBy` says otherwise.',
      ...pagesOf(territoryChanges, (db) => db.query.territoryChanges, {
        order: territoryChangeOrder,
        filter: territoryChangeFilter,
      }),
    },
    TerritoryChangeConnection,
  ),
);
