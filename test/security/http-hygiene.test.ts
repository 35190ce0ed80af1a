import { type AuditResult, auditServer } from 'graphql-http';
import { afterAll, describe, expect, it } from 'vitest';
import { type Config, readConfig } from '../../src/config.ts';
import { createClaimgraph } from '../../src/server/yoga.ts';
import { createTestServer } from '../helpers.ts';
import { describeHostileRequests, gql, json } from './hostile-requests.ts';

// How requests must arrive over HTTP: the GraphQL-over-HTTP rules, CSRF prevention, methods,
// content types and encodings. graphql-cop probe names are in the titles.
const production = readConfig({ NODE_ENV: 'production' });

/**
 * The GraphQL-over-HTTP audits of the graphql-http package, run through the real Yoga instance
 * with the configuration a deployment uses. Every MUST passes; SHOULD and MAY audits that do not
 * pass are listed here with the reason (and in the README).
 */
describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  const server = createTestServer();
  afterAll(() => server.close());

  const audit = async (config: Config, headers: Record<string, string> = {}) => {
    const yoga = createClaimgraph({ db: server.db, config });
    const results = await auditServer({
      url: 'http://claimgraph.test/graphql',
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        yoga.fetch(
          new Request(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } }),
        ),
    });
    const failing = (status: AuditResult['status']) =>
      results.filter((r) => r.status === status).map((r) => `${r.id} ${r.name}`);
    return { results, errors: failing('error'), warnings: failing('warn'), notices: failing('notice') };
  };

  it('production defaults: every audit passes, queries by GET included (they need no CSRF header)', async () => {
    const { results } = await audit(production);
    expect(results.length).toBeGreaterThan(40);
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
  });

  it('with introspection turned off, only the audits that query __type fail', async () => {
    const { errors, warnings } = await audit(readConfig({ NODE_ENV: 'production', CLAIMGRAPH_INTROSPECTION: 'false' }));
    expect(errors).toEqual(['28B9 MUST allow map {variables} parameter when accepting application/json']);
    expect(warnings).toEqual([
      '2EA1 SHOULD allow map {variables} parameter when accepting application/graphql-response+json',
    ]);
  });
});

describe('variables that do not fit, on every kind of operation', () => {
  const server = createTestServer();
  afterAll(() => server.close());

  // The audits ask only `{ __typename }`-like documents; an aggregate runs compiled (graphql-jit),
  // whose own variable checks answer 200 and name the wrong variable, so it is asked too.
  it.each([
    ['a page', 'claims(filter: $f) { totalCount }'],
    ['an aggregate', 'claimStats(filter: $f) { count }'],
  ])('%s: 400 with application/graphql-response+json, naming the variable and where it is', async (_, field) => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `query ($f: ClaimFilter) { ${field} }`, variables: { f: { kinds: ['NOPE'] } } }),
    });
    expect(response.status).toBe(400);
    const { errors } = await response.json();
    expect(errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Variable "$f" got invalid value "NOPE" at "f.kinds[0]"'),
        locations: [{ line: 1, column: 8 }],
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
  });
});

describe('methods, CSRF and batching (production configuration)', () => {
  const server = createTestServer(undefined, { config: production });
  afterAll(() => server.close());

  it('graphql-cop GET-based queries (CSRF): a query by GET is answered, since it can only read and reads use no ambient credential', async () => {
    const response = await server.fetch(`/graphql?query=${encodeURIComponent('{__typename}')}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('graphql-cop POST-based CSRF: a POST as application/x-www-form-urlencoded is refused', async () => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('query {__typename}')}`,
    });
    expect(response.status).toBe(403);
    expect((await response.json()).data).toBeUndefined();
  });

  it('graphql-cop mutation over GET: refused with 405, even with the CSRF header', async () => {
    const response = await server.fetch(`/graphql?query=${encodeURIComponent('mutation {__typename}')}`, {
      headers: { 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(405);
    expect((await response.json()).errors[0].message).toBe(
      'Can only perform a mutation operation from a POST request.',
    );
  });

  it('graphql-cop batch queries: an array of 11 operations is refused', async () => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: 'query { __typename }' }))),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Array.isArray(body)).toBe(false);
    expect(body.errors[0].message).toBe('Batching is not supported.');
  });
});

const utf8 = (text: string) => new TextEncoder().encode(text);
const multipart =
  '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--\r\n';

describeHostileRequests('malformed bodies, content types and methods over HTTP (production configuration)', [
  { name: 'empty batch', body: '[]', status: 400 },
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
  { name: 'JSON that is not an object', body: '"{ claims { totalCount } }"', status: 400 },
  { name: 'query that is not a string', body: json({ query: { claims: 1 } }), status: 400 },
  { name: 'variables that are not an object', body: json({ query: '{ __typename }', variables: 'x' }), status: 400 },
  { name: 'text/plain body', headers: { 'content-type': 'text/plain' }, body: gql('{ __typename }'), status: 403 },
  { name: 'XML body', headers: { 'content-type': 'application/xml' }, body: '<query>{ __typename }</query>' },
  {
    name: 'multipart body',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: multipart,
    status: 403,
  },
  {
    name: 'multipart body with the CSRF header',
    headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-graphql-yoga-csrf': '1' },
    body: multipart,
    status: 415,
  },
  { name: 'no content type', headers: { 'content-type': '' }, body: gql('{ __typename }') },
  {
    name: 'GET with a malformed query string',
    method: 'GET',
    path: '/graphql?query=%E0%A4%A',
    headers: { 'x-graphql-yoga-csrf': '1' },
  },
  { name: 'PUT', method: 'PUT', body: gql('{ __typename }') },
]);
