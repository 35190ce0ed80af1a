import { claimsWithIds } from '../../dataset/claim-pages.ts';
import { claimReviewOf } from '../../dataset/claim-review.ts';
import { batchedByPath } from '../batch-load.ts';
import { builder } from '../builder.ts';
import { Claim } from './nodes.ts';

/** Every claim of a page in one query: a page of reviews costs one read, not one per claim. */
const reviewOf = batchedByPath(async (ctx, _info, ids: number[]) => {
  const claims = await claimsWithIds(ctx.db, ids);
  return new Map([...claims].map(([id, claim]) => [id, claimReviewOf(claim)]));
});

builder.drizzleObjectFields(Claim, (t) => ({
  claimReview: t.field({
    type: 'JSON',
    description:
      "The claim as schema.org ClaimReview JSON-LD (`@context` https://schema.org): the statement as `claimReviewed`, the claimant as its `author` (a Person for an official, an Organization for an actor), the article as its `appearance`. claimgraph records claims, not verdicts: there is no `reviewRating`, and the `description` says so. `claimgraph export --format claimreview` writes every claim's.",
    resolve: async (claim, _args, ctx, info) => (await reviewOf(ctx, info, claim.id)) ?? null,
  }),
}));
