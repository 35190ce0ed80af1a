import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data, globalId } from './helpers.ts';

const server = createTestServer();
afterAll(() => server.close());

const stats = async (filter?: Record<string, unknown>) =>
  (
    await data(
      server.query(
        `query ($filter: ClaimFilter) { claimStats(filter: $filter) {
          count
          byKind { kind count }
          quantities { metric claims low high }
          byClaimant { claimant { __typename label } count quantities { metric claims low high } }
        } }`,
        { filter },
      ),
    )
  ).claimStats;

describe('claimStats', () => {
  // Every number below is counted by hand from the article.
  it('counts the example dataset by kind', async () => {
    const { count, byKind } = await stats();
    expect(count).toBe(18);
    expect(byKind).toEqual([
      { kind: 'ASSESSMENT', count: 7 },
      { kind: 'CASUALTIES', count: 4 },
      { kind: 'MILITARY_ACTIVITY', count: 3 },
      { kind: 'CONCEALMENT', count: 1 },
      { kind: 'DEPLOYMENT', count: 1 },
      { kind: 'FORECAST', count: 1 },
      { kind: 'TERRITORY', count: 1 },
    ]);
  });

  it('gives the envelope of every figure per metric', async () => {
    const { quantities } = await stats();
    expect(quantities).toEqual([
      { metric: 'KILLED', claims: 1, low: 50, high: 50 },
      { metric: 'WOUNDED', claims: 1, low: 47, high: 47 },
      // "heavy casualties" (no number), "hundreds" (coded 100-999), and the special forces' 50 killed
      // plus 47 wounded, given separately, counted as 97 killed or wounded
      { metric: 'KILLED_OR_WOUNDED', claims: 3, low: 97, high: 999 },
      // "over 10,000" is open-ended, so there is no top
      { metric: 'DEPLOYED', claims: 1, low: 10000, high: null },
      // "about half": ABOUT 0.5 is [0.45, 0.55] under the number conventions
      { metric: 'SHARE', claims: 1, low: 0.45, high: 0.55 },
    ]);
  });

  it('groups casualty figures about North Korean forces by claimant', async () => {
    const { count, byClaimant } = await stats({ kinds: ['CASUALTIES'], subjectId: globalId('Actor', 8) });
    expect(count).toBe(4);
    expect(byClaimant).toEqual(
      [
        {
          claimant: { __typename: 'Official', label: 'a senior U.S. military official' },
          count: 1,
          quantities: [{ metric: 'KILLED_OR_WOUNDED', claims: 1, low: 100, high: 999 }],
        },
        {
          claimant: { __typename: 'Actor', label: 'Ukrainian Special Operations Forces' },
          count: 1,
          quantities: [
            { metric: 'KILLED', claims: 1, low: 50, high: 50 },
            { metric: 'WOUNDED', claims: 1, low: 47, high: 47 },
            { metric: 'KILLED_OR_WOUNDED', claims: 1, low: 97, high: 97 },
          ],
        },
        {
          claimant: { __typename: 'Actor', label: 'Kyiv Independent' },
          count: 1,
          quantities: [{ metric: 'KILLED_OR_WOUNDED', claims: 1, low: null, high: null }],
        },
        { claimant: null, count: 1, quantities: [] },
      ].sort((a, b) => b.count - a.count),
    );
  });

  it('counts who said what across the whole article', async () => {
    const { byClaimant } = await stats();
    expect(byClaimant.map((g: any) => [g.claimant?.label ?? null, g.count])).toEqual([
      [null, 9],
      ['Oleksandr Syrskyi', 2],
      ['a senior U.S. military official', 2],
      ['Kyiv Independent', 2],
      ['Volodymyr Zelensky', 1],
      ['Ukrainian Special Operations Forces', 1],
      ['Analysts', 1],
    ]);
  });

  it('is empty, not wrong, when nothing matches', async () => {
    expect(await stats({ kinds: ['OTHER'] })).toEqual({ count: 0, byKind: [], quantities: [], byClaimant: [] });
  });

  it('runs as SQL aggregates: the statement count does not depend on the number of claims', async () => {
    server.statements.reset();
    await data(server.query(`{ claimStats { count byKind { count } quantities { metric } } }`));
    expect(server.statements.statements.every((s) => /count\(|min\(|max\(/.test(s))).toBe(true);
    // One grouped count gives count and byKind; one statement gives the envelopes.
    expect(server.statements.count).toBe(2);
  });

  it('adds count, byKind and byClaimant up from one grouped count, each ordered as documented', async () => {
    server.statements.reset();
    // A filter no other test sends, so the answer cache has nothing to give.
    const all = await stats({ kinds: ['ASSESSMENT', 'CASUALTIES', 'MILITARY_ACTIVITY'] });
    expect(all.count).toBe(14);
    const countStatements = server.statements.statements.filter(
      (s) => /count\(\*\)/.test(s) && !/figure_claims/.test(s),
    );
    expect(countStatements).toHaveLength(1);
    expect(all.byKind.reduce((sum: number, k: { count: number }) => sum + k.count, 0)).toBe(all.count);
    expect(all.byClaimant.reduce((sum: number, c: { count: number }) => sum + c.count, 0)).toBe(all.count);
    const counts = all.byClaimant.map((c: { count: number }) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // On a tie: officials before bodies, the unattributed group last.
    const order = { Official: 0, Actor: 1, none: 2 } as const;
    for (let i = 1; i < all.byClaimant.length; i++) {
      const [a, b] = [all.byClaimant[i - 1], all.byClaimant[i]];
      if (a.count === b.count)
        expect(order[(a.claimant?.__typename ?? 'none') as keyof typeof order]).toBeLessThanOrEqual(
          order[(b.claimant?.__typename ?? 'none') as keyof typeof order],
        );
    }
  });

  it('rejects a bad filter before computing anything', async () => {
    const result = await server.query(`{ claimStats(filter: { from: "2025-01-01", to: "2024-01-01" }) { count } }`);
    expect(result.errors?.[0]?.message).toContain('"from" must not be after "to"');
  });
});
