import { and, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  type Attribution as AttributionName,
  type ClaimKind as ClaimKindName,
  claimHops,
  claims as claimsTable,
  intermediaryRoles,
  type Metric as MetricName,
  type Stance as StanceName,
} from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { claimDateConditions, publishedBy } from '../claim-dates.ts';
import { filterOf, relatedPagesOf } from '../connection.ts';
import { actorSubtree, dateRange, regionSubtree } from '../filters.ts';
import { Attribution, ClaimKind, Metric, Stance } from './enums.ts';
import { Actor, Article, Official, Region } from './nodes.ts';
import { claimOrder } from './orders.ts';

/** A global id, decoded and checked against the types the field accepts. */
type GlobalId = { typename: string; id: number };

export interface ClaimFilterInput {
  kinds?: ClaimKindName[] | null;
  attributions?: AttributionName[] | null;
  stances?: StanceName[] | null;
  claimantId?: GlobalId | null;
  sourceId?: GlobalId | null;
  firstHandOnly?: boolean | null;
  subjectId?: GlobalId | null;
  exactSubject?: boolean | null;
  regionId?: GlobalId | null;
  articleId?: GlobalId | null;
  metric?: MetricName | null;
  from?: Date | null;
  to?: Date | null;
  undated?: boolean | null;
  asOf?: Date | null;
  latestOnly?: boolean | null;
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
    stances: t.field({
      type: [Stance],
      required: false,
      description: 'Claims taking any of these stances: `[DENIES, DECLINES_TO_CONFIRM]` finds the refusals.',
    }),
    claimantId: t.globalID({
      required: false,
      for: [Official, Actor],
      description: 'Claims whose origin is this Official or Actor, alone or jointly with others.',
    }),
    sourceId: t.globalID({
      required: false,
      for: [Official, Actor],
      description:
        'Claims this Official or Actor had any part in: as origin, or as a speaker, relay or publisher in the chain.',
    }),
    firstHandOnly: t.boolean({
      required: false,
      description: 'When true, only claims that reached the publisher directly: no SPEAKER or RELAY in the chain.',
    }),
    subjectId: t.globalID({
      required: false,
      for: [Actor],
      description:
        'Claims about this actor or any body beneath it (a state includes its armed forces and their units).',
    }),
    exactSubject: t.boolean({
      required: false,
      description: 'When true, `subjectId` matches that actor only, not the bodies beneath it.',
    }),
    regionId: t.globalID({
      required: false,
      for: [Region],
      description: 'Claims about the region or any region inside it, as their first region or any further one.',
    }),
    articleId: t.globalID({ required: false, for: [Article], description: 'Claims made in this article.' }),
    metric: t.field({ type: Metric, required: false, description: 'Claims carrying a quantity of this metric.' }),
    from: t.field({
      type: 'Date',
      required: false,
      description:
        "Claims about a time that overlaps [from, to]: their period, an open end closed at the statement date (else the article's date); lacking a period, the statement date; lacking that, the article's date. A partial date covers its whole month or year; a claim with no date at all never matches (see `undated`).",
    }),
    to: t.field({ type: 'Date', required: false, description: 'The last day of the range (see `from`).' }),
    undated: t.boolean({
      required: false,
      description:
        'True: only claims with no date at all (no period, statement date or article date); false: only dated ones.',
    }),
    asOf: t.field({
      type: 'Date',
      required: false,
      description:
        'Claims as they stood on this day: only those whose article was published (for an undated article: whose statement was made) on or before it; a partial date counts from its last day. A revision or repeat published later is not seen, so aggregates answer the figures current then.',
    }),
    latestOnly: t.boolean({
      required: false,
      description:
        'When true, leaves out every claim a later claim REVISES (with `asOf`: a revision public by then), keeping the latest figure of each chain of revisions.',
    }),
  }),
});

type ClaimsTable = typeof claimsTable;

/** The columns an Official's or an Actor's id is in: `claims.claimant_*`, and joint claimants' and hops' `*_id`. */
const speakerColumns = (id: GlobalId) => {
  const kind = id.typename === 'Official' ? 'official' : 'actor';
  return { claimant: sql.raw(`claimant_${kind}_id`), speaker: sql.raw(`${kind}_id`) };
};

/** The ids of the claims an Official or Actor originates, alone or jointly (a compound select, to put in parentheses). */
function claimsOriginatedBy(id: GlobalId): SQL {
  const { claimant, speaker } = speakerColumns(id);
  return sql`select id from claims where ${claimant} = ${id.id} union select claim_id from claim_joint_claimants where ${speaker} = ${id.id}`;
}

/** The filter as one SQL condition on a claims table (aliased or not), or undefined for none. */
export function claimFilterSql(c: ClaimsTable, filter: ClaimFilterInput | null | undefined): SQL | undefined {
  if (!filter) return undefined;
  const conditions: (SQL | undefined)[] = [];
  if (filter.kinds) conditions.push(inArray(c.kind, filter.kinds));
  if (filter.attributions) conditions.push(inArray(c.attribution, filter.attributions));
  if (filter.stances) conditions.push(inArray(c.stance, filter.stances));
  if (filter.claimantId) conditions.push(sql`${c.id} in (${claimsOriginatedBy(filter.claimantId)})`);
  if (filter.sourceId) {
    const { speaker } = speakerColumns(filter.sourceId);
    conditions.push(
      sql`${c.id} in (${claimsOriginatedBy(filter.sourceId)} union select claim_id from claim_hops where ${speaker} = ${filter.sourceId.id})`,
    );
  }
  if (filter.firstHandOnly) {
    conditions.push(
      sql`not exists (select 1 from claim_hops where claim_hops.claim_id = ${c.id} and ${inArray(claimHops.role, intermediaryRoles)})`,
    );
  }
  if (filter.subjectId) {
    const subjects = filter.exactSubject ? sql`(${filter.subjectId.id})` : actorSubtree(filter.subjectId.id);
    conditions.push(sql`${c.id} in (select claim_id from claim_subjects where actor_id in ${subjects})`);
  }
  if (filter.regionId) {
    const regions = regionSubtree(filter.regionId.id);
    conditions.push(
      sql`(${c.regionId} in ${regions} or ${c.id} in (select claim_id from claim_regions where region_id in ${regions}))`,
    );
  }
  if (filter.articleId) conditions.push(sql`${c.articleId} = ${filter.articleId.id}`);
  if (filter.metric) {
    conditions.push(
      sql`exists (select 1 from quantities where quantities.claim_id = ${c.id} and quantities.metric = ${filter.metric})`,
    );
  }
  conditions.push(...claimDateConditions(c, filter));
  if (filter.asOf) conditions.push(publishedBy(c, filter.asOf));
  if (filter.latestOnly) {
    const revision = alias(claimsTable, 'latest_only_revision');
    const seen = filter.asOf ? sql`and ${publishedBy(revision, filter.asOf)}` : sql``;
    conditions.push(sql`not exists (select 1 from claim_relations r join claims ${revision} on ${revision.id} = r.claim_id
      where r.related_claim_id = ${c.id} and r.kind = 'REVISES' ${seen})`);
  }
  return and(...conditions);
}

const claimFilterDescription = 'Only the claims that meet every condition given; all of them without a filter.';

export const claimFilter = filterOf(ClaimFilter, claimFilterDescription, claimFilterSql);

/** The options of every nested `claims` connection: `filter` and `orderBy`, as on `Query.claims`. */
export const filteredClaims = (description: string) =>
  relatedPagesOf(description, { order: claimOrder, filter: claimFilter });
