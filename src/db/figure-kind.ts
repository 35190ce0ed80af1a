import { type SQL, sql } from 'drizzle-orm';
import type { measures, Metric, modalities, ratePeriods } from './vocabulary.ts';

/**
 * A figure's kind (metric, rate, measure, modality, unit: figures are put together only within one)
 * as one text, so that claimStats groups figures by one column instead of five, four of them text:
 * `metric|per|measure|modality`, then `|unit` when there is a unit. A missing rate is empty. Only the
 * unit is free text, and it comes last, so a `|` inside it reads back whole. claim_figures.kind is
 * this expression, generated alike on both engines.
 */
export const figureKind: SQL = sql.raw(
  `metric || '|' || coalesce(per, '') || '|' || measure || '|' || modality || coalesce('|' || unit, '')`,
);

export interface FigureKind {
  metric: Metric;
  unit: string | null;
  per: (typeof ratePeriods)[number] | null;
  measure: (typeof measures)[number];
  modality: (typeof modalities)[number];
}

/** The five columns of a kind written by figureKind. */
export function readFigureKind(kind: string): FigureKind {
  const [metric, per, measure, modality, ...unit] = kind.split('|');
  return {
    metric: metric as Metric,
    unit: unit.length > 0 ? unit.join('|') : null,
    per: (per || null) as FigureKind['per'],
    measure: measure as FigureKind['measure'],
    modality: modality as FigureKind['modality'],
  };
}
