import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { allRows, type AnyDb } from '../../db/engine.ts';
import { claims, type RegionKind } from '../../db/schema.ts';
import type { ClaimFilterInput } from '../types/claim-filter.ts';
import { countedClaims } from './figures.ts';
import { articleDateSql } from '../claim-dates.ts';
import { claimDay } from './time-buckets.ts';

export const groupKeys = [
  'CLAIMANT',
  'CLAIMANT_KIND',
  'SUBJECT',
  'REGION',
  'ARTICLE',
  'OUTLET',
  'METRIC',
  'MONTH',
] as const;
export type GroupKeyName = (typeof groupKeys)[number];

/**
 * What each key groups a claim by, as SQL over the claim `c`, its article `a` and the joins the key
 * needs. A claim with several subjects or metrics is in one group per subject or metric; a claim
 * the key says nothing of (no outlet, no region at the level asked) is in the null group.
 */
const keySql: Record<GroupKeyName, { columns: string[]; join?: string }> = {
  CLAIMANT: { columns: ['c.claimant_official_id', 'c.claimant_actor_id'] },
  CLAIMANT_KIND: {
    columns: [
      `case when c.claimant_official_id is not null then 'OFFICIAL' else (select kind from actors where actors.id = c.claimant_actor_id) end`,
    ],
  },
  SUBJECT: { columns: ['s.actor_id'], join: 'left join claim_subjects s on s.claim_id = c.id' },
  REGION: { columns: ['rl.ancestor_id'], join: 'left join region_levels rl on rl.region_id = c.region_id' },
  ARTICLE: { columns: ['c.article_id'] },
  OUTLET: { columns: ['a.outlet_id'], join: 'join articles a on a.id = c.article_id' },
  METRIC: {
    columns: ['m.metric'],
    join: 'left join (select distinct claim_id, metric from quantities) m on m.claim_id = c.id',
  },
  MONTH: { columns: [] },
};

export interface GroupRow {
  keys: (string | number | null)[];
  count: number;
  claimId: number | null;
}

/**
 * Each region and the region it rolls up to: itself when no level is asked for, else its
 * ancestor-or-self of that kind (none when it lies above that level).
 */
function regionLevels(level: RegionKind | null | undefined): SQL {
  return sql`region_levels(region_id, ancestor_id) as (
    with recursive up(region_id, ancestor_id, kind) as (
      select id, id, kind from regions
      union all
      select up.region_id, r.parent_id, (select kind from regions p where p.id = r.parent_id)
      from up join regions r on r.id = up.ancestor_id where r.parent_id is not null
    )
    select id, ${level ? sql`(select ancestor_id from up u where u.region_id = regions.id and u.kind = ${level} limit 1)` : sql`id`}
    from regions)`;
}

/**
 * The groups of the counted claims (repeats once) under the keys, largest first, each with its
 * first `sample` claim ids: one row per sampled claim (a group with `sample` 0 has one row, id null).
 */
export async function claimGroupRows(
  db: AnyDb,
  filter: ClaimFilterInput | null | undefined,
  by: GroupKeyName[],
  regionLevel: RegionKind | null | undefined,
  sample: number,
  groups: number,
): Promise<GroupRow[]> {
  const c = alias(claims, 'c') as unknown as typeof claims;
  // The article's date only when the claim has none of its own (claimDay's last fallback), and the
  // article only for OUTLET: joining every claim's article cost more than the rest of the grouping.
  const columns = by.flatMap((key) =>
    key === 'MONTH'
      ? [sql`substr(${claimDay(articleDateSql(sql`c.article_id`))}, 1, 7)`]
      : keySql[key].columns.map((s) => sql.raw(s)),
  );
  const joins = [...new Set(by.flatMap((key) => keySql[key].join ?? []))].map((j) => sql.raw(j));
  const names = columns.map((_, i) => sql.raw(`k${i}`));
  const keyList = sql.join(names, sql`, `);
  const rows = await allRows<Record<string, string | number | null>>(
    db,
    sql`
    with ${by.includes('REGION') ? sql`${regionLevels(regionLevel)},` : sql``}
    -- No DISTINCT: each join gives a claim at most one row per key value (one article, one ancestor
    -- per region, claim_subjects' key, the distinct metrics), so a row is never listed twice, and a
    -- DISTINCT over a province's 35,000 claims cost a fifth of the query.
    keyed as (
      select ${sql.join(
        columns.map((col, i) => sql`${col} as ${names[i]}`),
        sql`, `,
      )}, c.id as claim_id
      from claims ${c} ${sql.join(joins, sql` `)}
      where ${countedClaims(c, filter)}
    ),
    counted as (
      select *, count(*) over (partition by ${keyList}) as count,
        row_number() over (partition by ${keyList} order by claim_id) as n
      from keyed
    ),
    ranked as (
      select *, dense_rank() over (order by count desc, ${sql.join(
        names.map((n) => sql`${n} is null, ${n}`),
        sql`, `,
      )}) as g
      from counted where n <= ${Math.max(sample, 1)}
    )
    select ${keyList}, count, case when n <= ${sample} then claim_id end as "claimId" from ranked
    where g <= ${groups} order by g, n`,
  );
  return rows.map((row) => ({
    keys: names.map((_, i) => row[`k${i}`] ?? null),
    count: row.count as number,
    claimId: row.claimId as number | null,
  }));
}

/** Where each key's values start in a row's `keys` (CLAIMANT takes two: official, actor). */
export function keyOffsets(by: GroupKeyName[]): number[] {
  let at = 0;
  return by.map((key) => {
    const start = at;
    at += key === 'CLAIMANT' ? 2 : 1;
    return start;
  });
}
