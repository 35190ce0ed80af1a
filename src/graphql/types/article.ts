import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
import { articles } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { columnField } from '../column-field.ts';
import { filterOf, pagesOf } from '../connection.ts';
import { dateRange } from '../filters.ts';
import { filteredClaims } from './claim-filter.ts';
import { Actor, Article, ArticleConnection, ClaimConnection } from './nodes.ts';
import { articleOrder } from './orders.ts';

builder.drizzleObjectFields(Article, (t) => ({
  title: columnField(t, 'title', 'The headline.'),
  url: columnField(t, 'url', 'Where the article is published; null when unknown.'),
  outlet: t.relation('outlet', { nullable: true, description: 'The outlet that published the article.' }),
  publishedAt: columnField(t, 'publishedAt', 'When the article was published; null when unknown.', 'DateTime'),
  publishedOn: t.string({
    nullable: true,
    description:
      'The publication date as precisely as known: "2024", "2024-12" or "2024-12-20" (the day of `publishedAt` when only that is stored); null when unknown.',
    resolve: (row) => row.publishedOn ?? row.publishedAt?.slice(0, 10) ?? null,
  }),
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

const ArticleFilter = builder.inputType('ArticleFilter', {
  description: 'Narrows the list of articles; every condition given must hold.',
  validate: dateRange('publishedFrom', 'publishedTo'),
  fields: (t) => ({
    outletId: t.globalID({ required: false, for: [Actor], description: 'Articles published by this outlet.' }),
    publishedFrom: t.field({ type: 'DateTime', required: false, description: 'Published at or after this instant.' }),
    publishedTo: t.field({ type: 'DateTime', required: false, description: 'Published at or before this instant.' }),
  }),
});

const articleFilter = filterOf(
  ArticleFilter,
  'Only the articles that meet every condition given; all of them without a filter.',
  (a: typeof articles, filter): SQL | undefined =>
    and(
      filter.outletId ? eq(a.outletId, filter.outletId.id) : undefined,
      filter.publishedFrom ? gte(a.publishedAt, filter.publishedFrom.toISOString()) : undefined,
      filter.publishedTo ? lte(a.publishedAt, filter.publishedTo.toISOString()) : undefined,
    ),
);

builder.queryField('articles', (t) =>
  t.drizzleConnection(
    {
      type: 'articles',
      description: 'Articles, in the order they were recorded unless `orderBy` says otherwise.',
      ...pagesOf(articles, (db) => db.query.articles, { order: articleOrder, filter: articleFilter }),
    },
    ArticleConnection,
  ),
);
