import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { actors } from '../src/db/schema.ts';
import { keyed } from '../src/db/query-shape.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { readConfig } from '../src/config.ts';
import { createTestServer, holdWriteLock } from './helpers.ts';

describe('prepared statements are reused', () => {
  const server = createTestServer();
  afterAll(() => server.close());
  const db = server.db;
  const sqlite = db.$client;
  const text = 'select id, name from actors order by id limit 2';

  it('hands out the same statement for the same SQL, back in row mode after drizzle used it raw', () => {
    const first = sqlite.prepare(text);
    expect(first.raw().all()).toEqual([
      [1, expect.any(String)],
      [2, expect.any(String)],
    ]);
    const again = sqlite.prepare(text);
    expect(again).toBe(first);
    expect(again.all()[0]).toEqual({ id: 1, name: expect.any(String) });
    // drizzle's own raw-mode path (a select with fields) and its row-mode path share a statement safely.
    expect(db.select({ id: actors.id }).from(actors).orderBy(actors.id).get()).toEqual({ id: 1 });
    expect(db.select({ id: actors.id }).from(actors).orderBy(actors.id).all()[0]).toEqual({ id: 1 });
  });

  it('prepares a fresh statement while the cached one is still iterating', () => {
    const seen: unknown[] = [];
    for (const row of sqlite.prepare(text).iterate()) {
      seen.push(row, sqlite.prepare(text).get());
    }
    expect(seen).toHaveLength(4);
    expect(seen[1]).toEqual(seen[0]);
  });
});

describe('relational queries are prepared once per config', () => {
  // No answers kept, so that a request sent again runs its queries again.
  const server = createTestServer(undefined, { config: readConfig({ CLAIMGRAPH_RESPONSE_CACHE_MB: '0' }) });
  afterAll(() => server.close());
  const db = server.db;
  // drizzle prepares a statement each time it builds a relational query (its tables aliased d0,
  // d1, ...), and only then; the server prepares statements of its own on every request.
  let builds = 0;
  const prepare = db.$client.prepare.bind(db.$client);
  db.$client.prepare = ((source: string) => {
    if (source.includes(' as "d0"')) builds++;
    return prepare(source);
  }) as typeof prepare;
  const buildsDuring = async (run: () => Promise<unknown>) => {
    const before = builds;
    const result = await run();
    return { builds: builds - before, result };
  };
  const named = (prefix: string) => keyed((a: typeof actors) => sql`${a.name} like ${`${prefix}%`}`, 'named', prefix);
  const namesOf = (rows: unknown) => (rows as { name: string }[]).map((row) => row.name);

  it('runs the same config again without building it, on the current rows', async () => {
    const page = () => db.query.actors.findMany({ where: { RAW: named('U') }, orderBy: { id: 'asc' }, limit: 5 });
    const first = await buildsDuring(page);
    expect(first.builds).toBe(1);
    db.$client.exec(`insert into actors (name, kind) values ('Uruguay', 'STATE')`);
    const again = await buildsDuring(page);
    expect(again.builds).toBe(0);
    expect(namesOf(again.result)).toEqual([...namesOf(first.result), 'Uruguay']);
  });

  it('builds anew for other values, and for what it cannot tell apart', async () => {
    const ukraine = await buildsDuring(() => db.query.actors.findMany({ where: { RAW: named('Ukr') } }));
    const russia = await buildsDuring(() => db.query.actors.findMany({ where: { RAW: named('Rus') } }));
    expect([ukraine.builds, russia.builds]).toEqual([1, 1]);
    expect(namesOf(ukraine.result).every((name) => name.startsWith('Ukr'))).toBe(true);
    expect(namesOf(russia.result).every((name) => name.startsWith('Rus'))).toBe(true);
    expect(namesOf(russia.result)).not.toEqual(namesOf(ukraine.result));

    // An unmarked function could close over anything; an SQL chunk is not compared.
    const unmarked = () => db.query.actors.findMany({ where: { RAW: (a) => sql`${a.name} like 'Ukr%'` } });
    const chunk = () => db.query.actors.findMany({ where: { RAW: sql`1` }, limit: 1 });
    for (const query of [unmarked, unmarked, chunk, chunk]) expect((await buildsDuring(query)).builds).toBe(1);
  });

  it('runs the next page, and another node, on the statement prepared for the first', async () => {
    type Page = { claims: { pageInfo: { endCursor: string }; edges: { node: { id: string; statement: string } }[] } };
    const page = (after: string | null) =>
      buildsDuring(() =>
        server.query(
          `query ($after: String) {
            claims(first: 2, after: $after) { pageInfo { endCursor } edges { node { id statement } } }
          }`,
          { after },
        ),
      );
    const cursor = (result: unknown) => (result as { data: Page }).data.claims.pageInfo.endCursor;
    const first = await page(null);
    const second = await page(cursor(first.result));
    expect(second.builds).toBeGreaterThan(0);
    const third = await page(cursor(second.result));
    expect(third.builds).toBe(0);
    const ids = (result: unknown) => (result as { data: Page }).data.claims.edges.map(({ node }) => node.id);
    const all = await server.query(`{ claims(first: 6) { edges { node { id statement } } } }`);
    expect([...ids(first.result), ...ids(second.result), ...ids(third.result)]).toEqual(ids(all));

    const node = (id: string) =>
      buildsDuring(() => server.query(`query ($id: ID!) { node(id: $id) { id ... on Claim { statement } } }`, { id }));
    const [a, b] = ids(all) as [string, string];
    expect((await node(a)).builds).toBeGreaterThan(0);
    const other = await node(b);
    expect(other.builds).toBe(0);
    const { statement } = (all as { data: Page }).data.claims.edges[1]!.node;
    expect(other.result).toEqual({ data: { node: { id: b, statement } } });
  });

  it('runs a page under another filter of the same shape on the statement prepared for the first', async () => {
    type Page = { claims: { edges: { node: { kind: string } }[] } };
    const page = (kinds: string[]) =>
      buildsDuring(() =>
        server.query(
          `query ($kinds: [ClaimKind!]) { claims(first: 50, filter: { kinds: $kinds }) { edges { node { kind } } } }`,
          { kinds },
        ),
      );
    const kindsOf = (result: unknown) => (result as { data: Page }).data.claims.edges.map(({ node }) => node.kind);
    const casualties = await page(['CASUALTIES']);
    expect(casualties.builds).toBeGreaterThan(0);
    const territory = await page(['TERRITORY']);
    expect(territory.builds).toBe(0);
    expect(new Set(kindsOf(casualties.result))).toEqual(new Set(['CASUALTIES']));
    expect(new Set(kindsOf(territory.result))).toEqual(new Set(['TERRITORY']));
    // Two kinds make another statement (one more value to bind), with the claims of both.
    const both = await page(['CASUALTIES', 'TERRITORY']);
    expect(both.builds).toBeGreaterThan(0);
    expect(new Set(kindsOf(both.result))).toEqual(new Set(['CASUALTIES', 'TERRITORY']));
  });

  it('runs a filter on related rows with another value on the statement prepared for the first', async () => {
    // A region some claims are in, then another.
    const names = db.$client
      .prepare(
        'select name from regions order by (select count(*) from claims where claims.region_id = regions.id) desc, id limit 2',
      )
      .pluck()
      .all() as string[];
    expect(names).toHaveLength(2);
    const inRegion = (name: string) =>
      buildsDuring(() => db.query.claims.findMany({ columns: { id: true }, where: { region: { name } } }));
    const idsOf = (rows: unknown) => (rows as { id: number }[]).map((row) => row.id);
    const expected = (name: string) =>
      db.$client
        .prepare(
          'select claims.id from claims join regions on regions.id = claims.region_id where regions.name = ? order by claims.id',
        )
        .pluck()
        .all(name);
    const first = await inRegion(names[0]!);
    const second = await inRegion(names[1]!);
    expect([first.builds, second.builds]).toEqual([1, 0]);
    expect(idsOf(first.result).length).toBeGreaterThan(0);
    expect(idsOf(first.result).sort((a, b) => a - b)).toEqual(expected(names[0]!));
    expect(idsOf(second.result).sort((a, b) => a - b)).toEqual(expected(names[1]!));
  });

  it('keeps in the key a value that its column encodes before storing', async () => {
    // geometry is a JSON column: drizzle writes the text compared as JSON, which a placeholder would not.
    const outline = (text: string) =>
      buildsDuring(() => db.query.regions.findMany({ where: { geometry: { eq: text as never } } }));
    expect((await outline('a')).builds).toBe(1);
    expect((await outline('b')).builds).toBe(1);
    expect((await outline('b')).builds).toBe(0);
  });

  it('runs a page again whose nested connections count their rows, each filter with its own count', async () => {
    const page = (kind: string) =>
      buildsDuring(() =>
        server.query(
          `query ($kind: ClaimKind!) {
            actors(first: 20) { edges { node { claims(first: 1, filter: { kinds: [$kind] }) { totalCount } } } }
          }`,
          { kind },
        ),
      );
    type Page = { data: { actors: { edges: { node: { claims: { totalCount: number } } }[] } } };
    const totals = (result: unknown) => (result as Page).data.actors.edges.map(({ node }) => node.claims.totalCount);

    const casualties = await page('CASUALTIES');
    expect(casualties.builds).toBeGreaterThan(0);
    const again = await page('CASUALTIES');
    expect(again.builds).toBe(0);
    expect(again.result).toEqual(casualties.result);

    const territory = await page('TERRITORY');
    expect(territory.builds).toBeGreaterThan(0);
    const [ofCasualties, ofTerritory] = [totals(casualties.result), totals(territory.result)];
    expect(ofCasualties.length).toBeGreaterThan(0);
    expect(ofTerritory).not.toEqual(ofCasualties);
    expect((await page('TERRITORY')).builds).toBe(0);
  });
});

describe('opening a file another process is writing', () => {
  it('opens at once, leaving the planner statistics for later, while an import holds the write lock', async () => {
    const server = createTestServer();
    try {
      // Statistics gone, so that `pragma optimize` has an ANALYZE to run, which needs the write lock.
      server.db.$client.exec('drop table sqlite_stat1');
      const { exited } = await holdWriteLock(server.file, 1000);
      const started = performance.now();
      const db = openDatabase(server.file, { busyTimeoutMs: 200 });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(db.$client.prepare('select count(*) from claims').pluck().get()).toBeGreaterThan(0);
      closeDatabase(db);
      await exited;
    } finally {
      server.close();
    }
  });
});
