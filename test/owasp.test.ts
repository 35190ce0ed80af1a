import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { loadDataset } from '../src/dataset/load.ts';
import { openDatabase } from '../src/db/client.ts';
import { type RunningServer, startServer } from '../src/server/http.ts';
import { createTestServer, data, exampleDataset } from './helpers.ts';

// The OWASP GraphQL Cheat Sheet's checks, one test each, against the production configuration.
const production = readConfig({ NODE_ENV: 'production' });

// SQL metacharacters, quotes, LIKE wildcards, Cyrillic, a combining accent, a right-to-left
// override, an astral-plane letter, a flag and Arabic-Indic digits.
const hostile = `Robert'); DROP TABLE claims;-- "Ω" Курськ 𝕏 e\u0301 \u202Eevil\u202C 🇺🇦 %_\\ ١٢٣`;

describe('OWASP GraphQL Cheat Sheet', () => {
  const dataset = exampleDataset();
  dataset.records.push({ type: 'actor', key: 'hostile', name: hostile, kind: 'GROUP', description: hostile });
  const server = createTestServer(dataset, { config: production });
  afterAll(() => server.close());

  it('input validation: SQL metacharacters and odd Unicode round-trip verbatim; SQL carries them as bound parameters only', async () => {
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

    // Values that fail validation come back verbatim in the error, with NUL, a lone surrogate and a BOM added.
    const echoed = `${hostile}\u0000\ud800\uFEFF`;
    server.statements.reset();
    const badId = await server.query('query ($id: ID!) { claims(filter: { regionId: $id }) { totalCount } }', {
      id: echoed,
    });
    expect(badId.errors?.[0]?.message).toBe(`Invalid global ID: ${echoed}`);
    const badCursor = await server.query('query ($c: String!) { search(query: "x", after: $c) { totalCount } }', {
      c: echoed,
    });
    expect(badCursor.errors?.[0]?.message).toBe(`"after" is not a cursor from this search: ${echoed}`);
    expect(server.statements.count).toBe(0);

    // And nothing was dropped.
    expect(await data(server.query('{ claims { totalCount } }'))).toEqual({ claims: { totalCount: 18 } });
  });

  it('depth limit: a query at the limit passes, one level deeper is refused', async () => {
    // actors > edges > node > parent ... > name: 4 levels besides the parents.
    const chain = (parents: number) =>
      `{ actors(first: 1) { edges { node { ${'parent { '.repeat(parents)}name${' }'.repeat(parents)} } } } }`;
    const atLimit = await server.query(chain(production.limits.depth - 4));
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data.actors.edges).toHaveLength(1);
    const deeper = await server.query(chain(production.limits.depth - 3));
    expect(deeper.errors?.[0]).toMatchObject({
      message: `Query depth limit of ${production.limits.depth} exceeded, found ${production.limits.depth + 1}.`,
      extensions: { code: 'DEPTH_LIMIT' },
    });
  });

  it('cost analysis: a wide and deep query over the budget is refused before any SQL runs', async () => {
    const wideAndDeep = `{
      regions(first: 100) { edges { node { name
        claims(first: 100) { totalCount edges { node { statement subjects { name } quantities { metric best }
          article { title claims(first: 100) { edges { node { statement } } } } } } } } } }
      actors(first: 100) { edges { node { officials(first: 100) { edges { node { label } } } } } }
    }`;
    server.statements.reset();
    const refused = await server.query(wideAndDeep);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions?.code).toBe('COST_LIMIT');
    expect(refused.errors?.[0]?.extensions?.cost).toMatchObject({ max: production.limits.cost });
    expect(server.statements.count).toBe(0);
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

describe('OWASP GraphQL Cheat Sheet over HTTP', () => {
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

  it('DoS: a client sending its headers byte by byte is cut off by the header timeout, and others are served', async () => {
    // One character every 20 ms: the whole header would take over 5 s.
    const headers =
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Padding: ' + 'x'.repeat(200);
    const outcome = await trickle(port, '', headers, 20);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(outcome.sent).toBeLessThan(headers.length);
    expect(await normalQuery()).toEqual({ data: { claims: { totalCount: 18 } } });
  });

  it('DoS: a client trickling its body is cut off by the request timeout, and others are served', async () => {
    // The headers at once, then one character of the body every 100 ms: the body would take over 4 s.
    const body = JSON.stringify({ query: '{ claims { totalCount } }' });
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const outcome = await trickle(port, head, body, 100);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(outcome.sent).toBeLessThan(body.length);
    expect(await normalQuery()).toEqual({ data: { claims: { totalCount: 18 } } });
  });
});
