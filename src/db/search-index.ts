import type Database from 'better-sqlite3';
import { type Db, statementLogger } from './client.ts';
import { type AnyDb, isPostgres } from './engine.ts';
import * as onPostgres from './postgres/search-index.ts';
import { markEnd, markStart, rankedHits, type SearchHit, type SearchTerms } from './search-text.ts';

/**
 * The search index: on SQLite FTS5 (migrations/20261124230803_search), on PostgreSQL a tsvector
 * with a GIN index (src/db/postgres/search-index.ts), under the same rules. A key is the row's
 * id * 8 + the code of its type.
 */

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

/**
 * The SQLite statements, prepared once per connection and choice of types, as the bench's floor
 * prepares its own: building their SQL through drizzle on every request took 2–5% of a rare
 * search's CPU. The types are inlined, each once and sorted, so there are at most 31 choices.
 */
const statements = new WeakMap<object, Map<string, { text: string; statement: Database.Statement }>>();

function prepared(db: Db, codes: readonly number[] | null | undefined, kind: 'hits' | 'count') {
  const chosen = codes ? [...new Set(codes)].sort((a, b) => a - b) : [];
  if (!chosen.every((code) => Number.isInteger(code)))
    throw new TypeError(`search type codes must be integers: ${chosen}`);
  const key = `${kind} ${chosen}`;
  let cache = statements.get(db.$client);
  if (!cache) statements.set(db.$client, (cache = new Map()));
  let found = cache.get(key);
  if (!found) {
    const types = codes ? ` and rowid % 8 in (${chosen.join(', ')})` : '';
    const matching = `search_index match ?${types}`;
    // Parameters: the marks around a match, the match (twice), the page size and offset.
    const hits = `select rowid as key, -bm25(search_index, 2.0, 1.0) as score,
        snippet(search_index, -1, ?, ?, '…', 16) as snippet
      from search_index
      where ${matching} and rowid <= coalesce((select rowid from search_index where ${matching}
        order by rowid limit 1 offset ${rankedHits - 1}), ${Number.MAX_SAFE_INTEGER})
      order by bm25(search_index, 2.0, 1.0), rowid
      limit ? offset ?`;
    // Parameters: the match, the cap (-1 for none).
    const count = `select count(*) as n from (select rowid from search_index where ${matching} limit ?)`;
    const text = kind === 'hits' ? hits : count;
    cache.set(key, (found = { text, statement: db.$client.prepare(text) }));
  }
  return found;
}

/** Runs a prepared search statement, shown to the connection's logger as drizzle shows its own. */
function run(db: Db, codes: readonly number[] | null | undefined, kind: 'hits' | 'count', params: unknown[]) {
  const { text, statement } = prepared(db, codes, kind);
  statementLogger(db)?.logQuery(text, params);
  return kind === 'hits' ? statement.all(...params) : statement.get(...params);
}

function sqliteHits(
  db: Db,
  terms: SearchTerms,
  codes: readonly number[] | null | undefined,
  limit: number,
  offset: number,
): SearchHit[] {
  if (!terms.match) return [];
  return run(db, codes, 'hits', [markStart, markEnd, terms.match, terms.match, limit, offset]) as SearchHit[];
}

function sqliteCount(db: Db, terms: SearchTerms, codes: readonly number[] | null | undefined, cap?: number): number {
  if (!terms.match) return 0;
  return (run(db, codes, 'count', [terms.match, cap ?? -1]) as { n: number }).n;
}
