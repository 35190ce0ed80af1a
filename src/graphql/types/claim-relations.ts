import { sql } from 'drizzle-orm';
import type { RelationKind as RelationKindName } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { latestRevisionOf } from '../claim-loaders.ts';
import { RelationKind } from './enums.ts';
import { Claim } from './nodes.ts';

/** A claim row: loaded with its selection, or just the id for the plugin to load it by. */
type ClaimRow = typeof Claim.$inferType;

export interface ClaimRelationShape {
  kind: RelationKindName;
  claim: ClaimRow;
  note: string | null;
}

export const ClaimRelation = builder.objectRef<ClaimRelationShape>('ClaimRelation').implement({
  shareable: true,
  description: 'What one claim says of another: revises, repeats, corroborates, contradicts, denies or assesses it.',
  fields: (t) => ({
    kind: t.field({ type: RelationKind, description: 'How the two claims relate.', resolve: (r) => r.kind }),
    claim: t.field({
      type: Claim,
      description: 'The other claim: the earlier one under `relations`, the later one under `relatedBy`.',
      resolve: (r) => r.claim,
    }),
    note: t.string({ nullable: true, description: 'Why the two relate, in a sentence.', resolve: (r) => r.note }),
  }),
});

const kindsDescription = (direction: string) => `Only ${direction} of these kinds; every kind when left out.`;

type RelationRow = { kind: RelationKindName; note: string | null };

/** A relation list's query: in the order recorded, narrowed to `kinds`, with the other claim under `end`. */
const relationQuery = (kinds: readonly RelationKindName[] | null | undefined, end: object) => ({
  orderBy: { id: 'asc' as const },
  ...(kinds && { where: { kind: { in: [...kinds] } } }),
  with: end,
});

builder.drizzleObjectFields(Claim, (t) => ({
  relations: t.field({
    type: [ClaimRelation],
    description: 'What this claim says of earlier claims, in the order recorded.',
    args: { kinds: t.arg({ type: [RelationKind], required: false, description: kindsDescription('relations') }) },
    select: (args, _ctx, nestedSelection) => ({
      with: { relations: relationQuery(args.kinds, { relatedClaim: nestedSelection(true, ['claim']) }) },
    }),
    resolve: (claim) =>
      (claim.relations as unknown as (RelationRow & { relatedClaim: ClaimRow })[]).map((r) => ({
        kind: r.kind,
        note: r.note,
        claim: r.relatedClaim,
      })),
  }),
  relatedBy: t.field({
    type: [ClaimRelation],
    description: 'What later claims say of this one, in the order recorded.',
    args: {
      kinds: t.arg({
        type: [RelationKind],
        required: false,
        description: kindsDescription('relations by later claims'),
      }),
    },
    select: (args, _ctx, nestedSelection) => ({
      with: { relatedBy: relationQuery(args.kinds, { claim: nestedSelection(true, ['claim']) }) },
    }),
    resolve: (claim) =>
      (claim.relatedBy as unknown as (RelationRow & { claim: ClaimRow })[]).map((r) => ({
        kind: r.kind,
        note: r.note,
        claim: r.claim,
      })),
  }),
  superseded: t.boolean({
    description: 'Whether a later claim REVISES this one (see `latestRevision` for the newest figure).',
    select: {
      extras: {
        superseded: (c) =>
          sql<number>`exists (select 1 from claim_relations where claim_relations.related_claim_id = ${c.id} and claim_relations.kind = 'REVISES')`,
      },
    },
    resolve: (claim) => Boolean(claim.superseded),
  }),
  latestRevision: t.field({
    type: Claim,
    description:
      'The newest revision of this claim: follows REVISES from each claim to the one revising it; the claim itself when nothing revises it.',
    resolve: (claim, _args, ctx, info) => latestRevisionOf(ctx, info, claim.id) as Promise<ClaimRow>,
  }),
}));
