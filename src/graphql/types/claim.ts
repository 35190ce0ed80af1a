import { claims } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { connectionOf } from '../connection.ts';
import { ClaimFilter, claimFilterSql, claimQuery } from './claim-filter.ts';
import { asClaimant, Claimant, type ClaimantRow } from './claimant.ts';
import { Period, periodOf } from './period.ts';

export const ClaimKind = builder.enumType('ClaimKind', {
  description: 'What a claim is about.',
  values: {
    CASUALTIES: { description: 'Killed, wounded, captured.' },
    DEPLOYMENT: { description: 'Troops or equipment sent somewhere.' },
    TERRITORY: { description: 'Ground gained or lost.' },
    MILITARY_ACTIVITY: { description: 'Offensives, strikes, fighting intensity.' },
    CONCEALMENT: { description: 'Hiding or distorting information.' },
    ASSESSMENT: { description: 'An analysis or explanation.' },
    FORECAST: { description: 'What may happen.' },
    OTHER: {},
  },
});

export const Attribution = builder.enumType('Attribution', {
  description: 'How the source conveys the claim.',
  values: {
    STATED: { description: 'Said plainly by the claimant.' },
    CLAIMED: { description: "'claimed', 'said they killed'." },
    CONFIRMED: { description: "'confirmed'." },
    REPORTED: { description: "'reportedly', 'reports suggest'." },
    ESTIMATED: { description: "'is believed to', 'approximately'." },
    SPECULATED: { description: "'there is speculation', 'may'." },
  },
});

export const Claim = builder.drizzleNode('claims', {
  name: 'Claim',
  description: 'One statement in an article: who said what, about whom, where, when and how much.',
  id: { column: (c) => c.id },
});

builder.drizzleObjectFields(Claim, (t) => ({
  statement: t.string({ description: "The claim in the dataset's own words.", resolve: (row) => row.statement }),
  kind: t.field({ type: ClaimKind, resolve: (row) => row.kind }),
  attribution: t.field({ type: Attribution, resolve: (row) => row.attribution }),
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
  region: t.relation('region', { nullable: true, description: 'Where the claim is about.' }),
  period: t.field({
    type: Period,
    nullable: true,
    description: 'When the claim is about, as the source puts it.',
    select: { columns: { periodStart: true, periodEnd: true, periodText: true } },
    resolve: periodOf,
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

export const ClaimConnection = connectionOf(Claim, 'Claim');

builder.queryField('claims', (t) =>
  t.drizzleConnection(
    {
      type: 'claims',
      description: 'Claims matching the filter, in the order they were coded.',
      args: { filter: t.arg({ type: ClaimFilter }) },
      totalCount: (_parent, args, ctx) => ctx.db.$count(claims, claimFilterSql(claims, args.filter)),
      resolve: (query, _parent, args, ctx) => ctx.db.query.claims.findMany(query(claimQuery(args.filter))),
    },
    ClaimConnection,
  ),
);
