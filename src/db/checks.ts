import { type AnySQLiteColumn, check } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

/** CHECK constraints the tables share. */

export const oneOf = (column: AnySQLiteColumn, values: readonly string[]) =>
  sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

// Dates are ISO-8601 text ("2024-08-01"), instants ISO-8601 UTC text: both sort as they compare.
export const isoDate = (column: AnySQLiteColumn) => sql`${column} is null or date(${column}) = ${column}`;
// A date known to the year, month or day: "2024", "2024-12", "2024-12-19"; never an invented day.
export const partialDate = (column: AnySQLiteColumn) =>
  sql`${column} is null or ${column} glob '[0-9][0-9][0-9][0-9]' or (${column} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]' and substr(${column}, 6, 2) between '01' and '12') or date(${column}) = ${column}`;
export const countryCode = (column: AnySQLiteColumn) =>
  sql`${column} is null or (length(${column}) = 2 and upper(${column}) = ${column})`;

export const periodChecks = (name: string, t: { periodStart: AnySQLiteColumn; periodEnd: AnySQLiteColumn }) => [
  check(`${name}_period_start`, isoDate(t.periodStart)),
  check(`${name}_period_end`, isoDate(t.periodEnd)),
  check(
    `${name}_period_order`,
    sql`${t.periodStart} is null or ${t.periodEnd} is null or ${t.periodStart} <= ${t.periodEnd}`,
  ),
];

export const oneSpeaker = (name: string, t: { actorId: AnySQLiteColumn; officialId: AnySQLiteColumn }) =>
  check(name, sql`(${t.actorId} is null) <> (${t.officialId} is null)`);
