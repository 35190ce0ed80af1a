import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { claims } from '../../src/db/schema.ts';
import { countedClaims, figureGroupsSql } from '../../src/graphql/aggregates/figures.ts';

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
export const figureEnvelopesSql = (filter: RegionStatsFilter) => inline(figureGroupsSql(asClaimFilter(filter)));

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
