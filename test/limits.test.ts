import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { readConfig } from '../src/config.ts';
import { operationCost } from '../src/graphql/cost.ts';
import { schema } from '../src/graphql/schema.ts';
import { createTestServer, data } from './helpers.ts';
import { syntheticDataset } from './synthetic.ts';

const production = readConfig({ NODE_ENV: 'production' });
const { limits } = production;

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code;

describe('request limits (production defaults)', () => {
  const server = createTestServer(undefined, { config: production });
  afterAll(() => server.close());

  it('count aliases of __typename too: the limit passes, one more is refused', async () => {
    expect(await server.query(aliases(limits.aliases))).toHaveProperty('data');
    const refused = await server.query(aliases(limits.aliases + 1));
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.message).toBe(
      `Aliases limit of ${limits.aliases} exceeded, found ${limits.aliases + 1}.`,
    );
    expect(codeOf(refused)).toBe('ALIAS_LIMIT');
  });

  it('count directives: the limit passes, one more is refused', async () => {
    const withDirectives = (n: number) =>
      `query ($on: Boolean!) { claims(first: 1) { ${Array.from({ length: n }, () => 'totalCount @include(if: $on)').join(' ')} } }`;
    expect(await data(server.query(withDirectives(limits.directives), { on: true }))).toEqual({
      claims: { totalCount: 18 },
    });
    const refused = await server.query(withDirectives(limits.directives + 1), { on: true });
    expect(codeOf(refused)).toBe('DIRECTIVE_LIMIT');
    expect(refused.errors?.[0]?.message).not.toContain('Syntax Error');
  });

  it('count tokens while parsing', async () => {
    const long = `{ claims(first: 1) { ${'totalCount '.repeat(limits.tokens)} } }`;
    const refused = await server.query(long);
    expect(refused.errors?.[0]?.message).toBe(`Token limit of ${limits.tokens} exceeded.`);
    expect(codeOf(refused)).toBe('TOKEN_LIMIT');
  });

  it('count every selected field, fragments wherever they are spread', async () => {
    const fields = (n: number) =>
      `{ claims(first: 1) { totalCount ${'pageInfo { hasNextPage } '.repeat((n - 2) / 2)} } }`;
    expect(await server.query(fields(limits.fields))).toHaveProperty('data.claims.totalCount', 18);
    const refused = await server.query(fields(limits.fields + 2));
    expect(codeOf(refused)).toBe('FIELD_LIMIT');
    expect(refused.errors?.[0]?.extensions?.fields).toEqual({ max: limits.fields, actual: limits.fields + 2 });
  });

  it('measure the cost with the variables of each request, not once per document', async () => {
    const nested = `query Nested($n: Int!) { actors(first: $n) { edges { node { name
      claims(first: $n) { edges { node { statement subjects { name } } } } } } } }`;
    // actors 1 + n * (edges 1 + node 1 + name 1 + claims 1 + n * (edges 1 + node 1 + statement 1 + subjects 1 + 10 * name 1))
    const cost = (n: number) => 1 + n * (4 + n * 14);
    expect(await server.query(nested, { n: 10 })).toHaveProperty('data.actors.edges');
    server.statements.reset();
    const refused = await server.query(nested, { n: 100 });
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`This query could cost ${cost(100)}, more than the limit of ${limits.cost}`),
      extensions: { code: 'COST_LIMIT', cost: { max: limits.cost, actual: cost(100) } },
    });
    expect(server.statements.count).toBe(0);
    expect(await server.query(nested, { n: 10 })).toHaveProperty('data.actors.edges');
  });

  it("cost what the README's section on production says they cost", async () => {
    const page = 'claims(first: 100) { edges { node { statement } } }';
    const inActors = (inner: string) => `{ actors(first: 100) { edges { node { ${inner} } } } }`;
    expect(operationCost(schema, parse(`{ ${page} }`), null, {})?.cost).toBe(301);
    expect(await server.query(inActors(page))).toHaveProperty('data.actors.edges');
    expect(operationCost(schema, parse(inActors(page)), null, {})?.cost).toBe(30_301);
    const refused = await server.query(inActors(page.replace('statement', 'statement subjects { name }')));
    expect(refused.errors?.[0]?.extensions?.cost).toEqual({ max: 50_000, actual: 140_301 });
  });

  it('count the default page size when no size is given, and nodes by their ids', async () => {
    const strict = createTestServer(undefined, {
      config: readConfig({ NODE_ENV: 'production', CLAIMGRAPH_MAX_COST: '60' }),
    });
    try {
      // 1 + 20 (default page) * (edges 1 + node 1 + statement 1) = 61
      expect(codeOf(await strict.query('{ claims { edges { node { statement } } } }'))).toBe('COST_LIMIT');
      expect(await strict.query('{ claims(first: 19) { edges { node { statement } } } }')).toHaveProperty('data');
      const nodes = (n: number) =>
        strict.query('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(n).fill('Q2xhaW06MQ==') });
      expect(await nodes(59)).toHaveProperty('data.nodes');
      expect((await nodes(60)).errors?.[0]?.extensions?.cost).toEqual({ max: 60, actual: 1 + 60 * 1 });
    } finally {
      strict.close();
    }
  });

  it('answer 400 to clients that accept application/graphql-response+json, 200 with errors to application/json', async () => {
    const send = (accept: string) =>
      server.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: aliases(limits.aliases + 1) }),
      });
    expect((await send('application/graphql-response+json')).status).toBe(400);
    expect((await send('application/json')).status).toBe(200);
  });

  it('refuse a request body over the size limit with 413', async () => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(limits.bodyBytes) } }),
    });
    expect(response.status).toBe(413);
    expect(codeOf(await response.json())).toBe('REQUEST_ENTITY_TOO_LARGE');
  });
});

describe('the execution time limit', () => {
  // 3000 claims make a claimStats over a date range take a few milliseconds of SQL each.
  const server = createTestServer(syntheticDataset(3000), {
    config: readConfig({ CLAIMGRAPH_EXECUTION_TIMEOUT_MS: '50', CLAIMGRAPH_MAX_ALIASES: '30' }),
  });
  afterAll(() => server.close());

  it('cuts a slow operation off with a clear error, and the next request is answered', async () => {
    const slow = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: claimStats(filter: { from: "2024-01-${String(i + 1).padStart(2, '0')}" }) { count byClaimant { count } }`).join(' ')} }`;
    server.statements.reset();
    const result = await server.query(slow);
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      message:
        'The operation ran past the time limit of 50 ms and was stopped. ' +
        'Ask for less: smaller pages, fewer nested lists or a narrower filter.',
      extensions: { code: 'TIMEOUT' },
    });
    // Stopped part-way: 30 aliases run 5 statements each when nothing stops them.
    expect(server.statements.count).toBeGreaterThan(0);
    expect(server.statements.count).toBeLessThan(150);

    expect(await data(server.query('{ claims(first: 1) { totalCount } }'))).toEqual({
      claims: { totalCount: 3000 },
    });
  });
});

describe('readConfig', () => {
  it('reads every limit from the environment', () => {
    const config = readConfig({
      CLAIMGRAPH_MAX_DEPTH: '7',
      CLAIMGRAPH_MAX_ALIASES: '3',
      CLAIMGRAPH_MAX_TOKENS: '300',
      CLAIMGRAPH_MAX_DIRECTIVES: '2',
      CLAIMGRAPH_MAX_FIELDS: '50',
      CLAIMGRAPH_MAX_COST: '900',
      CLAIMGRAPH_MAX_BODY_BYTES: '2048',
      CLAIMGRAPH_EXECUTION_TIMEOUT_MS: '250',
      CLAIMGRAPH_HEADERS_TIMEOUT_MS: '2000',
      CLAIMGRAPH_HTTP_REQUEST_TIMEOUT_MS: '4000',
      CLAIMGRAPH_BUSY_TIMEOUT_MS: '100',
      CLAIMGRAPH_RATE_LIMIT: '30',
      CLAIMGRAPH_RATE_LIMIT_WINDOW_S: '10',
      CLAIMGRAPH_RATE_LIMIT_BY: 'token',
      CLAIMGRAPH_CORS_ORIGINS: 'https://a.example, https://b.example',
      CLAIMGRAPH_TRUST_PROXY: 'true',
      CLAIMGRAPH_TRUSTED_DOCUMENTS: 'docs.json',
      CLAIMGRAPH_INTROSPECTION: 'false',
      CLAIMGRAPH_GRAPHIQL: 'false',
      CLAIMGRAPH_LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      limits: {
        depth: 7,
        aliases: 3,
        tokens: 300,
        directives: 2,
        fields: 50,
        cost: 900,
        bodyBytes: 2048,
        executionMs: 250,
      },
      http: { headersTimeoutMs: 2000, requestTimeoutMs: 4000 },
      busyTimeoutMs: 100,
      rateLimit: { requests: 30, windowSeconds: 10, by: 'token' },
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: true,
      trustedDocumentsFile: 'docs.json',
      introspection: false,
      graphiql: false,
      logLevel: 'warn',
    });
  });

  it('turns GraphiQL off and CORS to same-origin in production, keeps introspection, rate limits off', () => {
    expect(readConfig({})).toMatchObject({ graphiql: true, introspection: true, corsOrigins: ['*'], rateLimit: null });
    expect(readConfig({ NODE_ENV: 'production' })).toMatchObject({
      graphiql: false,
      introspection: true,
      corsOrigins: [],
      rateLimit: null,
      exposeErrors: false,
    });
  });

  it.each([
    [{ CLAIMGRAPH_MAX_DEPTH: '0' }, 'CLAIMGRAPH_MAX_DEPTH must be a whole number of at least 1, got "0"'],
    [{ CLAIMGRAPH_MAX_COST: 'lots' }, 'CLAIMGRAPH_MAX_COST must be a whole number of at least 1, got "lots"'],
    [{ CLAIMGRAPH_INTROSPECTION: 'maybe' }, 'CLAIMGRAPH_INTROSPECTION must be true or false, got "maybe"'],
    [{ CLAIMGRAPH_RATE_LIMIT_BY: 'cookie' }, 'CLAIMGRAPH_RATE_LIMIT_BY must be "address" or "token", got "cookie"'],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
