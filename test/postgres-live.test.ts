import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDatasetFile } from '../src/dataset/load.ts';
import { importFileIntoPostgres, loadFileIntoPostgres } from '../src/dataset/on-postgres.ts';
import { openPostgres } from '../src/db/postgres/client.ts';
import { type RunningServer, startServer } from '../src/server/http.ts';
import { globalId, testWriteToken } from './helpers.ts';
import { bulletinRecords, eventually, liveClients } from './live-client.ts';
import { freshPostgresDatabase, postgresUrl } from './postgres.ts';
import { administer } from './postgres-setup.ts';

// Two real servers on one PostgreSQL database, each with its own pool, and the real graphql-sse client:
// a subscription on one hears what the other, or an import, commits.

describe.skipIf(!postgresUrl)('subscriptions on PostgreSQL, across servers', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let listening: RunningServer;
  let writing: RunningServer;
  const sse = liveClients();
  const folder = mkdtempSync(join(tmpdir(), 'claimgraph-pg-live-'));

  const start = async () =>
    startServer({
      db: await openPostgres(database.url),
      port: 0,
      host: '127.0.0.1',
      writeToken: testWriteToken,
      shutdownGraceMs: 1_000,
    });

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    const loading = await openPostgres(database.url);
    await loadFileIntoPostgres(loading, exampleDatasetFile);
    await loading.$client.end();
    [listening, writing] = await Promise.all([start(), start()]);
  });

  afterAll(async () => {
    sse.disposeAll();
    await Promise.all([listening?.close(), writing?.close()]);
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const subscribe = (query: string) => sse.subscribe(`${listening.url}/graphql`, query);

  async function write(mutation: string, input: Record<string, unknown>) {
    const response = await fetch(`${writing.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${testWriteToken}` },
      body: JSON.stringify({
        query: `mutation ($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) {
          __typename ${mutation === 'createClaim' ? '... on CreateClaimSuccess { claimId }' : ''} } }`,
        variables: { input },
      }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data[mutation].__typename).toBe(`${mutation[0]!.toUpperCase()}${mutation.slice(1)}Success`);
    return body.data[mutation].claimId as string | undefined;
  }

  /** How many servers hold the listeners' lock ("cli3"): one per server with a subscription. */
  async function listeningServers() {
    const [{ n }] = await administer(
      database.url,
      `select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = ${0x636c6933} and granted
         and database = (select oid from pg_database where datname = current_database())`,
    );
    return n as number;
  }

  const deployment = (statement: string, low: number, high: number) => ({
    article: globalId('Article', 1),
    statement,
    kind: 'DEPLOYMENT',
    attribution: 'STATED',
    claimant: globalId('Official', 2),
    subjects: [globalId('Actor', 8)],
    region: globalId('Region', 2),
    period: { start: '2031-07-01', end: '2031-07-31' },
    quantities: [{ metric: 'DEPLOYED', unit: 'soldiers', low, high }],
  });

  it("sends a claim another server creates, once it commits, loaded from the primary's rows", async () => {
    const live = subscribe(
      `subscription { claimAdded(filter: { kinds: [DEPLOYMENT] }) { id statement claimant { label } region { name } quantities { low high } } }`,
    );
    await live.ready;
    const matching = await write('createClaim', deployment('A test deployment heard by the other server.', 10, 20));
    await write('createClaim', {
      ...deployment('A test casualty figure the filter leaves out.', 1, 2),
      kind: 'CASUALTIES',
      quantities: [{ metric: 'KILLED', best: 3 }],
    });
    const last = await write('createClaim', deployment('A second test deployment heard by the other server.', 10, 20));
    await eventually(() => live.events.length >= 2, 'both deployments');
    expect(live.events.map((event) => event.data?.claimAdded.id)).toEqual([matching, last]);
    expect(live.events[0]!.data!.claimAdded).toEqual({
      id: matching,
      statement: 'A test deployment heard by the other server.',
      claimant: { label: 'Oleksandr Syrskyi' },
      region: { name: 'Kursk Oblast' },
      quantities: [{ low: 10, high: 20 }],
    });
    live.stop();
  });

  it("sends the contradiction another server's update forms, and not again when it still holds", async () => {
    const first = await write('createClaim', deployment('A test claim of 20 to 30 in July.', 20, 30));
    const second = await write('createClaim', deployment('A test claim of 25 to 28 in July.', 25, 28));
    const live = subscribe(
      `subscription { contradictionDetected(filter: { kinds: [DEPLOYMENT] }) { kind first { id } second { id } } }`,
    );
    await live.ready;
    const move = (low: number, high: number) =>
      write('updateClaim', { id: second, quantities: [{ metric: 'DEPLOYED', unit: 'soldiers', low, high }] });
    const between = (e: (typeof live.events)[number]) =>
      e.data?.contradictionDetected.first.id === first && e.data.contradictionDetected.second.id === second;
    await move(300, 400);
    await eventually(() => live.events.some(between), 'the contradiction the update formed');
    await move(500, 600);
    const marker = await write('createClaim', deployment('A test claim of 1 to 2 in July.', 1, 2));
    await eventually(
      () => live.events.some((e) => e.data?.contradictionDetected.second.id === marker),
      'the marker claim',
    );
    expect(live.events.filter(between).map((e) => e.data!.contradictionDetected.kind)).toEqual(['DISJOINT_FIGURES']);
    live.stop();
  });

  it('sends the claims an import from another process commits', async () => {
    const live = subscribe(`subscription { claimAdded(filter: { kinds: [OTHER] }) { statement article { title } } }`);
    await live.ready;
    const file = join(folder, 'bulletin.ndjson');
    writeFileSync(
      file,
      [{ format: 'claimgraph-dataset', version: 1 }, ...bulletinRecords(3)]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    // As `claimgraph import` runs it: its own pool, neither server's.
    const importing = await openPostgres(database.url);
    try {
      expect(await importFileIntoPostgres(importing, file)).toMatchObject({ committed: true, inserted: 5 });
    } finally {
      await importing.$client.end();
    }
    await eventually(() => live.events.length >= 3, 'the imported claims');
    expect(live.events.map((event) => event.data?.claimAdded)).toEqual(
      [1, 2, 3].map((n) => ({ statement: `Imported test claim ${n}.`, article: { title: 'A test bulletin' } })),
    );
    live.stop();
  });

  it('listens only while a subscription is open, and ends its streams when the server closes', async () => {
    sse.disposeAll();
    await eventually(async () => (await listeningServers()) === 0, 'no server listening');
    const live = subscribe(`subscription { claimAdded { id } }`);
    await live.ready;
    expect(await listeningServers()).toBe(1);
    live.client.dispose();
    await live.done;
    await eventually(async () => (await listeningServers()) === 0, 'the listener to go');

    const closing = await start();
    const open = sse.subscribe(`${closing.url}/graphql`, `subscription { claimAdded { id } }`);
    await open.ready;
    expect(await listeningServers()).toBe(1);
    await closing.close();
    // The stream completes (no error), and the connection that listened is gone with its lock.
    expect(await open.done).toBeUndefined();
    expect(await listeningServers()).toBe(0);
  });
});
