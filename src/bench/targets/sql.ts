/**
 * SQL and text rules the hand-written targets share with claimgraph, written out again here so
 * the floor and the naive server load nothing of claimgraph's GraphQL code.
 */

/** `column in <ids>`: one prepared statement for any number of ids, bound as one JSON array. */
export const inIds = (column: string) => `${column} in (select value from json_each(?))`;

/** The ids of a region and of every region inside it, at any depth (claimgraph's regionSubtree). */
export const regionSubtreeSql = `(with recursive subtree(id) as (
    select ?
    union
    select regions.id from regions join subtree on regions.parent_id = subtree.id
  ) select id from subtree)`;

export const metricOrder = [
  'KILLED',
  'WOUNDED',
  'KILLED_OR_WOUNDED',
  'CAPTURED',
  'MISSING',
  'DEPLOYED',
  'AREA_KM2',
  'SHARE',
  'OTHER',
] as const;
export const metricOrderSql = `case metric ${metricOrder.map((m, i) => `when '${m}' then ${i}`).join(' ')} end`;

/** claimgraph's search query text: every word a quoted phrase, the last also a prefix. */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}\p{M}_]+/gu)?.slice(0, 32);
  if (!words) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

export const markStart = '\uE000';
export const markEnd = '\uE001';
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export const highlight = (snippet: string) =>
  escapeHtml(snippet).replaceAll(markStart, '<mark>').replaceAll(markEnd, '</mark>');

export const searchCursor = (offset: number) => Buffer.from(`search:${offset}`).toString('base64');

export const searchHitsSql = `
  select rowid as key, -bm25(search_index, 2.0, 1.0) as score,
         snippet(search_index, -1, '${markStart}', '${markEnd}', '…', 16) as snippet
  from search_index where search_index match ?
  order by bm25(search_index, 2.0, 1.0), rowid
  limit ? offset ?`;

export const searchCountSql = 'select count(*) as n from search_index where search_index match ?';

/** The search index keys each row as id * 8 + a code for its table (see the search migration). */
export const searchSources = {
  1: { type: 'Article', table: 'articles' },
  2: { type: 'Claim', table: 'claims' },
  3: { type: 'Official', table: 'officials' },
  4: { type: 'Actor', table: 'actors' },
  5: { type: 'Region', table: 'regions' },
} as const;
export type SearchSourceCode = keyof typeof searchSources;
