import { type SQL, sql } from 'drizzle-orm';
import { keysOfTypes, markEnd, markStart, rankedHits, type SearchHit, type SearchTerms } from '../search-text.ts';
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

/**
 * The search's two tsqueries, worked out (stemmed, split) ahead of the statement that uses them,
 * which then holds each as a literal (`'…'::tsquery`, a constant to the planner). Written inline as
 * to_tsquery(...), a query is unknown when planned: PostgreSQL assumes it matches 0.5% of rows, and
 * for a word in 5% ("artillery" at a million rows: 55,000) sorts every match by key to keep the
 * first 1,000 (40,000 table pages, 0.5 to 1 s); knowing how common the word is, it walks the key
 * index and stops at the 1,000th match.
 */
async function plannedQueries(db: PostgresDb, terms: SearchTerms) {
  const { rows } = await db.execute<{ all: string; any: string }>(
    sql`select (${tsquery(terms)})::text as "all", (${tsquery(terms, '||')})::text as "any"`,
  );
  return { all: sql`${rows[0]!.all}::tsquery`, any: sql`${rows[0]!.any}::tsquery` };
}

// Title words weigh A, body words B (D and C are unused); normalization 1 divides by the log of
// the document's length, as BM25 favours the shorter of two matches. Scored against the words
// joined by OR: ts_rank scores an AND by how close together its words stand, and gave 0 to a row
// whose two words were far apart, where BM25 (as SQLite ranks) adds up each word's weight.
const rank = (anyWord: SQL) => sql`ts_rank('{0, 0, 0.5, 1}', document, ${anyWord}, 1)`;
/**
 * A text of at most 16 words is shown whole, as SQLite's snippet shows it (a fragment would drop
 * its closing punctuation); a longer one as one fragment around the matches.
 */
const snippetWords = 16;
const marks = `StartSel=${markStart}, StopSel=${markEnd}, ShortWord=0`;
const wholeTextOptions = `${marks}, HighlightAll=true`;
const headlineOptions = `${marks}, MaxWords=${snippetWords}, MinWords=6, MaxFragments=1, FragmentDelimiter=" … "`;

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
  const { all, any } = await plannedQueries(db, terms);
  const { rows } = await db.execute<{ key: string; score: number; snippet: string }>(sql`
    with ranked as (
      select key, document from search_documents
      where document @@ ${all}${ofTypes(codes)} order by key limit ${rankedHits}
    ),
    page as (
      select key, ${rank(any)} as score from ranked order by score desc, key limit ${limit} offset ${offset}
    )
    select page.key, page.score, ts_headline('claimgraph', shown.text, ${all},
             case when (select count(*) from regexp_matches(shown.text, '[[:alnum:]]+', 'g')) <= ${snippetWords}
               then ${wholeTextOptions} else ${headlineOptions} end) as snippet
    from page join search_documents d using (key)
    cross join lateral (select case when d.body = '' or to_tsvector('claimgraph', claimgraph_words(d.title)) @@ ${all}
      then d.title else d.body end as text) as shown
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
