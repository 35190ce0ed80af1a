import { afterAll, describe, expect, it } from 'vitest';
import { comparisonDataset } from './comparison-data.ts';
import { contradictionsNaming } from '../src/graphql/aggregates/contradictions.ts';
import { createTestServer, data, globalId, statementPlan, testEngine } from './helpers.ts';

const server = createTestServer(comparisonDataset());
afterAll(() => server.close());

const page = `query ($filter: ClaimFilter, $first: Int, $after: String) {
  contradictions(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      kind why metric unit note
      first { statement claimant { label } }
      second { statement claimant { label } }
      firstRange { low high } secondRange { low high }
    } }
  }
}`;

const contradictions = async (variables: Record<string, unknown> = {}) =>
  (await data(server.query(page, variables))).contradictions;

describe('contradictions', () => {
  it('lists a denial with both claims and why; current figures that overlap are no contradiction', async () => {
    const result = await contradictions();
    expect(result.totalCount).toBe(1);
    expect(result.edges.map((e: any) => e.node)).toEqual([
      {
        kind: 'DENIES',
        why: 'The second claim denies the other: Moscow denies any North Korean presence.',
        metric: null,
        unit: null,
        note: 'Moscow denies any North Korean presence.',
        first: {
          statement: 'The NIS put North Korean casualties at about 1,100.',
          claimant: { label: 'National Intelligence Service' },
        },
        second: {
          statement: 'Moscow said no North Korean soldiers were fighting, so none were killed or wounded.',
          claimant: { label: 'Russian Ministry of Defence' },
        },
        firstRange: null,
        secondRange: null,
      },
    ]);
  });

  it('lists figures that cannot both hold as they stood before the revision', async () => {
    const result = await contradictions({ filter: { asOf: '2024-12-31' } });
    expect(result.totalCount).toBe(2);
    const disjoint = result.edges.map((e: any) => e.node).find((n: any) => n.kind === 'DISJOINT_FIGURES');
    expect(disjoint).toEqual({
      kind: 'DISJOINT_FIGURES',
      why: 'KILLED_OR_WOUNDED (soldiers, CHANGE, REPORTED): [990, 1210] and (3000, open) share no value.',
      metric: 'KILLED_OR_WOUNDED',
      unit: 'soldiers',
      note: null,
      first: {
        statement: 'The NIS put North Korean casualties at about 1,100.',
        claimant: { label: 'National Intelligence Service' },
      },
      second: {
        statement: 'Zelensky said more than 3,000 were killed or wounded.',
        claimant: { label: 'Volodymyr Zelensky' },
      },
      firstRange: { low: 990, high: 1210 },
      secondRange: { low: 3000, high: null },
    });
  });

  it('pages with first and after, each pair once', async () => {
    const filter = { asOf: '2024-12-31' };
    const one = await contradictions({ filter, first: 1 });
    expect(one.edges).toHaveLength(1);
    expect(one.pageInfo.hasNextPage).toBe(true);
    const two = await contradictions({ filter, first: 1, after: one.pageInfo.endCursor });
    expect(two.edges).toHaveLength(1);
    expect(two.pageInfo.hasNextPage).toBe(false);
    expect(new Set([one, two].map((p) => p.edges[0].node.kind))).toEqual(new Set(['DENIES', 'DISJOINT_FIGURES']));
    // The count is of every page, on the last page and past it too.
    const past = await contradictions({ filter, first: 1, after: two.pageInfo.endCursor });
    expect(past.edges).toEqual([]);
    expect([one, two, past].map((p) => p.totalCount)).toEqual([2, 2, 2]);
  });

  // Reads SQLite's query plan; PostgreSQL's plans are read in BENCHMARKS.md ("SQLite and PostgreSQL").
  it.skipIf(testEngine === 'postgres')(
    "reads each claim's figures once: pairs come from the figures, never from every two claims of a region",
    async () => {
      // Left as a view, the figures were flattened into the pair join, which then paired every claim
      // of a region with every other before looking their figures up: seconds for a province.
      const kursk = server.db.$client.prepare(`select id from regions where name = 'Kursk Oblast'`).get() as {
        id: number;
      };
      server.statements.reset();
      await contradictions({ filter: { regionId: globalId('Region', kursk.id) } });
      const index = server.statements.statements.findIndex((s) => s.includes('contradiction_pairs'));
      expect(index).toBeGreaterThanOrEqual(0);
      const readsOfCountedClaims = statementPlan(server, index).filter((step) => /^(SCAN|SEARCH) f\b/.test(step));
      expect(readsOfCountedClaims).toEqual(['SCAN f']);
    },
  );

  // Reads SQLite's query plan; PostgreSQL's plans are read in BENCHMARKS.md ("SQLite and PostgreSQL").
  it.skipIf(testEngine === 'postgres')(
    "looks for the contradictions a write forms in its claims' regions only, not among every claim",
    async () => {
      // Run on every claim write while a subscription listens: over every claim it took 0.85 s at 100k.
      server.statements.reset();
      const named = await contradictionsNaming(server.db, null, [1, 2]);
      expect(named.length).toBeGreaterThan(0);
      const countedClaims = statementPlan(server, server.statements.count - 1).filter((detail) =>
        /^(SCAN|SEARCH) c\b/.test(detail),
      );
      expect(countedClaims.length).toBeGreaterThan(0);
      expect(countedClaims.every((detail) => detail.startsWith('SEARCH c') && detail.includes('region_id=?'))).toBe(
        true,
      );
    },
  );

  it('refuses a cursor it did not make and a negative page size', async () => {
    const bad = await server.query(page, { after: 'bm90LWEtY3Vyc29y' });
    expect(bad.errors?.[0]?.message).toBe('"after" is not a cursor from contradictions: "bm90LWEtY3Vyc29y"');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const negative = await server.query(page, { first: -1 });
    expect(negative.errors?.[0]?.message).toContain('"first" must not be negative');
  });
});
