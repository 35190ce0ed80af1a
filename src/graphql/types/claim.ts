import { claims } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { pagesOf } from '../connection.ts';
import { claimFilter } from './claim-filter.ts';
import { asClaimant } from './claimant.ts';
import { articleDateOf, lastDayOf } from '../claim-dates.ts';
import { Attribution, ClaimKind, Stance } from './enums.ts';
import { Claim, ClaimConnection, Claimant, type ClaimantRow, Region } from './nodes.ts';
import { claimOrder } from './orders.ts';
import './claim-relations.ts';
import './claim-review.ts';
import './claim-sources.ts';
import { Period, periodOf } from './period.ts';

export { Attribution, ClaimKind };

builder.drizzleObjectFields(Claim, (t) => ({
  statement: t.string({ description: "The claim in the dataset's own words.", resolve: (row) => row.statement }),
  kind: t.field({
    type: ClaimKind,
    description: 'What the claim is about: casualties, territory, a forecast.',
    resolve: (row) => row.kind,
  }),
  attribution: t.field({
    type: Attribution,
    description: "How firmly the source puts the claim: stated, 'reportedly', 'may'.",
    resolve: (row) => row.attribution,
  }),
  claimant: t.field({
    type: Claimant,
    nullable: true,
    description: 'Who makes the claim; null when unattributed.',
    select: (_args, _ctx, nestedSelection) => ({
      with: {
        claimantActor: nestedSelection(true, [], 'Actor'),
        claimantOfficial: nestedSelection(true, [], 'Official'),
      },
    }),
    resolve: (claim) =>
      asClaimant(claim.claimantOfficial as ClaimantRow | null, 'Official') ??
      asClaimant(claim.claimantActor as ClaimantRow | null, 'Actor'),
  }),
  article: t.relation('article', { description: 'The article the claim appears in.' }),
  subjects: t.relation('subjects', { query: { orderBy: { id: 'asc' } }, description: 'Who the claim is about.' }),
  region: t.relation('region', { nullable: true, description: 'Where the claim is about (its first region).' }),
  regions: t.field({
    type: [Region],
    description: 'Every region the claim is about: `region` first, then the others.',
    select: (_args, _ctx, nestedSelection) => ({
      with: {
        region: nestedSelection(true),
        otherRegions: { orderBy: { regionId: 'asc' as const }, with: { region: nestedSelection(true) } },
      },
    }),
    resolve: (claim) => [
      ...(claim.region ? [claim.region] : []),
      ...(claim.otherRegions as { region: typeof claim.region & object }[]).map((r) => r.region),
    ],
  }),
  stance: t.field({
    type: Stance,
    description: 'Whether the claimant asserts it, denies it or declines to confirm it.',
    resolve: (row) => row.stance,
  }),
  statedOn: t.string({
    nullable: true,
    description:
      'When the statement was made, as precisely as known: "2024", "2024-12" or "2024-12-19"; null when not said.',
    resolve: (row) => row.statedOn,
  }),
  period: t.field({
    type: Period,
    nullable: true,
    description: 'When the claim is about, as the source puts it.',
    select: {
      columns: { periodStart: true, periodEnd: true, periodText: true, statedOn: true },
      with: { article: { columns: { publishedAt: true, publishedOn: true } } },
    },
    resolve: (claim) => periodOf(claim, lastDayOf(claim.statedOn) ?? lastDayOf(articleDateOf(claim.article))),
  }),
  quantities: t.relation('quantities', {
    query: { orderBy: { id: 'asc' } },
    description: 'The numbers the claim gives.',
  }),
  territoryChanges: t.relation('territoryChanges', {
    query: { orderBy: { id: 'asc' } },
    description: 'Changes of control recorded from this claim.',
  }),
}));

builder.queryField('claims', (t) =>
  t.drizzleConnection(
    {
      type: 'claims',
      description: 'Claims matching the filter, in the order they were coded unless `orderBy` says otherwise.',
      ...pagesOf(claims, (db) => db.query.claims, { order: claimOrder, filter: claimFilter }),
    },
    ClaimConnection,
  ),
);
