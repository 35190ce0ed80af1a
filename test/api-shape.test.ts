import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { createTestServer, data } from './helpers.ts';

// Names chosen to test the name filters: mixed case, a LIKE wildcard that must match itself, and
// an unnamed source.
const records: DatasetRecordInput[] = [
  { type: 'actor', key: 'state', name: 'Northland', kind: 'STATE', country: 'NL' },
  { type: 'actor', key: 'army', name: 'Northland Army', kind: 'MILITARY', country: 'NL', parent: 'state' },
  { type: 'actor', key: 'percent', name: '100% Press', kind: 'MEDIA', country: 'NL' },
  { type: 'actor', key: 'press', name: '100 Press', kind: 'MEDIA', country: 'NL' },
  { type: 'official', key: 'anna', name: 'Anna NORTH', description: 'Spokesperson', roles: [] },
  { type: 'official', key: 'bo', name: 'Bo South', description: 'Minister', roles: [] },
  { type: 'official', key: 'anon', description: 'a northern official', roles: [] },
  { type: 'article', key: 'old', title: 'Zulu', publishedAt: '2024-01-01T00:00:00.000Z' },
  { type: 'article', key: 'new', title: 'Alpha', publishedAt: '2024-06-01T00:00:00.000Z' },
  { type: 'article', key: 'undated', title: 'Mike' },
  // Dated by period, by article, or not at all; three share 2024-03-01 to test the tie-breaker.
  ...(
    [
      ['by-article-new', 'new', undefined],
      ['march-a', 'old', '2024-03-01'],
      ['by-article-old', 'old', undefined],
      ['no-date', 'undated', undefined],
      ['march-b', 'new', '2024-03-01'],
      ['march-c', 'old', '2024-03-01'],
    ] as const
  ).map(([key, article, start]): DatasetRecordInput => ({
    type: 'claim',
    key,
    article,
    statement: `${key} in Northland`,
    kind: 'ASSESSMENT',
    attribution: 'STATED',
    claimant: 'state',
    ...(start && { period: { start } }),
  })),
];
const dataset: DatasetInput = { format: 'claimgraph-dataset', version: 1, records };

const server = createTestServer(dataset);
afterAll(() => server.close());

describe('nodes beside edges', () => {
  it('lists the same items as edges, with nested fields, in the same number of statements', async () => {
    const query = (selection: string) => `{ actors(first: 3) { ${selection} { name parent { name } } } }`;
    server.statements.reset();
    const byEdges = await data(server.query(query('edges { node') + ' }'));
    const edgeStatements = server.statements.count;
    server.statements.reset();
    const byNodes = await data(server.query(query('nodes')));
    expect(server.statements.count).toBe(edgeStatements);
    expect(byNodes.actors.nodes).toEqual(byEdges.actors.edges.map((e: any) => e.node));
    expect(byNodes.actors.nodes[1]).toEqual({ name: 'Northland Army', parent: { name: 'Northland' } });
  });

  it('is served on nested connections too', async () => {
    const { actors } = await data(server.query(`{ actors(first: 1) { nodes { children { nodes { name } } } } }`));
    expect(actors.nodes[0].children.nodes).toEqual([{ name: 'Northland Army' }]);
  });
});

describe('name filters', () => {
  const names = async (field: 'actors' | 'officials', name: string) => {
    const filterType = field === 'actors' ? 'ActorFilter' : 'OfficialFilter';
    const result = await data(
      server.query(`query ($filter: ${filterType}) { ${field}(filter: $filter) { totalCount nodes { name } } }`, {
        filter: { name },
      }),
    );
    expect(result[field].totalCount).toBe(result[field].nodes.length);
    return result[field].nodes.map((n: any) => n.name);
  };

  it('match a substring of actor names, ignoring case', async () => {
    expect(await names('actors', 'northland')).toEqual(['Northland', 'Northland Army']);
    expect(await names('actors', 'ARMY')).toEqual(['Northland Army']);
    expect(await names('actors', 'nowhere')).toEqual([]);
  });

  it('treat % and _ as themselves', async () => {
    expect(await names('actors', '100%')).toEqual(['100% Press']);
    expect(await names('actors', '_')).toEqual([]);
  });

  it('match official names, not descriptions of unnamed sources', async () => {
    expect(await names('officials', 'north')).toEqual(['Anna NORTH']);
    expect(await names('officials', 'o')).toEqual(['Anna NORTH', 'Bo South']);
  });

  it.each([
    ['actors', 'ActorFilter', '   ', 'must not be empty'],
    ['officials', 'OfficialFilter', 'x'.repeat(201), 'at most 200 characters'],
  ])('refuse a bad name on %s with a coded error', async (field, filterType, name, message) => {
    const result = await server.query(`query ($filter: ${filterType}) { ${field}(filter: $filter) { totalCount } }`, {
      filter: { name },
    });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toContain(message);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('orderBy', () => {
  // A claim's statement is its key and the words after it.
  const keyOf = (text: string) => text.replace(/ in Northland$/, '');
  const page = async (field: string, args: string, selection = 'name') => {
    const result = await data(
      server.query(`{ ${field}(${args}) { totalCount nodes { ${selection} } pageInfo { endCursor startCursor } } }`),
    );
    return result[field];
  };
  const values = async (field: string, orderBy: string, selection = 'name') =>
    (await page(field, `first: 100, orderBy: ${orderBy}`, selection)).nodes.map((n: any) => keyOf(n[selection]));

  it('orders actors, officials and regions by name, either way', async () => {
    expect(await values('actors', '{ field: NAME }')).toEqual([
      '100 Press',
      '100% Press',
      'Northland',
      'Northland Army',
    ]);
    expect(await values('actors', '{ field: NAME, direction: DESC }')).toEqual([
      'Northland Army',
      'Northland',
      '100% Press',
      '100 Press',
    ]);
    // Unnamed sources are placed by their description.
    expect(await values('officials', '{ field: NAME }', 'label')).toEqual([
      'Anna NORTH',
      'Bo South',
      'a northern official',
    ]);
    expect(await values('actors', '{ field: RECORDED, direction: DESC }')).toEqual([
      '100 Press',
      '100% Press',
      'Northland Army',
      'Northland',
    ]);
  });

  it('orders articles by title and by publication, undated first', async () => {
    expect(await values('articles', '{ field: TITLE }', 'title')).toEqual(['Alpha', 'Mike', 'Zulu']);
    expect(await values('articles', '{ field: PUBLISHED, direction: DESC }', 'title')).toEqual([
      'Alpha',
      'Zulu',
      'Mike',
    ]);
  });

  it('orders claims by date, ties in recorded order', async () => {
    const ascending = ['no-date', 'by-article-old', 'march-a', 'march-b', 'march-c', 'by-article-new'];
    expect(await values('claims', '{ field: DATE }', 'statement')).toEqual(ascending);
    // The tie-breaker runs the same way as the ordering.
    expect(await values('claims', '{ field: DATE, direction: DESC }', 'statement')).toEqual([...ascending].reverse());
  });

  it('pages forward and backward through an ordering with stable cursors, in one statement per page', async () => {
    const all = await values('claims', '{ field: DATE }', 'statement');
    const seen: string[] = [];
    let after: string | null = null;
    do {
      server.statements.reset();
      const result: any = await page(
        'claims',
        `first: 2, orderBy: { field: DATE }${after ? `, after: "${after}"` : ''}`,
        'statement',
      );
      expect(server.statements.count).toBe(2);
      seen.push(...result.nodes.map((n: any) => keyOf(n.statement)));
      after = result.nodes.length ? result.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all);

    const backward: string[] = [];
    let before: string | null = null;
    do {
      const result: any = await page(
        'claims',
        `last: 2, orderBy: { field: DATE }${before ? `, before: "${before}"` : ''}`,
        'statement',
      );
      backward.unshift(...result.nodes.map((n: any) => keyOf(n.statement)));
      before = result.nodes.length ? result.pageInfo.startCursor : null;
    } while (before);
    expect(backward).toEqual(all);
  });

  it('refuses a cursor made under another ordering, both ways', async () => {
    const recorded = (await page('claims', 'first: 1', 'statement')).pageInfo.endCursor;
    const byDate = (await page('claims', 'first: 1, orderBy: { field: DATE }', 'statement')).pageInfo.endCursor;
    for (const [args, argument] of [
      [`after: "${recorded}", orderBy: { field: DATE }`, 'after'],
      [`before: "${byDate}"`, 'before'],
    ]) {
      const result = await server.query(`{ claims(${args}) { totalCount nodes { statement } } }`);
      expect(result.errors?.[0]?.message).toContain(`"${argument}" is a cursor from another ordering`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('refuses an unknown ordering with a coded error', async () => {
    const result = await server.query(`{ claims(orderBy: { field: TITLE }) { totalCount } }`);
    expect(result.errors?.[0]?.message).toContain('TITLE');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('search by type and backward', () => {
  const search = async (args: string) => {
    const { search } = await data(
      server.query(`{ search(query: "northland", ${args}) { totalCount edges { cursor node { __typename } } } }`),
    );
    return search;
  };

  it('finds only the types asked for, and counts only those', async () => {
    const all = await search('first: 100');
    const typenames = (page: any) => [...new Set(page.edges.map((e: any) => e.node.__typename))].sort();
    expect(typenames(all)).toEqual(['Actor', 'Claim']);
    const actorsOnly = await search('first: 100, types: [ACTOR]');
    expect(typenames(actorsOnly)).toEqual(['Actor']);
    expect(actorsOnly.totalCount).toBe(2);
    expect(actorsOnly.totalCount).toBe(all.edges.filter((e: any) => e.node.__typename === 'Actor').length);
    expect((await search('types: [ACTOR, CLAIM]')).totalCount).toBe(all.totalCount);
    // The same choice in another order, or with a type twice, runs the same statement.
    expect(await search('first: 100, types: [CLAIM, ACTOR, CLAIM]')).toEqual(all);
    const claimsOnly = await search('first: 100, types: [CLAIM]');
    expect(typenames(claimsOnly)).toEqual(['Claim']);
    expect(claimsOnly.totalCount + actorsOnly.totalCount).toBe(all.totalCount);
  });

  it('pages backward to the same ranking as forward', async () => {
    const all = (await search('first: 100')).edges.map((e: any) => e.cursor);
    expect((await search('last: 2')).edges.map((e: any) => e.cursor)).toEqual(all.slice(-2));
    expect((await search(`last: 2, before: "${all[3]}"`)).edges.map((e: any) => e.cursor)).toEqual(all.slice(1, 3));
  });

  it.each([
    ['types: []', '"types" must name at least one type', 'BAD_USER_INPUT'],
    ['first: 2, last: 2', 'cannot be used together', 'BAD_USER_INPUT'],
    ['last: 101', '"last" must be at most 100', 'PAGE_SIZE_OUT_OF_RANGE'],
    ['before: "nonsense"', '"before" is not a cursor from this search', 'BAD_USER_INPUT'],
    ['types: [ARMY]', 'ARMY', 'GRAPHQL_VALIDATION_FAILED'],
  ])('refuses %s with a coded error', async (args, message, code) => {
    const result = await server.query(`{ search(query: "northland", ${args}) { totalCount edges { cursor } } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toContain(message);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
  });
});

describe('cost preview', () => {
  const post = async (query: string, headers: Record<string, string>) =>
    (
      await server.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      })
    ).json();

  it('shows the cost beside the answer when the header asks, growing with the page size', async () => {
    const small = await post('{ claims(first: 2) { nodes { statement } } }', { 'x-query-cost': '1' });
    const large = await post('{ claims(first: 50) { nodes { statement } } }', { 'x-query-cost': '1' });
    expect(small.data.claims.nodes).toHaveLength(2);
    expect(small.extensions.cost).toMatchObject({ limit: expect.any(Number), fieldLimit: expect.any(Number) });
    expect(large.extensions.cost.requested).toBeGreaterThan(small.extensions.cost.requested);
    expect(large.extensions.cost.limit).toBe(small.extensions.cost.limit);
  });

  it('leaves answers as they were without the header', async () => {
    expect(await post('{ claims(first: 2) { totalCount } }', {})).toEqual({ data: { claims: { totalCount: 6 } } });
  });
});
