import { type SQL, sql } from 'drizzle-orm';
import { articleDate } from '../../store/claim-figures.ts';

export const timeBuckets = ['DAY', 'WEEK', 'MONTH'] as const;
export type TimeBucketName = (typeof timeBuckets)[number];

/** A partial date ("2024", "2024-12") as the first day it covers, so it falls in its own month. */
export const firstDayOf = (partial: SQL): SQL =>
  sql`(case length(${partial}) when 4 then ${partial} || '-01-01' when 7 then ${partial} || '-01' else ${partial} end)`;

/** The first day of the bucket holding `day` (ISO weeks start on Monday), on SQLite or `postgres`. */
export function bucketStart(day: SQL, bucket: TimeBucketName, postgres = false): SQL {
  switch (bucket) {
    case 'DAY':
      return day;
    case 'WEEK':
      return postgres
        ? sql`to_char(date_trunc('week', cast(${day} as date)), 'YYYY-MM-DD')`
        : sql`date(${day}, '-' || ((cast(strftime('%w', ${day}) as integer) + 6) % 7) || ' days')`;
    case 'MONTH':
      return sql`(substr(${day}, 1, 7) || '-01')`;
  }
}

/** The last day of the bucket starting on `start` ("2024-12-01"). */
export function bucketEnd(start: string, bucket: TimeBucketName): string {
  const day = new Date(`${start}T00:00:00Z`);
  if (bucket === 'WEEK') day.setUTCDate(day.getUTCDate() + 6);
  if (bucket === 'MONTH') day.setUTCMonth(day.getUTCMonth() + 1, 0);
  return day.toISOString().slice(0, 10);
}

const articleDateOf = (a: string) => sql.raw(articleDate(a));

/**
 * The day a claim (aliased `c`) is about: its period's end, else when it was said, else when its
 * article was published (`articleDate`, by default read from its article aliased `a`).
 */
export const claimDay = (articleDate: SQL = articleDateOf('a')) =>
  firstDayOfAny(sql`c.period_end`, sql`c.stated_on`, articleDate);
/** When the claim was made, for "the latest figure": the statement date, else the publication. */
export const saidDay = (articleDate: SQL = articleDateOf('a')) => firstDayOfAny(sql`c.stated_on`, articleDate);

function firstDayOfAny(...dates: SQL[]) {
  return sql`coalesce(${sql.join(dates.map(firstDayOf), sql`, `)})`;
}
