import type { FieldCost } from './cost.ts';

/**
 * An aggregate reads every claim in its scope before it answers, and one SQL statement cannot be
 * stopped halfway (the time limit is checked between fields), so its own price is the claims it
 * may read: one point per ten. The scope is bounded by what the filter (or question) narrows it
 * to, by the largest such scope in the data (src/graphql/list-sizes.ts measures them): one article,
 * one region with everything inside it, one claimant; nothing narrower, every claim. At 100,000
 * claims an aggregate over everything costs 10,000 and answers in about a second; at a million it
 * would cost 100,000, past the default limit of 50,000, and would hold the server for 5 to 35 s.
 */
export const claimsPerPoint = 10;

const narrowings = {
  articleId: 'Scope.article',
  regionId: 'Scope.region',
  claimantId: 'Scope.claimant',
} as const;

export function aggregateCost(scopeArgument: 'filter' | 'question'): FieldCost {
  return (args, sizes) => {
    const scope = args?.[scopeArgument] as Record<string, unknown> | null | undefined;
    let claims = sizes.get('Scope.claims') ?? 0;
    for (const [argument, coordinate] of Object.entries(narrowings))
      if (scope?.[argument] != null) claims = Math.min(claims, sizes.get(coordinate) ?? claims);
    return 1 + Math.ceil(claims / claimsPerPoint);
  };
}
