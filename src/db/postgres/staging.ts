import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { closeDatabase, type Db, openDatabase } from '../client.ts';
import { keepClaimFigures } from '../../store/claim-figures.ts';
import type { PostgresDb } from './client.ts';
import { copyIntoPostgres, copyIntoSqlite, inTransaction, tableKeys } from './transfer.ts';
import * as postgresSchema from './schema.ts';
import { getTableName } from 'drizzle-orm';

/**
 * Import and export on PostgreSQL run the SQLite importer and exporter, unchanged, on a SQLite copy
 * of the database in a temp folder: every rule of the dataset format (validation, natural keys,
 * merging, the report, the formats written) has one implementation. What an import changed goes
 * back by replacing PostgreSQL's rows with the copy's, in one transaction; the cost is a copy of
 * the whole database each way (BENCHMARKS.md), paid by imports and exports only.
 */

/** One import at a time per database, whichever server or command runs it. */
const importLock = 0x636c6932; // "cli2"

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
 * Runs `read` on a SQLite copy of the database as it was at one instant (a repeatable-read
 * snapshot, so a write committed meanwhile is either wholly in the copy or not at all).
 */
export function readThroughSqlite<R>(postgres: PostgresDb, read: (sqlite: Db) => Promise<R>): Promise<R> {
  return withSqliteFile(async (sqlite) => {
    await inTransaction(postgres, 'begin isolation level repeatable read read only', (session) =>
      copyIntoSqlite(session, sqlite),
    );
    keepClaimFigures(sqlite.$client);
    return read(sqlite);
  });
}

/**
 * Runs `write` on a SQLite copy of the database (an empty one when `fromEmpty`), and when it says
 * to keep what it did, replaces the database's rows with the copy's. All in one transaction that
 * holds the import lock: a second import waits for the first and then starts from its result.
 */
export function writeThroughSqlite<R>(
  postgres: PostgresDb,
  options: { fromEmpty: boolean },
  write: (sqlite: Db) => Promise<{ result: R; keep: boolean }>,
): Promise<R> {
  return withSqliteFile((sqlite) =>
    inTransaction(postgres, 'begin', async (session) => {
      await session.db.execute(sql`select pg_advisory_xact_lock(${importLock})`);
      if (!options.fromEmpty) await copyIntoSqlite(session, sqlite);
      keepClaimFigures(sqlite.$client);
      const { result, keep } = await write(sqlite);
      if (keep) {
        keepClaimFigures(sqlite.$client);
        const tables = tableKeys.map((key) => `"${getTableName(postgresSchema[key])}"`);
        await session.db.execute(sql.raw(`truncate ${[...tables, 'search_documents'].join(', ')}`));
        await copyIntoPostgres(sqlite, session);
      }
      return result;
    }),
  );
}
