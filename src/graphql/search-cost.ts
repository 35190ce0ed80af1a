import { searchTerms } from '../db/search-text.ts';

/**
 * What one search costs before any page or node is counted, from the shape of its terms. Ranking
 * is bounded (it stops after the first 2,000 matches) but still visits up to that many rows with
 * their BM25 scores, a prefix merges the postings of every word it expands to, and each further
 * word is one more posting list to intersect. A text with no word runs nothing.
 */
export const searchPrices = { ranking: 200, prefix: 300, word: 20 };

export function searchCost(args: Record<string, unknown> | null): number {
  const text = typeof args?.query === 'string' ? args.query : '';
  const terms = searchTerms(text);
  if (!terms.match) return 1;
  return searchPrices.ranking + (terms.prefix ? searchPrices.prefix : 0) + searchPrices.word * terms.words;
}

/** Counting the matches for `totalCount` visits up to 10,000 of them. */
export const searchCountCost = 200;
