import { rmSync } from 'node:fs';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { pauseSearchIndexing } from '../src/db/search-indexing.ts';
import type { DatasetRecordInput } from '../src/dataset/format.ts';
import { importFile } from '../src/dataset/load.ts';
import { syntheticRecords } from './synthetic-file.ts';

/**
 * One measurement, in a process of its own so that its peak memory is its own:
 *   importer FILE DB   the real importer (read, parse, validate, match, write) on the file
 *   floor CLAIMS DB    the same rows inserted by hand-written prepared statements in one
 *                      transaction, search indexed afterwards as the importer does, prepared in
 *                      memory beforehand (not timed): the ceiling of what any importer could
 *                      reach on this schema and machine
 * Prints one JSON line: { seconds, rows, claims, maxRssMb, peakHeapMb }.
 */

const [mode, source, databaseFile] = process.argv.slice(2);
if (!mode || !source || !databaseFile) throw new Error('usage: import-run.ts importer|floor FILE|CLAIMS DB');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
const db = openDatabase(databaseFile);
const sqlite = db.$client;
const rowCount = () =>
  sqlite
    .prepare(
      `select (select count(*) from actors) + (select count(*) from officials) + (select count(*) from roles)
         + (select count(*) from regions) + (select count(*) from articles) + (select count(*) from claims)
         + (select count(*) from claim_subjects) + (select count(*) from quantities)`,
    )
    .pluck()
    .get() as number;

// The live JS heap, sampled once a second after a full collection (run with --expose-gc): what the
// importer holds on to, without the garbage V8 lets pile up between collections. Peak RSS counts
// that slack and SQLite's caches as well.
const gc = (globalThis as { gc?: () => void }).gc;
let peakHeap = 0;
const sampler = setInterval(() => {
  gc?.();
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 1000);

let seconds: number;
if (mode === 'importer') {
  const started = performance.now();
  const summary = await importFile(db, source);
  seconds = (performance.now() - started) / 1000;
  if (!summary.committed || summary.rejected > 0)
    throw new Error(`the import failed: ${JSON.stringify(summary.problems.slice(0, 5))}`);
} else {
  // Prepared as the database stores them (instants normalized), before the clock starts.
  const records = [...syntheticRecords(Number(source))].map((r) =>
    r.type === 'article' && r.publishedAt ? { ...r, publishedAt: new Date(r.publishedAt).toISOString() } : r,
  ) as DatasetRecordInput[];
  const ids = new Map<string, number>();
  const insert = {
    actor: sqlite.prepare(`insert into actors (name, kind, country, description, parent_id) values (?, ?, ?, ?, ?)`),
    official: sqlite.prepare(`insert into officials (name, description, anonymous) values (?, ?, ?)`),
    role: sqlite.prepare(`insert into roles (official_id, actor_id, title, since, until) values (?, ?, ?, ?, ?)`),
    region: sqlite.prepare(`insert into regions (name, kind, country, parent_id) values (?, ?, ?, ?)`),
    article: sqlite.prepare(
      `insert into articles (title, url, outlet_id, published_at, summary) values (?, ?, ?, ?, ?)`,
    ),
    claim: sqlite.prepare(
      `insert into claims (article_id, statement, kind, attribution, claimant_actor_id, claimant_official_id, region_id,
         period_start, period_end, period_text) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    subject: sqlite.prepare(`insert into claim_subjects (claim_id, actor_id) values (?, ?)`),
    quantity: sqlite.prepare(
      `insert into quantities (claim_id, metric, unit, best, low, high, approximate, phrase) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
  const id = (key: string | undefined) => (key === undefined ? null : ids.get(key)!);
  const started = performance.now();
  sqlite.transaction(() => {
    const indexing = pauseSearchIndexing(sqlite); // as the importer does
    for (const r of records) {
      let rowid: number | bigint;
      switch (r.type) {
        case 'actor':
          rowid = insert.actor.run(
            r.name,
            r.kind,
            r.country ?? null,
            r.description ?? null,
            id(r.parent),
          ).lastInsertRowid;
          break;
        case 'official':
          rowid = insert.official.run(r.name ?? null, r.description, r.name === undefined ? 1 : 0).lastInsertRowid;
          for (const role of r.roles ?? [])
            insert.role.run(rowid, id(role.actor), role.title, role.since ?? null, role.until ?? null);
          break;
        case 'region':
          rowid = insert.region.run(r.name, r.kind, r.country ?? null, id(r.parent)).lastInsertRowid;
          break;
        case 'article':
          rowid = insert.article.run(
            r.title,
            r.url ?? null,
            id(r.outlet),
            r.publishedAt ?? null,
            r.summary ?? null,
          ).lastInsertRowid;
          break;
        case 'claim': {
          const claimant = r.claimant;
          const byOfficial = claimant?.startsWith('official-');
          rowid = insert.claim.run(
            id(r.article),
            r.statement,
            r.kind,
            r.attribution,
            byOfficial ? null : id(claimant),
            byOfficial ? id(claimant) : null,
            id(r.region),
            r.period?.start ?? null,
            r.period?.end ?? null,
            r.period?.text ?? null,
          ).lastInsertRowid;
          for (const subject of r.subjects ?? []) insert.subject.run(rowid, id(subject));
          for (const q of r.quantities ?? [])
            insert.quantity.run(
              rowid,
              q.metric,
              q.unit ?? null,
              q.best ?? null,
              q.low ?? null,
              q.high ?? null,
              q.approximate ? 1 : 0,
              q.phrase ?? null,
            );
          break;
        }
        default:
          throw new Error(`the floor does not insert ${r.type} records`);
      }
      ids.set(r.key, Number(rowid));
    }
    indexing.resume();
  })();
  seconds = (performance.now() - started) / 1000;
}
clearInterval(sampler);
const rows = rowCount();
const claims = sqlite.prepare('select count(*) from claims').pluck().get() as number;
closeDatabase(db);
console.log(
  JSON.stringify({
    seconds,
    rows,
    claims,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeap / 2 ** 20,
  }),
);
