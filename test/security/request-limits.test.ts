import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { openDatabase } from '../../src/db/client.ts';
import { operationCost } from '../../src/graphql/cost.ts';
import { schema } from '../../src/graphql/schema.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { createTestServer, data, exampleDataset, globalId } from '../helpers.ts';
import { describeHostileRequests, gql } from './hostile-requests.ts';

// What bounds the work one request can ask for: its size and shape, its cost, its time, and how
// many requests a client may send. OWASP GraphQL Cheat Sheet and graphql-cop names are in the titles.
const production = readConfig({ NODE_ENV: 'production' });
const { limits } = production;

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const codeOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code;

describe('request limits (production defaults)', () => {
  const server = createTestServer(undefined, { config: production });
  afterAll(() => server.close());

  it("graphql-cop alias overloading: aliases of __typename count too; the limit passes, one more and graphql-cop's 101 are refused", async () => {
    expect(await server.query(aliases(limits.aliases))).toHaveProperty('data');
    const refused = await server.query(aliases(limits.aliases + 1));
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.message).toBe(
      `Aliases limit of ${limits.aliases} exceeded, found ${limits.aliases + 1}.`,
    );
    expect(codeOf(refused)).toBe('ALIAS_LIMIT');
    // graphql-cop's own probe: 101 aliases of __typename, one per line.
    const probe = await server.query(
      `query { ${Array.from({ length: 101 }, (_, i) => `alias${i}:__typename \n`).join('')} }`,
    );
    expect(probe.data).toBeUndefined();
    expect(codeOf(probe)).toBe('ALIAS_LIMIT');
  });

  it('graphql-cop directive overloading: the limit passes, one more is refused; 10 repeated unknown directives get one error, not ten', async () => {
    const withDirectives = (n: number) =>
      `query ($on: Boolean!) { claims(first: 1) { ${Array.from({ length: n }, () => 'totalCount @include(if: $on)').join(' ')} } }`;
    expect(await data(server.query(withDirectives(limits.directives), { on: true }))).toEqual({
      claims: { totalCount: 18 },
    });
    const refused = await server.query(withDirectives(limits.directives + 1), { on: true });
    expect(codeOf(refused)).toBe('DIRECTIVE_LIMIT');
    expect(refused.errors?.[0]?.message).not.toContain('Syntax Error');
    const probe = await server.query('query { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }');
    expect(probe.errors).toHaveLength(1);
    expect(codeOf(probe)).toBe('DIRECTIVE_LIMIT');
  });

  it('count tokens while parsing', async () => {
    const long = `{ claims(first: 1) { ${'totalCount '.repeat(limits.tokens)} } }`;
    const refused = await server.query(long);
    expect(refused.errors?.[0]?.message).toBe(`Token limit of ${limits.tokens} exceeded.`);
    expect(codeOf(refused)).toBe('TOKEN_LIMIT');
  });

  it("graphql-cop field duplication: every selected field counts, fragments wherever they are spread; graphql-cop's 500 copies of __typename are refused", async () => {
    const fields = (n: number) =>
      `{ claims(first: 1) { totalCount ${'pageInfo { hasNextPage } '.repeat((n - 2) / 2)} } }`;
    expect(await server.query(fields(limits.fields))).toHaveProperty('data.claims.totalCount', 18);
    const refused = await server.query(fields(limits.fields + 2));
    expect(codeOf(refused)).toBe('FIELD_LIMIT');
    expect(refused.errors?.[0]?.extensions?.fields).toEqual({ max: limits.fields, actual: limits.fields + 2 });
    const probe = await server.query(`query { ${'__typename \n'.repeat(500)}} `);
    expect(probe.data).toBeUndefined();
    expect(codeOf(probe)).toBe('FIELD_LIMIT');
  });

  it('OWASP depth limit: a query at the limit passes, one level deeper is refused', async () => {
    // actors > edges > node > parent ... > name: 4 levels besides the parents.
    const chain = (parents: number) =>
      `{ actors(first: 1) { edges { node { ${'parent { '.repeat(parents)}name${' }'.repeat(parents)} } } } }`;
    const atLimit = await server.query(chain(limits.depth - 4));
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data.actors.edges).toHaveLength(1);
    const deeper = await server.query(chain(limits.depth - 3));
    expect(deeper.errors?.[0]).toMatchObject({
      message: `Query depth limit of ${limits.depth} exceeded, found ${limits.depth + 1}.`,
      extensions: { code: 'DEPTH_LIMIT' },
    });
  });

  it('graphql-cop circular fragments are refused', async () => {
    const body = await server.query(`
      query { __schema { ...A } }
      fragment A on __Schema { __typename ...B }
      fragment B on __Schema { ...A }`);
    expect(body.errors?.map((e) => e.message)).toContain('Cannot spread fragment "A" within itself via "B".');
  });

  it("OWASP cost analysis: the cost is measured with each request's variables, over every root field, and refused before any SQL runs", async () => {
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

    const wideAndDeep = `{
      regions(first: 100) { edges { node { name
        claims(first: 100) { totalCount edges { node { statement subjects { name } quantities { metric best }
          article { title claims(first: 100) { edges { node { statement } } } } } } } } } }
      actors(first: 100) { edges { node { officials(first: 100) { edges { node { label } } } } } }
    }`;
    server.statements.reset();
    const wide = await server.query(wideAndDeep);
    expect(wide.data).toBeUndefined();
    expect(codeOf(wide)).toBe('COST_LIMIT');
    expect(wide.errors?.[0]?.extensions?.cost).toMatchObject({ max: limits.cost });
    expect(server.statements.count).toBe(0);
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

  it('refuse a body by its Content-Length before reading it, and a Content-Length that is not one number', async () => {
    const send = (contentLength: string) =>
      server.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': contentLength },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const tooLarge = await send(String(limits.bodyBytes + 1));
    expect(tooLarge.status).toBe(413);
    expect(codeOf(await tooLarge.json())).toBe('REQUEST_ENTITY_TOO_LARGE');
    const smuggled = await send('24, 24');
    expect(smuggled.status).toBe(400);
    expect(await smuggled.json()).toMatchObject({ errors: [{ message: 'Content-Length header is invalid.' }] });
  });

  it('refuse a streamed body without Content-Length once it passes the size limit', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(10_000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query": "{ __typename }"'));
        // Far past the limit unless the server stops reading.
        if (sent > limits.bodyBytes * 10) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(codeOf(await response.json())).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(sent).toBeLessThan(limits.bodyBytes * 2);
  });
});

describe('the execution time limit', () => {
  const server = createTestServer(undefined, {
    config: readConfig({ CLAIMGRAPH_EXECUTION_TIMEOUT_MS: '50', CLAIMGRAPH_MAX_ALIASES: '30' }),
  });
  afterAll(() => server.close());

  it('cuts a slow operation off with a clear error, and the next request is answered', async () => {
    const slow = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: claimStats(filter: { from: "2024-01-${String(i + 1).padStart(2, '0')}" }) { count byClaimant { count } }`).join(' ')} }`;
    // The limit is read from performance.now(): a fake clock, moved past the limit by the first SQL
    // statement, makes that statement "slow" on any machine, however fast or loaded.
    vi.useFakeTimers({ toFake: ['performance'] });
    server.statements.reset();
    server.statements.onStatement = () => vi.advanceTimersByTime(51);
    let result;
    try {
      result = await server.query(slow);
    } finally {
      server.statements.onStatement = undefined;
      vi.useRealTimers();
    }
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      message:
        'The operation ran past the time limit of 50 ms and was stopped. ' +
        'Ask for less: smaller pages, fewer nested lists or a narrower filter.',
      extensions: { code: 'TIMEOUT' },
    });
    // Stopped part-way: 30 aliases run 5 statements each when nothing stops them; once the limit
    // has passed (during the first statement), no further SQL runs.
    expect(server.statements.count).toBe(1);

    expect(await data(server.query('{ claims(first: 1) { totalCount } }'))).toEqual({
      claims: { totalCount: 18 },
    });
  });
});

/**
 * Sends `atOnce`, then `slowly` one character every `everyMs`, until the server closes the
 * connection; resolves with what it answered and how much of `slowly` it had taken.
 */
function trickle(port: number, atOnce: string, slowly: string, everyMs: number) {
  return new Promise<{ answer: string; sent: number }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(atOnce));
    let answer = '';
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < slowly.length && !socket.destroyed) socket.write(slowly[sent++]!);
    }, everyMs);
    const giveUp = setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      reject(new Error(`still connected after ${sent} characters`));
    }, 10_000);
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ answer, sent });
    });
  });
}

describe('OWASP DoS: slow clients, over HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-slow-'));
  const config = readConfig({
    NODE_ENV: 'production',
    CLAIMGRAPH_HEADERS_TIMEOUT_MS: '400',
    CLAIMGRAPH_HTTP_REQUEST_TIMEOUT_MS: '1000',
  });
  let running: RunningServer;
  let port: number;
  beforeAll(async () => {
    const db = openDatabase(join(dir, 'slow.db'));
    loadDataset(db, exampleDataset());
    running = await startServer({ db, port: 0, host: '127.0.0.1', config, shutdownGraceMs: 1_000 });
    port = Number(new URL(running.url).port);
  });
  afterAll(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const normalQuery = async () => {
    const answer = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ claims { totalCount } }' }),
    });
    return answer.json();
  };

  it('a client sending its headers byte by byte is cut off by the header timeout, and others are served', async () => {
    // One character every 20 ms: the whole header would take over 5 s.
    const headers =
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Padding: ' + 'x'.repeat(200);
    const outcome = await trickle(port, '', headers, 20);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(outcome.sent).toBeLessThan(headers.length);
    expect(await normalQuery()).toEqual({ data: { claims: { totalCount: 18 } } });
  });

  it('a client trickling its body is cut off by the request timeout, and others are served', async () => {
    // The headers at once, then one character of the body every 100 ms: the body would take over 4 s.
    const body = JSON.stringify({ query: '{ claims { totalCount } }' });
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const outcome = await trickle(port, head, body, 100);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(outcome.sent).toBeLessThan(body.length);
    expect(await normalQuery()).toEqual({ data: { claims: { totalCount: 18 } } });
  });
});

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('rate limiting', () => {
  it('is off by default', async () => {
    const server = createTestServer(undefined, { config: readConfig({ NODE_ENV: 'production' }) });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 30 }, () =>
          server.fetch('/graphql', post({ query: '{ __typename }' })).then((r) => r.status),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([200]));
    } finally {
      server.close();
    }
  });

  it('gives each bearer token its own budget, answers 429 with Retry-After past it, and leaves /health alone', async () => {
    const server = createTestServer(undefined, {
      config: readConfig({
        CLAIMGRAPH_RATE_LIMIT: '3',
        CLAIMGRAPH_RATE_LIMIT_WINDOW_S: '60',
        CLAIMGRAPH_RATE_LIMIT_BY: 'token',
      }),
    });
    try {
      const ask = (token: string) =>
        server.fetch('/graphql', post({ query: '{ __typename }' }, { authorization: `Bearer ${token}` }));
      for (let i = 0; i < 3; i++) expect((await ask('alpha')).status).toBe(200);
      const refused = await ask('alpha');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await refused.json()).toEqual({
        errors: [
          {
            message: expect.stringMatching(/^Too many requests: the limit is 3 per 60 s\. Retry after \d+ s\.$/),
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      });
      expect((await ask('beta')).status).toBe(200);
      expect((await server.fetch('/health')).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('counts X-Forwarded-For only behind a trusted proxy, by the address the proxy added', async () => {
    const from = (server: ReturnType<typeof createTestServer>, forwarded: string) =>
      server.fetch('/graphql', post({ query: '{ __typename }' }, { 'x-forwarded-for': forwarded }));
    const trusting = createTestServer(undefined, {
      config: readConfig({ CLAIMGRAPH_RATE_LIMIT: '1', CLAIMGRAPH_TRUST_PROXY: 'true' }),
    });
    const direct = createTestServer(undefined, { config: readConfig({ CLAIMGRAPH_RATE_LIMIT: '1' }) });
    try {
      expect((await from(trusting, '203.0.113.9, 198.51.100.1')).status).toBe(200);
      // A client cannot escape by prepending addresses: the last one is the proxy's.
      expect((await from(trusting, '192.0.2.77, 198.51.100.1')).status).toBe(429);
      expect((await from(trusting, '198.51.100.2')).status).toBe(200);
      expect((await from(direct, '198.51.100.1')).status).toBe(200);
      expect((await from(direct, '198.51.100.2')).status).toBe(429);
    } finally {
      trusting.close();
      direct.close();
    }
  });

  describe('over HTTP, by client address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimgraph-rate-'));
    let running: RunningServer;
    beforeAll(async () => {
      const db = openDatabase(join(dir, 'rate.db'));
      loadDataset(db, exampleDataset());
      const config = readConfig({ NODE_ENV: 'production', CLAIMGRAPH_RATE_LIMIT: '2' });
      running = await startServer({ db, port: 0, host: '127.0.0.1', config, shutdownGraceMs: 1_000 });
    });
    afterAll(async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    });

    // Two clients on the loopback network, 127.0.0.1 and 127.0.0.2.
    const statusFrom = (localAddress: string) =>
      new Promise<number>((resolve, reject) => {
        const { port } = new URL(running.url);
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            localAddress,
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query: '{ __typename }' }));
      });

    it('limits each address on its own', async () => {
      expect([await statusFrom('127.0.0.1'), await statusFrom('127.0.0.1'), await statusFrom('127.0.0.1')]).toEqual([
        200, 200, 429,
      ]);
      expect(await statusFrom('127.0.0.2')).toBe(200);
    });
  });
});

const nest = (levels: number, inner: string) => `${'parent { '.repeat(levels)}${inner}${' }'.repeat(levels)}`;

describeHostileRequests('OWASP DoS: oversized and explosive requests over HTTP (production configuration)', [
  { name: 'depth bomb', body: gql(`{ actors { edges { node { ${nest(200, 'name')} } } } }`) },
  {
    name: 'alias bomb',
    body: gql(`{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: claims { totalCount }`).join(' ')} }`),
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
    name: 'very long search string',
    body: gql('query ($q: String!) { search(query: $q) { totalCount } }', { variables: { q: 'war '.repeat(20_000) } }),
  },
  { name: 'very long field name', body: gql(`{ ${'x'.repeat(90_000)} }`) },
  {
    name: 'deeply nested JSON variables',
    body: `{"query":"query ($f: ClaimFilter) { claims(filter: $f) { totalCount } }","variables":{"f":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`,
  },
  { name: 'huge integer', body: gql('{ claims(first: 99999999999999999999) { totalCount } }') },
]);
