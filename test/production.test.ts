import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { loadDataset } from '../src/dataset/load.ts';
import { openDatabase } from '../src/db/client.ts';
import { type RunningServer, startServer } from '../src/server/http.ts';
import { createLogger } from '../src/server/logging.ts';
import { createClaimgraph } from '../src/server/yoga.ts';
import { createTestServer, exampleDataset } from './helpers.ts';

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

describe('errors and logs in production', () => {
  const { lines, logger } = capturedLogs();
  const server = createTestServer(undefined, { config: readConfig({ NODE_ENV: 'production' }), logger });
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
      { operation: undefined, outcome: 'errors', status: 200, errors: ['GRAPHQL_ERROR'] },
      { operation: undefined, outcome: 'rejected', status: 403, errors: ['GRAPHQL_ERROR'] },
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
    const brokenServer = createTestServer(undefined, {
      config: readConfig({ NODE_ENV: 'production' }),
      logger: broken.logger,
    });
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

describe('CORS', () => {
  const preflight = (origin: string): RequestInit => ({
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

  it('answers no cross-origin reads in production unless origins are configured', async () => {
    const server = createTestServer(undefined, { config: readConfig({ NODE_ENV: 'production' }) });
    try {
      const response = await server.fetch(
        '/graphql',
        post({ query: '{ __typename }' }, { origin: 'https://elsewhere.example' }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      server.close();
    }
  });

  it('allows the configured origins, without credentials, and no others', async () => {
    const server = createTestServer(undefined, {
      config: readConfig({
        NODE_ENV: 'production',
        CLAIMGRAPH_CORS_ORIGINS: 'https://app.example,https://admin.example',
      }),
    });
    try {
      const allowed = await server.fetch('/graphql', preflight('https://app.example'));
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const read = await server.fetch(
        '/graphql',
        post({ query: '{ __typename }' }, { origin: 'https://admin.example' }),
      );
      expect(read.headers.get('access-control-allow-origin')).toBe('https://admin.example');
      expect(read.headers.get('access-control-expose-headers')).toBe('x-request-id, retry-after');
      const other = await server.fetch(
        '/graphql',
        post({ query: '{ __typename }' }, { origin: 'https://evil.example' }),
      );
      expect(other.headers.get('access-control-allow-origin')).toBe('null');
    } finally {
      server.close();
    }
  });

  it('allows any origin in development', async () => {
    const server = createTestServer();
    try {
      const response = await server.fetch(
        '/graphql',
        post({ query: '{ __typename }' }, { origin: 'http://localhost:5173' }),
      );
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      server.close();
    }
  });
});

describe('trusted documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-trusted-'));
  const file = join(dir, 'persisted-documents.json');
  writeFileSync(
    file,
    JSON.stringify({
      'sha256:count': 'query CountClaims { claims { totalCount } }',
      d2c4a1e0: 'query ClaimsOfKind($kind: ClaimKind!) { claims(filter: { kinds: [$kind] }) { totalCount } }',
    }),
  );
  const server = createTestServer(undefined, {
    config: readConfig({ NODE_ENV: 'production', CLAIMGRAPH_TRUSTED_DOCUMENTS: file }),
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = async (body: unknown) => {
    const response = await server.fetch('/graphql', post(body));
    return { status: response.status, body: await response.json() };
  };

  it('runs a listed document by documentId, or by Apollo persisted-query hash, with variables', async () => {
    expect(await send({ documentId: 'sha256:count' })).toEqual({
      status: 200,
      body: { data: { claims: { totalCount: 18 } } },
    });
    expect(
      await send({
        extensions: { persistedQuery: { version: 1, sha256Hash: 'd2c4a1e0' } },
        variables: { kind: 'CASUALTIES' },
      }),
    ).toEqual({ status: 200, body: { data: { claims: { totalCount: 4 } } } });
  });

  it('refuses any other document, an unknown id and a request with neither', async () => {
    expect(await send({ query: '{ claims { totalCount } }' })).toMatchObject({
      status: 403,
      body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }] },
    });
    expect(await send({ documentId: 'sha256:nope' })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] },
    });
    expect(await send({ variables: {} })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' } }] },
    });
  });

  it('refuses to start with a file that is not an allow-list, naming the problem', () => {
    const db = server.db;
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ good: '{ __typename }', bad: '{ claims {' }));
    const config = (path: string) => readConfig({ CLAIMGRAPH_TRUSTED_DOCUMENTS: path });
    expect(() => createClaimgraph({ db, config: config(broken) })).toThrow(
      `CLAIMGRAPH_TRUSTED_DOCUMENTS: cannot use ${broken}: document "bad" does not parse`,
    );
    writeFileSync(broken, '["{ __typename }"]');
    expect(() => createClaimgraph({ db, config: config(broken) })).toThrow(`cannot use ${broken}`);
    expect(() => createClaimgraph({ db, config: config(join(dir, 'missing.json')) })).toThrow('ENOENT');
  });
});

describe('introspection and GraphiQL', () => {
  const graphiqlPage = (server: ReturnType<typeof createTestServer>) =>
    server.fetch('/graphql', { headers: { accept: 'text/html' } });
  const introspect = async (server: ReturnType<typeof createTestServer>) =>
    (await server.query('{ __schema { queryType { name } } }')).data?.__schema?.queryType?.name ?? null;

  it.each([
    [{}, true, true],
    [{ NODE_ENV: 'production' }, false, true],
    [{ NODE_ENV: 'production', CLAIMGRAPH_GRAPHIQL: 'true' }, true, true],
    [{ NODE_ENV: 'production', CLAIMGRAPH_INTROSPECTION: 'false' }, false, false],
    [{ CLAIMGRAPH_GRAPHIQL: 'false', CLAIMGRAPH_INTROSPECTION: 'false' }, false, false],
  ])('with %j: GraphiQL %s, introspection %s', async (env, graphiql, introspection) => {
    const server = createTestServer(undefined, { config: readConfig(env) });
    try {
      const page = await graphiqlPage(server);
      expect(page.status).toBe(graphiql ? 200 : 406);
      expect((await page.text()).includes('<title>claimgraph</title>')).toBe(graphiql);
      expect(await introspect(server)).toBe(introspection ? 'Query' : null);
    } finally {
      server.close();
    }
  });
});

describe('SQLite busy timeout', () => {
  it('is set on the connection from CLAIMGRAPH_BUSY_TIMEOUT_MS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimgraph-busy-'));
    try {
      const { busyTimeoutMs } = readConfig({ CLAIMGRAPH_BUSY_TIMEOUT_MS: '1234' });
      const db = openDatabase(join(dir, 'busy.db'), { busyTimeoutMs });
      expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(1234);
      db.$client.close();
      expect(readConfig({}).busyTimeoutMs).toBe(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
