import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { createTestServer, data } from './helpers.ts';

// Every nested connection holds five or more items, recorded in another order than any ordering
// asks for, with ties: two actors and two officials share a name, claims and territory changes
// share a day, and some are dated by their article or not at all.
const claimDates = [
  ['a1', undefined],
  ['a3', { start: '2024-03-01' }],
  ['a3', undefined],
  ['a1', { start: '2024-03-01' }],
  ['a2', undefined],
  ['a1', { end: '2024-01-15' }],
] as const;

const records: DatasetRecordInput[] = [
  { type: 'actor', key: 'north', name: 'Northland', kind: 'STATE', country: 'NL' },
  { type: 'actor', key: 'south', name: 'Southland', kind: 'STATE', country: 'SL' },
  ...(
    [
      ['zeta', 'Zeta Guard', 'NL'],
      ['army', 'Army', 'NL'],
      ['coast', 'Coast Guard', 'NL'],
      ['army-b', 'Army', 'NB'],
      ['air', 'Air Force', 'NL'],
    ] as const
  ).map(([key, name, country]): DatasetRecordInput => ({
    type: 'actor',
    key,
    name,
    kind: 'MILITARY',
    country,
    parent: 'north',
  })),
  {
    type: 'official',
    key: 'mia',
    name: 'Mia Stone',
    description: 'Minister',
    roles: [{ title: 'Minister', actor: 'north' }],
  },
  { type: 'official', key: 'anon', description: 'a border official', roles: [{ title: 'Guard', actor: 'north' }] },
  {
    type: 'official',
    key: 'ben-south',
    name: 'Ben Holt',
    description: 'Envoy',
    roles: [
      { title: 'Envoy', actor: 'south' },
      { title: 'Adviser', actor: 'north' },
    ],
  },
  {
    type: 'official',
    key: 'ben',
    name: 'Ben Holt',
    description: 'Spokesman',
    roles: [{ title: 'Spokesman', actor: 'north' }],
  },
  {
    type: 'official',
    key: 'zed',
    name: 'Zed Quay',
    description: 'General',
    roles: [{ title: 'General', actor: 'north' }],
  },
  { type: 'article', key: 'a1', title: 'One', publishedAt: '2024-05-01T08:00:00.000Z' },
  { type: 'article', key: 'a2', title: 'Two', publishedAt: '2024-02-01T08:00:00.000Z' },
  { type: 'article', key: 'a3', title: 'Three' },
  { type: 'region', key: 'land', name: 'Northland', kind: 'COUNTRY' },
  ...['Kappa', 'Alpha', 'Mu', 'Beta', 'Delta'].map((name): DatasetRecordInput => ({
    type: 'region',
    key: name.toLowerCase(),
    name,
    kind: 'PROVINCE',
    parent: 'land',
  })),
  // The same dates said by a body and by a person, all about one region.
  ...(['north', 'mia'] as const).flatMap((claimant) =>
    claimDates.map(([article, period], i): DatasetRecordInput => ({
      type: 'claim',
      key: `${claimant}-${i}`,
      article,
      statement: `claim ${i} by ${claimant}`,
      kind: 'TERRITORY',
      attribution: 'STATED',
      claimant,
      region: 'alpha',
      ...(period && { period }),
    })),
  ),
  ...claimDates.map(([article, period], i): DatasetRecordInput => ({
    type: 'territoryChange',
    key: `change-${i}`,
    region: 'alpha',
    gainedBy: 'army',
    lostBy: 'south',
    article,
    ...(period && { period }),
  })),
];
const dataset: DatasetInput = { format: 'claimgraph-dataset', version: 1, records };

const server = createTestServer(dataset);
afterAll(() => server.close());

/** The row number a global id stands for: the order items were recorded in. */
const recordedId = (id: string) => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);

interface Item {
  id: string;
  name?: string | null;
  label?: string;
  period?: { start: string | null; end: string | null } | null;
  article?: { publishedAt: string | null } | null;
}

/** Each ordering's value, worked out here from the fields rather than by the server. */
const sortValues: Record<string, (item: Item) => string | number> = {
  RECORDED: (item) => recordedId(item.id),
  NAME: (item) => item.label ?? item.name!,
  DATE: (item) => item.period?.start ?? item.period?.end ?? item.article?.publishedAt?.slice(0, 10) ?? '',
};

/** The items in the order asked for; ties in recorded order, which turns round with the direction. */
function expectedOrder(items: Item[], field: string, direction: 'ASC' | 'DESC') {
  const value = sortValues[field]!;
  const ascending = [...items].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return x < y ? -1 : x > y ? 1 : recordedId(a.id) - recordedId(b.id);
  });
  return direction === 'ASC' ? ascending : ascending.reverse();
}

const dated = 'period { start end } article { publishedAt }';

interface NestedConnection {
  parent: 'Actor' | 'Official' | 'Article' | 'Region';
  parentName: string;
  field: string;
  orderType: string;
  fields: string[];
  selection: string;
}

const connections: NestedConnection[] = [
  {
    parent: 'Actor',
    parentName: 'Northland',
    field: 'children',
    orderType: 'ActorOrder',
    fields: ['NAME'],
    selection: 'name',
  },
  {
    parent: 'Actor',
    parentName: 'Northland',
    field: 'claims',
    orderType: 'ClaimOrder',
    fields: ['DATE'],
    selection: dated,
  },
  {
    parent: 'Actor',
    parentName: 'Northland',
    field: 'officials',
    orderType: 'OfficialOrder',
    fields: ['NAME'],
    selection: 'label',
  },
  {
    parent: 'Official',
    parentName: 'Mia Stone',
    field: 'claims',
    orderType: 'ClaimOrder',
    fields: ['DATE'],
    selection: dated,
  },
  {
    parent: 'Article',
    parentName: 'One',
    field: 'claims',
    orderType: 'ClaimOrder',
    fields: ['DATE'],
    selection: dated,
  },
  {
    parent: 'Region',
    parentName: 'Northland',
    field: 'children',
    orderType: 'RegionOrder',
    fields: ['NAME'],
    selection: 'name',
  },
  {
    parent: 'Region',
    parentName: 'Alpha',
    field: 'claims',
    orderType: 'ClaimOrder',
    fields: ['DATE'],
    selection: dated,
  },
  {
    parent: 'Region',
    parentName: 'Alpha',
    field: 'territoryChanges',
    orderType: 'TerritoryChangeOrder',
    fields: ['DATE'],
    selection: dated,
  },
];

const rootFields = { Actor: 'actors', Official: 'officials', Article: 'articles', Region: 'regions' } as const;
const nameFields = { Actor: 'name', Official: 'label', Article: 'title', Region: 'name' } as const;

/** The global id of the parent, found by listing its type. */
async function parentId({ parent, parentName }: NestedConnection): Promise<string> {
  const root = rootFields[parent];
  const result = await data(server.query(`{ ${root}(first: 100) { nodes { id ${nameFields[parent]} } } }`));
  const matches = result[root].nodes.filter((n: any) => n[nameFields[parent]] === parentName);
  expect(matches).toHaveLength(1);
  return matches[0].id;
}

/** One page of the nested connection, through `node`. */
async function nestedPage(connection: NestedConnection, id: string, args: Record<string, unknown>) {
  const { parent, field, orderType, selection } = connection;
  const query = `query ($id: ID!, $first: Int, $last: Int, $after: String, $before: String, $orderBy: ${orderType}) {
    node(id: $id) {
      ... on ${parent} {
        ${field}(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy) {
          totalCount
          nodes { id ${selection} }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }
  }`;
  return (await data(server.query(query, { id, ...args }))).node[field];
}

describe.each(connections)('$parent.$field', (connection) => {
  const orderings = ['RECORDED', ...connection.fields].flatMap((field) =>
    (['ASC', 'DESC'] as const).map((direction) => ({ field, direction })),
  );

  it.each(orderings)('is ordered by $field $direction, ties in recorded order', async (orderBy) => {
    const id = await parentId(connection);
    const all = await nestedPage(connection, id, { first: 100, orderBy });
    expect(all.nodes.length).toBeGreaterThanOrEqual(5);
    expect(all.totalCount).toBe(all.nodes.length);
    expect(all.nodes.map((n: Item) => n.id)).toEqual(
      expectedOrder(all.nodes, orderBy.field, orderBy.direction).map((n) => n.id),
    );
    if (orderBy.field !== 'RECORDED' && orderBy.direction === 'ASC') {
      // The ordering asked for is not the recorded one: the test would notice it being ignored.
      const recorded = await nestedPage(connection, id, { first: 100 });
      expect(all.nodes.map((n: Item) => n.id)).not.toEqual(recorded.nodes.map((n: Item) => n.id));
    }
  });

  it.each(orderings)('pages by $field $direction forward and backward with stable cursors', async (orderBy) => {
    const id = await parentId(connection);
    const all = (await nestedPage(connection, id, { first: 100, orderBy })).nodes.map((n: Item) => n.id);

    // Pages of two from one end, each from the cursor the last one ended at, until none is left.
    const walk = async (forward: boolean) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: any = await nestedPage(
          connection,
          id,
          forward ? { first: 2, after: cursor, orderBy } : { last: 2, before: cursor, orderBy },
        );
        const pageIds = page.nodes.map((n: Item) => n.id);
        if (forward) ids.push(...pageIds);
        else ids.unshift(...pageIds);
        const more = forward ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
        expect(more).toBe(ids.length < all.length);
        if (!more) return ids;
        cursor = forward ? page.pageInfo.endCursor : page.pageInfo.startCursor;
      }
    };
    expect(await walk(true)).toEqual(all);
    expect(await walk(false)).toEqual(all);
  });
});

describe('nested orderBy', () => {
  it('is declared on Claimant.claims and means the same through the interface', async () => {
    const query = `{ actors(first: 1) { nodes { ... on Claimant { claims(first: 100, orderBy: { field: DATE, direction: DESC }) { nodes { id } } } } }
      direct: actors(first: 1) { nodes { claims(first: 100, orderBy: { field: DATE, direction: DESC }) { nodes { id } } } } }`;
    const result = await data(server.query(query));
    expect(result.actors.nodes[0].claims.nodes).toHaveLength(6);
    expect(result.actors.nodes[0].claims).toEqual(result.direct.nodes[0].claims);
  });

  it('combines with the claim filter, for the page and its totalCount', async () => {
    const id = await parentId(connections[6]!);
    const query = `query ($id: ID!) { node(id: $id) { ... on Region {
      claims(filter: { from: "2024-03-01", to: "2024-03-01" }, orderBy: { field: DATE, direction: DESC }) {
        totalCount nodes { statement }
      } } } }`;
    const { node } = await data(server.query(query, { id }));
    expect(node.claims.totalCount).toBe(4);
    expect(node.claims.nodes.map((n: any) => n.statement)).toEqual([
      'claim 3 by mia',
      'claim 1 by mia',
      'claim 3 by north',
      'claim 1 by north',
    ]);
  });

  it('refuses a cursor made under another ordering, with the argument named', async () => {
    const connection = connections[1]!;
    const id = await parentId(connection);
    const recorded = (await nestedPage(connection, id, { first: 1 })).pageInfo.endCursor;
    const byDate = (await nestedPage(connection, id, { first: 1, orderBy: { field: 'DATE' } })).pageInfo.endCursor;
    for (const [args, argument] of [
      [{ first: 2, after: recorded, orderBy: { field: 'DATE' } }, 'after'],
      [{ last: 2, before: byDate }, 'before'],
    ] as const) {
      const result = await server.query(
        `query ($id: ID!, $first: Int, $last: Int, $after: String, $before: String, $orderBy: ClaimOrder) {
          node(id: $id) { ... on Actor { claims(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy) { nodes { id } } } } }`,
        { id, ...args },
      );
      expect(result.errors?.[0]?.message).toContain(`"${argument}" is a cursor from another ordering`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    // The server serves on after the refusal.
    expect((await nestedPage(connection, id, { first: 1 })).nodes).toHaveLength(1);
  });
});
