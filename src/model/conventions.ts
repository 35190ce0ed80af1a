import type { NumberShape } from '../db/schema.ts';

/**
 * How worded numbers become intervals: the phrase conventions every aggregate applies and names.
 * Versioned: an aggregate reports the version it used, and a change to any rule below is a new
 * version (README prints this table; a test keeps the two equal).
 */
export const conventionsVersion = '2026-12-1';

/** Where a bound comes from: a multiple of one of the numbers given, a constant, or nowhere (open). */
export type Bound = { of: 'best' | 'low' | 'high'; times: number } | { constant: number } | null;

export interface ShapeRule {
  shape: NumberShape;
  /** The source's wording this shape covers. */
  examples: string;
  /** The interval, in words. */
  rule: string;
  low: Bound;
  high: Bound;
  lowInclusive: boolean;
  highInclusive: boolean;
}

const n = (times = 1) => ({ of: 'best' as const, times });
const rule = (
  shape: NumberShape,
  examples: string,
  words: string,
  low: Bound,
  high: Bound,
  inclusive: [boolean, boolean] = [true, true],
): ShapeRule => ({ shape, examples, rule: words, low, high, lowInclusive: inclusive[0], highInclusive: inclusive[1] });

/**
 * The interval each shape stands for. A low or high the coder gave explicitly always wins over
 * the rule (a coded "hundreds" of 100 to 999 stays that); WORDS with no numbers use the phrases.
 */
export const shapeRules: ShapeRule[] = [
  rule('EXACT', 'killed 50', '[n, n]', n(), n()),
  rule('ABOUT', 'about, around, roughly, some', '[0.9n, 1.1n], best n', n(0.9), n(1.1)),
  rule('APPROACHING', 'approaching, nearly, just under, almost', '[0.9n, n), best n', n(0.9), n(), [true, false]),
  rule('RANGE', 'between 100 and 200, 100-200', '[low, high]', { of: 'low', times: 1 }, { of: 'high', times: 1 }),
  rule('AT_LEAST', 'at least, no fewer than', '[n, open)', { of: 'low', times: 1 }, null),
  rule('MORE_THAN', 'more than, over, upwards of', '(n, open)', { of: 'low', times: 1 }, null, [false, true]),
  rule('AT_MOST', 'at most, up to, no more than', '[0, n]', { constant: 0 }, { of: 'high', times: 1 }),
  rule('LESS_THAN', 'fewer than, under, less than', '[0, n)', { constant: 0 }, { of: 'high', times: 1 }, [true, false]),
  rule('WORDS', 'dozens, hundreds, heavy', 'the phrase table; no bound for a phrase not in it', null, null),
];
export const shapeRule = Object.fromEntries(shapeRules.map((r) => [r.shape, r])) as Record<NumberShape, ShapeRule>;

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
  { phrase: 'heavy casualties', low: null, high: null },
  { phrase: 'heavy losses', low: null, high: null },
  { phrase: 'significant', low: null, high: null },
];

const phraseTable = new Map(phraseRules.map((r) => [r.phrase, r]));

export interface Interval {
  low: number | null;
  high: number | null;
  best: number | null;
  lowInclusive: boolean;
  highInclusive: boolean;
  /** Which rule made it: `ABOUT`, `WORDS:hundreds`, `WORDS:unknown`, `WORDS:coded` (words the coder gave numbers). */
  rule: string;
}

export interface StoredQuantity {
  shape: NumberShape;
  best: number | null;
  low: number | null;
  high: number | null;
  phrase: string | null;
}

const boundOf = (bound: Bound, q: StoredQuantity) =>
  bound === null
    ? null
    : 'constant' in bound
      ? bound.constant
      : q[bound.of] === null
        ? null
        : q[bound.of]! * bound.times;

/** The interval a stored quantity stands for under the conventions. */
export function intervalOf(q: StoredQuantity): Interval {
  const r = shapeRule[q.shape];
  const numbered = q.low !== null || q.high !== null || q.best !== null;
  if (q.shape === 'WORDS' && !numbered) {
    const phrase = q.phrase === null ? undefined : phraseTable.get(q.phrase.trim().toLowerCase());
    return {
      low: phrase?.low ?? null,
      high: phrase?.high ?? null,
      best: null,
      lowInclusive: true,
      highInclusive: true,
      rule: phrase ? `WORDS:${phrase.phrase}` : 'WORDS:unknown',
    };
  }
  return {
    low: q.low ?? boundOf(r.low, q),
    high: q.high ?? boundOf(r.high, q),
    best: q.best,
    lowInclusive: r.lowInclusive,
    highInclusive: r.highInclusive,
    rule: q.shape === 'WORDS' ? 'WORDS:coded' : q.shape,
  };
}
