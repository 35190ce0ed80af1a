import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { createClaimgraph } from '../src/server/yoga.ts';
import { tokensMatch } from '../src/server/write-auth.ts';
import { createTestServer, testWriteToken } from './helpers.ts';

const server = createTestServer();
afterAll(() => server.close());

const create = `mutation { createActor(input: { name: "Wagner Group", kind: GROUP, country: "RU" }) {
  __typename ... on CreateActorSuccess { actor { name } } } }`;
const actorCount = () => server.db.$client.prepare('select count(*) from actors').pluck().get();

async function post(yoga: ReturnType<typeof createClaimgraph>, query: string, headers: Record<string, string> = {}) {
  const response = await yoga.fetch(
    new Request('http://claimgraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    }),
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('writing needs the token', () => {
  it('is refused outright when no token is configured, never silently open', async () => {
    const yoga = createClaimgraph({ db: server.db, graphiql: false });
    const before = actorCount();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${testWriteToken}` },
      { authorization: 'Bearer ' },
    ];
    for (const headers of attempts) {
      const { status, body } = await post(yoga, create, headers);
      expect(status).toBe(403);
      expect(body).toEqual({
        errors: [
          {
            message: 'writing is turned off on this server: set CLAIMGRAPH_WRITE_TOKEN to allow mutations',
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
    }
    expect(actorCount()).toBe(before);
    // Reading is open all the same.
    expect((await post(yoga, '{ actors { totalCount } }')).body).toEqual({ data: { actors: { totalCount: 11 } } });
  });

  it.each([
    ['no Authorization header', {}, 'mutations need the header Authorization: Bearer <token>'],
    [
      'another scheme',
      { authorization: `Basic ${testWriteToken}` },
      'mutations need the header Authorization: Bearer <token>',
    ],
    ['a wrong token', { authorization: 'Bearer not-the-token' }, 'the write token is not valid'],
    ['the token with a character more', { authorization: `Bearer ${testWriteToken}x` }, 'the write token is not valid'],
  ])('answers 401 to %s, and changes nothing', async (_what, headers, message) => {
    const before = actorCount();
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: create }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(actorCount()).toBe(before);
  });

  it('checks the token before anything else: invalid input from a stranger gets 401, not a ClaimgraphValidationError', async () => {
    const body = await server.mutate(
      `mutation { createActor(input: { name: "", kind: GROUP }) { __typename } }`,
      {},
      {},
    );
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(body.data).toBeUndefined();
  });

  it('lets the right token write', async () => {
    const body = await server.mutate(create);
    expect(body).toEqual({
      data: { createActor: { __typename: 'CreateActorSuccess', actor: { name: 'Wagner Group' } } },
    });
  });

  it('leaves reading open without a token', async () => {
    expect(await server.query('{ claims { totalCount } }')).toEqual({ data: { claims: { totalCount: 18 } } });
  });

  it('compares tokens in constant time, whatever their lengths', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
  });

  it('takes the token from CLAIMGRAPH_WRITE_TOKEN; an empty one is no token', () => {
    expect(readConfig({ CLAIMGRAPH_WRITE_TOKEN: 's3cret' }).writeToken).toBe('s3cret');
    expect(readConfig({ CLAIMGRAPH_WRITE_TOKEN: '' }).writeToken).toBeUndefined();
    expect(readConfig({}).writeToken).toBeUndefined();
  });
});
