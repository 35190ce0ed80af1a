import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conventionsVersion, intervalOf, phraseRules, shapeRules } from '../src/model/conventions.ts';

/** The README prints the number conventions; this keeps the two equal, and the rules what they say. */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the number conventions', () => {
  it('are printed in the README exactly, with their version', () => {
    const printed = readme.slice(
      readme.indexOf('<!-- conventions:start -->'),
      readme.indexOf('<!-- conventions:end -->'),
    );
    const rows = [...printed.matchAll(/^\| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$/gm)]
      .map((m) => [m[1], m[2], m[3]])
      .filter(([first]) => first !== '---');
    const bound = (b: number | null) => (b === null ? 'open' : String(b));
    expect(rows).toEqual([
      ['shape', 'the source says', 'interval'],
      ...shapeRules.map((r) => [r.shape, r.examples, r.rule]),
      ['phrase (WORDS)', 'low', 'high'],
      ...phraseRules.map((r) => [r.phrase, bound(r.low), bound(r.high)]),
    ]);
    expect(readme).toContain(`### Number conventions (version ${conventionsVersion})`);
  });

  it('turn each shape into the interval its rule says', () => {
    const q = (shape: string, numbers: { best?: number; low?: number; high?: number }, phrase?: string) =>
      intervalOf({ shape: shape as never, best: null, low: null, high: null, phrase: phrase ?? null, ...numbers });
    expect(q('EXACT', { best: 50 })).toMatchObject({ low: 50, high: 50, best: 50 });
    expect(q('ABOUT', { best: 300 })).toMatchObject({ low: 270, best: 300 });
    expect(q('ABOUT', { best: 300 }).high).toBeCloseTo(330, 9);
    expect(q('APPROACHING', { best: 1000 })).toMatchObject({ low: 900, high: 1000, highInclusive: false });
    expect(q('MORE_THAN', { low: 3000 })).toMatchObject({ low: 3000, high: null, lowInclusive: false });
    expect(q('AT_MOST', { high: 20 })).toMatchObject({ low: 0, high: 20 });
    expect(q('WORDS', {}, 'Hundreds')).toMatchObject({ low: 200, high: 999, rule: 'WORDS:hundreds' });
    expect(q('WORDS', {}, 'a great many')).toMatchObject({ low: null, high: null, rule: 'WORDS:unknown' });
    // A bound the coder gave wins over the rule.
    expect(q('WORDS', { low: 100, high: 999 }, 'hundreds')).toMatchObject({ low: 100, high: 999 });
  });
});
