import { type SQL, sql } from 'drizzle-orm';
import type { Bounds } from './policy.ts';

/**
 * When two figures cannot both hold: their intervals under the number conventions share no value.
 * One rule, in SQL for listing contradictions and in TypeScript for comparing figures side by side,
 * so the two never disagree. An open bound (null) reaches to infinity; a figure with no bound at
 * all ("heavy casualties") contradicts nothing.
 */

/** A figure's interval with the kind of each end. */
export interface FigureInterval extends Bounds {
  lowInclusive: boolean;
  highInclusive: boolean;
}

/** How two intervals lie to each other. */
export const intervalRelations = ['SAME', 'NESTED', 'OVERLAPPING', 'DISJOINT'] as const;
export type IntervalRelationName = (typeof intervalRelations)[number];

/** Whether `high` (an upper end) lies below `low` (a lower end): no value can be at or beyond both. */
const endsBefore = (high: number | null, highInclusive: boolean, low: number | null, lowInclusive: boolean) =>
  high !== null && low !== null && (high < low || (high === low && !(highInclusive && lowInclusive)));

export function disjoint(a: FigureInterval, b: FigureInterval): boolean {
  return (
    endsBefore(a.high, a.highInclusive, b.low, b.lowInclusive) ||
    endsBefore(b.high, b.highInclusive, a.low, a.lowInclusive)
  );
}

/** Whether `outer` holds every value of `inner`. */
function contains(outer: FigureInterval, inner: FigureInterval): boolean {
  const lowOk =
    outer.low === null ||
    (inner.low !== null &&
      (outer.low < inner.low || (outer.low === inner.low && (outer.lowInclusive || !inner.lowInclusive))));
  const highOk =
    outer.high === null ||
    (inner.high !== null &&
      (outer.high > inner.high || (outer.high === inner.high && (outer.highInclusive || !inner.highInclusive))));
  return lowOk && highOk;
}

export function relationOf(a: FigureInterval, b: FigureInterval): IntervalRelationName {
  if (disjoint(a, b)) return 'DISJOINT';
  const same =
    a.low === b.low && a.high === b.high && a.lowInclusive === b.lowInclusive && a.highInclusive === b.highInclusive;
  if (same) return 'SAME';
  return contains(a, b) || contains(b, a) ? 'NESTED' : 'OVERLAPPING';
}

/** The values every interval holds, or null when no value is in all of them (or none is given). */
export function intersection(intervals: FigureInterval[]): FigureInterval | null {
  if (intervals.length === 0) return null;
  let low: number | null = null;
  let lowInclusive = true;
  let high: number | null = null;
  let highInclusive = true;
  for (const i of intervals) {
    if (i.low !== null && (low === null || i.low > low || (i.low === low && !i.lowInclusive))) {
      [low, lowInclusive] = [i.low, i.lowInclusive];
    }
    if (i.high !== null && (high === null || i.high < high || (i.high === high && !i.highInclusive))) {
      [high, highInclusive] = [i.high, i.highInclusive];
    }
  }
  const agreed = { low, high, best: null, lowInclusive, highInclusive };
  if (low !== null && high !== null && (low > high || (low === high && !(lowInclusive && highInclusive)))) return null;
  return agreed;
}

// The inclusive flags are integers 0 or 1 on both engines: compared with 1, as PostgreSQL has no `and` of integers.
const endsBeforeSql = (a: string, b: string) =>
  sql.raw(
    `(${a}.high is not null and ${b}.low is not null and (${a}.high < ${b}.low or (${a}.high = ${b}.low and not (${a}.high_inclusive = 1 and ${b}.low_inclusive = 1))))`,
  );

/** Equal, a null equal to a null (SQLite's `is`, written as both engines read it). */
const sameOrBothNull = (a: string, b: string) => `${a} is not distinct from ${b}`;

/**
 * Two rows of figuresCte (aliases `a`, `b`) that cannot both hold: the same identity (metric, unit,
 * rate, measure, modality) and intervals that share no value. Subject, region and period are the
 * caller's to match.
 */
export function contradictsSql(a: string, b: string): SQL {
  const sameIdentity = sql.raw(
    ['metric', 'unit', 'per', 'measure', 'modality'].map((k) => sameOrBothNull(`${a}.${k}`, `${b}.${k}`)).join(' and '),
  );
  return sql`(${sameIdentity} and (${endsBeforeSql(a, b)} or ${endsBeforeSql(b, a)}))`;
}

/** A claim's period, as stored (null ends unknown). */
export interface Period {
  periodStart: string | null;
  periodEnd: string | null;
  periodText: string | null;
}

/**
 * Whether two figures speak of the same time, so that disjoint values contradict: a CHANGE (killed,
 * gained) only over the same period, told the same way (50 killed "within three days" and hundreds
 * over the battle both hold), a HOLDING (deployed, held) at times that can overlap (an unknown end
 * reaches on).
 */
export function samePeriod(measure: string, a: Period, b: Period): boolean {
  if (measure === 'CHANGE')
    return a.periodStart === b.periodStart && a.periodEnd === b.periodEnd && a.periodText === b.periodText;
  return (
    (a.periodStart ?? '0000-01-01') <= (b.periodEnd ?? '9999-12-31') &&
    (b.periodStart ?? '0000-01-01') <= (a.periodEnd ?? '9999-12-31')
  );
}

/** samePeriod in SQL, over the claims rows `a` and `b` and the figure's `measure` column. */
export const samePeriodSql = (measure: string, a: string, b: string): SQL =>
  sql.raw(`(case ${measure} when 'CHANGE' then ${['period_start', 'period_end', 'period_text'].map((k) => sameOrBothNull(`${a}.${k}`, `${b}.${k}`)).join(' and ')}
    else coalesce(${a}.period_start, '0000-01-01') <= coalesce(${b}.period_end, '9999-12-31')
      and coalesce(${b}.period_start, '0000-01-01') <= coalesce(${a}.period_end, '9999-12-31') end)`);
