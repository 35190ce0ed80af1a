import { parse } from 'graphql';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { claimsPerPoint } from '../src/graphql/aggregate-cost.ts';
import { operationCost } from '../src/graphql/cost.ts';
import { type ListSizes, listSizesOf } from '../src/graphql/list-sizes.ts';
import { schema } from '../src/graphql/schema.ts';
import { createTestServer } from './helpers.ts';

/** An aggregate over every claim: one point per ten it may read (src/graphql/aggregate-cost.ts). */
const scopePrice = (sizes: ListSizes) => 1 + Math.ceil(sizes.get('Scope.claims')! / claimsPerPoint);

const costOf = (query: string, sizes?: ListSizes) => operationCost(schema, parse(query), null, {}, sizes)!.cost;

describe('a search is priced by the shape of its terms', () => {
  const search = (text: string) => costOf(`{ search(query: "${text}", first: 0) { pageInfo { hasNextPage } } }`);

  it('prices a prefix above a whole word, and a short prefix above a long one', () => {
    // One or two letters match as whole words; three or more also as a prefix.
    expect(search('a')).toBe(search('ab'));
    expect(search('abc')).toBeGreaterThan(search('ab'));
    expect(search('abc')).toBeGreaterThan(search('abcdef'));
    expect(search('abcdef')).toBeGreaterThan(search('ab'));
  });

  it('prices each further word, and a text with no word as a plain field', () => {
    expect(search('ab cd')).toBeGreaterThan(search('ab'));
    expect(search('!!!')).toBe(1 + 0 * 2);
  });

  it('multiplies by every aliased search', () => {
    const one = costOf('{ search(query: "the") { totalCount } }');
    const fifteen = costOf(
      `{ ${Array.from({ length: 15 }, (_, i) => `s${i}: search(query: "the") { totalCount }`).join(' ')} }`,
    );
    expect(fifteen).toBe(15 * one);
  });
});

describe('an unpaged list is priced by what it can hold', () => {
  const server = createTestServer();
  afterAll(() => server.close());
  const count = (sql: string) => (server.db.$client.prepare(sql).pluck().get() as number) ?? 0;

  it('measures the most items one parent holds, and one group per claimant for byClaimant', () => {
    const sizes = listSizesOf(server.db, 0);
    expect(sizes.get('ClaimStats.byClaimant')).toBe(
      count('select count(*) from actors') + count('select count(*) from officials') + 1,
    );
    expect(sizes.get('Claim.subjects')).toBe(
      count('select max(n) from (select count(*) as n from claim_subjects group by claim_id)'),
    );
  });

  it('prices byClaimant by the claimants there are, lists holding fewer as ten', () => {
    const sizes = listSizesOf(server.db, 0);
    const claimants = sizes.get('ClaimStats.byClaimant')!;
    expect(claimants).toBeGreaterThan(10);
    // claimStats (its scope) + byClaimant 1 + claimants * (count 1)
    expect(costOf('{ claimStats { byClaimant { count } } }', sizes)).toBe(scopePrice(sizes) + 1 + claimants);
    expect(costOf('{ claims(first: 1) { edges { node { subjects { name } } } } }', sizes)).toBe(1 + 1 * (3 + 10));
  });

  it("prices a connection's nodes as its page, like its edges", () => {
    // claims 1 + 3 items * (edges 1 + node 1 + statement 1), and without the node level for `nodes`.
    expect(costOf('{ claims(first: 3) { edges { node { statement } } } }')).toBe(1 + 3 * 3);
    expect(costOf('{ claims(first: 3) { nodes { statement } } }')).toBe(1 + 3 * 2);
    expect(costOf('{ regions(first: 2) { nodes { claims(first: 4) { nodes { statement } } } } }')).toBe(
      1 + 2 * (1 + 1 + 4 * (1 + 1)),
    );
  });

  it('prices a comparison by the claimants there are, and its pairs by the page asked for', () => {
    const sizes = listSizesOf(server.db, 0);
    const claimants = sizes.get('FigureComparison.figures')!;
    const kinds = sizes.get('ClaimComparison.comparisons')!;
    expect(claimants).toBe(sizes.get('ClaimStats.byClaimant'));
    const price = (selection: string) =>
      costOf(`{ compareClaims(question: { metric: KILLED }) { comparisons { ${selection} } } }`, sizes);
    // compareClaims (its scope) + comparisons 1 + kinds (at least ten) * (figures 1 + claimants * value 1)
    const base = scopePrice(sizes) + 1;
    expect(price('figures { value }')).toBe(base + Math.max(10, kinds) * (1 + claimants));
    expect(price('pairs { relation }')).toBe(base + Math.max(10, kinds) * (1 + 20));
    expect(price('pairs(first: 100, relations: [DISJOINT]) { relation }')).toBe(base + Math.max(10, kinds) * (1 + 100));
  });

  it('is what the server charges', async () => {
    const strict = createTestServer(undefined, {
      config: {
        ...(await import('../src/config.ts')).readConfig({ NODE_ENV: 'production', CLAIMGRAPH_MAX_COST: '1' }),
      },
    });
    try {
      const refused = await strict.query('{ claimStats { byClaimant { count } } }');
      expect(refused.errors?.[0]?.extensions?.cost).toEqual({
        max: 1,
        actual: scopePrice(listSizesOf(strict.db)) + 1 + listSizesOf(strict.db).get('ClaimStats.byClaimant')!,
      });
    } finally {
      strict.close();
    }
  });

  it('charges a repeated operation without variables by the latest measurement', async () => {
    const { readConfig } = await import('../src/config.ts');
    const strict = createTestServer(undefined, {
      config: readConfig({ NODE_ENV: 'production', CLAIMGRAPH_MAX_COST: '1' }),
    });
    try {
      const charged = async () =>
        (await strict.query('{ claimStats { byClaimant { count } } }')).errors?.[0]?.extensions?.cost;
      const before = await charged();
      expect(await charged()).toEqual(before);
      strict.db.$client.exec(`insert into actors (name, kind) values ('Uruguay', 'STATE')`);
      // Measured again now, as the first request after the measurement's minute would.
      listSizesOf(strict.db, performance.now() + 61_000);
      expect(await charged()).toEqual({ max: 1, actual: (before as { actual: number }).actual + 1 });
    } finally {
      strict.close();
    }
  });
});

describe('an aggregate is priced by the claims it may read', () => {
  const server = createTestServer();
  afterAll(() => server.close());
  const count = (sql: string) => server.db.$client.prepare(sql).pluck().get() as number;
  const region = Buffer.from('Region:1').toString('base64');

  it('measures the largest scope each narrowing leaves', () => {
    const sizes = listSizesOf(server.db, 0);
    expect(sizes.get('Scope.claims')).toBe(count('select count(*) from claims'));
    expect(sizes.get('Scope.article')).toBe(
      count('select max(n) from (select count(*) as n from claims group by article_id)'),
    );
    // Every claim placed in a region is inside one of the top-level regions.
    expect(sizes.get('Scope.region')).toBeGreaterThanOrEqual(
      count('select count(*) from claims where region_id is not null') /
        count('select count(*) from regions where parent_id is null'),
    );
    expect(sizes.get('Scope.region')).toBeLessThanOrEqual(
      count('select count(*) from claims') + count('select count(*) from claim_regions'),
    );
  });

  it.each([
    ['claimStats', '{ claimStats(FILTER) { count } }', 'filter'],
    ['contradictions', '{ contradictions(FILTER) { totalCount } }', 'filter'],
    ['claimSeries', '{ claimSeries(metric: KILLED, bucket: MONTH, FILTER) { undated } }', 'filter'],
    ['claimGroups', '{ claimGroups(by: [CLAIMANT], FILTER) { totalCount } }', 'filter'],
    ['trackRecords', '{ trackRecords(FILTER) { claims } }', 'filter'],
    ['compareClaims', '{ compareClaims(QUESTION) { policy } }', 'question'],
  ])('%s: every claim unnarrowed, the largest region when narrowed to one', (_, template, argument) => {
    const sizes = listSizesOf(server.db, 0);
    const price = (scope: string) =>
      costOf(
        template
          .replace('FILTER', scope ? `filter: { ${scope} }` : 'filter: {}')
          .replace('QUESTION', `question: { metric: KILLED ${scope} }`),
        sizes,
      );
    const selection = price('') - scopePrice(sizes);
    expect(selection).toBeGreaterThan(0);
    expect(price(`regionId: "${region}"`)).toBe(
      selection + 1 + Math.ceil(Math.min(sizes.get('Scope.claims')!, sizes.get('Scope.region')!) / claimsPerPoint),
    );
    if (argument === 'filter')
      expect(price(`claimantId: "${region}" articleId: "${region}"`)).toBe(
        selection + 1 + Math.ceil(Math.min(sizes.get('Scope.claimant')!, sizes.get('Scope.article')!) / claimsPerPoint),
      );
  });

  it('refuses an aggregate over more claims than the limit allows, and answers it narrowed', async () => {
    const { readConfig } = await import('../src/config.ts');
    const sizes = listSizesOf(server.db, 0);
    // The example dataset is one article about one region; its claimants each made a few claims.
    const claimant = Buffer.from('Actor:1').toString('base64');
    const everything = '{ contradictions { totalCount } }';
    const narrowed = `{ contradictions(filter: { claimantId: "${claimant}" }) { totalCount } }`;
    expect(costOf(everything, sizes)).toBeGreaterThan(costOf(narrowed, sizes));
    const strict = createTestServer(undefined, {
      config: readConfig({
        NODE_ENV: 'production',
        CLAIMGRAPH_MAX_COST: String(costOf(narrowed, sizes)),
        CLAIMGRAPH_RATE_LIMIT: '0',
      }),
    });
    try {
      const refused = await strict.query(everything);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'COST_LIMIT',
        cost: { actual: costOf(everything, sizes) },
      });
      const answered = await strict.query(narrowed);
      expect(answered.errors).toBeUndefined();
      expect(answered.data.contradictions.totalCount).toBeGreaterThanOrEqual(0);
    } finally {
      strict.close();
    }
  });
});

describe('variables in a price', () => {
  const server = createTestServer();
  afterAll(() => server.close());
  const requested = async (query: string, variables: Record<string, unknown>) => {
    const response = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-query-cost': '1' },
      body: JSON.stringify({ query, variables }),
    });
    return ((await response.json()).extensions?.cost as { requested: number }).requested;
  };

  it("measures a search's text from each request's variables, though the document is the same", async () => {
    const search = 'query ($q: String!) { search(query: $q, first: 0) { totalCount } }';
    expect(await requested(search, { q: 'abc' })).toBe(costOf('{ search(query: "abc", first: 0) { totalCount } }'));
    expect(await requested(search, { q: 'abcdef' })).toBe(
      costOf('{ search(query: "abcdef", first: 0) { totalCount } }'),
    );
    expect(await requested(search, { q: 'abc' })).toBeGreaterThan(await requested(search, { q: 'abcdef' }));
    // A text too long to keep the price of is priced again each time.
    const long = 'abc '.repeat(300);
    const longPrice = costOf(`{ search(query: "${long}", first: 0) { totalCount } }`);
    expect(await requested(search, { q: long })).toBe(longPrice);
    expect(await requested(search, { q: long })).toBe(longPrice);
  });

  it('measures an aggregate again for each filter sent with one document, and a page again for each size', async () => {
    // One claimant narrows claimStats to fewer claims than the example's every claim.
    const claimant = Buffer.from('Actor:1').toString('base64');
    const stats = 'query ($f: ClaimFilter) { claimStats(filter: $f) { count } }';
    const narrowed = await requested(stats, { f: { claimantId: claimant } });
    const everything = await requested(stats, {});
    expect(narrowed).toBeLessThan(everything);
    expect(await requested(stats, { f: null })).toBe(everything);
    expect(await requested(stats, { f: { claimantId: claimant } })).toBe(narrowed);
    expect(await requested(stats, {})).toBe(everything);
    const page = 'query ($n: Int, $after: String) { claims(first: $n, after: $after) { edges { node { id } } } }';
    const sized = await Promise.all([5, 50, 5, null].map((n) => requested(page, { n, after: null })));
    expect(sized[0]).toBe(sized[2]);
    expect(sized[1]).toBeGreaterThan(sized[0]!);
    expect(sized[3]).toBe(await requested(page, { after: 'x' }));
  });

  it('prices an operation whose variables reach no price the same for any value, and page sizes by theirs', async () => {
    const claim = (id: number) => Buffer.from(`Claim:${id}`).toString('base64');
    const lookup =
      'query ($id: ID!) { node(id: $id) { id } claims(first: 3, filter: { claimantId: $id }) { totalCount } }';
    expect(await requested(lookup, { id: claim(1) })).toBe(await requested(lookup, { id: claim(2) }));
    expect(await requested(lookup, { id: 'not an id' })).toBe(await requested(lookup, { id: claim(2) }));
    const page = 'query ($id: ID!, $n: Int!) { node(id: $id) { id } claims(first: $n) { totalCount } }';
    expect(await requested(page, { id: claim(1), n: 30 })).toBeGreaterThan(
      await requested(page, { id: claim(1), n: 3 }),
    );
  });
});

describe('a running server measures its lists on a worker thread', () => {
  it('has a price that needs the sizes wait for the first measurement instead of measuring on the request thread', async () => {
    const { watchListSizes, ListSizesPending } = await import('../src/graphql/list-sizes.ts');
    const s = createTestServer();
    const stop = watchListSizes(s.db, s.file);
    try {
      // The worker's message cannot arrive before this synchronous code has run.
      let pending: unknown;
      try {
        listSizesOf(s.db).get('Scope.claims');
      } catch (error) {
        pending = error;
      }
      expect(pending).toBeInstanceOf(ListSizesPending);
      // A request meanwhile is answered once the sizes are known, with the price they give.
      const answer = s.query('{ claimStats { count } }');
      await (pending as InstanceType<typeof ListSizesPending>).measured;
      expect(listSizesOf(s.db).get('Scope.claims')).toBe(
        s.db.$client.prepare('select count(*) from claims').pluck().get(),
      );
      expect((await answer).data.claimStats.count).toBeGreaterThan(0);
    } finally {
      await stop();
      s.close();
    }
  });

  it('prices by what another connection wrote, without a request measuring', async () => {
    const { startServer } = await import('../src/server/http.ts');
    const { readConfig } = await import('../src/config.ts');
    const seeded = createTestServer();
    const running = await startServer({
      db: seeded.db,
      port: 0,
      host: '127.0.0.1',
      config: readConfig({ NODE_ENV: 'production', CLAIMGRAPH_MAX_COST: '1', CLAIMGRAPH_RATE_LIMIT: '0' }),
      listSizesIntervalMs: 20,
    });
    const price = async () => {
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ claimStats { byClaimant { count } } }' }),
      });
      return ((await response.json()).errors?.[0]?.extensions?.cost as { actual: number }).actual;
    };
    const other = new Database(seeded.file);
    try {
      const before = await price();
      other.exec(`insert into actors (name, kind) values ('Uruguay', 'STATE')`);
      // The request path would measure again only after a minute; the worker sees the commit at once.
      const deadline = performance.now() + 10_000;
      let after = before;
      while (after === before && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await price();
      }
      expect(after).toBe(before + 1);
    } finally {
      other.close();
      await running.close();
      seeded.close();
    }
  });
});
