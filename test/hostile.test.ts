import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { loadDataset } from '../src/dataset/load.ts';
import { openDatabase } from '../src/db/client.ts';
import { type RunningServer, startServer } from '../src/server/http.ts';
import { exampleDataset, globalId } from './helpers.ts';

interface Hostile {
  name: string;
  method?: string;
  headers?: Record<string, string>;
  path?: string;
  body?: string | Uint8Array;
  /** The status expected, when a particular one is the right answer. */
  status?: number;
}

const json = (value: unknown) => JSON.stringify(value);
const gql = (query: string, extra: Record<string, unknown> = {}) => json({ query, ...extra });
const nest = (levels: number, inner: string) => `${'parent { '.repeat(levels)}${inner}${' }'.repeat(levels)}`;
const utf8 = (text: string) => new TextEncoder().encode(text);

// Every one of these must get a 4xx, or a 200 whose body carries GraphQL errors; never a 5xx.
const hostileRequests: Hostile[] = [
  { name: 'depth bomb', body: gql(`{ actors { edges { node { ${nest(200, 'name')} } } } }`) },
  {
    name: 'alias bomb',
    body: gql(`{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: claims { totalCount }`).join(' ')} }`),
  },
  {
    name: 'circular fragments',
    body: gql(
      `{ actors { edges { node { ...A } } } } fragment A on Actor { parent { ...B } } fragment B on Actor { parent { ...A } }`,
    ),
  },
  {
    name: 'fragment bomb (each fragment spreads the previous one twice)',
    body: gql(
      `{ actors { edges { node { ...F9 } } } } fragment F0 on Actor { name } ` +
        Array.from(
          { length: 9 },
          (_, i) => `fragment F${i + 1} on Actor { parent { ...F${i} } children { edges { node { ...F${i} } } } }`,
        ).join(' '),
    ),
  },
  {
    name: 'huge list of ids',
    body: gql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      variables: { ids: Array(5000).fill(globalId('Claim', 1)) },
    }),
  },
  {
    name: 'ids list over the body limit',
    body: gql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      variables: { ids: Array(20_000).fill(globalId('Claim', 1)) },
    }),
    status: 413,
  },
  {
    name: 'batched array',
    body: json(Array.from({ length: 50 }, () => ({ query: '{ claims { totalCount } }' }))),
    status: 400,
  },
  { name: 'empty batch', body: '[]', status: 400 },
  {
    name: 'very long search string',
    body: gql('query ($q: String!) { search(query: $q) { totalCount } }', { variables: { q: 'war '.repeat(20_000) } }),
  },
  { name: 'very long field name', body: gql(`{ ${'x'.repeat(90_000)} }`) },
  {
    name: 'body over the size limit',
    body: gql('{ __typename }', { variables: { pad: 'x'.repeat(200_000) } }),
    status: 413,
  },
  {
    name: 'invalid UTF-8 in the body',
    status: 400,
    body: new Uint8Array([
      ...utf8('{"query":"{ search(query: \\"'),
      0xc3,
      0x28,
      0xff,
      ...utf8('\\") { totalCount } }"}'),
    ]),
  },
  {
    name: 'invalid UTF-8 in a variable',
    status: 400,
    body: new Uint8Array([
      ...utf8('{"query":"query ($q: String!) { search(query: $q) { totalCount } }","variables":{"q":"'),
      0xed,
      0xa0,
      0x80,
      ...utf8('"}}'),
    ]),
  },
  { name: 'NUL bytes in the query', body: gql('{ claims\u0000 { totalCount } }') },
  { name: 'malformed JSON', body: '{"query": "{ claims { totalCount } }"', status: 400 },
  { name: 'JSON that is not an object', body: '"{ claims { totalCount } }"', status: 400 },
  { name: 'query that is not a string', body: json({ query: { claims: 1 } }), status: 400 },
  { name: 'variables that are not an object', body: json({ query: '{ __typename }', variables: 'x' }), status: 400 },
  {
    name: 'deeply nested JSON variables',
    body: `{"query":"query ($f: ClaimFilter) { claims(filter: $f) { totalCount } }","variables":{"f":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`,
  },
  { name: 'text/plain body', headers: { 'content-type': 'text/plain' }, body: gql('{ __typename }'), status: 403 },
  { name: 'XML body', headers: { 'content-type': 'application/xml' }, body: '<query>{ __typename }</query>' },
  {
    name: 'form-encoded body',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'query=%7B__typename%7D',
    status: 403,
  },
  {
    name: 'multipart body',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--\r\n',
    status: 403,
  },
  {
    name: 'multipart body with the CSRF header',
    headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-graphql-yoga-csrf': '1' },
    body: '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--\r\n',
    status: 415,
  },
  { name: 'no content type', headers: { 'content-type': '' }, body: gql('{ __typename }') },
  {
    name: 'GET mutation',
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent('mutation { __typename }')}`,
    headers: { 'x-graphql-yoga-csrf': '1' },
    status: 405,
  },
  { name: 'POST mutation (no Mutation type yet)', body: gql('mutation { __typename }') },
  {
    name: 'GET with a malformed query string',
    method: 'GET',
    path: '/graphql?query=%E0%A4%A',
    headers: { 'x-graphql-yoga-csrf': '1' },
  },
  { name: 'PUT', method: 'PUT', body: gql('{ __typename }') },
  { name: 'unknown operation name', body: gql('query A { __typename }', { operationName: 'B' }) },
  { name: 'two operations, no name', body: gql('query A { __typename } query B { __typename }') },
  { name: 'subscription (no Subscription type)', body: gql('subscription { claims }') },
  {
    name: 'variable of the wrong type',
    body: gql('query ($n: Int) { claims(first: $n) { totalCount } }', { variables: { n: 'ten' } }),
  },
  { name: 'huge integer', body: gql('{ claims(first: 99999999999999999999) { totalCount } }') },
  { name: 'negative page', body: gql('{ claims(first: -1) { totalCount } }') },
  { name: 'missing required variable', body: gql('query ($q: String!) { search(query: $q) { totalCount } }') },
  { name: 'malformed cursor', body: gql('{ claims(after: "////") { totalCount } }') },
  {
    name: 'id of the wrong type',
    body: gql(`{ claims(filter: { regionId: "${globalId('Actor', 1)}" }) { totalCount } }`),
  },
  { name: 'impossible date', body: gql('{ claims(filter: { from: "2024-02-31" }) { totalCount } }') },
  ...[
    'NEAR(war peace)',
    '"unbalanced',
    'title:war',
    'war AND OR NOT',
    '^war',
    '-war',
    'war*',
    '*',
    '(',
    'a" OR "b',
    "'; DROP TABLE claims; --",
  ].map((q): Hostile => ({
    name: `FTS syntax in search: ${q}`,
    body: gql('query ($q: String!) { search(query: $q) { totalCount } }', { variables: { q } }),
  })),
];

describe('hostile requests against the production configuration, over HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-hostile-'));
  let running: RunningServer;
  beforeAll(async () => {
    const db = openDatabase(join(dir, 'hostile.db'));
    loadDataset(db, exampleDataset());
    running = await startServer({ db, port: 0, host: '127.0.0.1', config: readConfig({ NODE_ENV: 'production' }) });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const normalQuery = async () => {
    const response = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: gql('{ claims { totalCount } }'),
    });
    return { status: response.status, body: await response.json() };
  };

  it.each(hostileRequests)('$name: a 4xx or a GraphQL error, and the next query succeeds', async (hostile) => {
    const method = hostile.method ?? 'POST';
    const response = await fetch(`${running.url}${hostile.path ?? '/graphql'}`, {
      method,
      headers: { 'content-type': 'application/json', ...hostile.headers },
      body: method === 'GET' ? undefined : (hostile.body as BodyInit),
    });
    const text = await response.text();
    expect(response.status).toBeLessThan(500);
    if (hostile.status) expect(response.status).toBe(hostile.status);
    if (response.status === 200) {
      const body = JSON.parse(text);
      // FTS syntax is plain text to search: an answer, not an error.
      if (hostile.name.startsWith('FTS syntax')) expect(body.data.search.totalCount).toBeGreaterThanOrEqual(0);
      else expect(body.errors?.length).toBeGreaterThan(0);
    } else {
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    expect(text).not.toMatch(/SqliteError|at .*\.ts:\d+|select .* from/i);

    expect(await normalQuery()).toEqual({ status: 200, body: { data: { claims: { totalCount: 18 } } } });
  });
});
