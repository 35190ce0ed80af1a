import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data, globalId, testEngine } from './helpers.ts';
import { syntheticDataset } from './synthetic.ts';

// claims -> claimant -> roles -> actor, subjects, region, article: every level the frontends read.
const nestedPage = /* GraphQL */ `
  query NestedClaims($first: Int!) {
    claims(first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          statement
          kind
          claimant {
            label
            ... on Official {
              roles {
                title
                actor {
                  name
                  parent {
                    name
                  }
                }
              }
            }
            ... on Actor {
              kind
              parent {
                name
              }
            }
          }
          subjects {
            name
          }
          region {
            name
            parent {
              name
            }
          }
          article {
            title
            citedSources {
              name
            }
          }
          quantities {
            metric
            best
            low
            high
          }
          period {
            text
          }
        }
      }
    }
  }
`;

describe('SQL statements per request', () => {
  const server = createTestServer(syntheticDataset(120));
  afterAll(() => server.close());

  const statementsFor = async (query: string, variables: Record<string, unknown>) => {
    server.statements.reset();
    const result = await data(server.query(query, variables));
    return { result, count: server.statements.count };
  };

  it('stay the same for a nested page of 5 and of 50 claims', async () => {
    const small = await statementsFor(nestedPage, { first: 5 });
    const large = await statementsFor(nestedPage, { first: 50 });
    expect(small.result.claims.edges).toHaveLength(5);
    expect(large.result.claims.edges).toHaveLength(50);
    // The nodes really carry the nested data the statements were counted for.
    const withRoles = large.result.claims.edges.find((e: any) => e.node.claimant?.roles);
    expect(withRoles.node.claimant.roles[0].actor.name).toMatch(/^Unit \d$/);
    expect(large.count).toBe(small.count);
    // One statement for the page with everything nested in it, one for totalCount.
    expect(large.count).toBe(2);
  });

  it('stay flat for connections nested in connections', async () => {
    const query = /* GraphQL */ `
      query Deep($first: Int!) {
        actors(first: $first) {
          edges {
            node {
              name
              claims(first: $first) {
                totalCount
                edges {
                  node {
                    statement
                    subjects {
                      name
                    }
                    article {
                      title
                    }
                  }
                }
              }
            }
          }
        }
      }
    `;
    const small = await statementsFor(query, { first: 5 });
    const large = await statementsFor(query, { first: 50 });
    expect(large.result.actors.edges.some((e: any) => e.node.claims.edges.length > 5)).toBe(true);
    expect(large.count).toBe(small.count);
  });

  it('stay flat for ordered connections nested in connections, one statement for the page', async () => {
    const query = /* GraphQL */ `
      query DeepOrdered($first: Int!) {
        regions(first: $first, orderBy: { field: NAME }) {
          nodes {
            name
            claims(first: $first, orderBy: { field: DATE, direction: DESC }) {
              nodes {
                statement
                claimant {
                  ... on Official {
                    claims(first: 2, orderBy: { field: DATE }) {
                      nodes {
                        statement
                      }
                    }
                  }
                }
              }
            }
            territoryChanges(first: 5, orderBy: { field: DATE }) {
              nodes {
                id
              }
            }
          }
        }
      }
    `;
    const small = await statementsFor(query, { first: 5 });
    const large = await statementsFor(query, { first: 20 });
    expect(large.result.regions.nodes.some((r: any) => r.claims.nodes.length > 5)).toBe(true);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(1);
  });

  it('stay flat when claimants are resolved for claim statistics', async () => {
    const query = /* GraphQL */ `
      query Stats($filter: ClaimFilter) {
        claimStats(filter: $filter) {
          byClaimant {
            count
            claimant {
              label
              ... on Official {
                roles {
                  title
                  actor {
                    name
                  }
                }
              }
            }
          }
        }
      }
    `;
    const few = await statementsFor(query, { filter: { articleId: globalId('Article', 1) } });
    const all = await statementsFor(query, {});
    expect(few.result.claimStats.byClaimant.length).toBeLessThan(all.result.claimStats.byClaimant.length);
    expect(all.result.claimStats.byClaimant).toHaveLength(11);
    expect(all.count).toBe(few.count);
  });

  it('stay flat for search hits of every kind', async () => {
    const query = /* GraphQL */ `
      query Search($first: Int!) {
        search(query: "unit", first: $first) {
          edges {
            node {
              __typename
              ... on Claim {
                statement
                region {
                  name
                }
              }
              ... on Actor {
                parent {
                  name
                }
              }
            }
          }
        }
      }
    `;
    const kinds = (result: any) => [...new Set(result.search.edges.map((e: any) => e.node.__typename))].sort();
    const small = await statementsFor(query, { first: 70 });
    const large = await statementsFor(query, { first: 100 });
    expect(large.result.search.edges).toHaveLength(100);
    expect(kinds(large.result)).toEqual(['Actor', 'Claim']);
    expect(kinds(small.result)).toEqual(kinds(large.result));
    expect(large.count).toBe(small.count);
    // The ranked hits (on PostgreSQL after the statement that works out its tsqueries, see
    // src/db/postgres/search-index.ts), then one query per kind of hit carrying its nested selection:
    // no row is fetched twice.
    const rankedHits = testEngine === 'postgres' ? 2 : 1;
    expect(large.count).toBe(rankedHits + kinds(large.result).length);
  });

  it("count a search's matches only when its page does not show where they end", async () => {
    const query = /* GraphQL */ `
      query Search($first: Int!, $after: String, $total: Boolean!) {
        search(query: "unit 2", first: $first, after: $after) {
          totalCount @include(if: $total)
          pageInfo {
            endCursor
          }
          edges {
            cursor
          }
        }
      }
    `;
    // The same page asked for with and without its total: the statements the total costs.
    const page = async (variables: { first: number; after?: string }) => {
      const without = await statementsFor(query, { ...variables, total: false });
      const counted = await statementsFor(query, { ...variables, total: true });
      const { search } = counted.result;
      return { ...search, totalStatements: counted.count - without.count };
    };
    // A full page: the matches may go on past it, so they are counted.
    const first = await page({ first: 10 });
    expect(first.edges).toHaveLength(10);
    expect(first.totalStatements).toBe(1);
    const total = first.totalCount;
    expect(total).toBeGreaterThan(20); // "Unit 2", and the claims it makes
    // Every match on one page: the page says how many there are.
    const whole = await page({ first: 100 });
    expect(whole.edges).toHaveLength(total);
    expect(whole.totalCount).toBe(total);
    expect(whole.totalStatements).toBe(0);
    // The last three, after a cursor: the matches end on the page, three after the cursor.
    const lastThree = await page({ first: 10, after: whole.edges[total - 4].cursor });
    expect(lastThree.edges).toHaveLength(3);
    expect(lastThree.totalCount).toBe(total);
    expect(lastThree.totalStatements).toBe(0);
    // Past the end: an empty page says only that the matches end before it, so they are counted.
    const past = await page({ first: 10, after: whole.edges[total - 1].cursor });
    expect(past.edges).toHaveLength(0);
    expect(past.totalCount).toBe(total);
    expect(past.totalStatements).toBe(1);
  });
});

describe('SQL statements for nodes by id', () => {
  const server = createTestServer(syntheticDataset(120));
  afterAll(() => server.close());

  const query = /* GraphQL */ `
    query Nodes($ids: [ID!]!) {
      nodes(ids: $ids) {
        __typename
        ... on Claim {
          statement
          region {
            name
          }
          claimant {
            label
          }
        }
        ... on Actor {
          name
          parent {
            name
          }
        }
      }
    }
  `;
  const ids = (count: number) => [
    ...Array.from({ length: count }, (_, i) => globalId('Claim', i + 1)),
    ...Array.from({ length: count }, (_, i) => globalId('Actor', i + 1)),
    globalId('Claim', 99_999), // no such row
  ];

  it('take one query per type of node, however many ids, nested selections included', async () => {
    for (const count of [2, 40]) {
      server.statements.reset();
      const { nodes } = await data(server.query(query, { ids: ids(count) }));
      expect(server.statements.count).toBe(2);
      expect(nodes).toHaveLength(2 * count + 1);
      expect(nodes.at(-1)).toBeNull();
      expect(nodes[0]).toMatchObject({ __typename: 'Claim', region: { name: expect.any(String) } });
      expect(nodes[count]).toMatchObject({ __typename: 'Actor', name: expect.any(String) });
    }
  });

  it('takes one query for `node`, and none for an id of no node type', async () => {
    server.statements.reset();
    const { node } = await data(
      server.query(`{ node(id: "${globalId('Claim', 3)}") { id ... on Claim { statement } } }`),
    );
    expect(node.id).toBe(globalId('Claim', 3));
    expect(server.statements.count).toBe(1);
    server.statements.reset();
    expect(await data(server.query(`{ node(id: "${globalId('Quantity', 3)}") { id } }`))).toEqual({ node: null });
    expect(server.statements.count).toBe(0);
  });
});
