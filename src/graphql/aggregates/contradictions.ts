import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { claims } from '../../db/schema.ts';
import { runQuery, type Work } from '../../db/statements.ts';
import { allRows, type AnyDb, firstRow, idList, isPostgres } from '../../db/engine.ts';
import { claimFilterSql, type ClaimFilterInput } from '../types/claim-filter.ts';
import { contradictsSql, type FigureInterval, samePeriodSql } from './contradiction-rule.ts';
import { figuresCte } from './figures.ts';

/** Why two claims cannot both hold: their figures are disjoint, or one says so of the other. */
export const contradictionKinds = ['DISJOINT_FIGURES', 'CONTRADICTS', 'DENIES'] as const;
export type ContradictionKindName = (typeof contradictionKinds)[number];

export interface ContradictionRow {
  firstId: number;
  secondId: number;
  kind: ContradictionKindName;
  kindRank: number;
  /** For DISJOINT_FIGURES: the identity and both intervals. */
  metric: string | null;
  unit: string | null;
  per: string | null;
  measure: string | null;
  modality: string | null;
  first: FigureInterval | null;
  second: FigureInterval | null;
  /** For a relation: the claim that states it, and its note. */
  statedById: number | null;
  note: string | null;
}

/** Where a page starts: after this pair and reason. */
export interface ContradictionKey {
  firstId: number;
  secondId: number;
  kindRank: number;
}

/** What the pair rule and a contradiction's row read of each figure (and which of the claim's it is). */
const pairColumns = [
  'claim_id',
  'quantity_id',
  'summed',
  'region_id',
  'metric',
  'unit',
  'per',
  'measure',
  'modality',
  'period_key',
  'period_start',
  'period_end',
  'period_text',
  'low',
  'high',
  'best',
  'low_inclusive',
  'high_inclusive',
];

/** A figure's interval in a contradiction's row, each end named for its side (`a_low`), from `value(end)`. */
const intervalOf = (side: 'a' | 'b', value: (end: string) => string) =>
  sql.raw(
    ['low', 'high', 'best', 'low_inclusive', 'high_inclusive']
      .map((end) => `${value(end)} as ${side}_${end}`)
      .join(', '),
  );

/**
 * Every pair of claims under the filter that cannot both hold, as one SQL relation: two current
 * asserted figures of one identity with disjoint intervals about the same subject (or both about
 * none), the same region and the same time (samePeriod); or a CONTRADICTS or DENIES relation between
 * two matching claims. Each pair is listed with its smaller claim id first. With `naming`, only the
 * pairs with one of those claims on either side (applied inside, so no other pair is joined).
 */
function contradictionPairs(db: AnyDb, filter: ClaimFilterInput | null | undefined, naming?: number[]): SQL {
  // One bound parameter however many claims an import committed (SQLite caps a statement's parameters).
  const named = naming && sql`(select value from ${idList(db, naming)})`;
  const namingFigures = named ? sql`and (a.claim_id in ${named} or b.claim_id in ${named})` : sql``;
  const namingRelations = named ? sql`and (r.claim_id in ${named} or r.related_claim_id in ${named})` : sql``;
  const x = alias(claims, 'x') as unknown as typeof claims;
  const y = alias(claims, 'y') as unknown as typeof claims;
  // A relation's two claims, smaller id first (SQLite's two-argument min and max are PostgreSQL's least and greatest).
  const [smallerId, largerId] = ['<', '>'].map((than) =>
    sql.raw(`case when r.claim_id ${than} r.related_claim_id then r.claim_id else r.related_claim_id end`),
  );
  // The current figures, once per subject of their claim (subject 0: none), materialized: pairing on
  // the subject is the same-subject rule (both about none, or sharing one), and it keeps the pairs to
  // test to a handful per figure. Left as a view, SQLite 3.53 flattened the figures into the
  // self-join and paired every claim of a region with every other first (3.5 s for a province at
  // 100k claims, with the server blocked meanwhile).
  // With `naming`, only the named claims' regions: a pair shares its region, so no other figure can
  // be in one (a write with a live listener paired the whole database's figures: 0.85 s at 100k).
  const sameRegion = named
    ? [
        sql`(c.region_id in (select region_id from claims where id in ${named})
        or (c.region_id is null and exists (select 1 from claims where id in ${named} and region_id is null)))`,
      ]
    : [];
  return sql`${figuresCte(filter, { postgres: isPostgres(db) }, ...sameRegion)},
    current_figures as materialized (
      select ${sql.raw(pairColumns.map((column) => `figures.${column}`).join(', '))}, coalesce(s.actor_id, 0) as subject_id
      from figures left join claim_subjects s on s.claim_id = figures.claim_id
      where not figures.superseded
    ),
    disjoint_figures as (
      select a.claim_id as first_id, b.claim_id as second_id,
          a.metric, a.unit, a.per, a.measure, a.modality, ${intervalOf('a', (end) => `a.${end}`)},
          ${intervalOf('b', (end) => `b.${end}`)},
          -- Two claims can be disjoint in several figures (killed, and killed or wounded), or met twice through
          -- two shared subjects: the pair is listed once, with the figures each claim gives first.
          row_number() over (partition by a.claim_id, b.claim_id
            order by a.quantity_id, a.summed, b.quantity_id, b.summed) as nth
        from current_figures a join current_figures b on b.subject_id = a.subject_id and b.metric = a.metric
          and b.measure = a.measure and b.modality = a.modality and b.region_id is not distinct from a.region_id
          and b.period_key = a.period_key and a.claim_id < b.claim_id and ${contradictsSql('a', 'b')}
        where ${samePeriodSql('a.measure', 'a', 'b')}
          ${namingFigures}
    ),
    contradiction_pairs as (
      select first_id, second_id, 0 as kind_rank, 'DISJOINT_FIGURES' as kind, metric, unit, per, measure, modality,
          ${intervalOf('a', (end) => `a_${end}`)}, ${intervalOf('b', (end) => `b_${end}`)},
          null as stated_by_id, null as note
        from disjoint_figures where nth = 1
      union all
      select ${smallerId}, ${largerId},
          case r.kind when 'CONTRADICTS' then 1 else 2 end, r.kind, null, null, null, null, null,
          ${intervalOf('a', () => 'null')}, ${intervalOf('b', () => 'null')}, r.claim_id, r.note
        from claim_relations r join claims ${x} on ${x.id} = r.claim_id join claims ${y} on ${y.id} = r.related_claim_id
        where r.kind in ('CONTRADICTS', 'DENIES') and ${claimFilterSql(x, filter) ?? sql`true`} and ${claimFilterSql(y, filter) ?? sql`true`}
          ${namingRelations}
    )`;
}

type RawRow = Record<string, number | string | null>;

const intervalFrom = (row: RawRow, f: 'a' | 'b'): FigureInterval | null =>
  row.kind !== 'DISJOINT_FIGURES'
    ? null
    : {
        low: row[`${f}_low`] as number | null,
        high: row[`${f}_high`] as number | null,
        best: row[`${f}_best`] as number | null,
        lowInclusive: Boolean(row[`${f}_low_inclusive`]),
        highInclusive: Boolean(row[`${f}_high_inclusive`]),
      };

/**
 * One page of contradictions in (first claim, second claim, reason) order, after `after`; one row
 * more tells whether more follow. `total` counts every page, from the same statement: the pairs are
 * all made before any is ordered, so counting them costs nothing more (null when the page is empty).
 */
export async function contradictionPage(
  db: AnyDb,
  filter: ClaimFilterInput | null | undefined,
  after: ContradictionKey | null,
  limit: number,
): Promise<{ rows: ContradictionRow[]; total: number | null }> {
  const start = after
    ? sql`where (first_id, second_id, kind_rank) > (${after.firstId}, ${after.secondId}, ${after.kindRank})`
    : sql``;
  const rows = await allRows<RawRow>(
    db,
    sql`with ${contradictionPairs(db, filter)}
    select * from (select *, count(*) over () as total from contradiction_pairs) as counted ${start}
    order by first_id, second_id, kind_rank limit ${limit}`,
  );
  return { rows: rows.map(contradictionOf), total: (rows[0]?.total as number | undefined) ?? null };
}

/**
 * The contradictions under the filter that name any of these claims (just written ones, for the
 * live subscriptions), by the same rule as the listing, in the same order.
 */
const namingSql = (db: AnyDb, filter: ClaimFilterInput | null | undefined, claimIds: number[]) =>
  sql`with ${contradictionPairs(db, filter, claimIds)}
    select * from contradiction_pairs order by first_id, second_id, kind_rank`;

export async function contradictionsNaming(
  db: AnyDb,
  filter: ClaimFilterInput | null | undefined,
  claimIds: number[],
): Promise<ContradictionRow[]> {
  if (claimIds.length === 0) return [];
  return (await allRows<RawRow>(db, namingSql(db, filter, claimIds))).map(contradictionOf);
}

/** One contradiction's identity: the pair and the reason (as a page's key). */
export const contradictionKey = (c: ContradictionKey) => `${c.firstId}:${c.secondId}:${c.kindRank}`;

/** The contradictions these claims form now, whatever any filter says, by key: inside a write's transaction. */
export function* contradictionKeysNaming(db: AnyDb, claimIds: number[]): Work<Set<string>> {
  const rows = (yield* runQuery(namingSql(db, null, claimIds), 'rows')) as RawRow[];
  return new Set(rows.map(contradictionOf).map(contradictionKey));
}

function contradictionOf(row: RawRow): ContradictionRow {
  return {
    firstId: row.first_id as number,
    secondId: row.second_id as number,
    kind: row.kind as ContradictionKindName,
    kindRank: row.kind_rank as number,
    metric: row.metric as string | null,
    unit: row.unit as string | null,
    per: row.per as string | null,
    measure: row.measure as string | null,
    modality: row.modality as string | null,
    first: intervalFrom(row, 'a'),
    second: intervalFrom(row, 'b'),
    statedById: row.stated_by_id as number | null,
    note: row.note as string | null,
  };
}

/** How many contradictions the filter holds, over all pages. */
export async function contradictionCount(db: AnyDb, filter: ClaimFilterInput | null | undefined): Promise<number> {
  const counted = await firstRow<{ n: number }>(
    db,
    sql`with ${contradictionPairs(db, filter)} select count(*) as n from contradiction_pairs`,
  );
  return counted!.n;
}
