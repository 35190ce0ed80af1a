import { type SQL, sql } from 'drizzle-orm';
import type { SearchHit } from '../search-index.ts';
import { keysOfTypes, markEnd, markStart, rankedHits, type SearchTerms } from '../search-text.ts';
import type { PostgresDb } from './client.ts';

/**
 * The search index on PostgreSQL (search_documents, migrations-postgres/*_search): the same calls
 * and the same rules as on SQLite (src/db/search-index.ts). Every word must match, the last also as
 * a prefix; each word goes through the index's own word splitting and stemming (claimgraph_words,
 * the claimgraph configuration), and a word the splitting cuts in two ("foo_bar") must match as
 * that phrase, as SQLite matches a quoted word.
 */

/** The words joined by `&&` (all must match), or by `||` (any may: what ranking scores, see `rank`). */
function tsquery(terms: SearchTerms, join: '&&' | '||' = '&&'): SQL {
  const last = terms.list.length - 1;
  return sql.join(
    terms.list.map((word, i) =>
      terms.prefix && i === last
        ? // Quoted, so that nothing in the word is tsquery syntax; its letters are all the word has.
          sql`to_tsquery('claimgraph', ${`'${word}':*`})`
        : sql`phraseto_tsquery('claimgraph', claimgraph_words(${word}))`,
    ),
    sql.raw(` ${join} `),
  );
}

const ofTypes = (codes: readonly number[] | null | undefined) => keysOfTypes(sql`key`, codes);

// Title words weigh A, body words B (D and C are unused); normalization 1 divides by the log of
// the document's length, as BM25 favours the shorter of two matches. Scored against the words
// joined by OR: ts_rank scores an AND by how close together its words stand, and gave 0 to a row
// whose two words were far apart, where BM25 (as SQLite ranks) adds up each word's weight.
const rank = sql.raw(`ts_rank('{0, 0, 0.5, 1}', document, any_word, 1)`);
const headlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "`;

/**
 * `limit` hits from `offset` on, best first, ranked among the first `rankedHits` matches in key
 * order (SQLite's index order), with a snippet of the title when it matches, else of the body.
 */
export async function searchHits(
  db: PostgresDb,
  terms: SearchTerms,
  codes: readonly number[] | null | undefined,
  limit: number,
  offset: number,
): Promise<SearchHit[]> {
  if (!terms.match) return [];
  const { rows } = await db.execute<{ key: string; score: number; snippet: string }>(sql`
    with query as (select ${tsquery(terms)} as q, ${tsquery(terms, '||')} as any_word),
    ranked as (
      select key, document from search_documents, query
      where document @@ q${ofTypes(codes)} order by key limit ${rankedHits}
    ),
    page as (
      select key, ${rank} as score from ranked, query order by score desc, key limit ${limit} offset ${offset}
    )
    select page.key, page.score, ts_headline('claimgraph',
             case when d.body = '' or to_tsvector('claimgraph', claimgraph_words(d.title)) @@ q then d.title else d.body end,
             q, ${headlineOptions}) as snippet
    from page join search_documents d using (key), query
    order by page.score desc, page.key`);
  return rows.map((row) => ({ key: Number(row.key), score: Number(row.score), snippet: row.snippet }));
}

/** How many rows match (at most `cap`). */
export async function countHits(
  db: PostgresDb,
  terms: SearchTerms,
  codes: readonly number[] | null | undefined,
  cap?: number,
): Promise<number> {
  if (!terms.match) return 0;
  const { rows } = await db.execute<{ n: number }>(
    sql`select count(*)::integer as n from (select 1 from search_documents
      where document @@ (${tsquery(terms)})${ofTypes(codes)}${cap ? sql` limit ${cap}` : sql``}) matches`,
  );
  return rows[0]!.n;
}
