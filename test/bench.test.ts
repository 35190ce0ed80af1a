import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonical, judge } from '../bench/compare.ts';
import { buildBenchDatabase } from '../bench/data/generate.ts';
import { chooseParameters, queryMix, variablesOf } from '../bench/queries.ts';
import { LoadProcess } from '../bench/processes.ts';
import { allQueryIds, runBench } from '../bench/runner.ts';
import { targetNames } from '../bench/targets/index.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { exportRecords } from '../src/dataset/export.ts';
import { importDataset } from '../src/dataset/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'claimgraph-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The smallest database every query of the mix reads something real from: the page of 100 claims
 * after the middle one (query b) is full and has a next page. Officials, actors and regions come
 * in their full numbers at any size.
 */
const tiny = join(dir, 'tiny.db');
const tinyClaims = 250;
beforeAll(() => {
  buildBenchDatabase(tiny, { claims: tinyClaims, seed: 1 });
});

/** Every record of a database, in the dataset format, as `claimgraph export` writes them. */
function exported(file: string) {
  const db = openDatabase(file);
  try {
    return [...exportRecords(db.$client)];
  } finally {
    closeDatabase(db);
  }
}

/** Every row of every table (the search index included), in rowid order: two databases with the same dump hold the same data. */
function dump(file: string) {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite
      .prepare(
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
         and name not like 'search_index_%' and name not like '%drizzle%' order by name`,
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`select * from "${t}" order by rowid`).all()]));
  } finally {
    sqlite.close();
  }
}

describe('bench data', () => {
  it('builds through the real schema with the proportions the issue asks for, the same for the same seed', () => {
    const first = buildBenchDatabase(join(dir, 'a.db'), { claims: 800, seed: 7 });
    const again = buildBenchDatabase(join(dir, 'b.db'), { claims: 800, seed: 7 });
    const other = buildBenchDatabase(join(dir, 'c.db'), { claims: 800, seed: 8 });
    expect(first.rowsByTable).toEqual(again.rowsByTable);
    expect(dump(join(dir, 'a.db'))).toEqual(dump(join(dir, 'b.db')));
    expect(dump(join(dir, 'a.db'))).not.toEqual(dump(join(dir, 'c.db')));
    expect(other.rowsByTable.claims).toBe(800);

    const rows = first.rowsByTable;
    expect(rows.claims).toBe(800);
    expect(rows.articles! * 8).toBeGreaterThan(800 * 0.8); // about one article per 8 claims
    expect(rows.articles! * 8).toBeLessThan(800 * 1.25);
    expect(rows.actors! + rows.officials!).toBeGreaterThan(300); // a few hundred
    expect(rows.roles).toBeGreaterThan(rows.officials!);
    expect(rows.regions).toBeGreaterThan(2000); // a few thousand, in a hierarchy
    expect(rows.claim_subjects! / 800).toBeGreaterThanOrEqual(1); // 1-3 subjects each
    expect(rows.claim_subjects! / 800).toBeLessThanOrEqual(3);
    expect(rows.territory_changes).toBeGreaterThan(0);

    const sqlite = new Database(join(dir, 'a.db'), { readonly: true });
    // The full-text index, filled after the rows, holds every searchable row, and its triggers are back.
    const searchable = ['articles', 'claims', 'officials', 'actors', 'regions'];
    const count = (sql: string) => sqlite.prepare(sql).pluck().get() as number;
    expect(count('select count(*) from search_index')).toBe(
      searchable.reduce((n, table) => n + count(`select count(*) from ${table}`), 0),
    );
    expect(count("select count(*) from sqlite_master where type = 'trigger' and name like '%_search_%'")).toBe(15);
    const perClaim = sqlite
      .prepare(
        `select min(n) as least, max(n) as most from (
           select (select count(*) from quantities where claim_id = claims.id) as n from claims)`,
      )
      .get();
    const subjects = sqlite
      .prepare(
        'select min(n) as least, max(n) as most from (select count(*) as n from claim_subjects group by claim_id)',
      )
      .get();
    const depth = sqlite
      .prepare(
        `select count(*) from regions s join regions d on d.id = s.parent_id join regions p on p.id = d.parent_id
         join regions c on c.id = p.parent_id where s.kind = 'SETTLEMENT' and c.kind = 'COUNTRY'`,
      )
      .pluck()
      .get();
    const years = sqlite.prepare('select min(published_at) as first, max(published_at) as last from articles').get();
    // Search finds text: the statements are sentences, and the FTS triggers indexed them.
    const indexed = sqlite
      .prepare("select count(*) from search_index where search_index match 'forces' and rowid % 8 = 2")
      .pluck()
      .get();
    sqlite.close();
    expect(perClaim).toEqual({ least: 0, most: 3 });
    expect(subjects).toEqual({ least: 1, most: 3 });
    expect(depth).toBeGreaterThan(1000);
    expect((years as { first: string }).first.slice(0, 4)).toBe('2022');
    expect(indexed).toBe(800);
  });
});

describe('generated data', () => {
  it('obeys the rules of data entered through the API: exported and imported into a fresh database, nothing is rejected and the export is the same', () => {
    const records = exported(tiny);
    const fresh = join(dir, 'reimported.db');
    const db = openDatabase(fresh);
    let summary;
    try {
      summary = importDataset(db, { format: 'claimgraph-dataset', version: 1, records }, { continueOnError: true });
    } finally {
      closeDatabase(db);
    }
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ committed: true, rejected: 0, records: records.length, inserted: records.length });
    expect(exported(fresh)).toEqual(records);
  });
});

describe('comparing answers', () => {
  const reference = { claims: { edges: [{ node: { id: 'Q2xhaW06MQ==', score: 1.23456789012345 } }] } };

  it('accepts the same data in any key order and with doubles printed to 15 digits', () => {
    const body = JSON.stringify({
      data: { claims: { edges: [{ node: { score: 1.23456789012346, id: 'Q2xhaW06MQ==' } }] } },
    });
    expect(judge(reference, body, 200)).toEqual({ ok: true });
    expect(canonical({ b: 1, a: [2, { d: 3, c: 4 }] })).toEqual({ a: [2, { c: 4, d: 3 }], b: 1 });
  });

  it('rejects a different value, a missing item, errors, and a failed response', () => {
    const wrongId = JSON.stringify({ data: { claims: { edges: [{ node: { id: 'x', score: 1.23456789012345 } }] } } });
    expect(judge(reference, wrongId, 200)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('edges[0].node.id'),
    });
    expect(judge(reference, JSON.stringify({ data: { claims: { edges: [] } } }), 200).ok).toBe(false);
    const withErrors = JSON.stringify({ data: reference, errors: [{ message: 'boom' }] });
    expect(judge(reference, withErrors, 200)).toMatchObject({ ok: false, problem: expect.stringContaining('boom') });
    expect(judge(reference, JSON.stringify({ data: reference }), 500).ok).toBe(false);
    expect(judge(reference, 'Internal Server Error', 500).ok).toBe(false);
  });
});

describe('the harness on a tiny database', () => {
  it('runs every target on every query, each answering exactly as the floor does', { timeout: 240_000 }, async () => {
    const database = tiny;
    const lines: string[] = [];
    const results = await runBench(
      {
        database,
        claims: tinyClaims,
        seed: 1,
        targets: targetNames,
        queries: allQueryIds,
        connections: 2,
        duration: 1,
        warmup: 0,
        amount: 10,
        rounds: 1,
        pinning: { serverCpu: 0, loadCpu: 1 },
        startupRuns: 1,
        verifyOnly: false,
        latencyQueries: ['e'],
      },
      (line) => lines.push(line),
    );

    // Every query was checked against the floor for every target that answers the mix (a mismatch throws).
    const mixTargets = targetNames.filter((t) => t !== 'ceiling');
    expect(Object.keys(results.verification).sort()).toEqual([...allQueryIds, 'hello'].sort());
    for (const query of queryMix(chooseParameters(database))) {
      expect(Object.keys(results.verification[query.id]!).sort()).toEqual([...mixTargets].sort());
    }
    expect(lines).toContain(
      `bench: every target answered every query as the floor did (${allQueryIds.length} queries, ${mixTargets.length} targets)`,
    );
    // Each measurement ran its requests, every answer byte-identical to the verified one.
    // (plus the one-connection latency pass over query e)
    expect(results.runs).toHaveLength(allQueryIds.length * mixTargets.length + 1 + mixTargets.length);
    expect(Object.keys(results.latency.e!).sort()).toEqual([...mixTargets].sort());
    for (const run of results.runs) {
      expect(run.requests).toBeGreaterThanOrEqual(10);
      expect(run.non2xx + run.errors + run.mismatches).toBe(0);
    }
    // Statement counts come from the counter: claimgraph's do not grow with the page, the naive server's do.
    const claimgraph = results.statementsByPageSize.claimgraph!;
    expect(claimgraph[10]).toBe(claimgraph[100]);
    expect(results.statementsByPageSize.naive![100]).toBeGreaterThan(results.statementsByPageSize.naive![10]!);
    expect(results.verification['d-rare']!['floor-json']!.statements).toBe(1);
    expect(results.startup.npmStartMs).toHaveLength(1);
    expect(results.summary.a!.claimgraph!.rssMaxBytes).toBeGreaterThan(0);
    // Linux says how much of it is the process's own, file pages (the mapped database) left out.
    const own = results.summary.a!.claimgraph!.anonRssMaxBytes!;
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThanOrEqual(results.summary.a!.claimgraph!.rssMaxBytes);
  });
});

describe('the harness sending other variables in turn (--vary)', () => {
  it(
    'checks each answer under load against the verified answer to its own variables',
    { timeout: 60_000 },
    async () => {
      // A server that answers with the body it was sent: the second request's expected answer is wrong.
      const echo = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => response.end(body));
      });
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      const load = LoadProcess.start(null);
      try {
        const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`;
        const job = (second: string) => ({
          url,
          requests: [
            { body: '"first"', expectBody: '"first"' },
            { body: '"second"', expectBody: second },
          ],
          connections: 1,
          duration: 1,
          warmup: 0,
          amount: 20,
        });
        expect((await load.run(job('"second"'))).mismatches).toBe(0);
        const wrong = await load.run(job('"other"'));
        expect(wrong.mismatches).toBeGreaterThanOrEqual(9);
        expect(wrong.mismatches).toBeLessThan(wrong.requests);
      } finally {
        await load.stop();
        echo.close();
      }
    },
  );

  it(
    'sends the pages and node with other cursors and claims, each answering as the floor does',
    { timeout: 240_000 },
    async () => {
      const parameters = chooseParameters(tiny);
      const mix = queryMix(parameters);
      const sets = (id: string) =>
        variablesOf(
          mix.find((q) => q.id === id)!,
          parameters,
          3,
        );
      for (const id of ['a', 'b', 'e']) expect(new Set(sets(id).map((v) => JSON.stringify(v))).size).toBe(3);
      expect(sets('c')).toEqual([mix.find((q) => q.id === 'c')!.variables]);

      // Each set is checked against the floor's answer to it before the load, and every answer under load against that.
      const results = await runBench(
        {
          database: tiny,
          claims: tinyClaims,
          seed: 1,
          targets: ['claimgraph', 'floor'],
          queries: ['a', 'e'],
          connections: 2,
          duration: 1,
          warmup: 0,
          amount: 12,
          rounds: 1,
          pinning: null,
          startupRuns: 0,
          verifyOnly: false,
          latencyQueries: [],
          vary: 3,
        },
        () => {},
      );
      expect(results.runs).toHaveLength(4);
      for (const run of results.runs) {
        expect(run.requests).toBeGreaterThanOrEqual(12);
        expect(run.non2xx + run.errors + run.mismatches).toBe(0);
      }
    },
  );
});
