import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionResult } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { importDataset, loadDataset } from '../src/dataset/load.ts';
import { type RunningServer, startServer } from '../src/server/http.ts';
import { claimListeners } from '../src/store/claim-events.ts';
import { exampleDataset, globalId, testWriteToken } from './helpers.ts';
import { bulletinRecords, eventually, liveClients } from './live-client.ts';

// A real listening server and the real graphql-sse client, one connection per subscription.

let server: RunningServer;
let db: ReturnType<typeof openDatabase>;
let dir: string;

const sse = liveClients();
const subscribe = (query: string, variables: Record<string, unknown> = {}, url = `${server.url}/graphql`) =>
  sse.subscribe(url, query, variables);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claimgraph-live-'));
  db = openDatabase(join(dir, 'live.db'));
  loadDataset(db, exampleDataset());
  server = await startServer({ db, port: 0, host: '127.0.0.1', writeToken: testWriteToken, shutdownGraceMs: 1_000 });
});

afterAll(async () => {
  sse.disposeAll();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(query: string, variables: Record<string, unknown> = {}, write = false) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(write && { authorization: `Bearer ${testWriteToken}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

async function createClaim(input: Record<string, unknown>): Promise<string> {
  const body = await post(
    `mutation ($input: CreateClaimInput!) { createClaim(input: $input) {
      __typename ... on CreateClaimSuccess { claimId } ... on ClaimgraphMutationError { message } } }`,
    { input },
    true,
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.createClaim.__typename).toBe('CreateClaimSuccess');
  return body.data.createClaim.claimId;
}

const article = globalId('Article', 1);
const kursk = globalId('Region', 2);
const kpa = globalId('Actor', 8);
const syrskyi = globalId('Official', 2);

const deployment = (statement: string, low: number, high: number) => ({
  article,
  statement,
  kind: 'DEPLOYMENT',
  attribution: 'STATED',
  claimant: syrskyi,
  subjects: [kpa],
  region: kursk,
  period: { start: '2031-02-01', end: '2031-02-28' },
  quantities: [{ metric: 'DEPLOYED', unit: 'soldiers', low, high }],
});

describe('Subscription.claimAdded', () => {
  it('sends exactly the new claims that match the filter, with nested fields', async () => {
    const live = subscribe(
      `subscription ($filter: ClaimFilter) { claimAdded(filter: $filter) {
        id statement kind claimant { label } region { name } quantities { metric low high }
        article { title claims { totalCount } } } }`,
      { filter: { kinds: ['DEPLOYMENT'] } },
    );
    await live.ready;
    const matching = await createClaim(deployment('A test deployment claim for the live feed.', 100, 200));
    await createClaim({
      article,
      statement: 'A test statement of another kind, which the filter leaves out.',
      kind: 'CASUALTIES',
      attribution: 'STATED',
      claimant: syrskyi,
      region: kursk,
      quantities: [{ metric: 'KILLED', unit: 'soldiers', best: 3 }],
    });
    // A third, matching write after the non-matching one: once it arrives, the other would have too.
    const last = await createClaim(deployment('A second test deployment claim for the live feed.', 100, 200));
    await eventually(() => live.events.length >= 2, 'two claims');
    expect(live.events.map((event) => event.data?.claimAdded.id)).toEqual([matching, last]);
    expect(live.events[0]).toEqual({
      data: {
        claimAdded: {
          id: matching,
          statement: 'A test deployment claim for the live feed.',
          kind: 'DEPLOYMENT',
          claimant: { label: 'Oleksandr Syrskyi' },
          region: { name: 'Kursk Oblast' },
          quantities: [{ metric: 'DEPLOYED', low: 100, high: 200 }],
          article: { title: expect.any(String), claims: { totalCount: expect.any(Number) } },
        },
      },
    });
    // Each event is read afresh, not from what an earlier event of the same subscription loaded:
    // the article gained the non-matching claim and the last one since the first event.
    const articleClaims = (event: ExecutionResult<any, unknown>) => event.data?.claimAdded.article.claims.totalCount;
    expect(articleClaims(live.events[1]!)).toBe(articleClaims(live.events[0]!) + 2);
    live.stop();
  });

  it('sends the claims an import into the same database commits, once it commits', async () => {
    const live = subscribe(`subscription { claimAdded(filter: { kinds: [OTHER] }) { statement article { title } } }`);
    await live.ready;
    const summary = importDataset(db, {
      format: 'claimgraph-dataset',
      version: 1,
      records: bulletinRecords(2),
    });
    expect(summary).toMatchObject({ problems: [], committed: true, inserted: 4 });
    await eventually(() => live.events.length >= 2, 'both imported claims');
    expect(live.events).toEqual(
      [1, 2].map((n) => ({
        data: { claimAdded: { statement: `Imported test claim ${n}.`, article: { title: 'A test bulletin' } } },
      })),
    );
    live.stop();
  });

  /** The errors a subscription ends with before any event, or its first event's errors. */
  async function refusalOf(query: string, variables: Record<string, unknown> = {}) {
    const live = subscribe(query, variables);
    const outcome = await Promise.race([live.done, new Promise((resolve) => setTimeout(resolve, 5_000, 'timeout'))]);
    if (outcome === 'timeout') live.stop();
    return (outcome as { errors?: unknown[] } | undefined)?.errors ?? live.events.flatMap((e) => e.errors ?? []);
  }

  it('answers a bad filter with the coded error a query gets', async () => {
    const filter = { regionId: syrskyi };
    const query = await post(`query ($filter: ClaimFilter) { claims(filter: $filter) { totalCount } }`, { filter });
    const code = query.errors?.[0]?.extensions?.code;
    expect(code).toBe('WRONG_ID_TYPE');
    const errors = await refusalOf(`subscription ($filter: ClaimFilter) { claimAdded(filter: $filter) { id } }`, {
      filter,
    });
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code }) })]);
  });

  it("gives an error inside an event the code a query's error gets", async () => {
    const live = subscribe(`subscription { claimAdded { id article { claims(first: -1) { totalCount } } } }`);
    await live.ready;
    await createClaim(deployment('A test claim whose event carries an error.', 3, 4));
    await eventually(() => live.events.length >= 1, 'the event');
    expect(live.events[0]!.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'PAGE_SIZE_OUT_OF_RANGE' }) }),
    ]);
    live.stop();
  });

  it('is refused before it starts when one event could cost more than the limit', async () => {
    const errors = await refusalOf(`subscription { claimAdded { article { claims(first: 100) { nodes {
      article { claims(first: 100) { nodes { id statement kind attribution stance } } } } } } } }`);
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'COST_LIMIT' }) })]);
  });
});

describe('Subscription.contradictionDetected', () => {
  it('sends the contradiction a new claim forms with an existing one', async () => {
    const live = subscribe(
      `subscription { contradictionDetected(filter: { kinds: [DEPLOYMENT] }) {
        kind why first { id statement } second { id statement claimant { label } } } }`,
    );
    await live.ready;
    const existing = await createClaim(deployment('A test claim that 5 to 10 soldiers were deployed.', 5, 10));
    const contradicting = await createClaim(
      deployment('A test claim that 500 to 900 soldiers were deployed.', 500, 900),
    );
    // The new claim may contradict earlier tests' claims too: each pair is its own event.
    const pair = (e: ExecutionResult<any, unknown>) =>
      e.data?.contradictionDetected.first.id === existing && e.data.contradictionDetected.second.id === contradicting;
    await eventually(() => live.events.some(pair), 'the contradiction');
    expect(live.events.flatMap((e) => e.errors ?? [])).toEqual([]);
    const found = live.events.filter(pair);
    expect(found).toHaveLength(1);
    expect(found[0]!.data!.contradictionDetected).toMatchObject({
      kind: 'DISJOINT_FIGURES',
      second: {
        statement: 'A test claim that 500 to 900 soldiers were deployed.',
        claimant: { label: 'Oleksandr Syrskyi' },
      },
    });
    live.stop();
  });
});

describe('Subscription.contradictionDetected on a changed claim', () => {
  const updateFigure = async (id: string, low: number, high: number) => {
    const body = await post(
      `mutation ($input: UpdateClaimInput!) { updateClaim(input: $input) {
        __typename ... on ClaimgraphMutationError { message } } }`,
      { input: { id, quantities: [{ metric: 'DEPLOYED', unit: 'soldiers', low, high }] } },
      true,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.updateClaim.__typename).toBe('UpdateClaimSuccess');
  };

  it('sends a contradiction an update forms, and not one that already held', async () => {
    const period = { start: '2031-05-01', end: '2031-05-31' };
    const first = await createClaim({
      ...deployment('A test claim that 20 to 30 were deployed in May.', 20, 30),
      period,
    });
    const second = await createClaim({
      ...deployment('A test claim that 25 to 28 were deployed in May.', 25, 28),
      period,
    });
    const live = subscribe(
      `subscription { contradictionDetected(filter: { kinds: [DEPLOYMENT] }) { kind first { id } second { id } } }`,
    );
    await live.ready;
    const between = (e: ExecutionResult<any, unknown>) =>
      e.data?.contradictionDetected.first.id === first && e.data.contradictionDetected.second.id === second;

    // 25-28 inside 20-30: no contradiction. Moved to 300-400, the two figures are disjoint.
    await updateFigure(second, 300, 400);
    await eventually(() => live.events.some(between), 'the contradiction the update formed');
    // Still disjoint after a second change: nothing new to announce. A claim created afterwards
    // marks where the stream has got to.
    await updateFigure(second, 500, 600);
    const marker = await createClaim({ ...deployment('A test claim that 1 to 2 were deployed in May.', 1, 2), period });
    await eventually(
      () => live.events.some((e) => e.data?.contradictionDetected.second.id === marker),
      'the marker claim',
    );
    expect(live.events.filter(between)).toHaveLength(1);
    expect(live.events.filter(between)[0]!.data!.contradictionDetected.kind).toBe('DISJOINT_FIGURES');
    live.stop();
  });
});

describe('a client that disconnects', () => {
  it('leaves the server serving queries and other subscriptions', async () => {
    const leaving = subscribe(`subscription { claimAdded { id } }`);
    const staying = subscribe(`subscription { claimAdded { id statement } }`);
    await Promise.all([leaving.ready, staying.ready]);
    expect(claimListeners(db.$client)).toBe(2);
    leaving.client.dispose();
    await leaving.done;
    // The server stops listening for the client that left, at once, not at the next claim.
    await eventually(() => claimListeners(db.$client) === 1, 'the listener to go');
    const id = await createClaim(deployment('A test claim written after a client left.', 1, 2));
    await eventually(() => staying.events.some((e) => e.data?.claimAdded.id === id), 'the claim');
    const body = await post(`{ claims(first: 1) { totalCount } }`);
    expect(body.data.claims.totalCount).toBeGreaterThan(0);
    staying.stop();
  });
});

describe('a server that shuts down', () => {
  it('completes its subscriptions instead of waiting out the grace period for them', async () => {
    const closingDb = openDatabase(join(dir, 'closing.db'));
    const closing = await startServer({ db: closingDb, port: 0, host: '127.0.0.1', shutdownGraceMs: 10_000 });
    const live = subscribe(`subscription { claimAdded { id } }`, {}, `${closing.url}/graphql`);
    await live.ready;
    const started = performance.now();
    await closing.close();
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await live.done).toBeUndefined(); // completed, not failed
  });
});
