import { type SQL, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { claims } from '../../src/db/schema.ts';
import { countedClaims, figureGroupsSql } from '../../src/graphql/aggregates/figures.ts';
import { metricOrderOf } from './sql.ts';

/**
 * What claimStats counts, as SQL text for a raw connection, written by the product's own rules
 * (src/graphql/aggregates/figures.ts: repeats once, revised figures superseded, denials without
 * figures, envelopes per figure identity under the number conventions). The references answer the
 * question claimgraph answers and differ only in the way there: no GraphQL layer, no ORM.
 */

export interface RegionStatsFilter {
  kinds: string[];
  regionId: number;
}

const dialect = new SQLiteSyncDialect();
const inline = (query: SQL) => dialect.sqlToQuery(query.inlineParams()).sql;
const asClaimFilter = ({ kinds, regionId }: RegionStatsFilter) => ({
  kinds: kinds as never,
  regionId: { typename: 'Region', id: regionId },
});

/** A condition on the table `claims`: the claims the statistics count. */
export const countedClaimsSql = (filter: RegionStatsFilter) => inline(countedClaims(claims, asClaimFilter(filter)));

/**
 * Figure envelopes per claimant and identity, in claimgraph's order: actorId, officialId, metric,
 * unit, per, measure, modality, claims, low, high, openEnded, summed.
 */
export const figureEnvelopesSql = (filter: RegionStatsFilter) =>
  inline(sql`with envelopes as materialized (${figureGroupsSql(asClaimFilter(filter))}),
    kinds as materialized (
      select kind, ${sql.raw(kindColumns)}
      from (select kind, c + instr(substr(kind, c + 1), '|') as d, c, b, a
        from (select kind, b + instr(substr(kind, b + 1), '|') as c, b, a
          from (select kind, a + instr(substr(kind, a + 1), '|') as b, a
            from (select kind, instr(kind, '|') as a from (select distinct kind from envelopes)))))
    )
    select e."actorId", e."officialId", k.metric, k.unit, k.per, k.measure, k.modality, e.claims, e.low, e.high, e."openEnded", e.summed
    from envelopes e join kinds k on k.kind = e.kind
    order by ${sql.raw(metricOrderOf('k.metric'))}, k.unit nulls first, k.per nulls first, k.measure, k.modality`);

/**
 * A kind's columns from claim_figures.kind (src/db/figure-kind.ts), cut at its separators a, b, c
 * and d (d = c without a unit). Worked out once per kind, not per envelope: SQLite writes each cut
 * into the next as an expression, so the work grows with each level.
 */
const kindColumns = `substr(kind, 1, a - 1) as metric,
  case when d = c then null else substr(kind, d + 1) end as unit,
  nullif(substr(kind, a + 1, b - a - 1), '') as per,
  substr(kind, b + 1, c - b - 1) as measure,
  case when d = c then substr(kind, c + 1) else substr(kind, c + 1, d - c - 1) end as modality`;

/** The envelope of one identity as claimStats shows it: no upper bound once any figure is open-ended. */
export const shownEnvelope = (e: {
  metric: string;
  claims: number;
  low: number | null;
  high: number | null;
  openEnded: number;
}) => ({
  metric: e.metric,
  claims: e.claims,
  low: e.low,
  high: e.openEnded > 0 ? null : e.high,
});

/** The overall envelope per identity from the per-claimant ones (every claim is in one claimant group). */
export function overallEnvelopes<
  E extends {
    metric: string;
    unit: string | null;
    per: string | null;
    measure: string;
    modality: string;
    claims: number;
    low: number | null;
    high: number | null;
    openEnded: number;
  },
>(rows: E[]): E[] {
  const byIdentity = new Map<string, E>();
  for (const row of rows) {
    const key = `${row.metric}|${row.unit}|${row.per}|${row.measure}|${row.modality}`;
    const total = byIdentity.get(key);
    if (!total) {
      byIdentity.set(key, { ...row });
      continue;
    }
    total.claims += row.claims;
    total.openEnded += row.openEnded;
    if (row.low !== null) total.low = total.low === null ? row.low : Math.min(total.low, row.low);
    if (row.high !== null) total.high = total.high === null ? row.high : Math.max(total.high, row.high);
  }
  return [...byIdentity.values()];
}
