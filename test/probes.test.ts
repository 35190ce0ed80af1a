import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { createTestServer } from './helpers.ts';

/**
 * The probes of the graphql-cop scanner, re-implemented: each sends what graphql-cop sends and
 * applies graphql-cop's own test for "vulnerable", against the production configuration with
 * introspection turned off (the probes for introspection and suggestions need it off).
 */
describe('graphql-cop probes against the production configuration', () => {
  const server = createTestServer(undefined, {
    config: readConfig({ NODE_ENV: 'production', CLAIMGRAPH_INTROSPECTION: 'false' }),
  });
  afterAll(() => server.close());

  // graphql-cop posts {"query": ...} as JSON with no other headers.
  const post = async (body: unknown) => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(500);
    return { status: response.status, body: await response.json() };
  };
  const query = async (q: string) => (await post({ query: q })).body;

  it('alias overloading: 101 aliases of __typename are refused', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename \n`).join('');
    const body = await query(`query { ${aliases} }`);
    expect(body.data?.alias100).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('ALIAS_LIMIT');
  });

  it('batch queries: an array of 11 operations is refused', async () => {
    const { status, body } = await post(Array.from({ length: 11 }, () => ({ query: 'query { __typename }' })));
    expect(status).toBe(400);
    expect(Array.isArray(body)).toBe(false);
    expect(body.errors[0].message).toBe('Batching is not supported.');
  });

  it('directive overloading: 10 repeated unknown directives get one error, not ten', async () => {
    const body = await query('query { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }');
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('DIRECTIVE_LIMIT');
  });

  it('circular introspection query is refused', async () => {
    const body = await query(
      'query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }',
    );
    expect(body.data).toBeUndefined();
    expect(body.errors.map((e: { message: string }) => e.message)).toContain('Maximum introspection depth exceeded');
  });

  it('field duplication: 500 copies of __typename are refused', async () => {
    const body = await query(`query { ${'__typename \n'.repeat(500)}} `);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('FIELD_LIMIT');
  });

  it('introspection is refused when turned off', async () => {
    for (const q of ['query { __schema { types { name } } }', '{ __type(name: "Claim") { name fields { name } } }']) {
      const body = await query(q);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(/^GraphQL introspection has been disabled/);
    }
  });

  it('field suggestions are hidden when introspection is off: fields, arguments, types and enum values', async () => {
    const cop = await query('query { __schema { directive } }');
    expect(JSON.stringify(cop)).not.toContain('Did you mean');
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

  it('GraphiQL is not served when turned off, at any of the paths graphql-cop tries', async () => {
    for (const path of ['/graphiql', '/playground', '/console', '/graphql']) {
      const response = await server.fetch(path, { headers: { accept: 'text/html' } });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const text = await response.text();
      for (const mark of ['graphiql.min.css', 'GraphQL Playground', 'GraphiQL', 'graphql-playground'])
        expect(text).not.toContain(mark);
    }
  });

  it('a query by GET without the CSRF header is refused', async () => {
    const response = await server.fetch(`/graphql?query=${encodeURIComponent('{__typename}')}`);
    expect(response.status).toBe(403);
    expect((await response.json()).data).toBeUndefined();
  });

  it('a mutation by GET is refused, even with the CSRF header', async () => {
    const response = await server.fetch(`/graphql?query=${encodeURIComponent('mutation {__typename}')}`, {
      headers: { 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(405);
    expect((await response.json()).errors[0].message).toBe(
      'Can only perform a mutation operation from a POST request.',
    );
  });

  it('a POST as application/x-www-form-urlencoded is refused', async () => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('query {__typename}')}`,
    });
    expect(response.status).toBe(403);
    expect((await response.json()).data).toBeUndefined();
  });

  it('neither traces nor exceptions leak through extensions (trace mode, unhandled errors)', async () => {
    for (const q of ['query { __typename }', 'qwerty cop { abc }']) {
      const body = await query(q);
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

  it('circular fragments are refused', async () => {
    const body = await query(`
      query { __schema { ...A } }
      fragment A on __Schema { __typename ...B }
      fragment B on __Schema { ...A }`);
    expect(body.errors.map((e: { message: string }) => e.message)).toContain(
      'Cannot spread fragment "A" within itself via "B".',
    );
  });
});

describe('graphql-cop probes with introspection on (the production default)', () => {
  const server = createTestServer(undefined, { config: readConfig({ NODE_ENV: 'production' }) });
  afterAll(() => server.close());

  it('still refuses the circular introspection query (graphql-js limits introspection depth)', async () => {
    const body = await server.query(
      'query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }',
    );
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toBe('Maximum introspection depth exceeded');
  });

  it("answers GraphiQL's own introspection query", async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const body = await server.query(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.types.length).toBeGreaterThan(25);
  });
});
