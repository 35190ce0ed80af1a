import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import type { DatasetInput } from '../src/dataset/format.ts';
import { createTestServer, data } from './helpers.ts';

/**
 * `claimants` claimants, each with a figure, its own revision and a repeat of it in another article,
 * every second one denying its neighbour's figure and giving a figure disjoint from it.
 */
function reporting(claimants: number): DatasetInput {
  const records: DatasetInput['records'] = [
    { type: 'actor', key: 'subject', name: 'Subject force', kind: 'MILITARY' },
    { type: 'article', key: 'first', title: 'First reports', publishedOn: '2024-12-01' },
    { type: 'article', key: 'again', title: 'Reports repeated', publishedOn: '2024-12-02' },
    { type: 'article', key: 'revised', title: 'Reports revised', publishedOn: '2025-01-01' },
  ];
  for (let i = 0; i < claimants; i++) {
    const claim = (key: string, article: string, best: number, extra: object = {}) => ({
      type: 'claim' as const,
      key: `${key}-${i}`,
      article,
      statement: `Claimant ${i} says ${best} (${key}).`,
      kind: 'CASUALTIES' as const,
      attribution: 'STATED' as const,
      claimant: `official-${i}`,
      subjects: ['subject'],
      quantities: [{ metric: 'KILLED' as const, unit: 'soldiers', best }],
      ...extra,
    });
    records.push(
      { type: 'official', key: `official-${i}`, name: `Official ${i}`, description: 'A spokesman' },
      claim('figure', 'first', 100 + i),
      claim('repeat', 'again', 100 + i, { relations: [{ kind: 'REPEATS', claim: `figure-${i}` }] }),
      claim('revision', 'revised', 1000 * (i + 1), {
        relations: [
          { kind: 'REVISES', claim: `figure-${i}` },
          ...(i % 2 ? [{ kind: 'DENIES' as const, claim: `revision-${i - 1}` }] : []),
        ],
      }),
    );
  }
  return { format: 'claimgraph-dataset', version: 1, records };
}

const comparison = `{ compareClaims(question: { metric: KILLED }, policy: MIDPOINT) { comparisons {
  agreed { low } spread
  figures { value claimant { label ... on Official { roles { title } } } claim { statement article { title } subjects { name } }
    reports { statement article { title } } history { statement quantities { best } } }
  pairs(first: 100) { relation first { claim { statement } } second { claimant { label } } }
} } }`;

const contradictions = `{ contradictions(first: 100) { totalCount edges { node {
  kind why first { statement claimant { label } article { title } } second { statement subjects { name } }
} } } }`;

describe('SQL statements per comparison request', () => {
  // The selection prices every claimant's figure with its reports and history: above the default limit, allowed here.
  const config = readConfig({ CLAIMGRAPH_MAX_COST: '10000000' });
  const small = createTestServer(reporting(5), { config });
  const large = createTestServer(reporting(50), { config });
  afterAll(() => {
    small.close();
    large.close();
  });

  const statementsFor = async (server: typeof small, query: string) => {
    server.statements.reset();
    const result = await data(server.query(query));
    return { result, count: server.statements.count };
  };

  it('stay the same for 5 and 50 claimants in compareClaims', async () => {
    const [few, many] = [await statementsFor(small, comparison), await statementsFor(large, comparison)];
    expect(few.result.compareClaims.comparisons[0].figures).toHaveLength(5);
    expect(many.result.compareClaims.comparisons[0].figures).toHaveLength(50);
    expect(many.result.compareClaims.comparisons[0].pairs).toHaveLength(100); // of 50 * 49 / 2
    expect(many.count).toBe(few.count);
  });

  it('stay the same for 5 and 50 claimants in contradictions', async () => {
    const [few, many] = [await statementsFor(small, contradictions), await statementsFor(large, contradictions)];
    expect(few.result.contradictions.totalCount).toBeGreaterThan(2);
    expect(many.result.contradictions.edges.length).toBeGreaterThan(few.result.contradictions.edges.length);
    expect(many.count).toBe(few.count);
  });

  it('read claimant labels from the claimants the answer loaded, with no second read per label', async () => {
    const labels =
      '{ compareClaims(question: { metric: KILLED }) { comparisons { figures { value claimant { label } } } } }';
    const { result, count } = await statementsFor(large, labels);
    expect(result.compareClaims.comparisons[0].figures[0].claimant.label).toMatch(/^Official \d+$/);
    // The figures, then the officials they name; before, each label re-read its official through the ORM's loader.
    expect(large.statements.statements.map((s) => /from "(\w+)"|figure_claims/.exec(s)?.[0])).toEqual([
      'figure_claims',
      'from "officials"',
    ]);
    expect(count).toBe(2);
  });
});
