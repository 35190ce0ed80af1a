import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { allRows, type AnyDb, isPostgres } from '../../db/engine.ts';
import { claims } from '../../db/schema.ts';
import { regionSubtree } from '../filters.ts';
import { boundOfQuantity } from '../../store/claim-figures.ts';
import { repeatsMatching, supersededWithin } from './figures.ts';
import { bucketStart, firstDayOf, type TimeBucketName } from './time-buckets.ts';

export interface BalanceChangeRow {
  id: number;
  gainedById: number | null;
  lostById: number | null;
  bucket: string | null;
  /** The area changed, as an interval under the number conventions; all null when no area is given. */
  low: number | null;
  best: number | null;
  high: number | null;
  sized: number;
}

/**
 * The territory changes in a region and every region inside it, each dated (its period's end,
 * else its start, else its article's day, else its claim's statement date) and sized by its first
 * AREA_KM2 amount. A change recorded from a claim that repeats another, that a later claim
 * revises, or that does not assert (a denial) is left out, as every aggregate leaves them out.
 */
export function balanceChanges(db: AnyDb, regionId: number, bucket: TimeBucketName): Promise<BalanceChangeRow[]> {
  const postgres = isPostgres(db);
  const c = alias(claims, 'c') as unknown as typeof claims;
  const day = sql`coalesce(t.period_end, t.period_start, ${firstDayOf(sql`a.published_on`)}, substr(a.published_at, 1, 10), ${firstDayOf(sql`c.stated_on`)})`;
  return allRows<BalanceChangeRow>(
    db,
    sql`
    select t.id, t.gained_by_id as "gainedById", t.lost_by_id as "lostById",
      ${bucketStart(day, bucket, postgres)} as bucket,
      ${boundOfQuantity('q', 'low', postgres)} as low, q.best as best, ${boundOfQuantity('q', 'high', postgres)} as high,
      q.id is not null as sized
    from territory_changes t
    left join claims ${c} on c.id = t.claim_id
    left join articles a on a.id = coalesce(t.article_id, c.article_id)
    left join quantities q on q.id = (select min(id) from quantities x where x.territory_change_id = t.id and x.metric = 'AREA_KM2')
    where t.region_id in ${regionSubtree(regionId)}
      and (t.claim_id is null or (c.stance = 'ASSERTS' and not ${repeatsMatching(c, null)} and not ${supersededWithin(c, null)}))
    order by bucket nulls first, t.id`,
  );
}
