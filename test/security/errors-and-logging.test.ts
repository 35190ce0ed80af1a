import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/server/logging.ts';
import { createTestServer, data, exampleDataset, globalId } from '../helpers.ts';
import { describeHostileRequests, gql } from './hostile-requests.ts';

// What a client is told when something goes wrong, and what the operator is told: errors say what
// was wrong without leaking internals; every request is logged under an id the client also gets.
const production = readConfig({ NODE_ENV: 'production' });

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A pino logger writing into an array, to read what the server logged. */
function capturedLogs() {
  const lines: Record<string, any>[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, logger };
}

// SQL metacharacters, quotes, LIKE wildcards, Cyrillic, a combining accent, a right-to-left
// override, an astral-plane letter, a flag and Arabic-Indic digits.
const hostile = `Robert'); DROP TABLE claims;-- "Ω" Курськ 𝕏 e\u0301 \u202Eevil\u202C 🇺🇦 %_\\ ١٢٣`;

describe('OWASP input validation', () => {
  const dataset = exampleDataset();
  dataset.records.push({ type: 'actor', key: 'hostile', name: hostile, kind: 'GROUP', description: hostile });
  const server = createTestServer(dataset, { config: production });
  afterAll(() => server.close());

  it('SQL metacharacters and odd Unicode round-trip verbatim; SQL carries them as bound parameters only', async () => {
    server.statements.reset();
    const found = await data(
      server.query(
        `query Find($q: String!) { search(query: $q, first: 5) { edges { node { ... on Actor { name description } } } } }`,
        { q: hostile },
      ),
    );
    expect(found.search.edges).toEqual([{ node: { name: hostile, description: hostile } }]);
    expect(server.statements.count).toBeGreaterThan(0);
    for (const statement of server.statements.statements) {
      for (const fragment of ['DROP', 'Курськ', 'Ω', '𝕏', '١٢٣', '\u202E']) expect(statement).not.toContain(fragment);
    }
    // The words travel as one bound value (quoted FTS phrases), never spliced into the statement.
    expect(server.statements.params.flat()).toContainEqual(expect.stringContaining('"Курськ"'));

    // Values that fail validation come back in the error (at most 40 characters of them), with NUL, a lone surrogate and a BOM added.
    const echoed = `${hostile}\u0000\ud800\uFEFF`;
    server.statements.reset();
    const badId = await server.query('query ($id: ID!) { claims(filter: { regionId: $id }) { totalCount } }', {
      id: echoed,
    });
    expect(badId.errors?.[0]?.message).toBe(`Invalid global ID: ${echoed.slice(0, 40)}…`);
    const badCursor = await server.query('query ($c: String!) { search(query: "x", after: $c) { totalCount } }', {
      c: echoed,
    });
    expect(badCursor.errors?.[0]?.message).toBe(
      `"after" is not a cursor from this search: ${JSON.stringify(`${echoed.slice(0, 40)}…`)}`,
    );
    expect(server.statements.count).toBe(0);

    // And nothing was dropped.
    expect(await data(server.query('{ claims { totalCount } }'))).toEqual({ claims: { totalCount: 18 } });
  });
});

describe('errors and logs in production', () => {
  const { lines, logger } = capturedLogs();
  const server = createTestServer(undefined, { config: production, logger });
  afterAll(() => server.close());

  it('logs one line per request with its id, operation, status, duration and outcome; the response carries the id', async () => {
    lines.length = 0;
    const response = await server.fetch('/graphql', post({ query: 'query CountClaims { claims { totalCount } }' }));
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(String),
        pid: process.pid,
        hostname: expect.any(String),
        msg: 'request',
        requestId,
        method: 'POST',
        path: '/graphql',
        operation: 'CountClaims',
        status: 200,
        durationMs: expect.any(Number),
        outcome: 'ok',
      },
    ]);
  });

  it('tells answered errors, refusals and failures apart in the outcome', async () => {
    lines.length = 0;
    await server.fetch('/graphql', post({ query: '{ claims(first: -1) { totalCount } }' }));
    await server.fetch('/graphql', { method: 'GET' });
    await server.fetch(
      '/graphql',
      post({ query: `query Wide { ${'__typename '.repeat(300)} }` }, { accept: 'application/graphql-response+json' }),
    );
    expect(lines.map(({ operation, outcome, status, errors }) => ({ operation, outcome, status, errors }))).toEqual([
      { operation: undefined, outcome: 'errors', status: 200, errors: ['PAGE_SIZE_OUT_OF_RANGE'] },
      { operation: undefined, outcome: 'errors', status: 200, errors: ['BAD_REQUEST'] },
      { operation: 'Wide', outcome: 'rejected', status: 400, errors: ['FIELD_LIMIT'] },
    ]);
  });

  it('keeps a well-formed request id from a proxy and replaces anything else', async () => {
    const kept = await server.fetch('/graphql', post({ query: '{ __typename }' }, { 'x-request-id': 'edge-42.a:b' }));
    expect(kept.headers.get('x-request-id')).toBe('edge-42.a:b');
    const replaced = await server.fetch(
      '/graphql',
      post({ query: '{ __typename }' }, { 'x-request-id': 'a b <script>' }),
    );
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('masks an unexpected error: no SQL or stack in the response, the original logged under the same request id', async () => {
    const broken = capturedLogs();
    const brokenServer = createTestServer(undefined, { config: production, logger: broken.logger });
    try {
      brokenServer.db.$client.exec('drop table quantities');
      const response = await brokenServer.fetch(
        '/graphql',
        post({ query: 'query Numbers { claims(first: 2) { edges { node { quantities { best } } } } }' }),
      );
      const requestId = response.headers.get('x-request-id');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        data: null,
        errors: [
          {
            message: 'Unexpected error.',
            locations: [{ line: 1, column: 17 }],
            path: ['claims'],
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
          },
        ],
      });
      expect(text).not.toMatch(/quantities"|select|no such table|\.ts:\d+/i);

      const logged = broken.lines.find((line) => line.err);
      expect(logged).toMatchObject({
        level: 50,
        requestId,
        err: { message: expect.stringContaining('no such table') },
      });
      expect(logged!.err.stack).toContain('at ');
      expect(broken.lines.find((line) => line.msg === 'request')).toMatchObject({
        level: 50,
        requestId,
        operation: 'Numbers',
        outcome: 'failed',
        errors: ['INTERNAL_SERVER_ERROR'],
      });
    } finally {
      brokenServer.close();
    }
  });

  it('shows the original error, stack included, only with NODE_ENV=development', async () => {
    const dev = createTestServer(undefined, { config: readConfig({ NODE_ENV: 'development' }) });
    try {
      dev.db.$client.exec('drop table quantities');
      const body = await dev.query('{ claims(first: 1) { edges { node { quantities { best } } } } }');
      expect(body.errors?.[0]?.extensions?.originalError).toMatchObject({
        message: expect.stringContaining('no such table'),
        stack: expect.any(String),
      });
    } finally {
      dev.close();
    }
  });
});

describe('graphql-cop: error hygiene, production configuration with introspection off', () => {
  const server = createTestServer(undefined, {
    config: readConfig({ NODE_ENV: 'production', CLAIMGRAPH_INTROSPECTION: 'false' }),
  });
  afterAll(() => server.close());

  const post = async (body: unknown) => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(500);
    return { status: response.status, body: await response.json() };
  };

  it('graphql-cop trace mode and unhandled errors: neither traces nor exceptions leak through extensions', async () => {
    for (const q of ['query { __typename }', 'qwerty cop { abc }']) {
      const { body } = await post({ query: q });
      const text = JSON.stringify(body).toLowerCase();
      expect(text).not.toContain('stacktrace');
      expect(text).not.toContain('"exception"');
      expect(text).not.toContain('"tracing"');
      expect(text).not.toContain('originalerror');
    }
    const malformed = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('graphql-cop field suggestions: hidden when introspection is off, for fields, arguments, types and enum values', async () => {
    const cop = await post({ query: 'query { __schema { directive } }' });
    expect(JSON.stringify(cop.body)).not.toContain('Did you mean');
    for (const [q, variables] of [
      ['{ claimz { totalCount } }', undefined],
      ['{ claims(frist: 1) { totalCount } }', undefined],
      ['query ($f: ClaimFiltr) { claims(filter: $f) { totalCount } }', undefined],
      ['{ claims(filter: { kinds: [CASUALTIE] }) { totalCount } }', undefined],
      ['query ($k: [ClaimKind!]) { claims(filter: { kinds: $k }) { totalCount } }', { k: ['CASUALTIE'] }],
    ] as const) {
      const { body } = await post({ query: q, variables });
      expect(body.errors.length).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toContain('Did you mean');
      expect(JSON.stringify(body)).not.toMatch(/claimStats|CASUALTIES|ClaimFilter"|"first"/);
    }
  });
});

describeHostileRequests(
  'OWASP input validation: invalid operations and arguments over HTTP (production configuration)',
  [
    { name: 'NUL bytes in the query', body: gql('{ claims\u0000 { totalCount } }') },
    { name: 'unknown operation name', body: gql('query A { __typename }', { operationName: 'B' }) },
    { name: 'two operations, no name', body: gql('query A { __typename } query B { __typename }') },
    { name: 'subscription (no Subscription type)', body: gql('subscription { claims }') },
    {
      name: 'variable of the wrong type',
      body: gql('query ($n: Int) { claims(first: $n) { totalCount } }', { variables: { n: 'ten' } }),
    },
    { name: 'negative page', body: gql('{ claims(first: -1) { totalCount } }') },
    { name: 'missing required variable', body: gql('query ($q: String!) { search(query: $q) { totalCount } }') },
    { name: 'malformed cursor', body: gql('{ claims(after: "////") { totalCount } }') },
    {
      name: 'id of the wrong type',
      body: gql(`{ claims(filter: { regionId: "${globalId('Actor', 1)}" }) { totalCount } }`),
    },
    { name: 'impossible date', body: gql('{ claims(filter: { from: "2024-02-31" }) { totalCount } }') },
  ],
);
