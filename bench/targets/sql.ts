import { metrics } from '../../src/db/schema.ts';
import { ftsQuery, highlight, markEnd, markStart, rankedHits } from '../../src/db/search-text.ts';

/**
 * SQL and text rules the hand-written targets share with claimgraph, written out here (or taken from
 * the database layer) so the floor and the naive server load nothing of claimgraph's GraphQL code.
 */

/** `column in <ids>`: one prepared statement for any number of ids, bound as one JSON array. */
export const inIds = (column: string) => `${column} in (select value from json_each(?))`;

/** The ids of a region and of every region inside it, at any depth (claimgraph's regionSubtree). */
export const regionSubtreeSql = `(with recursive subtree(id) as (
    select ?
    union
    select regions.id from regions join subtree on regions.parent_id = subtree.id
  ) select id from subtree)`;

/** SQL ranking the metric in `column` by the vocabulary's order, the order claimgraph lists figures in. */
export const metricOrderOf = (column: string) =>
  `case ${column} ${metrics.map((m, i) => `when '${m}' then ${i}`).join(' ')} end`;

export { ftsQuery, highlight, markEnd, markStart };

export const searchCursor = (offset: number) => Buffer.from(`search:${offset}`).toString('base64');

/**
 * Of the matches of `match` (a bound parameter), the ones a search ranks: as claimgraph's search
 * does, the first `rankedHits` in index order.
 */
export const rankedMatchSql = (match: string) => `search_index match ${match}
  and rowid <= coalesce((select rowid from search_index where search_index match ${match}
    order by rowid limit 1 offset ${rankedHits - 1}), ${Number.MAX_SAFE_INTEGER})`;

/** Parameters: the match (twice), the page size, the offset. */
export const searchHitsSql = `
  select rowid as key, -bm25(search_index, 2.0, 1.0) as score,
         snippet(search_index, -1, '${markStart}', '${markEnd}', '…', 16) as snippet
  from search_index where ${rankedMatchSql('?')}
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
