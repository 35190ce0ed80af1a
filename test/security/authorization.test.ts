import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { createClaimgraph } from '../../src/server/yoga.ts';
import { createTestServer } from '../helpers.ts';

// Who may run what and see what: trusted documents, introspection and GraphiQL, and which origins'
// pages may read responses. (Who may write is in test/write-auth.test.ts.)
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
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
  const introspectionQueries = [
    'query { __schema { queryType { name } } }',
    '{ __type(name: "Claim") { name fields { name } } }',
  ];

  it.each([
    [{}, true, true],
    [{ NODE_ENV: 'production' }, false, true],
    [{ NODE_ENV: 'production', CLAIMGRAPH_GRAPHIQL: 'true' }, true, true],
    [{ NODE_ENV: 'production', CLAIMGRAPH_INTROSPECTION: 'false' }, false, false],
    [{ CLAIMGRAPH_GRAPHIQL: 'false', CLAIMGRAPH_INTROSPECTION: 'false' }, false, false],
  ])('graphql-cop introspection: with %j, GraphiQL %s, introspection %s', async (env, graphiql, introspection) => {
    const server = createTestServer(undefined, { config: readConfig(env) });
    try {
      const page = await graphiqlPage(server);
      expect(page.status).toBe(graphiql ? 200 : 406);
      expect((await page.text()).includes('<title>claimgraph</title>')).toBe(graphiql);
      for (const query of introspectionQueries) {
        const body = await server.query(query);
        if (introspection) {
          expect(body.errors).toBeUndefined();
        } else {
          expect(body.data).toBeUndefined();
          expect(body.errors?.[0]?.message).toMatch(/^GraphQL introspection has been disabled/);
        }
      }
    } finally {
      server.close();
    }
  });

  it('graphql-cop GraphiQL detection: not served when turned off, at any of the paths graphql-cop tries', async () => {
    const server = createTestServer(undefined, {
      config: readConfig({ NODE_ENV: 'production', CLAIMGRAPH_INTROSPECTION: 'false' }),
    });
    try {
      for (const path of ['/graphiql', '/playground', '/console', '/graphql']) {
        const response = await server.fetch(path, { headers: { accept: 'text/html' } });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const text = await response.text();
        for (const mark of ['graphiql.min.css', 'GraphQL Playground', 'GraphiQL', 'graphql-playground'])
          expect(text).not.toContain(mark);
      }
    } finally {
      server.close();
    }
  });

  describe('with introspection on (the production default)', () => {
    const server = createTestServer(undefined, { config: readConfig({ NODE_ENV: 'production' }) });
    afterAll(() => server.close());

    it('graphql-cop circular introspection query: refused (graphql-js limits introspection depth)', async () => {
      const body = await server.query(
        'query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }',
      );
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0]?.message).toBe('Maximum introspection depth exceeded');
    });

    it("answers GraphiQL's own introspection query", async () => {
      const body = await server.query(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
      expect(body.errors).toBeUndefined();
      expect(body.data.__schema.types.length).toBeGreaterThan(25);
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
