import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { actorKinds, seniorities, sourceDomains } from '../../vocabulary.ts';
import { countryCode, isoDate, oneOf } from '../checks.ts';

/** Who says things: actors (states, forces, outlets), officials named and unnamed, and their roles. */

export const actors = pgTable(
  'actors',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    kind: text('kind', { enum: actorKinds }).notNull(),
    country: text('country'),
    description: text('description'),
    parentId: integer('parent_id').references((): AnyPgColumn => actors.id, { onDelete: 'restrict' }),
  },
  (t) => [
    check('actors_kind', oneOf(t.kind, actorKinds)),
    check('actors_country', countryCode(t.country)),
    check('actors_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    uniqueIndex('actors_name_country').on(t.name, sql`coalesce(${t.country}, '')`),
    index('actors_parent').on(t.parentId),
  ],
);

export const actorAliases = pgTable(
  'actor_aliases',
  {
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.alias] }), index('actor_aliases_alias').on(sql`lower(${t.alias})`)],
);

export const officials = pgTable(
  'officials',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name'),
    description: text('description').notNull(),
    anonymous: boolean('anonymous').notNull(),
    seniority: text('seniority', { enum: seniorities }),
    domain: text('domain', { enum: sourceDomains }),
    country: text('country'),
    bodyId: integer('body_id').references((): AnyPgColumn => actors.id, { onDelete: 'restrict' }),
    sameSourceAsId: integer('same_source_as_id').references((): AnyPgColumn => officials.id, {
      onDelete: 'set null',
    }),
    sameSourceReviewedBy: text('same_source_reviewed_by'),
    sameSourceReason: text('same_source_reason'),
  },
  (t) => [
    check('officials_anonymous_unnamed', sql`${t.anonymous} = (${t.name} is null)`),
    check('officials_seniority', sql`${t.seniority} is null or ${oneOf(t.seniority, seniorities)}`),
    check('officials_domain', sql`${t.domain} is null or ${oneOf(t.domain, sourceDomains)}`),
    check('officials_country', countryCode(t.country)),
    check('officials_not_same_source_as_self', sql`${t.sameSourceAsId} is null or ${t.sameSourceAsId} <> ${t.id}`),
    check('officials_same_source_reviewed', sql`(${t.sameSourceAsId} is null) = (${t.sameSourceReviewedBy} is null)`),
    index('officials_body').on(t.bodyId),
    index('officials_same_source_as').on(t.sameSourceAsId),
    index('officials_anonymous').on(t.anonymous),
    index('officials_label').on(sql`coalesce(${t.name}, ${t.description})`),
  ],
);

export const officialAliases = pgTable(
  'official_aliases',
  {
    officialId: integer('official_id')
      .notNull()
      .references(() => officials.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officialId, t.alias] }), index('official_aliases_alias').on(sql`lower(${t.alias})`)],
);

export const roles = pgTable(
  'roles',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    officialId: integer('official_id')
      .notNull()
      .references(() => officials.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    since: text('since'),
    until: text('until'),
  },
  (t) => [
    check('roles_since', isoDate(t.since)),
    check('roles_until', isoDate(t.until)),
    check('roles_since_before_until', sql`${t.since} is null or ${t.until} is null or ${t.since} <= ${t.until}`),
    index('roles_official').on(t.officialId),
    index('roles_actor').on(t.actorId),
  ],
);
