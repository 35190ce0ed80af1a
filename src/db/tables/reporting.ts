import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { countryCode, oneOf, partialDate } from '../checks.ts';
import { regionKinds } from '../vocabulary.ts';
import { actors } from './sources.ts';

/** Where and in what: regions, and the articles claims are read in. */

export const regions = sqliteTable(
  'regions',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: regionKinds }).notNull(),
    country: text('country'),
    parentId: integer('parent_id').references((): AnySQLiteColumn => regions.id, { onDelete: 'restrict' }),
    // A GeoJSON geometry object as JSON text (validated by the model, src/model/geometry.ts).
    geometry: text('geometry', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    check('regions_kind', oneOf(t.kind, regionKinds)),
    check('regions_country', countryCode(t.country)),
    check('regions_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    uniqueIndex('regions_name_parent').on(t.name, sql`coalesce(${t.parentId}, 0)`),
    index('regions_parent').on(t.parentId),
  ],
);

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey(),
    title: text('title').notNull(),
    url: text('url').unique(),
    outletId: integer('outlet_id').references(() => actors.id, { onDelete: 'restrict' }),
    publishedAt: text('published_at'),
    // The publication date when only the day, month or year is known (no invented time of day).
    publishedOn: text('published_on'),
    summary: text('summary'),
  },
  (t) => [
    check('articles_published_on', partialDate(t.publishedOn)),
    check(
      'articles_published_at',
      sql`${t.publishedAt} is null or strftime('%Y-%m-%dT%H:%M:%fZ', ${t.publishedAt}) = ${t.publishedAt}`,
    ),
    index('articles_outlet').on(t.outletId),
    index('articles_published_at').on(t.publishedAt),
    // An article without a URL is the same article when title, outlet and publication time match.
    uniqueIndex('articles_natural_key_without_url')
      .on(t.title, sql`coalesce(${t.outletId}, 0)`, sql`coalesce(${t.publishedAt}, '')`)
      .where(sql`${t.url} is null`),
  ],
);

export const articleCitedSources = sqliteTable(
  'article_cited_sources',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.actorId] }), index('article_cited_sources_actor').on(t.actorId)],
);
