import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check } from 'drizzle-orm/pg-core';

/**
 * The CHECK constraints of src/db/checks.ts in PostgreSQL's words: SQLite's `date()`, `strftime()`
 * and `glob` become a cast and regular expressions. The same names, the same rows refused
 * (test/postgres-schema.test.ts inserts each kind of bad row into both engines).
 */

export const oneOf = (column: AnyPgColumn, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

// No cast that could fail the statement: the CASE tests the shape before a day is counted against its month.
const dayOfMonth = (column: AnyPgColumn) =>
  sql`case when ${column} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' then substr(${column}, 9, 2)::int <= extract(day from (substr(${column}, 1, 7) || '-01')::date + interval '1 month - 1 day') else false end`;
export const isoDate = (column: AnyPgColumn) => sql`${column} is null or ${dayOfMonth(column)}`;
export const partialDate = (column: AnyPgColumn) =>
  sql`${column} is null or ${column} ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$' or ${dayOfMonth(column)}`;
export const isoInstant = (column: AnyPgColumn) =>
  sql`${column} is null or (${column} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$' and to_char(${column}::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') = ${column})`;
export const countryCode = (column: AnyPgColumn) =>
  sql`${column} is null or (length(${column}) = 2 and upper(${column}) = ${column})`;

export const periodChecks = (name: string, t: { periodStart: AnyPgColumn; periodEnd: AnyPgColumn }) => [
  check(`${name}_period_start`, isoDate(t.periodStart)),
  check(`${name}_period_end`, isoDate(t.periodEnd)),
  check(
    `${name}_period_order`,
    sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} <= ${t.periodEnd}`,
  ),
];

export const oneSpeaker = (name: string, t: { actorId: AnyPgColumn; officialId: AnyPgColumn }) =>
  check(name, sql`(${t.actorId} is null) <> (${t.officialId} is null)`);
