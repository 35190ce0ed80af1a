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
