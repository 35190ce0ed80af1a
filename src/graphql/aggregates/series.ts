import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { measures, Metric, modalities, ratePeriods } from '../../db/schema.ts';
import type { ClaimFilterInput } from '../types/claim-filter.ts';
import { figuresCte } from './figures.ts';
import { bucketStart, claimDay, saidDay, type TimeBucketName } from './time-buckets.ts';

/**
 * A metric over time: per bucket and claimant, the figure the claimant gave last in that bucket.
 * Figures come from figuresCte (repeats once, superseded revisions and denials left out), so a
 * series never shows a figure beside its own revision.
 */

export interface SeriesFigureRow {
  claimId: number;
  actorId: number | null;
  officialId: number | null;
  unit: string | null;
  per: (typeof ratePeriods)[number] | null;
  measure: (typeof measures)[number];
  modality: (typeof modalities)[number];
  low: number | null;
  best: number | null;
  high: number | null;
  summed: number;
  day: string;
  bucket: string;
  /** The figure covers days before its bucket: a running total, never to be added to earlier buckets. */
  runningTotal: number;
  /** Earlier figures of the same claimant and identity in the same bucket, replaced by this one. */
  replaced: number;
}

/** The rows of a series, and how many figures had no date; rows are in line, bucket, claimant order. */
export function seriesFigures(
  db: Db,
  filter: ClaimFilterInput | null | undefined,
  metric: Metric,
  unit: string | null | undefined,
  bucket: TimeBucketName,
): { rows: SeriesFigureRow[]; undated: number } {
  const identity = sql.raw('unit, per, measure, modality, actor_id, official_id');
  const rows = db.all<SeriesFigureRow & { claimId: number | null; undated: number }>(sql`
    with ${figuresCte(filter, metric)},
    -- Materialized: read twice (buckets and the undated count); inlined, it ran 590 ms instead of 15 on 100k claims.
    dated as materialized (
      -- A figure carries its claim's dates, so it stands in as the claim c that claimDay and saidDay read.
      -- Only the columns read below: every one is carried through the window's sort.
      select c.claim_id, c.actor_id, c.official_id, c.unit, c.per, c.measure, c.modality, c.low, c.best, c.high, c.summed,
        c.period_start, ${claimDay} as day, ${saidDay} as said
      from figures c join articles a on a.id = c.article_id
      where not c.superseded and c.metric = ${metric} ${unit === undefined || unit === null ? sql`` : sql`and c.unit is ${unit}`}
    ),
    bucketed as (select *, ${bucketStart(sql`day`, bucket)} as bucket from dated where day is not null),
    ranked as (
      select *,
        row_number() over latest as rank,
        count(*) over (latest rows between unbounded preceding and unbounded following) - 1 as replaced
      from bucketed
      -- One window for both, so the figures are sorted once.
      window latest as (partition by bucket, ${identity} order by said desc, claim_id desc)
    )
    select claim_id as claimId, actor_id as actorId, official_id as officialId, unit, per, measure, modality,
      low, best, high, summed, day, bucket, replaced,
      (measure = 'CHANGE' and period_start is not null and period_start < bucket) as runningTotal, undated
    from (select count(*) as undated from dated where day is null) left join ranked on rank = 1
    order by unit, per, measure, modality, bucket, official_id is null, official_id, actor_id is null, actor_id`);
  return { rows: rows.filter((r) => r.claimId !== null), undated: rows[0]?.undated ?? 0 };
}
