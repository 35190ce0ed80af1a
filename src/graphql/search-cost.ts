import { searchTerms } from '../db/search-text.ts';

/**
 * What one search costs before its page is counted, from the shape of its terms. Ranking is
 * bounded (it stops after the first 1,000 matches) but still scores up to that many rows; a prefix
 * merges the postings of every word it expands to, the more words the shorter it is; each further
 * word is one more posting list to intersect. A text with no word runs nothing.
 */
export const searchPrices = { ranking: 600, prefixLetters: 1_200, word: 20 };

export function searchCost(args: Record<string, unknown> | null): number {
  const terms = searchTerms(typeof args?.query === 'string' ? args.query : '');
  if (!terms.match) return 1;
  const prefix = terms.prefix ? Math.ceil(searchPrices.prefixLetters / terms.prefixLength) : 0;
  return searchPrices.ranking + prefix + searchPrices.word * terms.words;
}
