import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { createTestServer, data, globalId } from './helpers.ts';

/**
 * Every connection, paged to its exact boundaries: a page exactly as long as what is left (no next
 * page), one item short of it (a next page) and one over (no next page, nothing invented); from the
 * start and from a cursor; forward with first/after and backward with last/before. A small dataset
 * gives every connection a known number of items (at least 5), and a walk over the served schema
 * fails as soon as a connection appears that the table below does not page.
 */
const records: DatasetRecordInput[] = [
  { type: 'actor', key: 'land', name: 'Testland', kind: 'STATE', country: 'TL' },
  ...[0, 1, 2, 3, 4].flatMap((i): DatasetRecordInput[] => [
    { type: 'actor', key: `unit-${i}`, name: `Unit ${i}`, kind: 'MILITARY', country: 'TL', parent: 'land' },
  ]),
  { type: 'region', key: 'country', name: 'Testland', kind: 'COUNTRY', country: 'TL' },
  ...[0, 1, 2, 3, 4].map((i): DatasetRecordInput => ({
    type: 'region',
    key: `province-${i}`,
    name: `Province ${i}`,
    kind: 'PROVINCE',
    country: 'TL',
    parent: 'country',
  })),
  ...[0, 1, 2, 3, 4].map((i): DatasetRecordInput => ({
    type: 'official',
    key: `official-${i}`,
    name: `Official ${i}`,
    description: 'Spokesperson of Unit 0',
    roles: [{ title: 'Spokesperson', actor: 'unit-0' }],
  })),
  ...[0, 1, 2, 3, 4].map((i): DatasetRecordInput => ({ type: 'article', key: `article-${i}`, title: `Report ${i}` })),
  // Five claims by an official and five by a body, all in one article and one province; only the
  // official's mention the word searched for, and each of the body's contradicts one of them.
  ...[0, 1, 2, 3, 4].flatMap((i): DatasetRecordInput[] => [
    {
      type: 'claim',
      key: `official-claim-${i}`,
      article: 'article-0',
      statement: `Official claim ${i} about a zebra.`,
      kind: 'ASSESSMENT',
      attribution: 'STATED',
      claimant: 'official-0',
      region: 'province-0',
    },
    {
      type: 'claim',
      key: `unit-claim-${i}`,
      article: 'article-0',
      statement: `Unit claim ${i}.`,
      kind: 'MILITARY_ACTIVITY',
      attribution: 'CLAIMED',
      claimant: 'unit-0',
      region: 'province-0',
      relations: [{ kind: 'CONTRADICTS', claim: `official-claim-${i}` }],
    },
  ]),
  ...[0, 1, 2, 3, 4].map((i): DatasetRecordInput => ({
    type: 'territoryChange',
    key: `change-${i}`,
    region: 'province-0',
    gainedBy: 'unit-0',
    article: 'article-0',
    period: { start: `2024-0${i + 1}-01` },
  })),
];
const dataset: DatasetInput = { format: 'claimgraph-dataset', version: 1, records };

/** The global id of the record with this key (ids follow the order records of a type are written in). */
function idOf(key: string) {
  const record = records.find((r) => r.key === key)!;
  const typename = { actor: 'Actor', official: 'Official', region: 'Region', article: 'Article' }[
    record.type as 'actor' | 'official' | 'region' | 'article'
  ];
  return globalId(typename, records.filter((r) => r.type === record.type).indexOf(record) + 1);
}

interface Connection {
  /** Where the connection hangs: the root, or the node with this global id. */
  parent?: string;
  /** Extra arguments besides the paging ones. */
  args?: string;
  /** Whether it pages backward (last/before). */
  backward: boolean;
}

// Every field of the schema that returns a *Connection, as `Type.field`.
const connections: Record<string, Connection> = {
  'Query.actors': { backward: true },
  'Query.officials': { backward: true },
  'Query.regions': { backward: true },
  'Query.articles': { backward: true },
  'Query.claims': { backward: true },
  'Query.territoryChanges': { backward: true },
  'Query.search': { args: 'query: "zebra"', backward: true },
  'Query.contradictions': { backward: false },
  'Actor.claims': { parent: idOf('unit-0'), backward: true },
  'Actor.children': { parent: idOf('land'), backward: true },
  'Actor.officials': { parent: idOf('unit-0'), backward: true },
  'Official.claims': { parent: idOf('official-0'), backward: true },
  'Article.claims': { parent: idOf('article-0'), backward: true },
  'Region.children': { parent: idOf('country'), backward: true },
  'Region.claims': { parent: idOf('province-0'), backward: true },
  'Region.territoryChanges': { parent: idOf('province-0'), backward: true },
};

const server = createTestServer(dataset);
afterAll(() => server.close());

interface Page {
  totalCount: number;
  edges: { cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}
type PageArgs = { first?: number; after?: string; last?: number; before?: string };

async function fetchPage(coordinate: string, { parent, args, backward }: Connection, paging: PageArgs): Promise<Page> {
  const [type, field] = coordinate.split('.') as [string, string];
  const variables = backward
    ? '$first: Int, $after: String, $last: Int, $before: String'
    : '$first: Int, $after: String';
  const passed = backward
    ? 'first: $first, after: $after, last: $last, before: $before'
    : 'first: $first, after: $after';
  const selection = `${field}(${[args, passed].filter(Boolean).join(', ')}) {
    totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`;
  const query = parent
    ? `query (${variables}, $id: ID!) { node(id: $id) { ... on ${type} { ${selection} } } }`
    : `query (${variables}) { ${selection} }`;
  const result = await data(server.query(query, { ...paging, id: parent }));
  return parent ? result.node[field] : result[field];
}

const cursors = (page: Page) => page.edges.map((edge) => edge.cursor);

describe('page boundaries', () => {
  it('cover every connection the schema serves', async () => {
    const { __schema } = await data(
      server.query('{ __schema { types { name kind fields { name type { name ofType { name } } } } } }'),
    );
    const served = (__schema.types as any[])
      .filter((type) => type.kind === 'OBJECT' && !type.name.startsWith('__'))
      .flatMap((type) =>
        (type.fields as any[])
          .filter((field) => (field.type.name ?? field.type.ofType?.name ?? '').endsWith('Connection'))
          .map((field) => `${type.name}.${field.name}`),
      );
    expect(served.sort()).toEqual(Object.keys(connections).sort());
  });

  describe.each(Object.entries(connections))('%s', (coordinate, connection) => {
    const page = (paging: PageArgs) => fetchPage(coordinate, connection, paging);

    it('forward: exactly full, one short and one over, from the start and from a cursor', async () => {
      const all = await page({ first: 100 });
      const n = all.totalCount;
      expect(n).toBeGreaterThanOrEqual(5);
      const every = cursors(all);
      expect(every).toHaveLength(n);
      expect(all.pageInfo.hasNextPage).toBe(false);

      const expectPage = async (paging: PageArgs, items: string[], hasNextPage: boolean) => {
        const result = await page(paging);
        expect({ paging, items: cursors(result), hasNextPage: result.pageInfo.hasNextPage }).toEqual({
          paging,
          items,
          hasNextPage,
        });
        expect(result.pageInfo.startCursor).toBe(items[0]);
        expect(result.pageInfo.endCursor).toBe(items.at(-1));
        expect(result.totalCount).toBe(n);
      };
      await expectPage({ first: n - 1 }, every.slice(0, n - 1), true);
      await expectPage({ first: n }, every, false);
      await expectPage({ first: n + 1 }, every, false);
      const after = every[0]!;
      await expectPage({ first: n - 2, after }, every.slice(1, n - 1), true);
      await expectPage({ first: n - 1, after }, every.slice(1), false);
      await expectPage({ first: n, after }, every.slice(1), false);
    });

    if (connection.backward)
      it('backward: exactly full, one short and one over, from the end and from a cursor', async () => {
        const all = await page({ first: 100 });
        const n = all.totalCount;
        const every = cursors(all);

        const expectPage = async (paging: PageArgs, items: string[], hasPreviousPage: boolean) => {
          const result = await page(paging);
          expect({ paging, items: cursors(result), hasPreviousPage: result.pageInfo.hasPreviousPage }).toEqual({
            paging,
            items,
            hasPreviousPage,
          });
          expect(result.pageInfo.startCursor).toBe(items[0]);
          expect(result.pageInfo.endCursor).toBe(items.at(-1));
          expect(result.totalCount).toBe(n);
        };
        await expectPage({ last: n - 1 }, every.slice(1), true);
        await expectPage({ last: n }, every, false);
        await expectPage({ last: n + 1 }, every, false);
        const before = every[n - 1]!;
        await expectPage({ last: n - 2, before }, every.slice(1, n - 1), true);
        await expectPage({ last: n - 1, before }, every.slice(0, n - 1), false);
        await expectPage({ last: n, before }, every.slice(0, n - 1), false);
      });
  });
});
