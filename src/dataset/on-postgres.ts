import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import { closeDatabase, type Db, openDatabase } from '../db/client.ts';
import type { PostgresDb } from '../db/postgres/client.ts';
import * as postgresSchema from '../db/postgres/schema.ts';
import { copyIntoPostgres, copyIntoSqlite, inTransaction, tableKeys } from '../db/postgres/transfer.ts';
import { keepClaimFigures } from '../store/claim-figures.ts';
import { claimNotices } from '../store/claim-notices.ts';
import type { ImportSummary } from './import-report.ts';
import { DatasetError, type ImportFileOptions, importFile } from './load.ts';
import { writeLock } from '../db/postgres/statements.ts';

/**
 * Import and export on PostgreSQL run the SQLite importer and exporter, unchanged, on a SQLite copy
 * of the database in a temp folder: every rule of the dataset format (validation, natural keys,
 * merging, the report, the formats written) has one implementation. What an import changed goes
 * back by replacing PostgreSQL's rows with the copy's, in one transaction; the cost is a copy of
 * the whole database each way (BENCHMARKS.md), paid by imports and exports only.
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
 * Imports a dataset file as into SQLite: merged by natural key with what is there (or replacing it
 * with `replace`). The database's rows are copied into SQLite, the file imported there, and the
 * result, when it changed anything, replaces the rows: all in one transaction that holds the import
 * lock, so a second import waits for the first and then starts from its result.
 */
export function importFileIntoPostgres(postgres: PostgresDb, file: string, options: ImportFileOptions = {}) {
  return withSqliteFile((sqlite) =>
    inTransaction(postgres, 'begin', async (session): Promise<ImportSummary> => {
      await session.db.execute(sql`select pg_advisory_xact_lock(${writeLock})`);
      if (!options.replace) await copyIntoSqlite(session, sqlite);
      keepClaimFigures(sqlite.$client);
      const lastClaim = () => sqlite.$client.prepare('select coalesce(max(id), 0) from claims').pluck().get() as number;
      const before = lastClaim();
      const summary = await importFile(sqlite, file, options);
      // The importer keeps the figures current as it writes (pauseClaimFigures): the copy's go back as they are.
      if (summary.committed && summary.inserted + summary.updated > 0) {
        const tables = tableKeys.map((key) => `"${getTableName(postgresSchema[key])}"`);
        await session.db.execute(sql.raw(`truncate ${[...tables, 'search_documents'].join(', ')}`));
        await copyIntoPostgres(sqlite, session);
        // SQLite gives a new row the id after the largest: the claims past `before` are the new ones.
        const claimIds = Array.from({ length: lastClaim() - before }, (_, i) => before + 1 + i);
        for (const notice of claimNotices({ created: true, claimIds })) await session.db.execute(notice);
      }
      return summary;
    }),
  );
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
