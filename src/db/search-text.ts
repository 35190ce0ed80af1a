import { type SQL, sql } from 'drizzle-orm';

/**
 * How user text meets the full-text index, shared by the API and the benchmark's hand-written
 * targets (which must answer exactly as the API does).
 */

/**
 * A prefix shorter than this matches as a whole word only: "a*" expands to every indexed word
 * starting with "a" and merges all their postings, the most expensive query FTS5 can be asked.
 */
export const minPrefixLength = 3;

/**
 * A search ranks at most this many of its matches, the first ones in index order: BM25 ranking
 * visits every match, so without a bound one common word made a request as long as the index is large.
 */
export const rankedHits = 1_000;

/** One match: its index key, its relevance (higher is better, within one query) and its snippet with marks. */
export interface SearchHit {
  key: number;
  score: number;
  snippet: string | null;
}

/** The shape of a search, which is what it costs: how many words, and whether the last is a prefix. */
export interface SearchTerms {
  /** The FTS5 query, or null when the text holds no word. */
  match: string | null;
  /** The words, in order (at most 32); the last is a prefix when `prefix`. */
  list: string[];
  words: number;
  prefix: boolean;
  /** Characters in the prefix, 0 when the last word matches whole. */
  prefixLength: number;
}

/**
 * Turns any user text into an FTS5 query that cannot be a syntax error: every word becomes a
 * quoted phrase (so AND, OR, NEAR, quotes and column filters are plain words), all must match,
 * and the last one, when at least `minPrefixLength` characters long, also matches as a prefix,
 * for search as you type.
 */
export function searchTerms(text: string): SearchTerms {
  const words = text.match(/[\p{L}\p{N}\p{M}_]+/gu)?.slice(0, 32);
  if (!words) return { match: null, list: [], words: 0, prefix: false, prefixLength: 0 };
  const lastLength = [...words.at(-1)!].length;
  const prefix = lastLength >= minPrefixLength;
  const match = words.map((w, i) => `"${w}"${prefix && i === words.length - 1 ? '*' : ''}`).join(' ');
  return { match, list: words, words: words.length, prefix, prefixLength: prefix ? lastLength : 0 };
}

export const ftsQuery = (text: string): string | null => searchTerms(text).match;

/** What SQLite's snippet() puts around a match: private-use characters, so escaping cannot touch them. */
export const markStart = '\uE000';
export const markEnd = '\uE001';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A snippet as HTML-escaped text with <mark></mark> around each match. */
export const highlight = (snippet: string) =>
  escapeHtml(snippet).replaceAll(markStart, '<mark>').replaceAll(markEnd, '</mark>');

/** The index rows (keyed by `key`) of the chosen type codes only (every type without a choice). */
export const keysOfTypes = (key: SQL, codes: readonly number[] | null | undefined): SQL =>
  codes
    ? sql` and ${key} % 8 in (${sql.join(
        codes.map((code) => sql`${code}`),
        sql`, `,
      )})`
    : sql``;
