import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { type AnyDb, isPostgres } from './engine.ts';
import * as onPostgres from './postgres/search-index.ts';
import { keysOfTypes, markEnd, markStart, rankedHits, type SearchHit, type SearchTerms } from './search-text.ts';

/**
 * The search index: on SQLite FTS5 (migrations/20261124230803_search), on PostgreSQL a tsvector
 * with a GIN index (src/db/postgres/search-index.ts), under the same rules. A key is the row's
 * id * 8 + the code of its type.
 */

const ofTypes = (codes: readonly number[] | null | undefined) => keysOfTypes(sql`rowid`, codes);

/**
 * `limit` hits from `offset` on, best first, ranked among the first `rankedHits` matches in index
 * order (the subquery finds the last of them). SQLite computes a snippet only for the rows the page keeps.
 */
export async function searchHits(
  db: AnyDb,
  terms: SearchTerms,
  codes: readonly number[] | null | undefined,
  limit: number,
  offset: number,
): Promise<SearchHit[]> {
  return isPostgres(db)
    ? onPostgres.searchHits(db, terms, codes, limit, offset)
    : sqliteHits(db, terms, codes, limit, offset);
}

/** How many rows match (at most `cap`). */
export async function countHits(
  db: AnyDb,
  terms: SearchTerms,
  codes: readonly number[] | null | undefined,
  cap?: number,
): Promise<number> {
  return isPostgres(db) ? onPostgres.countHits(db, terms, codes, cap) : sqliteCount(db, terms, codes, cap);
}

function sqliteHits(
  db: Db,
  terms: SearchTerms,
  codes: readonly number[] | null | undefined,
  limit: number,
  offset: number,
): SearchHit[] {
  if (!terms.match) return [];
  const types = ofTypes(codes);
  const lastRanked = sql`(select rowid from search_index where search_index match ${terms.match}${types}
    order by rowid limit 1 offset ${rankedHits - 1})`;
  return db.all<SearchHit>(sql`
    select rowid as key, -bm25(search_index, 2.0, 1.0) as score,
           snippet(search_index, -1, ${markStart}, ${markEnd}, '…', 16) as snippet
    from search_index
    where search_index match ${terms.match}${types} and rowid <= coalesce(${lastRanked}, ${Number.MAX_SAFE_INTEGER})
    order by bm25(search_index, 2.0, 1.0), rowid
    limit ${limit} offset ${offset}`);
}

function sqliteCount(db: Db, terms: SearchTerms, codes: readonly number[] | null | undefined, cap?: number): number {
  if (!terms.match) return 0;
  return db.get<{ n: number }>(
    sql`select count(*) as n from (select rowid from search_index where search_index match ${terms.match}${ofTypes(codes)}${
      cap ? sql` limit ${cap}` : sql``
    })`,
  ).n;
}
