import { readFileSync } from 'node:fs';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../src/federation/compose.ts';
import { createTestServer, data, globalId } from './helpers.ts';
import { syntheticDataset } from './synthetic.ts';

const entityTypes = ['Actor', 'Article', 'Claim', 'Official', 'Region', 'TerritoryChange'];

const entitiesQuery = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on Claim {
        id
        statement
        claimant {
          label
        }
        article {
          title
        }
        quantities {
          metric
          best
        }
      }
      ... on Article {
        id
        title
        claims(first: 2) {
          totalCount
          edges {
            node {
              statement
            }
          }
        }
      }
      ... on Official {
        id
        name
        roles {
          title
          actor {
            name
          }
        }
      }
    }
  }
`;

// The same selection, read through the public `nodes` field, to check _entities against.
const nodesQuery = entitiesQuery
  .replace('query Entities($representations: [_Any!]!)', 'query Nodes($ids: [ID!]!)')
  .replace('_entities(representations: $representations)', 'nodes(ids: $ids)');

const references = (type: string, ids: number[]) => ids.map((id) => ({ __typename: type, id: globalId(type, id) }));
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('claimgraph as a federation subgraph', () => {
  const server = createTestServer(syntheticDataset(240));
  afterAll(() => server.close());

  const entities = async (representations: unknown[]) => {
    server.statements.reset();
    const body = await server.query(entitiesQuery, { representations });
    return { body, count: server.statements.count };
  };

  it('serves the subgraph SDL that is committed in src/graphql/subgraph.graphql (run `npm run schema:print`)', async () => {
    const { _service } = await data(server.query('{ _service { sdl } }'));
    const committed = readFileSync(new URL('../src/graphql/subgraph.graphql', import.meta.url), 'utf8');
    expect(committed, 'src/graphql/subgraph.graphql is stale: run `npm run schema:print`').toBe(`${_service.sdl}\n`);
  });

  it('declares the six node types as entities keyed by id, and PageInfo as shareable', async () => {
    const { _service } = await data(server.query('{ _service { sdl } }'));
    const objects = parse(_service.sdl).definitions.filter(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION,
    );
    const directives = (name: string) =>
      objects
        .find((o) => o.name.value === name)!
        .directives!.map((d) => ({
          name: d.name.value,
          args: Object.fromEntries(d.arguments!.map((a) => [a.name.value, (a.value as { value: string }).value])),
        }));
    const keyed = objects.filter((o) => o.directives?.some((d) => d.name.value === 'key')).map((o) => o.name.value);
    expect(keyed.sort()).toEqual(entityTypes);
    for (const type of entityTypes) expect(directives(type)).toEqual([{ name: 'key', args: { fields: 'id' } }]);
    expect(directives('PageInfo')).toEqual([{ name: 'shareable', args: {} }]);
    // claimgraph owns Query.node/nodes: they are in its SDL, and no other subgraph may define them.
    const queryFields = objects.find((o) => o.name.value === 'Query')!.fields!;
    const signature = (name: string) => {
      const field = queryFields.find((f) => f.name.value === name)!;
      const args = field.arguments!.map((a) => `${a.name.value}: ${print(a.type)}`).join(', ');
      return `${name}(${args}): ${print(field.type)}`;
    };
    expect(signature('node')).toBe('node(id: ID!): Node');
    expect(signature('nodes')).toBe('nodes(ids: [ID!]!): [Node]!');
  });

  it('resolves 3 and 30 references of one type with one SQL statement each, as `nodes` would', async () => {
    for (const count of [3, 30]) {
      const ids = range(1, count);
      const { body, count: statements } = await entities(references('Claim', ids));
      expect(body.errors).toBeUndefined();
      expect(statements).toBe(1);
      expect(body.data._entities).toHaveLength(count);
      const { nodes } = await data(server.query(nodesQuery, { ids: ids.map((id) => globalId('Claim', id)) }));
      expect(body.data._entities).toEqual(nodes.map((n: object) => ({ __typename: 'Claim', ...n })));
    }
    const { body } = await entities(references('Claim', [2]));
    expect(body.data._entities).toEqual([
      {
        __typename: 'Claim',
        id: globalId('Claim', 2),
        statement: 'Synthetic claim number 1: Unit 1 reports fighting in province 1.',
        claimant: { label: 'Official 1' },
        article: { title: 'Report 0' },
        quantities: [
          { metric: 'KILLED', best: 1 },
          { metric: 'WOUNDED', best: null },
        ],
      },
    ]);
  });

  it('takes one statement per type for references of several types, in the order given', async () => {
    const representations = [
      ...references('Article', [3]),
      ...references('Claim', [1, 9]),
      ...references('Official', [2]),
      ...references('Article', [1]),
    ];
    const { body, count } = await entities(representations);
    expect(body.errors).toBeUndefined();
    expect(count).toBe(3);
    expect(body.data._entities.map((e: { __typename: string; id: string }) => [e.__typename, e.id])).toEqual(
      representations.map((r) => [r.__typename, r.id]),
    );
    expect(body.data._entities[0]).toEqual({
      __typename: 'Article',
      id: globalId('Article', 3),
      title: 'Report 2',
      claims: {
        totalCount: 8,
        edges: [
          { node: { statement: 'Synthetic claim number 16: Unit 1 reports fighting in province 1.' } },
          { node: { statement: 'Synthetic claim number 17: Unit 2 reports fighting in province 2.' } },
        ],
      },
    });
    expect(body.data._entities[3]).toEqual({
      __typename: 'Official',
      id: globalId('Official', 2),
      name: 'Official 1',
      roles: [
        { title: 'Spokesperson', actor: { name: 'Unit 1' } },
        { title: 'Adviser', actor: { name: 'Testland' } },
      ],
    });
  });

  it('answers null for an id with no row, and a clear error for an id of another type or no id at all', async () => {
    const { body } = await entities([
      ...references('Claim', [1, 99_999]),
      { __typename: 'Claim', id: globalId('Article', 1) },
      { __typename: 'Official', id: 'not-a-global-id' },
      ...references('Claim', [2]),
    ]);
    expect(body.data._entities.map((e: { id?: string } | null) => e?.id ?? null)).toEqual([
      globalId('Claim', 1),
      null,
      null,
      null,
      globalId('Claim', 2),
    ]);
    expect(body.errors!.map((e) => [e.path, e.message, e.extensions?.code])).toEqual([
      [['_entities', 2], `"${globalId('Article', 1)}" is not the id of a Claim`, 'BAD_USER_INPUT'],
      [['_entities', 3], '"not-a-global-id" is not a claimgraph global id', 'BAD_USER_INPUT'],
    ]);
    // Thirty ids with no row: null each, from the one load that found none of them.
    const stale = await entities(references('Claim', range(100_000, 30)));
    expect(stale.body).toEqual({ data: { _entities: Array(30).fill(null) } });
    expect(stale.count).toBe(1);
    // The server keeps serving.
    expect((await entities(references('Region', [1]))).body.data._entities[0].__typename).toBe('Region');
  });

  it('resolves a Node representation, as a gateway sends for a Node @interfaceObject, to the type its global id names', async () => {
    const { body, count } = await entities([
      { __typename: 'Node', id: globalId('Claim', 2) },
      { __typename: 'Node', id: globalId('Official', 2) },
      { __typename: 'Node', id: 'not-a-global-id' },
      { __typename: 'Node', id: globalId('Claim', 99_999) },
    ]);
    expect(
      body.data._entities.map((e: { __typename: string; id: string } | null) => e && [e.__typename, e.id]),
    ).toEqual([['Claim', globalId('Claim', 2)], ['Official', globalId('Official', 2)], null, null]);
    expect(body.errors!.map((e) => [e.path, e.message])).toEqual([
      [['_entities', 2], '"not-a-global-id" is not a claimgraph global id'],
    ]);
    expect(count).toBe(2);
  });

  it('answers a user error at its index for a representation with no or an unknown __typename, and keeps serving', async () => {
    // A malformed id followed by an unknown type once ended the process on an unhandled rejection.
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { body } = await entities([
        { __typename: 'Claim', id: 'x' },
        { __typename: 'Nope' },
        {},
        ...references('Claim', [1]),
        'text',
        { __typename: 'Claim' },
        { __typename: 'Claim', id: 'Q'.repeat(5_000) },
      ]);
      expect(body.data._entities).toEqual([
        null,
        null,
        null,
        expect.objectContaining({ id: globalId('Claim', 1) }),
        null,
        null,
        null,
      ]);
      expect(body.errors!.map((e) => [e.path, e.message, e.extensions?.code])).toEqual([
        [['_entities', 0], '"x" is not a claimgraph global id', 'BAD_USER_INPUT'],
        [
          ['_entities', 1],
          expect.stringMatching(/^"Nope" is not a claimgraph entity \(Actor, Article/),
          'BAD_USER_INPUT',
        ],
        [['_entities', 2], 'a representation must have a "__typename"', 'BAD_USER_INPUT'],
        [['_entities', 4], 'a representation must be an object with "__typename" and "id"', 'BAD_USER_INPUT'],
        [['_entities', 5], 'a Claim representation must have a string "id"', 'BAD_USER_INPUT'],
        [['_entities', 6], `"${'Q'.repeat(40)}…" is not a claimgraph global id`, 'BAD_USER_INPUT'],
      ]);
      expect((await entities([{}])).body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejections).toEqual([]);
      expect((await entities(references('Region', [1]))).body.data._entities[0].__typename).toBe('Region');
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  describe('composes with another subgraph only on the rules the README states', () => {
    const federation =
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])';
    const pageInfo = 'hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String';
    const compose = async (other: string) => {
      const { _service } = await data(server.query('{ _service { sdl } }'));
      return composeSupergraph([
        { name: 'claimgraph', url: 'http://127.0.0.1:4001/graphql', sdl: _service.sdl },
        { name: 'other', url: 'http://127.0.0.1:4002/graphql', sdl: `${federation}\n${other}` },
      ]);
    };

    it('accepts one that extends entities by key and pages with its own shareable PageInfo', async () => {
      const supergraph = await compose(`
        type Query { stories(first: Int): StoryConnection! }
        type StoryConnection { pageInfo: PageInfo! edges: [StoryEdge!]! }
        type StoryEdge { cursor: String! node: Story! }
        type Story { headline: String! article: Article! }
        type PageInfo @shareable { ${pageInfo} }
        type Article @key(fields: "id") { id: ID! coverage: String }
        type Official @key(fields: "id") { id: ID! interviews: Int! }
      `);
      expect(supergraph).toContain('OTHER @join__graph(name: "other", url: "http://127.0.0.1:4002/graphql")');
    });

    it.each([
      [
        'Query.node',
        'type Query { node(id: ID!): Node } interface Node { id: ID! }',
        'Non-shareable field "Query.node"',
      ],
      [
        'a PageInfo that is not shareable',
        `type Query { x: Int } type PageInfo { ${pageInfo} }`,
        'Non-shareable field "PageInfo.hasNextPage"',
      ],
      [
        'a field claimgraph resolves on an entity',
        'type Query { x: Int } type Article @key(fields: "id") { id: ID! title: String! }',
        'Non-shareable field "Article.title"',
      ],
      [
        "a type named like one of claimgraph's value types",
        'type Query { x: Int } type Quantity { metric: String }',
        'Type of field "Quantity.metric" is incompatible',
      ],
    ])('refuses one that defines %s', async (_name, other, message) => {
      await expect(compose(other)).rejects.toThrow(message);
    });
  });
});
