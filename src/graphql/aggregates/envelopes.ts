import type { FigureGroup } from './figures.ts';

/** One kind of figure's envelope: bounds and claim counts, with whether any figure is open-ended. */
export type QuantityStatsShape = Omit<FigureGroup, 'actorId' | 'officialId' | 'kind' | 'openEnded'> & {
  openEnded: boolean;
};

// Fields listed, not spread: V8 builds a spread copy the slow way, 10 ms of a province's 6,500 envelopes.
export function toQuantityStats(group: FigureGroup): QuantityStatsShape {
  const openEnded = group.openEnded > 0;
  return {
    metric: group.metric,
    unit: group.unit,
    per: group.per,
    measure: group.measure,
    modality: group.modality,
    claims: group.claims,
    low: group.low,
    high: openEnded ? null : group.high,
    summed: group.summed,
    openEnded,
  };
}

/**
 * The overall envelope per kind of figure, from the per-claimant ones: every claim has exactly one
 * claimant group, so claim counts add up, and bounds are the extremes of the groups' bounds.
 */
export function overallEnvelopes(rows: FigureGroup[]): QuantityStatsShape[] {
  const byKind = new Map<string, QuantityStatsShape>();
  for (const row of rows) {
    const group = toQuantityStats(row);
    const total = byKind.get(row.kind);
    if (!total) {
      byKind.set(row.kind, group);
      continue;
    }
    total.claims += group.claims;
    total.summed += group.summed;
    if (group.low !== null) total.low = total.low === null ? group.low : Math.min(total.low, group.low);
    if (group.openEnded || total.openEnded) {
      total.openEnded = true;
      total.high = null;
    } else if (group.high !== null) total.high = total.high === null ? group.high : Math.max(total.high, group.high);
  }
  // Rows come in the kinds' order, so the map's insertion order is that order too.
  return [...byKind.values()];
}
