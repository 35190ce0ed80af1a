/**
 * How user text meets the full-text index, shared by the API and the benchmark's hand-written
 * targets (which must answer exactly as the API does).
 */

/**
 * Turns any user text into an FTS5 query that cannot be a syntax error: every word becomes a
 * quoted phrase (so AND, OR, NEAR, quotes and column filters are plain words), all must match,
 * and the last one also matches as a prefix, for search as you type.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}\p{M}_]+/gu)?.slice(0, 32);
  if (!words) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** What SQLite's snippet() puts around a match: private-use characters, so escaping cannot touch them. */
export const markStart = '\uE000';
export const markEnd = '\uE001';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A snippet as HTML-escaped text with <mark></mark> around each match. */
export const highlight = (snippet: string) =>
  escapeHtml(snippet).replaceAll(markStart, '<mark>').replaceAll(markEnd, '</mark>');
