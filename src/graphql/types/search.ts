import { getSchemaConfig } from '@pothos/plugin-drizzle';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { countHits, searchHits } from '../../db/search-index.ts';
import { highlight, rankedHits, searchTerms } from '../../db/search-text.ts';
import { builder, type Context, defaultPageSize, maxPageSize, pageSize } from '../builder.ts';
import { loadNodes } from '../node-loader.ts';
import { quote } from '../quote.ts';
import { searchCost } from '../search-cost.ts';
import { Actor, Article, Claim, Official, Region } from './nodes.ts';

// The search index keys each row as id * 8 + the code of its type (see the search migration).
const typeOfCode = { 1: 'Article', 2: 'Claim', 3: 'Official', 4: 'Actor', 5: 'Region' } as const;
const codeOfType = { ARTICLE: 1, CLAIM: 2, OFFICIAL: 3, ACTOR: 4, REGION: 5 } as const;
const rowOfKey = (key: number) => ({
  typename: typeOfCode[(key % 8) as keyof typeof typeOfCode],
  id: Math.floor(key / 8),
});

const SearchHit = builder.unionType('SearchHit', {
  description: 'Anything search can find.',
  types: [Article, Claim, Official, Actor, Region],
});

const SearchType = builder.enumType('SearchType', {
  description: 'A kind of object search can find.',
  values: {
    ARTICLE: { value: codeOfType.ARTICLE, description: 'Articles.' },
    CLAIM: { value: codeOfType.CLAIM, description: 'Claims.' },
    OFFICIAL: { value: codeOfType.OFFICIAL, description: 'Officials.' },
    ACTOR: { value: codeOfType.ACTOR, description: 'Actors.' },
    REGION: { value: codeOfType.REGION, description: 'Regions.' },
  },
});

interface SearchEdgeShape {
  cursor: string;
  node: object;
  score: number;
  snippet: string | null;
}

const SearchEdge = builder.objectRef<SearchEdgeShape>('SearchEdge').implement({
  description: 'One search result, with its cursor, score and matching passage.',
  shareable: true,
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Where this result is: pass it as `after` to page on from here.' }),
    node: t.field({ type: SearchHit, description: 'The object found.', resolve: (edge) => edge.node as never }),
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
  totalCount: () => Promise<number>;
}

const SearchConnection = builder.objectRef<SearchConnectionShape>('SearchConnection').implement({
  shareable: true,
  description: 'A page of search results, best match first.',
  fields: (t) => ({
    edges: t.field({
      type: [SearchEdge],
      description: 'The results of this page, best first.',
      resolve: (c) => c.edges,
    }),
    pageInfo: t.field({
      type: builder.pageInfoRef(),
      description: 'Where this page is in the whole list, and the cursors to page on.',
      resolve: (c) => c.pageInfo,
    }),
    totalCount: t.int({ description: 'How many results match, across all pages.', resolve: (c) => c.totalCount() }),
  }),
});

const offsetCursor = (offset: number) => Buffer.from(`search:${offset}`).toString('base64');
/** The rank a cursor stands for. Checked here, not by the validation plugin, so the message quotes the cursor alone. */
function offsetOf(cursor: string, argument: 'after' | 'before'): number {
  const match = /^search:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match)
    throw new GraphQLError(`"${argument}" is not a cursor from this search: ${quote(cursor)}`, {
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
  return Number(match[1]);
}

interface PagingArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * The ranks a page covers: `first` from after `after` (or the top), or the `last` before `before`
 * (or the end of the ranked hits, counted only then).
 */
/**
 * How many rows match, when a page's hits already tell it: asked for `limit` + 1 from `offset`, they
 * came back short, so the matches end on this page, inside the ranked window (which holds every
 * match when there are fewer than `rankedHits`). Undefined when they may go on, or when an empty page
 * past the start says only that they end somewhere before it. A search whose results fit on one page
 * then answers `totalCount` without counting the matches again.
 */
export function totalFromHits(found: number, limit: number, offset: number): number | undefined {
  const endsHere = found <= limit && (found > 0 || offset === 0);
  return endsHere && offset + found < rankedHits ? offset + found : undefined;
}

async function pageWindow(
  args: PagingArgs,
  rankedCount: () => Promise<number>,
): Promise<{ offset: number; limit: number }> {
  const backward = args.last != null || args.before != null;
  if (!backward)
    return { offset: args.after ? offsetOf(args.after, 'after') + 1 : 0, limit: args.first ?? defaultPageSize };
  if (args.first != null || args.after != null)
    throw new GraphQLError('"first"/"after" and "last"/"before" cannot be used together in one search', {
      extensions: { code: 'BAD_USER_INPUT', argument: args.first != null ? 'first' : 'after' },
    });
  const end = args.before ? offsetOf(args.before, 'before') : await rankedCount();
  const offset = Math.max(0, end - (args.last ?? defaultPageSize));
  return { offset, limit: end - offset };
}

const turns = new WeakMap<Context, Promise<void>>();

/**
 * Resolves at once for a request's first search, and for each later one when the searches before
 * it are done and the event loop has turned once: SQLite answers synchronously, so fifteen aliased
 * searches would otherwise hold the one thread for all fifteen, while other clients' requests (and
 * /health) wait behind them. A lone search does not yield: under load one turn is a queue of every
 * other client's work, which made the README's search 30 times slower than its SQL.
 */
function nextTurn(ctx: Context): Promise<void> {
  const earlier = turns.get(ctx);
  const turn = earlier ? earlier.then(() => new Promise<void>((done) => setImmediate(done))) : Promise.resolve();
  turns.set(ctx, turn);
  return turn;
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
      types: t.arg({
        type: [SearchType],
        validate: z.array(z.unknown()).min(1, '"types" must name at least one type'),
        description: 'Find only objects of these types; every type when not given.',
      }),
      first: t.arg.int({
        description: `How many results, best first: ${defaultPageSize} unless given, at most ${maxPageSize}.`,
        validate: pageSize('first'),
      }),
      after: t.arg.string({
        description: 'Start after the result with this cursor (an `endCursor` or edge `cursor`).',
      }),
      last: t.arg.int({
        validate: pageSize('last'),
        description: `The last this many results (before \`before\`, or of the ranked results); at most ${maxPageSize}.`,
      }),
      before: t.arg.string({ description: 'A cursor from this search: the page ends just before it.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const terms = searchTerms(args.query);
      const totalCount = () => countHits(ctx.db, terms, args.types);
      const { offset, limit } = await pageWindow(args, () => countHits(ctx.db, terms, args.types, rankedHits));
      if (!terms.match || limit === 0) {
        return {
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: offset > 0, startCursor: null, endCursor: null },
          totalCount,
        };
      }
      await nextTurn(ctx);
      const hits = await searchHits(ctx.db, terms, args.types, limit + 1, offset);
      const page = hits.slice(0, limit);
      // Each kind of hit loads with the selection made under `node` for its type: one query per kind.
      const nodes = await loadNodes(
        getSchemaConfig(builder),
        ctx,
        info,
        page.map((hit) => rowOfKey(hit.key)),
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
      const counted = totalFromHits(hits.length, limit, offset);
      return {
        edges,
        pageInfo: {
          hasNextPage: hits.length > limit,
          hasPreviousPage: offset > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: counted === undefined ? totalCount : () => Promise.resolve(counted),
      };
    },
  }),
);
