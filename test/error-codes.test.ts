import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, globalId } from './helpers.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const codeTable = readme.slice(readme.indexOf('### Error codes'), readme.indexOf('### Environment variables'));

describe('every error a client can branch on has extensions.code, listed in the README', () => {
  const server = createTestServer();
  afterAll(() => server.close());
  const regionId = globalId('Region', 2);

  const cases: [string, string, RegExp][] = [
    ['{ claims(first: 1000) { totalCount } }', 'PAGE_SIZE_OUT_OF_RANGE', /"first" must be at most 100: ask for/],
    ['{ claims(last: -1) { totalCount } }', 'PAGE_SIZE_OUT_OF_RANGE', /"last" must not be negative/],
    [
      '{ claims(after: "bm90LWEtY3Vyc29y") { totalCount } }',
      'INVALID_CURSOR',
      /^Invalid cursor: "bm90LWEtY3Vyc29y"; pass a cursor from pageInfo/,
    ],
    ['{ node(id: "nonsense") { id } }', 'INVALID_ID', /^Invalid global ID: nonsense$/],
    [
      `{ claims(filter: { regionId: "${globalId('Official', 1)}" }) { totalCount } }`,
      'WRONG_ID_TYPE',
      /is not of type: Region: it is the id of an Official; pass the id of a Region\./,
    ],
    ['{ claimz { totalCount } }', 'GRAPHQL_VALIDATION_FAILED', /claimz/],
    ['{ claims { ', 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
  ];
  it.each(cases)('%s -> %s', async (query, code, message) => {
    const { errors } = await server.query(query);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(errors?.[0]?.message).toMatch(message);
    expect(codeTable).toContain(`\`${code}\``);
  });

  it('a valid region id is answered (the WRONG_ID_TYPE case is about the type, not the id)', async () => {
    const { errors } = await server.query(`{ claims(filter: { regionId: "${regionId}" }) { totalCount } }`);
    expect(errors).toBeUndefined();
  });

  it('CSRF, authentication and cost refusals have codes too', async () => {
    const form = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(403);
    expect((await form.json()).errors[0].extensions.code).toBe('CSRF_HEADER_MISSING');

    const unauthenticated = await server.mutate('mutation { deleteRegion(input: { id: "x" }) { __typename } }', {}, {});
    expect(unauthenticated.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const costly = await server.query(
      '{ actors(first: 100) { edges { node { claims(first: 100) { edges { node { subjects { claims(first: 100) { totalCount } } } } } } } } }',
    );
    expect(costly.errors?.[0]?.extensions?.code).toBe('COST_LIMIT');
    for (const code of ['CSRF_HEADER_MISSING', 'UNAUTHENTICATED', 'COST_LIMIT', 'RATE_LIMITED', 'TIMEOUT'])
      expect(codeTable).toContain(`\`${code}\``);
  });
});
