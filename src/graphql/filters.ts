import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, firstRow } from '../db/engine.ts';
import { keyed, parameterized } from '../db/query-shape.ts';

/** A calendar date as stored: "2024-08-01". */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * An input object's check that its `from` field is not after its `to` field, run by the validation
 * plugin before any resolver sees the input. The message names "from" and "to" whatever the fields
 * are called, as every range in the API reads from-to.
 */
export function dateRange<From extends string, To extends string>(from: From, to: To) {
  return z.custom<Partial<Record<From | To, Date | null>>>().refine(
    (input) => {
      const [start, end] = [input?.[from], input?.[to]];
      return !(start && end && start > end);
    },
    { message: '"from" must not be after "to"', path: [to] },
  );
}

/**
 * A relational query's `where` for the rows `filterSql` selects (every row without a filter),
 * reusable by the query cache: the same filter with other values runs the same prepared query.
 */
export function filterWhere<T, F>(filterSql: (table: T, filter: F) => SQL | undefined, filter: F) {
  return { RAW: parameterized(keyed((table: T) => filterSql(table, filter) ?? sql`true`, filterSql, filter)) };
}

/** The ids of a row and of every row beneath it (its children, theirs, at any depth) in a table with `parent_id`. */
function subtree(table: 'regions' | 'actors', id: number): SQL {
  const t = sql.raw(table);
  return sql`(with recursive subtree(id) as (
    select cast(${id} as integer)
    union
    select ${t}.id from ${t} join subtree on ${t}.parent_id = subtree.id
  ) select id from subtree)`;
}

/** The ids of a region and of every region inside it, at any depth. */
export const regionSubtree = (regionId: number) => subtree('regions', regionId);

/** The ids of an actor and of every body beneath it: a state, its armed forces, their units. */
export const actorSubtree = (actorId: number) => subtree('actors', actorId);

interface Dated {
  periodStart: AnyColumn;
  periodEnd: AnyColumn;
  articleId: AnyColumn;
}

/**
 * Whether a row's period overlaps [from, to]. A row without period dates counts as dated by its
 * article's publication day; a period with a start and no end runs to the article's date (or on,
 * when the article has none), one with an end and no start is open towards the past.
 */
export function periodOverlaps(row: Dated, from: Date | null | undefined, to: Date | null | undefined): SQL[] {
  const articleDay = sql`(select substr(articles.published_at, 1, 10) from articles where articles.id = ${row.articleId})`;
  const undated = sql`${row.periodStart} is null and ${row.periodEnd} is null`;
  const conditions: SQL[] = [];
  if (from) {
    conditions.push(
      sql`(case when ${undated} then ${articleDay} else coalesce(${row.periodEnd}, ${articleDay}, '9999-12-31') end) >= ${isoDay(from)}`,
    );
  }
  if (to) {
    conditions.push(
      sql`(case when ${undated} then ${articleDay} else coalesce(${row.periodStart}, '0000-01-01') end) <= ${isoDay(to)}`,
    );
  }
  return conditions;
}

/** The longest text a name filter accepts. */
export const maxNameFilterLength = 200;

/** An input field's check for a name filter: some text, not too long. */
export const nameFilterText = z
  .string()
  .trim()
  .min(1, '"name" must not be empty')
  .max(maxNameFilterLength, `"name" must be at most ${maxNameFilterLength} characters`);

/**
 * Whether a name contains `text`, ignoring case: both lowered, since PostgreSQL's LIKE heeds case
 * where SQLite's folds ASCII letters (SQLite's lower() folds ASCII letters only, PostgreSQL's every
 * letter). `%` and `_` in the text match themselves, not any characters.
 */
export function nameContains(column: AnyColumn | SQL, text: string): SQL {
  const escaped = text.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`lower(${column}) like lower(${`%${escaped}%`}) escape '\\'`;
}

const aliasTables = {
  actor: { table: sql.raw('actors'), aliases: sql.raw('actor_aliases'), key: sql.raw('actor_id') },
  official: { table: sql.raw('officials'), aliases: sql.raw('official_aliases'), key: sql.raw('official_id') },
};

/** Whether the name of the actor or official with this id, or one of its aliases, contains `text` (see nameContains). */
export function nameOrAliasContains(kind: keyof typeof aliasTables, id: AnyColumn, name: AnyColumn, text: string): SQL {
  const { aliases, key } = aliasTables[kind];
  return sql`(${nameContains(name, text)} or exists (select 1 from ${aliases} where ${aliases}.${key} = ${id} and ${nameContains(sql`${aliases}.alias`, text)}))`;
}

/**
 * The id of the actor or official called `name` or known by it as an alias, ignoring case of Latin
 * letters: a name beats an alias ("NIS" is another body's name before it is an alias), then the
 * earliest recorded.
 */
export async function idNamed(db: AnyDb, kind: keyof typeof aliasTables, name: string): Promise<number | undefined> {
  const { table, aliases, key } = aliasTables[kind];
  const text = name.trim();
  const row = await firstRow<{ id: number }>(
    db,
    sql`
    select id from (
      select id, 0 as rank from ${table} where lower(name) = lower(${text})
      union all
      select ${key} as id, 1 as rank from ${aliases} where lower(alias) = lower(${text})
    ) as named order by rank, id limit 1`,
  );
  return row?.id;
}
