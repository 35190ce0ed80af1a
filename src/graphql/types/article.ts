import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { articles } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { Actor } from './actor.ts';
import { connectionOf } from '../connection.ts';
import { checkRange, filterWhere } from '../filters.ts';
import { filteredClaims } from './claim-filter.ts';
import { ClaimConnection } from './claim.ts';

export const Article = builder.drizzleNode('articles', {
  name: 'Article',
  description: 'A piece of reporting; the claims in it are coded one by one.',
  id: { column: (a) => a.id },
  // The summary is the one long text of a row every page of claims carries: loaded only when asked for.
  select: { columns: { summary: false } },
});

builder.drizzleObjectFields(Article, (t) => ({
  title: t.string({ resolve: (row) => row.title }),
  url: t.string({ nullable: true, resolve: (row) => row.url }),
  outlet: t.relation('outlet', { nullable: true, description: 'The outlet that published the article.' }),
  publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => row.publishedAt }),
  summary: t.string({
    nullable: true,
    description: 'What the article reports, in our words.',
    select: { columns: { summary: true } },
    resolve: (row) => row.summary,
  }),
  citedSources: t.relation('citedSources', {
    query: { orderBy: { id: 'asc' } },
    description: "Outlets the article attributes its reporting to ('reports the Kyiv Independent').",
  }),
  claims: t.relatedConnection(
    'claims',
    filteredClaims('The claims the article carries, in the order they were coded.'),
    ClaimConnection,
  ),
  territoryChanges: t.relation('territoryChanges', {
    query: { orderBy: { id: 'asc' } },
    description: 'Changes of control the article reports.',
  }),
}));

export const ArticleConnection = connectionOf(Article, 'Article');

const ArticleFilter = builder.inputType('ArticleFilter', {
  description: 'Narrows the list of articles; every condition given must hold.',
  fields: (t) => ({
    outletId: t.globalID({ required: false, for: [Actor], description: 'Articles published by this outlet.' }),
    publishedFrom: t.field({ type: 'DateTime', required: false, description: 'Published at or after this instant.' }),
    publishedTo: t.field({ type: 'DateTime', required: false, description: 'Published at or before this instant.' }),
  }),
});

function articleFilterSql(
  a: typeof articles,
  filter: typeof ArticleFilter.$inferInput | null | undefined,
): SQL | undefined {
  if (!filter) return undefined;
  checkRange(filter.publishedFrom, filter.publishedTo, 'filter');
  return and(
    filter.outletId ? eq(a.outletId, filter.outletId.id) : undefined,
    filter.publishedFrom ? gte(a.publishedAt, filter.publishedFrom.toISOString()) : undefined,
    filter.publishedTo ? lte(a.publishedAt, filter.publishedTo.toISOString()) : undefined,
  );
}

builder.queryField('articles', (t) =>
  t.drizzleConnection(
    {
      type: 'articles',
      description: 'Articles, in the order they were recorded.',
      args: { filter: t.arg({ type: ArticleFilter }) },
      totalCount: (_parent, args, ctx) => ctx.db.$count(articles, articleFilterSql(articles, args.filter)),
      resolve: (query, _parent, args, ctx) =>
        ctx.db.query.articles.findMany(
          query({ where: filterWhere(articleFilterSql, args.filter), orderBy: { id: 'asc' } }),
        ),
    },
    ArticleConnection,
  ),
);
