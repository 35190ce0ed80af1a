import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type SearchTerms, highlight, markEnd, markStart, searchTerms } from '../../db/search-text.ts';
import { builder, type Context, defaultPageSize, maxPageSize } from '../builder.ts';
import { loadNodes } from '../node-loader.ts';
import { searchCost, searchCountCost } from '../search-cost.ts';
import { Actor, Article, Claim, Official, Region } from './nodes.ts';

/**
 * A search ranks at most this many of its matches (the first ones in index order) and counts at
 * most `countedHits`: BM25 ranking and counting both visit every match, so without a bound one
 * common word made a single request as long as the index is large.
 */
export const rankedHits = 2_000;
export const countedHits = 10_000;

// The search index keys each row as id * 8 + the code of its type (see the search migration).
const typeOfCode = { 1: 'Article', 2: 'Claim', 3: 'Official', 4: 'Actor', 5: 'Region' } as const;
const rowOfKey = (key: number) => ({
  typename: typeOfCode[(key % 8) as keyof typeof typeOfCode],
  id: Math.floor(key / 8),
});

const SearchHit = builder.unionType('SearchHit', {
  description: 'Anything search can find.',
  types: [Article, Claim, Official, Actor, Region],
});

interface SearchEdgeShape {
  cursor: string;
  node: object;
  score: number;
  snippet: string | null;
}

const SearchEdge = builder.objectRef<SearchEdgeShape>('SearchEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: SearchHit, resolve: (edge) => edge.node as never }),
    score: t.exposeFloat('score', {
      description: 'Relevance (BM25, higher is better); comparable within one query only.',
    }),
    snippet: t.exposeString('snippet', {
      nullable: true,
      description: 'The best-matching passage as HTML-escaped text, each matched term wrapped in <mark></mark>.',
    }),
  }),
});

interface SearchConnectionShape {
  edges: SearchEdgeShape[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  count: () => { count: number; capped: boolean };
}

const SearchConnection = builder.objectRef<SearchConnectionShape>('SearchConnection').implement({
  description: 'A page of search results, best match first.',
  fields: (t) => ({
    edges: t.field({ type: [SearchEdge], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (c) => c.pageInfo }),
    totalCount: t.int({
      extensions: { cost: () => searchCountCost },
      description: `How many results match, across all pages; at most ${countedHits} (see totalCountCapped).`,
      resolve: (c) => c.count().count,
    }),
    totalCountCapped: t.boolean({
      extensions: { cost: () => searchCountCost },
      description: `True when more than ${countedHits} results match: totalCount is then that cap, and only the first ${rankedHits} matches are ranked.`,
      resolve: (c) => c.count().capped,
    }),
  }),
});

const offsetCursor = (offset: number) => Buffer.from(`search:${offset}`).toString('base64');
const offsetOfCursor = (cursor: string) => /^search:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));

/** The highest rowid among the first `rankedHits` matches: ranking stops there. */
function rankingBound(ctx: Context, match: string): number | null {
  const row = ctx.db.get<{ key: number } | undefined>(
    sql`select rowid as key from search_index where search_index match ${match} order by rowid limit 1 offset ${rankedHits - 1}`,
  );
  return row?.key ?? null;
}

function searchPage(ctx: Context, match: string, limit: number, offset: number) {
  const bound = rankingBound(ctx, match);
  const ranked = ctx.db.all<{ key: number; score: number }>(sql`
    select rowid as key, -bm25(search_index, 2.0, 1.0) as score
    from search_index where search_index match ${match} ${bound === null ? sql`` : sql`and rowid <= ${bound}`}
    order by bm25(search_index, 2.0, 1.0), rowid
    limit ${limit + 1} offset ${offset}`);
  const page = ranked.slice(0, limit);
  // Snippets for the page only: computed in the ranking query they cost as much again per match.
  const snippets = new Map(
    ctx.db
      .all<{ key: number; snippet: string }>(
        sql`
        select rowid as key, snippet(search_index, -1, ${markStart}, ${markEnd}, '…', 16) as snippet
        from search_index where search_index match ${match}
        and rowid in (${sql.join(
          page.map((hit) => sql`${hit.key}`),
          sql`, `,
        )})`,
      )
      .map((row) => [row.key, row.snippet]),
  );
  return { hits: page.map((hit) => ({ ...hit, snippet: snippets.get(hit.key) ?? null })), more: ranked.length > limit };
}

function counter(ctx: Context, terms: SearchTerms) {
  let counted: { count: number; capped: boolean } | undefined;
  return () => {
    if (counted) return counted;
    const n = terms.match
      ? ctx.db.get<{ n: number }>(
          sql`select count(*) as n from (select 1 from search_index where search_index match ${terms.match} limit ${countedHits + 1})`,
        ).n
      : 0;
    return (counted = { count: Math.min(n, countedHits), capped: n > countedHits });
  };
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description: 'Full-text search over articles, claims, officials, actors and regions, best match first.',
    extensions: { cost: searchCost },
    args: {
      query: t.arg.string({
        required: true,
        validate: z.string().max(500, '"query" must be at most 500 characters'),
        description: `Words to look for; every word must match, the last also as a prefix when it has at least 3 characters. Any text is accepted.`,
      }),
      first: t.arg.int({
        validate: z
          .number()
          .int()
          .min(0, '"first" must not be negative')
          .max(maxPageSize, `"first" must be at most ${maxPageSize}`),
      }),
      after: t.arg.string({
        validate: z.string().refine((cursor) => offsetOfCursor(cursor), {
          error: (issue) => `"after" is not a cursor from this search: ${String(issue.input)}`,
        }),
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const limit = args.first ?? defaultPageSize;
      const offset = args.after ? Number(offsetOfCursor(args.after)![1]) + 1 : 0;
      const terms = searchTerms(args.query);
      const count = counter(ctx, terms);
      if (!terms.match || limit === 0) {
        return {
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: offset > 0, startCursor: null, endCursor: null },
          count,
        };
      }
      const { hits, more } = searchPage(ctx, terms.match, limit, offset);
      // Each kind of hit loads with the selection made under `node` for its type: one query per kind.
      const nodes = await loadNodes(
        ctx,
        info,
        hits.map((hit) => rowOfKey(hit.key)),
        ['edges', 'node'],
      );
      const edges = hits.flatMap((hit, i) => {
        const node = nodes[i];
        return node
          ? [
              {
                cursor: offsetCursor(offset + i),
                node,
                score: hit.score,
                snippet: hit.snippet && highlight(hit.snippet),
              },
            ]
          : [];
      });
      return {
        edges,
        pageInfo: {
          hasNextPage: more,
          hasPreviousPage: offset > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        count,
      };
    },
  }),
);
