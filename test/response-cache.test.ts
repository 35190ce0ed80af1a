import type { Plugin } from 'graphql-yoga';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { createLogger } from '../src/server/logging.ts';
import { createTestServer, data, globalId, type TestServer } from './helpers.ts';

const kpa = globalId('Actor', 8);
const actorName = `query ($id: ID!) { node(id: $id) { ... on Actor { name } } }`;
const rename = `mutation ($input: UpdateActorInput!) { updateActor(input: $input) { __typename } }`;
const stats = `{ claimStats(filter: { kinds: [CASUALTIES] }) { count byClaimant { claimant { label } count } } }`;

let server: TestServer;
afterEach(() => server.close());

/** The statements one request sends, and its body. */
async function counted(query: string, variables?: Record<string, unknown>) {
  server.statements.reset();
  const body = await server.query(query, variables);
  return { body, statements: server.statements.count };
}

describe('answers are served again while the data is unchanged', () => {
  it('answers a repeated query the same, without running SQL', async () => {
    server = createTestServer();
    const first = await counted(stats);
    expect(first.statements).toBeGreaterThan(0);
    const again = await counted(stats);
    expect(again).toEqual({ body: first.body, statements: 0 });
    // Other variables are another question.
    const other = await counted(actorName, { id: globalId('Actor', 1) });
    expect(other.statements).toBeGreaterThan(0);
  });

  it('answers from the new data after a mutation', async () => {
    server = createTestServer();
    expect(await data(server.query(actorName, { id: kpa }))).toEqual({ node: { name: expect.any(String) } });
    await data(server.mutate(rename, { input: { id: kpa, name: 'Korean People’s Army (renamed)' } }));
    const after = await counted(actorName, { id: kpa });
    expect(after.body.data).toEqual({ node: { name: 'Korean People’s Army (renamed)' } });
    expect(after.statements).toBeGreaterThan(0);
  });

  it('answers from the new data after another connection commits (an import, a second server)', async () => {
    server = createTestServer();
    const before = await data(server.query(actorName, { id: kpa }));
    const other = openDatabase(server.file);
    try {
      other.$client.prepare('update actors set name = ? where id = 8').run('Renamed elsewhere');
    } finally {
      closeDatabase(other);
    }
    const after = await data(server.query(actorName, { id: kpa }));
    expect(after).not.toEqual(before);
    expect(after).toEqual({ node: { name: 'Renamed elsewhere' } });
  });

  it('never serves a mutation from the cache, nor one refused for want of the token', async () => {
    let executions = 0;
    const countExecutions: Plugin = { onExecute: () => void (executions += 1) };
    server = createTestServer(undefined, { plugins: [countExecutions] });
    // A rename to the name it has changes no row, so the data version stays where it was.
    const input = { id: kpa, name: 'Korean People’s Army' };
    for (let i = 1; i <= 2; i++) {
      expect(await data(server.mutate(rename, { input }))).toEqual({
        updateActor: { __typename: 'UpdateActorSuccess' },
      });
      expect(executions).toBe(i);
      // Refused, not answered with the success just given.
      const refused = await server.mutate(rename, { input }, {});
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps no answer with errors', async () => {
    let executions = 0;
    server = createTestServer(undefined, { plugins: [{ onExecute: () => void (executions += 1) }] });
    const broken = `{ claims(first: 2, after: "not-a-cursor") { totalCount } }`;
    for (let i = 1; i <= 2; i++) {
      expect((await server.query(broken)).errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
      expect(executions).toBe(i);
    }
  });

  it('answers 304 to If-None-Match while the data is unchanged, and the new answer after a write', async () => {
    server = createTestServer();
    const ask = (headers: Record<string, string> = {}) =>
      server.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: actorName, variables: { id: kpa } }),
      });
    const first = await ask();
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await ask({ 'if-none-match': etag! })).status).toBe(304);
    await data(server.mutate(rename, { input: { id: kpa, name: 'Changed' } }));
    const changed = await ask({ 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ data: { node: { name: 'Changed' } } });
  });

  it('is off at CLAIMGRAPH_RESPONSE_CACHE_MB=0', async () => {
    for (const [mb, again] of [
      ['0', 'runs again'],
      ['1', 'served'],
    ] as const) {
      server = createTestServer(undefined, { config: readConfig({ CLAIMGRAPH_RESPONSE_CACHE_MB: mb }) });
      await counted(stats);
      expect((await counted(stats)).statements > 0 ? 'runs again' : 'served').toBe(again);
      if (mb === '0') server.close();
    }
  });

  it('logs an answer served again under its operation’s name', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    server = createTestServer(undefined, { logger });
    for (let i = 0; i < 2; i++) await data(server.query(`query KeptAnswer ${stats}`));
    const logged = lines.filter((line) => line.msg === 'request');
    expect(logged.map((line) => [line.operation, line.status])).toEqual([
      ['KeptAnswer', 200],
      ['KeptAnswer', 200],
    ]);
  });
});
