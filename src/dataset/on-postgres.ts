import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import { closeDatabase, type Db, openDatabase } from '../db/client.ts';
import type { PostgresDb } from '../db/postgres/client.ts';
import * as postgresSchema from '../db/postgres/schema.ts';
import {
  continueIdentities,
  copyIntoPostgres,
  copyIntoSqlite,
  inTransaction,
  type PostgresSession,
  tableKeys,
} from '../db/postgres/transfer.ts';
import { runOnPostgres, writeLock } from '../db/postgres/statements.ts';
import { ImportSession } from './import.ts';
import { KeyIndex } from './key-index.ts';
import { readDatasetFile } from './read.ts';
import { keepClaimFigures, refillClaimFigures } from '../store/claim-figures.ts';
import { claimNotices } from '../store/claim-notices.ts';
import type { ImportSummary } from './import-report.ts';
import { DatasetError, type ImportFileOptions, importFile } from './load.ts';

/**
 * Import and export on PostgreSQL. An import into a database that holds rows runs the importer's
 * rules (src/dataset/import.ts) in place, so its cost follows the file, not the database, and
 * readers are never blocked; into an empty one it runs on a SQLite copy written back with COPY.
 * Exports run the SQLite exporters, unchanged, on a SQLite copy taken in one snapshot.
 */

async function withSqliteFile<R>(work: (sqlite: Db) => Promise<R>): Promise<R> {
  const folder = mkdtempSync(join(tmpdir(), 'claimgraph-staging-'));
  const sqlite = openDatabase(join(folder, 'staging.db'), { mmapMb: 0 });
  try {
    return await work(sqlite);
  } finally {
    closeDatabase(sqlite);
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Imports a dataset file in place, by the same rules and statements as into SQLite
 * (src/dataset/import.ts): one transaction that holds the write lock (a second import, or a
 * mutation from any server, waits for it), each record in a savepoint of its own so that a refused
 * row undoes that record only. Readers go on reading what was there until the commit. The file's
 * keys are kept in a SQLite file of their own, so memory stays flat however large the file.
 */
export async function importFileIntoPostgres(
  postgres: PostgresDb,
  file: string,
  options: ImportFileOptions = {},
): Promise<ImportSummary> {
  if (options.replace || (await isPostgresEmpty(postgres))) return importThroughCopy(postgres, file, options);
  const scratch = new Database('');
  const keys = new KeyIndex(scratch);
  try {
    const session = new ImportSession(
      { keys, refuses: (error) => error instanceof pg.DatabaseError, savepoints: true },
      options,
    );
    const committed = await inTransaction(postgres, 'begin', async ({ db, client }) => {
      await client.query('select pg_advisory_xact_lock($1)', [writeLock]);
      for await (const items of readDatasetFile(file, { format: options.format, progress: options.progress })) {
        await runOnPostgres(client, session.feed(items));
        await options.onChunk?.(session);
      }
      if (!session.shouldCommit()) throw new RolledBack();
      await afterImport({ db, client }, session);
      return true;
    }).catch((error: unknown) => {
      if (error instanceof RolledBack) return false;
      throw error;
    });
    return session.summary(committed);
  } finally {
    keys.drop();
    scratch.close();
  }
}

/** Ids as one parameter, an array literal (drizzle would make each element a parameter of its own). */
const arrayLiteral = (ids: number[]) => `{${ids.join(',')}}`;

/** Every table an import through COPY writes: the dataset's and the search documents their triggers keep. */
const copiedTables = [...tableKeys.map((key) => getTableName(postgresSchema[key])), 'search_documents']
  .map((table) => `"${table}"`)
  .join(', ');

/**
 * Into an empty database (or replacing everything) the importer runs on a SQLite copy and the
 * result goes back with COPY: nothing is there to copy in, and COPY writes faster than rows one at
 * a time (BENCHMARKS.md). Same rules: the SQLite importer; one transaction holding the write lock.
 */
async function importThroughCopy(postgres: PostgresDb, file: string, options: ImportFileOptions) {
  const summary = await copyImported(postgres, file, options);
  if (wroteRows(summary)) await vacuumCopiedTables(postgres);
  return summary;
}

function wroteRows(summary: ImportSummary) {
  return summary.committed && summary.inserted + summary.updated > 0;
}

/**
 * Rows just copied in are not yet marked visible to all, so until autovacuum reaches them every
 * read checks each row's transaction and index-only scans read the table too: at 1M claims the deep
 * page took 1,163 ms, and 67 ms after a VACUUM of 3.6 s (BENCHMARKS.md). VACUUM cannot run inside a
 * transaction, so it follows the commit; a reader meanwhile sees the same rows, only slower.
 */
async function vacuumCopiedTables(postgres: PostgresDb) {
  await postgres.execute(sql.raw(`vacuum (analyze) ${copiedTables}`)).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `the import was committed, but the VACUUM after it failed (autovacuum will do it later): ${reason}`;
    throw new Error(message, { cause: error });
  });
}

function copyImported(postgres: PostgresDb, file: string, options: ImportFileOptions) {
  return withSqliteFile((sqlite) =>
    inTransaction(postgres, 'begin', async (session): Promise<ImportSummary> => {
      await session.db.execute(sql`select pg_advisory_xact_lock(${writeLock})`);
      if (!options.replace) await copyIntoSqlite(session, sqlite);
      keepClaimFigures(sqlite.$client);
      const lastClaim = () => sqlite.$client.prepare('select coalesce(max(id), 0) from claims').pluck().get() as number;
      const before = lastClaim();
      const summary = await importFile(sqlite, file, options);
      // The importer keeps the figures current as it writes (pauseClaimFigures): the copy's go back as they are.
      if (wroteRows(summary)) {
        await session.db.execute(sql.raw(`truncate ${copiedTables}`));
        await copyIntoPostgres(sqlite, session);
        // SQLite gives a new row the id after the largest: the claims past `before` are the new ones.
        const claimIds = Array.from({ length: lastClaim() - before }, (_, i) => before + 1 + i);
        for (const notice of claimNotices({ created: true, claimIds })) await session.db.execute(notice);
      }
      return summary;
    }),
  );
}

/** Thrown to roll an import back that found problems (inTransaction commits what returns). */
class RolledBack extends Error {}

/**
 * What an import leaves to its end: the figures of the claims it wrote (and of the claims of the
 * articles it changed) worked out afresh, identities moved past the ids it wrote, and its new
 * claims announced to subscriptions on every server once it commits.
 */
async function afterImport({ db }: PostgresSession, session: ImportSession) {
  const { insertedClaims, updatedClaims, updatedArticles } = session;
  const claims = [...insertedClaims, ...updatedClaims];
  if (claims.length > 0 || updatedArticles.length > 0) {
    const written = sql`(select unnest(cast(${arrayLiteral(claims)} as integer[])) union
      select id from claims where article_id = any(cast(${arrayLiteral(updatedArticles)} as integer[])))`;
    // The refill's self-join of a claim's figures is estimated at one row (its `is not distinct
    // from` conditions), so PostgreSQL plans its anti-join as a nested loop: 20,000 claims took
    // 76 s that way, against a hash join's fraction of a second.
    await db.execute(sql`set local enable_nestloop = off`);
    for (const statement of refillClaimFigures(written, true)) await db.execute(statement);
    await db.execute(sql`set local enable_nestloop = on`);
  }
  await continueIdentities(db);
  for (const notice of claimNotices({ created: true, claimIds: insertedClaims })) await db.execute(notice);
}

/** Like importFileIntoPostgres, for a file that must be valid whole (as loadDatasetFile). */
export async function loadFileIntoPostgres(postgres: PostgresDb, file: string, options: ImportFileOptions = {}) {
  const summary = await importFileIntoPostgres(postgres, file, options);
  if (!summary.committed) throw new DatasetError(summary);
  return summary;
}

/**
 * Runs an export (any of them: the dataset, CSV, GeoJSON, ClaimReview) on a SQLite copy of the
 * database as it was at one instant (a repeatable-read snapshot: a write committed meanwhile is
 * wholly in the copy or not at all).
 */
export function exportFromPostgres<R>(postgres: PostgresDb, write: (sqlite: Db) => Promise<R>): Promise<R> {
  return withSqliteFile(async (sqlite) => {
    await inTransaction(postgres, 'begin isolation level repeatable read read only', (session) =>
      copyIntoSqlite(session, sqlite),
    );
    keepClaimFigures(sqlite.$client);
    return write(sqlite);
  });
}

/** Whether the database holds no actor and no article (a new one, to fill with the example dataset). */
export async function isPostgresEmpty(postgres: PostgresDb) {
  const { rows } = await postgres.execute<{ empty: boolean }>(
    sql`select not exists (select 1 from actors) and not exists (select 1 from articles) as empty`,
  );
  return rows[0]!.empty;
}
