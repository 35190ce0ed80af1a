import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { PostgresDb } from '../db/postgres/client.ts';
import { readThroughSqlite, writeThroughSqlite } from '../db/postgres/staging.ts';
import type { ImportSummary } from './import-report.ts';
import { DatasetError, type ImportFileOptions, importFile } from './load.ts';

/**
 * The dataset importer and exporter on PostgreSQL: the SQLite ones, run on a SQLite copy of the
 * database (src/db/postgres/staging.ts), so both engines read and write files by the same rules.
 */

/** Imports a dataset file as into SQLite: merged with what is there (or replacing it with `replace`), in one transaction. */
export function importFileIntoPostgres(postgres: PostgresDb, file: string, options: ImportFileOptions = {}) {
  return writeThroughSqlite(postgres, { fromEmpty: options.replace ?? false }, async (sqlite) => {
    const summary: ImportSummary = await importFile(sqlite, file, options);
    return { result: summary, keep: summary.committed && summary.inserted + summary.updated > 0 };
  });
}

/** Like importFileIntoPostgres, for a file that must be valid whole (as loadDatasetFile). */
export async function loadFileIntoPostgres(postgres: PostgresDb, file: string, options: ImportFileOptions = {}) {
  const summary = await importFileIntoPostgres(postgres, file, options);
  if (!summary.committed) throw new DatasetError(summary);
  return summary;
}

/** Runs an export (any of them: the dataset, CSV, GeoJSON, ClaimReview) on one snapshot of the database. */
export const exportFromPostgres = <R>(postgres: PostgresDb, write: (sqlite: Db) => Promise<R>) =>
  readThroughSqlite(postgres, write);

/** Whether the database holds no actor and no article (a new one, to fill with the example dataset). */
export async function isPostgresEmpty(postgres: PostgresDb) {
  const { rows } = await postgres.execute<{ empty: boolean }>(
    sql`select not exists (select 1 from actors) and not exists (select 1 from articles) as empty`,
  );
  return rows[0]!.empty;
}
