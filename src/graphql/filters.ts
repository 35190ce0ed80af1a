import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { keyed } from '../db/relational-query-cache.ts';

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

/** A relational query's `where` for the rows `filterSql` selects (every row without a filter), reusable by the query cache. */
export function filterWhere<T, F>(filterSql: (table: T, filter: F) => SQL | undefined, filter: F) {
  return { RAW: keyed((table: T) => filterSql(table, filter) ?? sql`1`, filterSql, filter) };
}

/** The ids of a region and of every region inside it, at any depth. */
export function regionSubtree(regionId: number): SQL {
  return sql`(with recursive subtree(id) as (
    select ${regionId}
    union
    select regions.id from regions join subtree on regions.parent_id = subtree.id
  ) select id from subtree)`;
}

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
 * Whether a name contains `text`, ignoring case (SQLite's LIKE folds ASCII letters only); `%` and
 * `_` in the text match themselves, not any characters.
 */
export function nameContains(column: AnyColumn, text: string): SQL {
  const escaped = text.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`${column} like ${`%${escaped}%`} escape '\\'`;
}

/** The last day a partial date ("2024", "2024-12", "2024-12-19") can stand for, in SQL. */
const lastDayOf = (partial: SQL) =>
  sql`(case length(${partial}) when 4 then ${partial} || '-12-31' when 7 then date(${partial} || '-01', '+1 month', '-1 day') else ${partial} end)`;

interface Published {
  articleId: AnyColumn;
  statedOn: AnyColumn;
}

/**
 * Whether a claim was public on or before `asOf`: its article's publication day (the stored partial
 * date, else the day of publishedAt), else, for an article with no date, the statement date. A
 * partial date counts from its last day ("2025-01" was surely out by 31 January), so a figure is never
 * taken as known before it certainly was; a claim with no date at all is left out.
 */
export function publishedBy(row: Published, asOf: Date): SQL {
  const published = sql`(select coalesce(articles.published_on, substr(articles.published_at, 1, 10)) from articles where articles.id = ${row.articleId})`;
  return sql`${lastDayOf(sql`coalesce(${published}, ${row.statedOn})`)} <= ${isoDay(asOf)}`;
}
