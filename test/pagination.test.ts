import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data, globalId } from './helpers.ts';
import { syntheticDataset } from './synthetic.ts';

const server = createTestServer();
afterAll(() => server.close());

const page = /* GraphQL */ `
  query Page($first: Int, $after: String, $last: Int, $before: String) {
    claims(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges {
        cursor
        node {
          id
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;
const claimsPage = async (variables: Record<string, unknown>) => (await data(server.query(page, variables))).claims;

describe('connections', () => {
  it('default to 20 items a page', async () => {
    const larger = createTestServer(syntheticDataset(30));
    try {
      const { claims } = await data(
        larger.query(`{ claims { totalCount edges { node { id } } pageInfo { hasNextPage } } }`),
      );
      expect(claims.totalCount).toBe(30);
      expect(claims.edges).toHaveLength(20);
      expect(claims.pageInfo.hasNextPage).toBe(true);
    } finally {
      larger.close();
    }
    const { actors } = await data(server.query(`{ actors(first: 3) { totalCount edges { node { name } } } }`));
    expect(actors.totalCount).toBe(11);
    expect(actors.edges.map((e: any) => e.node.name)).toEqual(['Ukraine', 'Russia', 'North Korea']);
  });

  it('page forward through every claim exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: any = await claimsPage({ first: 5, after });
      seen.push(...result.edges.map((e: any) => e.node.id));
      expect(result.totalCount).toBe(18);
      pages++;
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(18);
    expect(new Set(seen).size).toBe(18);
    expect(seen[0]).toBe(globalId('Claim', 1));
  });

  it('page backward from the end and meet the same claims in the same order', async () => {
    const forward = (await claimsPage({ first: 18 })).edges.map((e: any) => e.node.id);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const result: any = await claimsPage({ last: 7, before });
      backward.unshift(...result.edges.map((e: any) => e.node.id));
      if (!result.pageInfo.hasPreviousPage) break;
      before = result.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it('page related connections too', async () => {
    const query = /* GraphQL */ `
      query ($after: String) {
        articles {
          edges {
            node {
              claims(first: 10, after: $after) {
                totalCount
                pageInfo {
                  hasNextPage
                  endCursor
                }
                edges {
                  node {
                    id
                  }
                }
              }
            }
          }
        }
      }
    `;
    const first = (await data(server.query(query))).articles.edges[0].node.claims;
    expect(first.totalCount).toBe(18);
    expect(first.edges).toHaveLength(10);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await data(server.query(query, { after: first.pageInfo.endCursor }))).articles.edges[0].node.claims;
    expect(second.edges).toHaveLength(8);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    [{ first: -1 }, '"first" must not be negative'],
    [{ first: 101 }, '"first" must be at most 100'],
    [{ last: -5 }, '"last" must not be negative'],
    [{ last: 1000 }, '"last" must be at most 100'],
    [{ after: 'not-a-cursor' }, 'Invalid cursor'],
  ])('reject %j with a clear error', async (variables, message) => {
    const result = await server.query(page, variables);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toContain(message);
    expect(result.errors?.[0]?.path).toEqual(['claims']);
  });

  it('reject oversized pages on nested connections as well', async () => {
    const result = await server.query(`{ actors { edges { node { claims(first: 500) { totalCount } } } } }`);
    expect(result.errors?.[0]?.message).toContain('"first" must be at most 100');
  });

  it('reject a wrongly typed page size before running anything', async () => {
    const result = await server.query(page, { first: 'ten' });
    expect(result.errors?.[0]?.message).toMatch(/Int cannot represent non-integer value/);
  });
});

describe('node and nodes', () => {
  it('refetch any object by its global id', async () => {
    const ids = [
      globalId('Actor', 1),
      globalId('Official', 1),
      globalId('Region', 2),
      globalId('Article', 1),
      globalId('Claim', 7),
      globalId('TerritoryChange', 2),
    ];
    const { nodes } = await data(server.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids }));
    expect(nodes.map((n: any) => n.__typename)).toEqual([
      'Actor',
      'Official',
      'Region',
      'Article',
      'Claim',
      'TerritoryChange',
    ]);
    expect(nodes.map((n: any) => n.id)).toEqual(ids);
    const { node } = await data(
      server.query(`query ($id: ID!) { node(id: $id) { ... on Claim { statement } } }`, { id: ids[4] }),
    );
    expect(node.statement).toMatch(/50 North Korean soldiers/);
  });

  it('answer null for ids with no object, and keep the others', async () => {
    const ids = [globalId('Actor', 1), globalId('Claim', 999), globalId('Region', 1)];
    const result = await data(
      server.query(`query ($ids: [ID!]!, $id: ID!) { nodes(ids: $ids) { id } node(id: $id) { id } }`, {
        ids,
        id: ids[1],
      }),
    );
    expect(result.nodes).toEqual([{ id: ids[0] }, null, { id: ids[2] }]);
    expect(result.node).toBeNull();
  });

  it('reject malformed ids and oversized lists', async () => {
    const malformed = await server.query(`{ node(id: "%%%") { id } }`);
    expect(malformed.errors?.[0]?.message).toContain('Invalid global ID');
    const ids = Array.from({ length: 101 }, (_, i) => globalId('Claim', i + 1));
    const tooMany = await server.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(tooMany.errors?.[0]?.message).toContain('"ids" must hold at most 100 ids');
  });
});
