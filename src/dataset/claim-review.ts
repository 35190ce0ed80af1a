import type Database from 'better-sqlite3';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { claimPages, type ExportedClaim } from './claim-pages.ts';

/**
 * A claim as schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview), the markup fact-check
 * tools and search engines read: the statement, who made it (a Person for an official, an
 * Organization for an actor) and where it appeared. claimgraph records claims, not verdicts, so
 * a review carries no reviewRating: it says so in its description rather than invent one.
 */

const noVerdict =
  'claimgraph records claims, not verdicts: this review says who made the claim, when and where it appeared, and gives no rating.';

const stanceWords: Record<string, string> = {
  ASSERTS: 'asserts',
  DENIES: 'denies',
  DECLINES_TO_CONFIRM: 'declines to confirm',
};

/** Drops the properties with no value, so a reader sees only what the data holds. */
const present = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));

export function claimReviewOf(claim: ExportedClaim): Record<string, unknown> {
  const author =
    claim.claimant === null
      ? undefined
      : { '@type': claim.claimantIsPerson ? 'Person' : 'Organization', name: claim.claimant };
  const appearance = present({
    '@type': 'CreativeWork',
    headline: claim.articleTitle,
    url: claim.articleUrl,
    datePublished: claim.published,
    publisher: claim.outlet === null ? null : { '@type': 'Organization', name: claim.outlet },
  });
  const carriedBy = claim.chain.length > 1 ? ` Carried by ${claim.chain.slice(1).join(' > ')}.` : '';
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    identifier: encodeGlobalID('Claim', String(claim.id)),
    claimReviewed: claim.statement,
    description: `${noVerdict} ${claim.claimant ?? 'The article'} ${stanceWords[claim.stance] ?? claim.stance.toLowerCase()} it.${carriedBy}`,
    itemReviewed: present({
      '@type': 'Claim',
      author,
      datePublished: claim.statedOn ?? claim.published,
      appearance,
    }),
  };
}

/** The JSON array of every claim's review, in pieces: its opening, one piece per review, its closing. */
export function* claimReviewPieces(sqlite: Database.Database): Generator<string> {
  yield '[';
  let first = true;
  for (const page of claimPages(sqlite))
    for (const claim of page) {
      yield `${first ? '\n' : ',\n'}${JSON.stringify(claimReviewOf(claim))}`;
      first = false;
    }
  yield '\n]\n';
}
