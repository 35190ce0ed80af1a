import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { claims, type measures, type Metric, type modalities, type ratePeriods } from '../../db/schema.ts';
import { allRows, type AnyDb, isPostgres } from '../../db/engine.ts';
import { claimFilterSql, type ClaimFilterInput } from '../types/claim-filter.ts';
import {
  disjoint,
  type FigureInterval,
  intersection,
  type IntervalRelationName,
  type Period,
  relationOf,
  samePeriod,
} from './contradiction-rule.ts';
import { figuresCte } from './figures.ts';
import { pointOf, type VaguenessPolicyName } from './policy.ts';

/** What a comparison asks: one metric (in one unit, if given) under a claim filter. */
export interface ComparisonScope {
  filter: ClaimFilterInput;
  metric: Metric;
  unit?: string | null;
}

interface FigureRow {
  claimId: number;
  actorId: number | null;
  officialId: number | null;
  /** 0 or 1 on SQLite, false or true on PostgreSQL. */
  superseded: number | boolean;
  unit: string | null;
  per: (typeof ratePeriods)[number] | null;
  measure: (typeof measures)[number];
  modality: (typeof modalities)[number];
  low: number | null;
  high: number | null;
  best: number | null;
  lowInclusive: number;
  highInclusive: number;
  summed: number;
  repeatedBy: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  periodText: string | null;
}

/** The day a figure's claim speaks for: its statement date, else its article's publication date. */
const claimDaySql = sql`coalesce(figures.stated_on, figures.article_date)`;

/**
 * Every asserted figure of the metric under the filter, current and superseded, newest first per
 * identity (changes with no coded period first, then by period), with the claims that repeat it: one statement, however many claimants.
 */
function figureRows(db: AnyDb, { filter, metric, unit }: ComparisonScope): Promise<FigureRow[]> {
  const repeat = alias(claims, 'repeat') as unknown as typeof claims;
  const repeatMatches = claimFilterSql(repeat, filter) ?? sql`true`;
  // Nulls placed as SQLite places them (first going up, last going down), on PostgreSQL too; the
  // repeats listed by claim id, which both engines' string_agg take in order.
  return allRows<FigureRow>(
    db,
    sql`
    with ${figuresCte(filter, { metric, postgres: isPostgres(db) })}
    select claim_id as "claimId", actor_id as "actorId", official_id as "officialId", superseded,
      unit, per, measure, modality, low, high, best,
      low_inclusive as "lowInclusive", high_inclusive as "highInclusive", summed,
      (select string_agg(cast(r.claim_id as text), ',' order by r.claim_id)
        from claim_relations r join claims ${repeat} on ${repeat.id} = r.claim_id
        where r.related_claim_id = figures.claim_id and r.kind = 'REPEATS' and ${repeatMatches}) as "repeatedBy",
      period_start as "periodStart", period_end as "periodEnd", period_text as "periodText"
    from figures
    where metric = ${metric} ${unit === undefined || unit === null ? sql`` : sql`and unit = ${unit}`}
    order by unit nulls first, per nulls first, measure, modality,
      ${sql.raw(['start', 'end', 'text'].map((end) => `case when measure = 'CHANGE' then period_${end} end nulls first`).join(', '))},
      ${claimDaySql} desc nulls last, claim_id desc, quantity_id`,
  );
}

export interface ClaimantFigure extends FigureInterval, Period {
  claimId: number;
  actorId: number | null;
  officialId: number | null;
  /** The figure as one number under the policy. */
  value: number | null;
  summedFromParts: boolean;
  /** The claimant's earlier figures of this identity, newest first (revised ones and merely older ones). */
  historyIds: number[];
  /** The claim and every matching claim that repeats it. */
  reportIds: number[];
}

export interface FigurePair {
  first: ClaimantFigure;
  second: ClaimantFigure;
  relation: IntervalRelationName;
  /** Whether the two speak of the same time (samePeriod): only then does DISJOINT contradict. */
  samePeriod: boolean;
}

export interface IdentityComparison {
  /** For changes, the period every figure speaks of; null for holdings (compared across overlapping times). */
  period: Period | null;
  unit: string | null;
  per: FigureRow['per'];
  measure: FigureRow['measure'];
  modality: FigureRow['modality'];
  figures: ClaimantFigure[];
  /**
   * The first `first` pairs of the figures, in the order of `figures`, whose relation is among
   * `relations` (any, when none are given): made when asked, as n figures make n(n-1)/2 pairs.
   */
  pairs: (relations: readonly IntervalRelationName[] | null | undefined, first: number) => FigurePair[];
  agreed: FigureInterval | null;
  spread: number | null;
  contradictions: number;
}

const periodKey = (r: FigureRow) => `${r.periodStart}|${r.periodEnd}|${r.periodText}`;
/**
 * Figures compared together: one identity, and for a change one period (a week's count is no running
 * total). figureRows sorts by exactly these columns, so an identity's rows come one after another.
 */
const sameIdentity = (a: FigureRow, b: FigureRow) =>
  a.unit === b.unit &&
  a.per === b.per &&
  a.measure === b.measure &&
  a.modality === b.modality &&
  (a.measure !== 'CHANGE' ||
    (a.periodStart === b.periodStart && a.periodEnd === b.periodEnd && a.periodText === b.periodText));
/** A claim names an official or an actor, never both: officials negative, no claimant 0. */
const claimantNumber = (r: FigureRow) => (r.officialId !== null ? -r.officialId : (r.actorId ?? 0));

/**
 * Each claimant's current figure per identity side by side: the newest figure no matching claim
 * revises (a revision collapses onto its latest), its history one hop away, its repeats listed as
 * reports of one figure; every pair's relation, the interval all agree on, the spread of the values.
 */
export async function compareFigures(
  db: AnyDb,
  scope: ComparisonScope,
  policy: VaguenessPolicyName,
): Promise<IdentityComparison[]> {
  const comparisons: IdentityComparison[] = [];
  const rows = await figureRows(db, scope);
  for (let start = 0, end = 1; start < rows.length; end++) {
    if (end < rows.length && sameIdentity(rows[start]!, rows[end]!)) continue;
    const figures = identityFigures(rows, start, end, policy);
    if (figures.length > 0) comparisons.push(identityComparison(rows[start]!, figures));
    start = end;
  }
  return comparisons;
}

/** The current figures of one identity's rows, `rows[start]` to `rows[end - 1]`, claimant by claimant. */
function identityFigures(rows: FigureRow[], start: number, end: number, policy: VaguenessPolicyName) {
  // Most of a province's identities have one row: no grouping to do.
  if (end - start === 1) return currentFigures([rows[start]!], policy);
  const claimants = new Map<number, FigureRow[]>();
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const claimant = claimantNumber(row);
    const own = claimants.get(claimant);
    if (own) own.push(row);
    else claimants.set(claimant, [row]);
  }
  const figures: ClaimantFigure[] = [];
  for (const own of claimants.values()) figures.push(...currentFigures(own, policy));
  return figures;
}

/**
 * One claimant's current figures, newest first: the newest unrevised figure for each period it speaks
 * of (a weekly count beside a running total is a second figure, not an older one). Each carries the
 * claimant's other figures for that period as history; a revised figure whose period matches no current
 * one goes to the claimant's newest current figure.
 */
function currentFigures(rows: FigureRow[], policy: VaguenessPolicyName): ClaimantFigure[] {
  // A change's figures all speak of the identity's one period, and one row is one period: no keys,
  // no maps (most of a province's claimants give one figure of a kind).
  if (rows.length === 1 || rows[0]!.measure === 'CHANGE') {
    const current = rows.find((row) => !row.superseded);
    return current ? [claimantFigure(current, rows, policy)] : [];
  }
  // Keys and per-period lists made once: a claimant can have hundreds of holdings of one identity.
  const keys = rows.map(periodKey);
  const current = new Map<string, FigureRow>();
  const byPeriod = new Map<string, FigureRow[]>();
  rows.forEach((row, i) => {
    const key = keys[i]!;
    if (!row.superseded && !current.has(key)) current.set(key, row);
    const list = byPeriod.get(key);
    if (list) list.push(row);
    else byPeriod.set(key, [row]);
  });
  const [newestKey] = current.keys();
  if (newestKey === undefined) return [];
  return [...current].map(([key, figure]) =>
    claimantFigure(
      figure,
      key === newestKey ? rows.filter((_, i) => keys[i] === key || !current.has(keys[i]!)) : byPeriod.get(key)!,
      policy,
    ),
  );
}

/** `current` as the claimant's figure, with the claimant's other rows of its period (`rows`) as history. */
function claimantFigure(current: FigureRow, rows: FigureRow[], policy: VaguenessPolicyName): ClaimantFigure {
  const history: number[] = [];
  if (rows.length > 1) {
    const seen = new Set([current.claimId]);
    for (const { claimId } of rows) {
      if (!seen.has(claimId)) history.push(claimId);
      seen.add(claimId);
    }
  }
  // Fields listed, not spread from an interval object: spreading made V8 build each figure the slow
  // way, 40 ms of a province's 2,600 figures.
  return {
    low: current.low,
    high: current.high,
    best: current.best,
    lowInclusive: Boolean(current.lowInclusive),
    highInclusive: Boolean(current.highInclusive),
    claimId: current.claimId,
    periodStart: current.periodStart,
    periodEnd: current.periodEnd,
    periodText: current.periodText,
    actorId: current.actorId,
    officialId: current.officialId,
    value: pointOf(current, policy),
    summedFromParts: current.summed > 0,
    historyIds: history,
    reportIds:
      current.repeatedBy === null ? [current.claimId] : [current.claimId, ...current.repeatedBy.split(',').map(Number)],
  };
}

function identityComparison(identity: FigureRow, figures: ClaimantFigure[]): IdentityComparison {
  const pairs = (relations: readonly IntervalRelationName[] | null | undefined, first: number) => {
    const listed: FigurePair[] = [];
    for (let i = 0; i < figures.length && listed.length < first; i++) {
      for (let j = i + 1; j < figures.length && listed.length < first; j++) {
        const a = figures[i]!;
        const b = figures[j]!;
        const relation = relationOf(a, b);
        if (!relations || relations.includes(relation)) {
          listed.push({ first: a, second: b, relation, samePeriod: samePeriod(identity.measure, a, b) });
        }
      }
    }
    return listed;
  };
  let contradictions = 0;
  for (let i = 0; i < figures.length; i++) {
    for (let j = i + 1; j < figures.length; j++) {
      const a = figures[i]!;
      const b = figures[j]!;
      if (disjoint(a, b) && samePeriod(identity.measure, a, b)) contradictions++;
    }
  }
  let [smallest, largest, values] = [Infinity, -Infinity, 0];
  for (const { value } of figures) {
    if (value === null) continue;
    values++;
    smallest = Math.min(smallest, value);
    largest = Math.max(largest, value);
  }
  return {
    period: identity.measure === 'CHANGE' ? identity : null,
    unit: identity.unit,
    per: identity.per,
    measure: identity.measure,
    modality: identity.modality,
    figures,
    pairs,
    agreed: figures.length > 1 ? intersection(figures) : null,
    spread: values > 1 ? largest - smallest : null,
    contradictions,
  };
}
