import type { NumberShape } from '../db/schema.ts';

/**
 * How worded numbers become intervals: the phrase conventions every aggregate applies and names.
 * Versioned: an aggregate reports the version it used, and a change to any rule below is a new
 * version (README prints this table; a test keeps the two equal).
 */
export const conventionsVersion = '2026-12-1';

export interface ShapeRule {
  shape: NumberShape;
  /** The source's wording this shape covers. */
  examples: string;
  /** The interval, in words. */
  rule: string;
}

export const shapeRules: ShapeRule[] = [
  { shape: 'EXACT', examples: 'killed 50', rule: '[n, n]' },
  { shape: 'ABOUT', examples: 'about, around, roughly, some', rule: '[0.9n, 1.1n], best n' },
  { shape: 'APPROACHING', examples: 'approaching, nearly, just under, almost', rule: '[0.9n, n), best n' },
  { shape: 'RANGE', examples: 'between 100 and 200, 100-200', rule: '[low, high]' },
  { shape: 'AT_LEAST', examples: 'at least, no fewer than', rule: '[n, open)' },
  { shape: 'MORE_THAN', examples: 'more than, over, upwards of', rule: '(n, open)' },
  { shape: 'AT_MOST', examples: 'at most, up to, no more than', rule: '[0, n]' },
  { shape: 'LESS_THAN', examples: 'fewer than, under, less than', rule: '[0, n)' },
  { shape: 'WORDS', examples: 'dozens, hundreds, heavy', rule: 'the phrase table below; no bound when not in it' },
];

export interface PhraseRule {
  phrase: string;
  low: number | null;
  high: number | null;
}

/** Words only. Bounds are inclusive; null is open. Matched on the phrase lower-cased, exactly. */
export const phraseRules: PhraseRule[] = [
  { phrase: 'a few', low: 2, high: 9 },
  { phrase: 'several', low: 3, high: 9 },
  { phrase: 'dozens', low: 24, high: 99 },
  { phrase: 'scores', low: 40, high: 99 },
  { phrase: 'hundreds', low: 200, high: 999 },
  { phrase: 'several hundred', low: 300, high: 999 },
  { phrase: 'thousands', low: 2000, high: 9999 },
  { phrase: 'several thousand', low: 3000, high: 9999 },
  { phrase: 'tens of thousands', low: 20000, high: 99999 },
  { phrase: 'heavy', low: null, high: null },
  { phrase: 'significant', low: null, high: null },
];

const phraseTable = new Map(phraseRules.map((r) => [r.phrase, r]));

export interface Interval {
  low: number | null;
  high: number | null;
  best: number | null;
  lowInclusive: boolean;
  highInclusive: boolean;
  /** Which rule made it: `ABOUT`, `WORDS:hundreds`, `WORDS:unknown`. */
  rule: string;
}

export interface StoredQuantity {
  shape: NumberShape;
  best: number | null;
  low: number | null;
  high: number | null;
  phrase: string | null;
}

/** The interval a stored quantity stands for under the conventions. */
export function intervalOf(q: StoredQuantity): Interval {
  const closed = (low: number | null, high: number | null, best: number | null, rule: string): Interval => ({
    low,
    high,
    best,
    lowInclusive: true,
    highInclusive: true,
    rule,
  });
  const n = q.best ?? q.low ?? q.high;
  switch (q.shape) {
    case 'EXACT':
      return closed(q.low ?? n, q.high ?? n, n, 'EXACT');
    case 'ABOUT':
      return closed(q.low ?? 0.9 * n!, q.high ?? 1.1 * n!, n, 'ABOUT');
    case 'APPROACHING':
      return { ...closed(q.low ?? 0.9 * n!, n, n, 'APPROACHING'), highInclusive: false };
    case 'RANGE':
      return closed(q.low, q.high, q.best, 'RANGE');
    case 'AT_LEAST':
      return closed(q.low, null, q.best, 'AT_LEAST');
    case 'MORE_THAN':
      return { ...closed(q.low, null, q.best, 'MORE_THAN'), lowInclusive: false };
    case 'AT_MOST':
      return closed(0, q.high, q.best, 'AT_MOST');
    case 'LESS_THAN':
      return { ...closed(0, q.high, q.best, 'LESS_THAN'), highInclusive: false };
    case 'WORDS': {
      if (q.low !== null || q.high !== null || q.best !== null) return closed(q.low, q.high, q.best, 'WORDS:coded');
      const rule = q.phrase === null ? undefined : phraseTable.get(q.phrase.trim().toLowerCase());
      return rule
        ? closed(rule.low, rule.high, null, `WORDS:${rule.phrase}`)
        : closed(null, null, null, 'WORDS:unknown');
    }
  }
}
