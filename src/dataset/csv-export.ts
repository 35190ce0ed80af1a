import type Database from 'better-sqlite3';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { NumberShape } from '../db/schema.ts';
import { conventionsVersion, intervalOf } from '../model/conventions.ts';
import { claimPages, type ExportedClaim } from './claim-pages.ts';

/**
 * Claims' figures as CSV, one row per figure (quantity), in the two shapes analysts know from the
 * event datasets: `csv-conservative` keeps one conservative figure a row (the low bound of the
 * figure's interval under the number conventions, as ACLED keeps one conservative fatality count);
 * `csv-range` keeps best, low and high (as UCDP does). Every claim with a figure is exported,
 * denials, repeats and superseded revisions included, each flagged (`stance`, `repeat`,
 * `superseded`, and `counted` for what claimgraph's aggregates count) so that an analyst drops
 * them with a filter rather than finding them missing. RFC 4180: CRLF line ends, a field quoted
 * when it holds a comma, a double quote or a line break.
 */

export type CsvShape = 'conservative' | 'range';

interface QuantityRow {
  claim_id: number;
  metric: string;
  unit: string | null;
  per: string | null;
  measure: string;
  modality: string;
  shape: NumberShape;
  best: number | null;
  low: number | null;
  high: number | null;
  phrase: string | null;
  derivation: string | null;
}

/** One field, quoted only when RFC 4180 needs it. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (fields: (string | number | boolean | null | undefined)[]) =>
  `${fields.map(csvField).join(',')}\r\n`;

// A bound computed as a multiple (0.9 x 300) drops binary noise, as the aggregates' SQL does.
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 1e9) / 1e9);

const claimColumns = [
  'claim_id',
  'figure_index',
  'article_title',
  'outlet',
  'published',
  'stated_on',
  'claimant',
  'chain',
  'region',
  'other_regions',
  'subjects',
  'period_start',
  'period_end',
  'period_text',
  'kind',
  'metric',
  'unit',
  'per',
  'measure',
  'modality',
  'shape',
];
const figureColumns: Record<CsvShape, string[]> = {
  conservative: ['figure', 'figure_exclusive'],
  range: ['best', 'low', 'high', 'low_exclusive', 'high_exclusive'],
};
const tailColumns = [
  'phrase',
  'derivation',
  'convention_rule',
  'conventions_version',
  'stance',
  'superseded',
  'repeat',
  'counted',
  'statement',
];

export const csvColumns = (shape: CsvShape) => [...claimColumns, ...figureColumns[shape], ...tailColumns];

function figureFields(shape: CsvShape, q: QuantityRow) {
  const interval = intervalOf(q);
  const figures =
    shape === 'conservative'
      ? [rounded(interval.low), interval.low === null ? null : !interval.lowInclusive]
      : [
          interval.best,
          rounded(interval.low),
          rounded(interval.high),
          interval.low === null ? null : !interval.lowInclusive,
          interval.high === null ? null : !interval.highInclusive,
        ];
  return { figures, rule: interval.rule };
}

function rowOf(shape: CsvShape, claim: ExportedClaim, q: QuantityRow, index: number) {
  const { figures, rule } = figureFields(shape, q);
  return [
    encodeGlobalID('Claim', String(claim.id)),
    index,
    claim.articleTitle,
    claim.outlet,
    claim.published,
    claim.statedOn,
    claim.claimant,
    claim.chain.join(' > '),
    claim.region,
    claim.otherRegions.join('; '),
    claim.subjects.join('; '),
    claim.periodStart,
    claim.periodEnd,
    claim.periodText,
    claim.kind,
    q.metric,
    q.unit,
    q.per,
    q.measure,
    q.modality,
    q.shape,
    ...figures,
    q.phrase,
    q.derivation,
    rule,
    conventionsVersion,
    claim.stance,
    claim.superseded,
    claim.repeat,
    claim.stance === 'ASSERTS' && !claim.superseded && !claim.repeat,
    claim.statement,
  ];
}

/** The CSV text, line by line: the header, then one line per figure of every claim, by claim id. */
export function* csvLines(sqlite: Database.Database, shape: CsvShape): Generator<string> {
  yield csvLine(csvColumns(shape));
  const figuresOf = sqlite.prepare(
    `select claim_id, metric, unit, per, measure, modality, shape, best, low, high, phrase, derivation
     from quantities where claim_id in (select value from json_each(?)) order by claim_id, id`,
  );
  for (const page of claimPages(sqlite, { withFiguresOnly: true })) {
    const byClaim = new Map<number, QuantityRow[]>();
    for (const q of figuresOf.all(JSON.stringify(page.map((c) => c.id))) as QuantityRow[]) {
      let list = byClaim.get(q.claim_id);
      if (!list) byClaim.set(q.claim_id, (list = []));
      list.push(q);
    }
    for (const claim of page)
      for (const [index, q] of (byClaim.get(claim.id) ?? []).entries()) yield csvLine(rowOf(shape, claim, q, index));
  }
}
