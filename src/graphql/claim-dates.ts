import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { articleDate } from '../store/claim-figures.ts';
import { isoDay } from './filters.ts';

/**
 * When a claim is about, as the date filters and `Period.effectiveEnd` read it: its period, an
 * open end closed at the statement date (else the publication day), so "since August" said in
 * December covers August to December and never the future; lacking a period, the statement date;
 * lacking that, the article's publication date. A partial date ("2024-12") covers its whole month
 * or year.
 */

/** The last day a partial date ("2024", "2024-02", "2024-02-10") covers. */
export function lastDayOf(partial: string | null | undefined): string | null {
  if (!partial) return null;
  if (partial.length === 4) return `${partial}-12-31`;
  if (partial.length === 7) {
    const [year, month] = partial.split('-').map(Number) as [number, number];
    return isoDay(new Date(Date.UTC(year, month, 0)));
  }
  return partial;
}

/** An article's publication date as a partial date: the stored one, else the day of its instant. */
export const articleDateOf = (article: { publishedOn: string | null; publishedAt: string | null } | null) =>
  article?.publishedOn ?? article?.publishedAt?.slice(0, 10) ?? null;

const firstDaySql = (d: SQL) =>
  sql`(case length(${d}) when 4 then ${d} || '-01-01' when 7 then ${d} || '-01' else ${d} end)`;
/** The number of days in the month of a "2024-02" (as text), in SQL both engines read alike. */
const daysInMonthSql = (d: SQL) => {
  const year = sql`cast(substr(${d}, 1, 4) as integer)`;
  return sql`(case substr(${d}, 6, 2) when '02' then (case when ${year} % 4 = 0 and (${year} % 100 <> 0 or ${year} % 400 = 0) then '29' else '28' end)
    when '04' then '30' when '06' then '30' when '09' then '30' when '11' then '30' else '31' end)`;
};
const lastDaySql = (d: SQL) =>
  sql`(case length(${d}) when 4 then ${d} || '-12-31' when 7 then ${d} || '-' || ${daysInMonthSql(d)} else ${d} end)`;

/** An article's publication date as SQL, as `articleDateOf` reads it. */
export const articleDateSql = (articleId: AnyColumn | SQL) =>
  sql`(select ${sql.raw(articleDate('articles'))} from articles where articles.id = ${articleId})`;

interface DatedClaim {
  periodStart: AnyColumn;
  periodEnd: AnyColumn;
  statedOn: AnyColumn;
  articleId: AnyColumn;
}

/** The first and last day a claim is about, as SQL; both null for a claim with no date at all. */
function claimSpan(c: DatedClaim) {
  const articleDate = articleDateSql(c.articleId);
  const hasPeriod = sql`(${c.periodStart} is not null or ${c.periodEnd} is not null)`;
  const stated = sql`${c.statedOn}`;
  return {
    start: sql`(case when ${hasPeriod} then coalesce(${c.periodStart}, '0000-01-01') else ${firstDaySql(sql`coalesce(${stated}, ${articleDate})`)} end)`,
    end: sql`(case when ${hasPeriod} then coalesce(${c.periodEnd}, ${lastDaySql(stated)}, ${lastDaySql(articleDate)}, '9999-12-31') else ${lastDaySql(sql`coalesce(${stated}, ${articleDate})`)} end)`,
    undated: sql`(${c.periodStart} is null and ${c.periodEnd} is null and ${c.statedOn} is null and ${articleDate} is null)`,
  };
}

/** Conditions that a claim's span overlaps [from, to]; an undated claim meets none of them. */
export function claimDateConditions(
  c: DatedClaim,
  filter: { from?: Date | null; to?: Date | null; undated?: boolean | null },
): SQL[] {
  const span = claimSpan(c);
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(sql`${span.end} >= ${isoDay(filter.from)}`);
  if (filter.to) conditions.push(sql`${span.start} <= ${isoDay(filter.to)}`);
  if (filter.undated === true) conditions.push(span.undated);
  if (filter.undated === false) conditions.push(sql`not ${span.undated}`);
  return conditions;
}

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
  const published = articleDateSql(row.articleId);
  return sql`${lastDaySql(sql`coalesce(${published}, ${row.statedOn})`)} <= ${isoDay(asOf)}`;
}
