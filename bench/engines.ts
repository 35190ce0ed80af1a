/**
 * claimgraph on SQLite and on PostgreSQL, side by side, on the same data:
 *   npm run bench:engines -- ./data/bench/claims-100000-seed-1.db postgres://postgres:postgres@127.0.0.1:54329/claimgraph [runs] [import-claims]
 * - Loading: the bench database copied into a new PostgreSQL database (claimgraph_bench_<claims>,
 *   replaced if present), as an import writes back its result: rows/s and claims/s.
 * - Queries: the HTTP bench's mix (page, deep page, stats, common and rare search, node) through the
 *   real Yoga server in process (no HTTP), the two engines taking turns, `runs` times each: p50 and
 *   p90 in ms. Every answer is checked to be the same on both (search: the same hits, each engine
 *   ranking them its own way).
 * - Import: a synthetic file of `import-claims` claims through `claimgraph import`'s code path into
 *   a new SQLite file and into a new PostgreSQL database: claims/s.
 * A benchmark, not a test: it asserts nothing but that both engines answer alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readConfig } from '../src/config.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import type { AnyDb } from '../src/db/engine.ts';
import { closePostgres, openPostgres } from '../src/db/postgres/client.ts';
import { copyIntoPostgres, inTransaction } from '../src/db/postgres/transfer.ts';
import { importFile } from '../src/dataset/load.ts';
import { importFileIntoPostgres } from '../src/dataset/on-postgres.ts';
import { createClaimgraph } from '../src/server/yoga.ts';
import { chooseParameters, queryMix, requestBody } from './queries.ts';
import { writeSyntheticFile } from './synthetic-file.ts';

const [file, serverUrl, runsArg, importArg] = process.argv.slice(2);
if (!file || !serverUrl)
  throw new Error('usage: bench/engines.ts <bench database file> <postgres url> [runs] [import-claims]');
const runs = Number(runsArg ?? 30);
const importClaims = Number(importArg ?? 20_000);

async function freshDatabase(name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return openPostgres(url.toString());
}

const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en');
const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

const params = chooseParameters(file);
const sqlite = openDatabase(file, { mmapMb: readConfig().sqliteMmapMb });
console.log(`bench:engines: ${params.claims.toLocaleString('en')} claims from ${file}`);

// Loading
const postgres = await freshDatabase(`claimgraph_bench_${params.claims}`);
const rows = (
  sqlite.$client
    .prepare(
      `select (select count(*) from actors) + (select count(*) from officials) + (select count(*) from regions)
   + (select count(*) from articles) + (select count(*) from claims) + (select count(*) from quantities)
   + (select count(*) from claim_subjects) + (select count(*) from claim_figures) + (select count(*) from roles)
   + (select count(*) from territory_changes) as n`,
    )
    .get() as { n: number }
).n;
let started = performance.now();
await inTransaction(postgres, 'begin', (session) => copyIntoPostgres(sqlite, session));
// As the importer leaves a copied database (src/dataset/on-postgres.ts): vacuumed, so reads skip visibility checks.
await postgres.execute('vacuum (analyze)');
const loadMs = performance.now() - started;
console.log(
  `  copied into PostgreSQL in ${(loadMs / 1000).toFixed(1)} s: ${rate(params.claims, loadMs)} claims/s, ${rate(rows, loadMs)} rows/s (search index included)`,
);

// Queries
// As the HTTP bench configures claimgraph (bench/targets/claimgraph.ts): query (b) is heavier than
// the public cost limit allows, and the answer cache would time itself, not the engines.
const config = readConfig({
  NODE_ENV: 'production',
  CLAIMGRAPH_RATE_LIMIT: '1000000000',
  CLAIMGRAPH_MAX_COST: '1000000',
  CLAIMGRAPH_RESPONSE_CACHE_MB: '0',
});
const engines: [string, AnyDb][] = [
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
];
const servers = engines.map(([name, db]) => ({ name, yoga: createClaimgraph({ db, config }) }));

async function ask(yoga: (typeof servers)[number]['yoga'], body: string) {
  const begun = performance.now();
  const response = await yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (answer.errors) throw new Error(`errors: ${JSON.stringify(answer.errors)}`);
  return { ms: performance.now() - begun, answer };
}

/** What both engines must agree on: the whole answer, or for a search its count and the set of hits. */
function comparable(id: string, answer: { data?: unknown }) {
  if (!id.startsWith('d')) return JSON.stringify(answer);
  const search = (answer.data as { search: { totalCount: number; edges: { node: { id: string } }[] } }).search;
  return JSON.stringify([search.totalCount, search.edges.map((edge) => edge.node.id).sort()]);
}

console.log(`\n  query (p50 / p90 ms over ${runs} runs, turns taken)   SQLite           PostgreSQL`);
for (const query of queryMix(params)) {
  const body = requestBody(query);
  const answers = await Promise.all(
    servers.map(async ({ yoga }) => comparable(query.id, (await ask(yoga, body)).answer)),
  );
  if (answers[0] !== answers[1]) throw new Error(`${query.id}: the engines answer differently`);
  const times = servers.map(() => [] as number[]);
  for (let run = 0; run < runs; run++)
    for (const [i, { yoga }] of servers.entries()) times[i]!.push((await ask(yoga, body)).ms);
  const cells = times.map((list) => {
    const sorted = list.sort((a, b) => a - b);
    return `${p(sorted, 0.5).toFixed(1)} / ${p(sorted, 0.9).toFixed(1)}`.padEnd(17);
  });
  console.log(`  ${`${query.id}: ${query.description}`.slice(0, 52).padEnd(54)}${cells.join('')}`);
}

// Import
const folder = mkdtempSync(join(tmpdir(), 'claimgraph-bench-engines-'));
try {
  const dataset = join(folder, 'synthetic.ndjson');
  await writeSyntheticFile(dataset, importClaims);
  const target = openDatabase(join(folder, 'import.db'));
  started = performance.now();
  await importFile(target, dataset);
  const sqliteMs = performance.now() - started;
  closeDatabase(target);
  const into = await freshDatabase(`claimgraph_bench_import`);
  started = performance.now();
  const summary = await importFileIntoPostgres(into, dataset);
  const postgresMs = performance.now() - started;
  await closePostgres(into);
  if (!summary.committed) throw new Error('the import into PostgreSQL committed nothing');
  console.log(
    `\n  import of ${importClaims.toLocaleString('en')} synthetic claims into an empty database: SQLite ${rate(importClaims, sqliteMs)} claims/s, PostgreSQL ${rate(importClaims, postgresMs)} claims/s`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}

closeDatabase(sqlite);
await closePostgres(postgres);
