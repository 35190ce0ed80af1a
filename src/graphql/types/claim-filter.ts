import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type {
  Attribution as AttributionName,
  ClaimKind as ClaimKindName,
  claims,
  Metric as MetricName,
} from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { filterOf, relatedPagesOf } from '../connection.ts';
import { dateRange, periodOverlaps, publishedBy, regionSubtree } from '../filters.ts';
import { Attribution, ClaimKind, Metric } from './enums.ts';
import { Actor, Article, Official, Region } from './nodes.ts';
import { claimOrder } from './orders.ts';

/** A global id, decoded and checked against the types the field accepts. */
type GlobalId = { typename: string; id: number };

export interface ClaimFilterInput {
  kinds?: ClaimKindName[] | null;
  attributions?: AttributionName[] | null;
  claimantId?: GlobalId | null;
  subjectId?: GlobalId | null;
  regionId?: GlobalId | null;
  articleId?: GlobalId | null;
  metric?: MetricName | null;
  from?: Date | null;
  to?: Date | null;
  asOf?: Date | null;
}

export const ClaimFilter = builder.inputRef<ClaimFilterInput>('ClaimFilter');

ClaimFilter.implement({
  description: 'Narrows a list of claims; every condition given must hold.',
  validate: dateRange('from', 'to'),
  fields: (t) => ({
    kinds: t.field({ type: [ClaimKind], required: false, description: 'Claims of any of these kinds.' }),
    attributions: t.field({
      type: [Attribution],
      required: false,
      description: 'Claims conveyed in any of these ways.',
    }),
    claimantId: t.globalID({ required: false, for: [Official, Actor], description: 'An Official or Actor id.' }),
    subjectId: t.globalID({ required: false, for: [Actor], description: 'Claims about this actor.' }),
    regionId: t.globalID({
      required: false,
      for: [Region],
      description: 'Matches the region and every region inside it.',
    }),
    articleId: t.globalID({ required: false, for: [Article], description: 'Claims made in this article.' }),
    metric: t.field({ type: Metric, required: false, description: 'Claims carrying a quantity of this metric.' }),
    from: t.field({
      type: 'Date',
      required: false,
      description: "Claims whose period (or, lacking one, whose article's date) overlaps [from, to].",
    }),
    to: t.field({ type: 'Date', required: false, description: 'The last day of the range (see `from`).' }),
    asOf: t.field({
      type: 'Date',
      required: false,
      description:
        'Claims as they stood on this day: only those whose article was published (for an undated article: whose statement was made) on or before it; a partial date counts from its last day. A revision or repeat published later is not seen, so aggregates answer the figures current then.',
    }),
  }),
});

type ClaimsTable = typeof claims;

/** The filter as one SQL condition on a claims table (aliased or not), or undefined for none. */
export function claimFilterSql(c: ClaimsTable, filter: ClaimFilterInput | null | undefined): SQL | undefined {
  if (!filter) return undefined;
  const conditions: (SQL | undefined)[] = [];
  if (filter.kinds) conditions.push(inArray(c.kind, filter.kinds));
  if (filter.attributions) conditions.push(inArray(c.attribution, filter.attributions));
  if (filter.claimantId) {
    const id = filter.claimantId.id;
    conditions.push(
      filter.claimantId.typename === 'Official' ? eq(c.claimantOfficialId, id) : eq(c.claimantActorId, id),
    );
  }
  if (filter.subjectId) {
    conditions.push(
      sql`exists (select 1 from claim_subjects where claim_subjects.claim_id = ${c.id} and claim_subjects.actor_id = ${filter.subjectId.id})`,
    );
  }
  if (filter.regionId) conditions.push(sql`${c.regionId} in ${regionSubtree(filter.regionId.id)}`);
  if (filter.articleId) conditions.push(eq(c.articleId, filter.articleId.id));
  if (filter.metric) {
    conditions.push(
      sql`exists (select 1 from quantities where quantities.claim_id = ${c.id} and quantities.metric = ${filter.metric})`,
    );
  }
  conditions.push(...periodOverlaps(c, filter.from, filter.to));
  if (filter.asOf) conditions.push(publishedBy(c, filter.asOf));
  return and(...conditions);
}

const claimFilterDescription = 'Only the claims that meet every condition given; all of them without a filter.';

export const claimFilter = filterOf(ClaimFilter, claimFilterDescription, claimFilterSql);

/** The options of every nested `claims` connection: `filter` and `orderBy`, as on `Query.claims`. */
export const filteredClaims = (description: string) =>
  relatedPagesOf(description, { order: claimOrder, filter: claimFilter });
