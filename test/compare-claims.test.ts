import { afterAll, describe, expect, it } from 'vitest';
import { comparisonDataset } from './comparison-data.ts';
import { createTestServer, data, globalId } from './helpers.ts';

const server = createTestServer(comparisonDataset());
afterAll(() => server.close());

const comparison = `query ($question: ComparisonQuestion!, $policy: VaguenessPolicy) {
  compareClaims(question: $question, policy: $policy) {
    policy conventionsVersion
    comparisons {
      metric unit measure modality spread contradictions period { start end text }
      agreed { low high lowInclusive highInclusive }
      figures {
        claimant { label } claim { statement } low best high lowInclusive highInclusive value
        reports { statement } history { statement }
      }
      pairs { first { claimant { label } } second { claimant { label } } relation samePeriod }
    }
  }
}`;

const compare = async (question: Record<string, unknown>, policy?: string) =>
  (await data(server.query(comparison, { question, ...(policy && { policy }) }))).compareClaims;

const labels = (figures: any[]) => figures.map((f) => f.claimant?.label ?? null);
const pairsOf = (c: any) =>
  Object.fromEntries(c.pairs.map((p: any) => [`${p.first.claimant.label} / ${p.second.claimant.label}`, p.relation]));

describe('compareClaims', () => {
  it('puts each claimant’s current figure side by side, a revision collapsed onto the latest', async () => {
    const result = await compare({ metric: 'KILLED_OR_WOUNDED' });
    expect(result.policy).toBe('CONSERVATIVE');
    const [c, week] = result.comparisons;
    expect([c.metric, c.unit, c.measure, c.modality]).toEqual(['KILLED_OR_WOUNDED', 'soldiers', 'CHANGE', 'REPORTED']);
    // Moscow's denial gives no figure; the NIS appears once, with its revision.
    expect(labels(c.figures)).toEqual([
      'Institute for the Study of War',
      'National Intelligence Service',
      'John Kirby',
      'Volodymyr Zelensky',
    ]);
    const nis = c.figures[1];
    expect(nis).toMatchObject({
      claim: { statement: 'The NIS raised its count to about 3,000 killed or wounded.' },
      low: 2700,
      best: 3000,
      high: 3300,
      history: [{ statement: 'The NIS put North Korean casualties at about 1,100.' }],
    });
    expect(c.figures[3]).toMatchObject({ low: 3000, high: null, lowInclusive: false });
    // Kirby's count for one week is compared apart from the running totals, not as a revision of his.
    expect(result.comparisons).toHaveLength(2);
    expect(week.period).toEqual({ start: '2024-12-01', end: '2024-12-07', text: 'the first week of December' });
    expect(week.figures).toMatchObject([{ claimant: { label: 'John Kirby' }, value: 20, history: [] }]);
    expect(c.period).toBeNull();
  });

  it('relates every pair of intervals and gives the interval they all allow', async () => {
    const [c] = (await compare({ metric: 'KILLED_OR_WOUNDED' })).comparisons;
    expect(pairsOf(c)).toEqual({
      // about 3,000 is [2,700, 3,300]: the same as the coded range
      'Institute for the Study of War / National Intelligence Service': 'SAME',
      'Institute for the Study of War / John Kirby': 'NESTED',
      'Institute for the Study of War / Volodymyr Zelensky': 'OVERLAPPING',
      'National Intelligence Service / John Kirby': 'NESTED',
      'National Intelligence Service / Volodymyr Zelensky': 'OVERLAPPING',
      'John Kirby / Volodymyr Zelensky': 'NESTED',
    });
    expect(c.pairs.every((p: any) => p.samePeriod)).toBe(true);
    expect(c.agreed).toEqual({ low: 3000, high: 3300, lowInclusive: false, highInclusive: true });
    expect(c.contradictions).toBe(0);
  });

  it('answers the figures as they stood before the revision: the old figure, its repeat counted once, a contradiction', async () => {
    const [c] = (await compare({ metric: 'KILLED_OR_WOUNDED', asOf: '2024-12-31' })).comparisons;
    expect(labels(c.figures)).toEqual(['John Kirby', 'Volodymyr Zelensky', 'National Intelligence Service']);
    const nis = c.figures[2];
    expect(nis).toMatchObject({
      claim: { statement: 'The NIS put North Korean casualties at about 1,100.' },
      low: 990,
      high: 1210,
      history: [],
      reports: [
        { statement: 'The NIS put North Korean casualties at about 1,100.' },
        { statement: 'Citing the NIS, the agency gave about 1,100 casualties.' },
      ],
    });
    expect(pairsOf(c)).toEqual({
      'John Kirby / Volodymyr Zelensky': 'NESTED',
      'John Kirby / National Intelligence Service': 'OVERLAPPING',
      'Volodymyr Zelensky / National Intelligence Service': 'DISJOINT',
    });
    expect(c.agreed).toBeNull();
    expect(c.contradictions).toBe(1);
  });

  it.each([
    // ISW [2700, 3300], NIS about 3,000, Kirby more than 1,000, Zelensky more than 3,000
    ['CONSERVATIVE', [2700, 2700, 1000, 3000], 2000],
    ['MIDPOINT', [3000, 3000, null, null], 0],
    ['HIGH', [3300, 3300, null, null], 0],
  ])('takes each value under the %s policy', async (policy, values, spread) => {
    const result = await compare({ metric: 'KILLED_OR_WOUNDED' }, policy);
    expect(result.policy).toBe(policy);
    const [c] = result.comparisons;
    expect(c.figures.map((f: any) => f.value)).toEqual(values);
    expect(c.spread).toBe(spread);
  });

  it('narrows by unit, subject and region, and compares nothing it was not asked about', async () => {
    expect((await compare({ metric: 'KILLED_OR_WOUNDED', unit: 'officers' })).comparisons).toEqual([]);
    expect((await compare({ metric: 'KILLED' })).comparisons).toEqual([]);
    const inKursk = await compare({
      metric: 'KILLED_OR_WOUNDED',
      subjectId: globalId('Actor', 2),
      regionId: globalId('Region', 1),
    });
    expect(inKursk.comparisons[0].figures).toHaveLength(4);
    const aboutIsw = await compare({ metric: 'KILLED_OR_WOUNDED', subjectId: globalId('Actor', 5) });
    expect(aboutIsw.comparisons).toEqual([]);
  });

  it('refuses a question whose range runs backwards, and keeps serving', async () => {
    const result = await server.query(comparison, {
      question: { metric: 'KILLED_OR_WOUNDED', from: '2025-01-01', to: '2024-01-01' },
    });
    expect(result.errors?.[0]?.message).toContain('"from" must not be after "to"');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await compare({ metric: 'KILLED_OR_WOUNDED' })).comparisons).toHaveLength(2);
  });

  it('refuses a page of pairs out of range with the page-size code, and pages at the bounds', async () => {
    const pairs = (first: number) =>
      server.query(
        `query ($first: Int) { compareClaims(question: { metric: KILLED_OR_WOUNDED }) { comparisons { pairs(first: $first) { relation } } } }`,
        { first },
      );
    for (const [first, message] of [
      [101, '"first" must be at most 100'],
      [-1, '"first" must not be negative'],
      [2.5, 'Int cannot represent non-integer value: 2.5'],
    ] as const) {
      const result = await pairs(first);
      expect(result.errors?.length, `first: ${first}`).toBeGreaterThan(0);
      expect(result.errors?.[0]?.message).toContain(message);
      if (Number.isInteger(first)) {
        // The first comparison's pairs field fails, and with it the whole non-null answer.
        expect(result.data).toBeNull();
        expect(result.errors).toEqual([
          {
            message: `${message}: ask for 0 to 100 items (first or last) and follow pageInfo.endCursor (or startCursor backwards) for the rest.`,
            locations: [{ line: 1, column: 94 }],
            path: ['compareClaims', 'comparisons', 0, 'pairs'],
            extensions: { code: 'PAGE_SIZE_OUT_OF_RANGE' },
          },
        ]);
      }
    }
    const counts = async (first: number) =>
      (await data(pairs(first))).compareClaims.comparisons.map((c: any) => c.pairs.length);
    expect(await counts(0)).toEqual([0, 0]);
    expect(await counts(1)).toEqual([1, 0]);
    expect(await counts(100)).toEqual(
      (await compare({ metric: 'KILLED_OR_WOUNDED' })).comparisons.map((c: any) => c.pairs.length),
    );
  });
});

describe('ClaimFilter.asOf', () => {
  it('leaves out claims published after the day, so claimStats counts the figure then current', async () => {
    const stats = async (asOf?: string) =>
      (
        await data(
          server.query(
            `query ($filter: ClaimFilter) { claimStats(filter: $filter) { count quantities { low high } leftOut { superseded repeats } } }`,
            { filter: { metric: 'KILLED_OR_WOUNDED', ...(asOf && { asOf }) } },
          ),
        )
      ).claimStats;
    const then = await stats('2024-12-31');
    // Kirby's weekly 20 sets the low; the NIS's about 1,100 is still current then, its repeat counted once.
    expect(then).toEqual({ count: 5, quantities: [{ low: 20, high: null }], leftOut: { superseded: 0, repeats: 1 } });
    expect((await stats()).leftOut).toEqual({ superseded: 1, repeats: 1 });
    expect((await stats('2024-12-19')).count).toBe(1);
  });
});
