import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { claims, type Metric, metrics } from '../../db/schema.ts';
import { allRows, type AnyDb, firstRow, isPostgres } from '../../db/engine.ts';
import { type FigureKind, readFigureKind } from '../../db/figure-kind.ts';
import { conventionsVersion } from '../../model/conventions.ts';
import { regionSubtree } from '../filters.ts';
import { type ClaimFilterInput, claimFilterSql } from '../types/claim-filter.ts';
import { claimFiguresRead, claimsRead } from './claims-read.ts';
import { ascending } from './sql-order.ts';

/**
 * Which claims and figures an aggregate counts, in SQL. A statement reported again in another
 * article (REPEATS) counts once: a claim that repeats another matching claim is left out. A figure
 * a later matching claim REVISES is superseded: only the newest revision counts, never averaged with
 * what it replaced. Denials and refusals to confirm give no figure. Every figure becomes an interval
 * under the number conventions (src/model/conventions.ts), and figures are only ever put together
 * when metric, unit, rate, measure and modality all agree.
 */

/** The claims table under another name, for a condition on a second claim in one statement. */
const claimsAs = (name: string) => alias(claims, name) as unknown as typeof claims;

const matching = (filter: ClaimFilterInput | null | undefined, name: string) => {
  const other = claimsAs(name);
  return { other, condition: claimFilterSql(other, filter) ?? sql`true` };
};

/** The claim `c` repeats a statement of another claim that the filter matches too. */
export function repeatsMatching(c: typeof claims, filter: ClaimFilterInput | null | undefined): SQL {
  const { other, condition } = matching(filter, 'repeated');
  return sql`exists (select 1 from claim_relations r join claims ${other} on ${other.id} = r.related_claim_id
    where r.claim_id = ${c.id} and r.kind = 'REPEATS' and ${condition})`;
}

/** A later claim that the filter matches revises the claim `c`. */
export function supersededWithin(c: typeof claims, filter: ClaimFilterInput | null | undefined): SQL {
  const { other, condition } = matching(filter, 'revision');
  return sql`exists (select 1 from claim_relations r join claims ${other} on ${other.id} = r.claim_id
    where r.related_claim_id = ${c.id} and r.kind = 'REVISES' and ${condition})`;
}

/**
 * The claims an aggregate counts: those matching, each repeated statement once. Conditions in `also`
 * narrow them further and come before the repeat check, so it runs only on the claims they keep.
 */
export function countedClaims(c: typeof claims, filter: ClaimFilterInput | null | undefined, ...also: SQL[]): SQL {
  return sql.join(
    [claimFilterSql(c, filter) ?? sql`true`, ...also, sql`not ${repeatsMatching(c, filter)}`],
    sql` and `,
  );
}

/** The envelope of one kind of figure over one claimant's claims, or every claimant's. */
export interface FigureGroup extends FigureKind {
  actorId: number | null;
  officialId: number | null;
  /** The kind as claim_figures.kind holds it (figureKind): the five columns of FigureKind as one value. */
  kind: string;
  claims: number;
  low: number | null;
  high: number | null;
  openEnded: number;
  summed: number;
}

/**
 * A claim's period as one value (U+0001 standing for a missing end, so it equals as IS does), and
 * per figure `period_key`: that value for a change, empty for a holding. Changes contradict only over
 * the same period (samePeriod), so pairing figures by this key as well leaves the same pairs to test,
 * a handful each instead of every figure of a province against every other.
 */
const missing = sql.raw(`'\u0001'`);
const periodKey = (c: typeof claims) =>
  sql`coalesce(${c.periodStart}, ${missing}) || '|' || coalesce(${c.periodEnd}, ${missing}) || '|' || coalesce(${c.periodText}, ${missing})`;
const changePeriod = (q: string) =>
  sql.raw(`case ${q}.measure when 'CHANGE' then f.period_key else '' end as period_key`);

/**
 * The claim's period and dates, carried with each figure so its readers need not look the claim up
 * again: the claims index the region filter reads (claims_region_figures) holds them too.
 */
const claimDates = (c: string) =>
  ['period_start', 'period_end', 'period_text', 'stated_on', 'article_id'].map((column) => `${c}.${column}`).join(', ');

/**
 * One row per figure of the asserted claims counted under the filter (a repeat left out), as the
 * CTE `figures`: claimant, claim (with its period, its dates and its article's date), quantity,
 * identity, interval (bounds, best value, whether each bound is inclusive, under the number
 * conventions) and whether a later matching claim revises it (`superseded`). Killed and wounded given separately in one claim (with
 * no killed-or-wounded figure of its own) also make a killed-or-wounded figure, their sum (`summed` 1).
 * The figures themselves come worked out from claim_figures (src/store/claim-figures.ts).
 *
 * With `metric`, only that metric's figures: the claims that give none are dropped before the costly
 * checks (repeats, revisions) run, so a question about one metric reads a few thousand claims of a
 * region's tens of thousands. Which figures a revision supersedes is unchanged. With `postgres`,
 * written for PostgreSQL (see claimsRead).
 */
export function figuresCte(
  filter: ClaimFilterInput | null | undefined,
  { metric, postgres = false }: { metric?: Metric; postgres?: boolean } = {},
  /** Narrows the claims further (SQL over the claim aliased `c`), before the costly checks run. */
  ...also: SQL[]
): SQL {
  const c = claimsAs('c');
  const givesMetric =
    metric === undefined
      ? []
      : [
          filter?.regionId
            ? // The region's figures of the metric from one index range, not each of its claims looked up.
              sql`${c.id} in (select g.claim_id from claim_figures g where g.metric = ${metric} and g.stance = 'ASSERTS'
                and (g.region_id in ${regionSubtree(filter.regionId.id)}
                  or g.claim_id in (select claim_id from claim_regions where region_id in ${regionSubtree(filter.regionId.id)})))`
            : // exists, not "id in (...)": the filter, not the metric's 80,000 claims, drives the scan.
              sql`exists (select 1 from claim_figures g where g.claim_id = ${c.id} and g.metric = ${metric})`,
        ];
  const figureClaims = sql`select ${c.id} as id, ${c.claimantActorId} as actor_id, ${c.claimantOfficialId} as official_id, ${c.regionId} as region_id,
      ${periodKey(c)} as period_key, ${sql.raw(claimDates('c'))},
      ${supersededWithin(c, filter)} as superseded
    from ${claimsRead(filter, postgres)} ${c} where ${countedClaims(c, filter, sql`${c.stance} = 'ASSERTS'`, ...givesMetric, ...also)}`;
  return sql`figure_claims as materialized (${figureClaims}),
    figures as (
      select f.actor_id, f.official_id, f.region_id, ${changePeriod('g')}, ${sql.raw(claimDates('f'))}, f.superseded,
        g.claim_id, g.quantity_id, g.metric, g.unit, g.per, g.measure, g.modality, g.kind, g.low, g.high, g.best,
        g.low_inclusive, g.high_inclusive, g.summed, g.article_date
      from figure_claims f join ${claimFiguresRead(filter, postgres)} g on g.claim_id = f.id ${metric ? sql`and g.metric = ${metric}` : sql``}
    )`;
}

/**
 * Figure envelopes per claimant and kind of figure (metric, unit, rate, measure, modality), over the
 * current figures only (a superseded one left out), in the kinds' order (byKindOrder); `summed` says
 * how many claims gave killed and wounded apart, counted as their sum. Not `perClaimant`: one
 * envelope per kind over every claimant (actorId and officialId null), the same as the claimants'
 * envelopes put together.
 */
export async function figureGroups(
  db: AnyDb,
  filter: ClaimFilterInput | null | undefined,
  perClaimant = true,
): Promise<FigureGroup[]> {
  const rows = await allRows<Omit<FigureGroup, keyof FigureKind>>(
    db,
    figureGroupsSql(filter, perClaimant, isPostgres(db)),
  );
  // Each kind read and ranked once; the envelopes, gathered by kind in the statement's order, are
  // listed kind after kind: a few dozen kinds sorted, not thousands of envelopes.
  const byKind = new Map<string, typeof rows>();
  for (const row of rows) {
    const same = byKind.get(row.kind);
    if (same) same.push(row);
    else byKind.set(row.kind, [row]);
  }
  const kinds = [...byKind.keys()].map((kind) => ({ kind, ...readFigureKind(kind) })).sort(byKindOrder);
  return kinds.flatMap((kind) =>
    byKind.get(kind.kind)!.map((row) => ({
      actorId: row.actorId,
      officialId: row.officialId,
      kind: row.kind,
      metric: kind.metric,
      unit: kind.unit,
      per: kind.per,
      measure: kind.measure,
      modality: kind.modality,
      claims: row.claims,
      low: row.low,
      high: row.high,
      openEnded: row.openEnded,
      summed: row.summed,
    })),
  );
}

const metricRank = new Map(metrics.map((m, i) => [m, i]));

/** How kinds of figure are listed: by metric (in the vocabulary's order), then unit, rate, measure and modality, a missing one first. */
const byKindOrder = (a: FigureKind, b: FigureKind) =>
  metricRank.get(a.metric)! - metricRank.get(b.metric)! ||
  ascending(a.unit, b.unit, 'first') ||
  ascending(a.per, b.per, 'first') ||
  ascending(a.measure, b.measure, 'first') ||
  ascending(a.modality, b.modality, 'first');

/**
 * figureGroups' statement, its envelopes by kind (`kind`) in no order: grouped by the one column
 * claim_figures.kind, read from the narrow index claim_figures_kinds, and left unsorted. At a million
 * claims, claimStats' figures for the largest province took 34 ms grouped by the five columns of a
 * kind and sorted in SQL.
 */
export function figureGroupsSql(
  filter: ClaimFilterInput | null | undefined,
  perClaimant = true,
  postgres = false,
): SQL {
  const [claimant, byClaimant] = perClaimant
    ? ['actor_id as "actorId", official_id as "officialId"', 'actor_id, official_id,']
    : ['cast(null as integer) as "actorId", cast(null as integer) as "officialId"', ''];
  return sql`
    with ${figuresCte(filter, { postgres })}
    select ${sql.raw(claimant)}, kind,
      count(distinct claim_id) as claims, min(low) as low, max(high) as high,
      sum(case when high is null and low is not null then 1 else 0 end) as "openEnded",
      sum(summed) as summed
    from figures
    where not superseded
    group by ${sql.raw(byClaimant)} kind`;
}

export interface LeftOut {
  repeats: number;
  superseded: number;
  notAsserted: number;
}

/** How many matching claims each rule left out of the figures. */
export async function leftOut(db: AnyDb, filter: ClaimFilterInput | null | undefined): Promise<LeftOut> {
  const c = claimsAs('c');
  const counted = countedClaims(c, filter);
  const matched = claimFilterSql(c, filter) ?? sql`true`;
  const row = await firstRow<Partial<LeftOut>>(
    db,
    sql`select
      sum(case when ${repeatsMatching(c, filter)} then 1 else 0 end) as repeats,
      sum(case when ${counted} and ${c.stance} = 'ASSERTS' and ${supersededWithin(c, filter)} then 1 else 0 end) as superseded,
      sum(case when ${counted} and ${c.stance} <> 'ASSERTS' then 1 else 0 end) as "notAsserted"
    from ${claimsRead(filter, isPostgres(db))} ${c} where ${matched}`,
  );
  return { repeats: row?.repeats ?? 0, superseded: row?.superseded ?? 0, notAsserted: row?.notAsserted ?? 0 };
}

/** What every claimStats applies, in words. */
export const aggregateConventions = [
  `Numbers become intervals under the number conventions, version ${conventionsVersion} (numberConventions).`,
  'A statement repeated in another article (REPEATS) counts once.',
  'A figure revised by a later claim of the same claimant (REVISES) is superseded: only the latest counts.',
  'Denials and refusals to confirm (stance other than ASSERTS) give no figure.',
  'Figures are combined only when metric, unit, rate, measure and modality all agree.',
  'Killed and wounded given separately in one claim also count as killed-or-wounded, their sum (see summedFromParts).',
];
