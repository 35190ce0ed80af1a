import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { regionKinds } from '../../vocabulary.ts';
import { countryCode, isoInstant, oneOf, partialDate } from '../checks.ts';
import { actors } from './sources.ts';

/** Where and in what: regions, and the articles claims are read in. */

export const regions = pgTable(
  'regions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    kind: text('kind', { enum: regionKinds }).notNull(),
    country: text('country'),
    parentId: integer('parent_id').references((): AnyPgColumn => regions.id, { onDelete: 'restrict' }),
    // json, not jsonb: the geometry comes back as it was written, key order included (exports compare byte for byte).
    geometry: json('geometry').$type<Record<string, unknown>>(),
  },
  (t) => [
    check('regions_kind', oneOf(t.kind, regionKinds)),
    check('regions_country', countryCode(t.country)),
    check('regions_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    uniqueIndex('regions_name_parent').on(t.name, sql`coalesce(${t.parentId}, 0)`),
    index('regions_parent').on(t.parentId),
  ],
);

export const articles = pgTable(
  'articles',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    title: text('title').notNull(),
    url: text('url').unique(),
    outletId: integer('outlet_id').references(() => actors.id, { onDelete: 'restrict' }),
    publishedAt: text('published_at'),
    publishedOn: text('published_on'),
    summary: text('summary'),
  },
  (t) => [
    check('articles_published_on', partialDate(t.publishedOn)),
    check('articles_published_at', isoInstant(t.publishedAt)),
    index('articles_outlet').on(t.outletId),
    index('articles_published_at').on(t.publishedAt),
    uniqueIndex('articles_natural_key_without_url')
      .on(t.title, sql`coalesce(${t.outletId}, 0)`, sql`coalesce(${t.publishedAt}, '')`)
      .where(sql`${t.url} is null`),
  ],
);

export const articleCitedSources = pgTable(
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
