import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { defaultMmapMb } from '../config.ts';
import { reusePreparedStatements } from './prepared-statement-cache.ts';
import { cacheRelationalQueries } from './relational-query-cache.ts';
import { relations } from './relations.ts';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));
// Beside SQLite's, from a module as deep, so the path holds in dist/cli's bundle too (scripts/build-dist.mjs).
export const postgresMigrationsFolder = fileURLToPath(new URL('../../migrations-postgres', import.meta.url));

export interface OpenOptions {
  /** Sees every SQL statement drizzle runs (tests count them). */
  logger?: Logger;
  /** Milliseconds a statement waits for another connection's write lock. */
  busyTimeoutMs?: number;
  /** Megabytes of the file read through a memory map (SQLite caps it at 2 GiB); 0 reads pages by copying. */
  mmapMb?: number;
}

/**
 * How a claimgraph connection reads pages (the bench's other targets read the same way). 64 MiB of
 * page cache, where SQLite's default is 2 MiB: an aggregate over one province of a million claims
 * reads tens of thousands of index pages, and re-reading them from the OS each time is most of its
 * cost. Then `mmapMb` of the file mapped: mapped pages are read in place from the OS's file cache,
 * with no copy into the page cache and nothing of one aggregate's pages evicted by the next; at a
 * million claims, aggregates taking turns ran 1.2-1.5x faster (BENCHMARKS.md, "Reading the file
 * through a memory map").
 */
export function readPagesFast(sqlite: Database.Database, mmapMb = defaultMmapMb) {
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma(`mmap_size = ${mmapMb * 2 ** 20}`);
}

const statementLoggers = new WeakMap<Database.Database, Logger>();

/** The logger a connection was opened with, shown the statements run on it without drizzle too. */
export const statementLogger = (db: Db): Logger | undefined => statementLoggers.get(db.$client);

export function openDatabase(file: string, options: OpenOptions = {}) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  readPagesFast(sqlite, options.mmapMb);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  busyTimeouts.set(sqlite, busyTimeoutMs);
  reusePreparedStatements(sqlite);
  if (options.logger) statementLoggers.set(sqlite, options.logger);
  // jit: drizzle compiles its row mappers instead of interpreting the selection per row (about 8% off a nested page).
  const db = drizzle({ client: sqlite, relations, logger: options.logger, jit: true });
  cacheRelationalQueries(db);
  migrateWithoutForeignKeys(sqlite, () => migrate(db, { migrationsFolder }));
  // Query-planner statistics (ANALYZE) for tables that lack or outgrew them, as SQLite advises on open.
  // Without them a filter on region and kind walks claims_kind over every claim of the kind instead
  // of the region's few entries. A no-op when nothing changed; an unanalyzed file pays once (about 1 s per million claims).
  refreshPlannerStatistics(sqlite);
  return db;
}

/**
 * `pragma optimize`, unless another connection holds the write lock (a long import): then the
 * statistics wait for the next start instead of this one waiting out the busy timeout and failing.
 */
function refreshPlannerStatistics(sqlite: Database.Database) {
  try {
    withoutBusyWait(sqlite, () => sqlite.pragma('optimize = 0x10002'));
  } catch (error) {
    if (!isDatabaseBusy(error)) throw error;
  }
}

/** Runs `work` with SQLite's busy wait off: a write lock another connection holds fails it at once, never blocking the thread. */
function withoutBusyWait<R>(sqlite: Database.Database, work: () => R): R {
  sqlite.pragma('busy_timeout = 0');
  try {
    return work();
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeouts.get(sqlite) ?? 5000}`);
  }
}

/**
 * Runs the migrations with foreign keys off, as SQLite prescribes for rebuilding a table (a DROP
 * TABLE under enforced keys would delete or refuse the rows that point at it), then, when one was
 * applied, checks every reference before turning enforcement on for good. With nothing applied the
 * keys were enforced on every write, and the check (1.4 s at a million claims) is skipped.
 */
function migrateWithoutForeignKeys(sqlite: Database.Database, run: () => void) {
  sqlite.pragma('foreign_keys = OFF');
  const before = appliedMigrations(sqlite);
  run();
  if (appliedMigrations(sqlite) !== before) {
    const broken = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
    if (broken.length > 0)
      throw new Error(
        `the migrated database has ${broken.length} broken references, first from ${broken[0]!.table} to ${broken[0]!.parent}`,
      );
  }
  sqlite.pragma('foreign_keys = ON');
}

const appliedMigrations = (sqlite: Database.Database) =>
  sqlite.prepare(`select name from sqlite_master where name = '__drizzle_migrations'`).get()
    ? (sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get() as number)
    : 0;

export type Db = ReturnType<typeof openDatabase>;

const busyTimeouts = new WeakMap<Database.Database, number>();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in a write transaction begun IMMEDIATE, so the write lock is taken first: a deferred
 * transaction that reads and then writes must upgrade its lock, which SQLite refuses at once
 * (SQLITE_BUSY, busy timeout unused) while another connection writes. While another connection
 * (an import, a second server process) holds the lock, this waits for it without blocking the
 * event loop: SQLite's own busy wait would freeze every other request of the process meanwhile.
 * Past the connection's busy timeout it throws SQLITE_BUSY (see isDatabaseBusy); nothing was written.
 * `work` runs synchronously once the lock is held, so no other request's statements interleave.
 */
export async function writeTransaction<R>(sqlite: Database.Database, work: () => R): Promise<R> {
  const timeoutMs = busyTimeouts.get(sqlite) ?? 5000;
  const deadline = performance.now() + timeoutMs;
  // SQLite's own busy handler backs off in steps like these.
  for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
    try {
      withoutBusyWait(sqlite, () => sqlite.exec('begin immediate'));
      break;
    } catch (error) {
      const left = deadline - performance.now();
      if (!isDatabaseBusy(error) || left <= 0) throw error;
      await pause(Math.min(wait, left));
    }
  }
  try {
    const result = work();
    sqlite.exec('commit');
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    throw error;
  }
}

/**
 * Another connection (a second server process, a CLI import) held the write lock for longer than
 * the busy timeout. Nothing was written; the same write can be retried once that one finishes.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'))
  );
}

export function closeDatabase(db: Db) {
  const sqlite = db.$client;
  if (!sqlite.open) return;
  // Folds the WAL back into the main file so the database is whole without its -wal companion.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}
