import { getTableName, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { closeDatabase, type Db, openDatabase, type OpenOptions } from './client.ts';
import { closePostgres, openPostgres, type PostgresDb } from './postgres/client.ts';

/**
 * The database a request reads: SQLite's (the default, in one file) or PostgreSQL's. SQL written
 * with drizzle's `sql` and the tables of src/db/schema.ts renders for either: tables and columns
 * are named alike on both (test/postgres-schema.test.ts).
 */
export type AnyDb = Db | PostgresDb;

export const isPostgres = (db: AnyDb): db is PostgresDb => !('$client' in db && 'prepare' in db.$client);

/** The rows a statement answers, on either engine. */
export async function allRows<T>(db: AnyDb, query: SQL): Promise<T[]> {
  return isPostgres(db) ? ((await db.execute(query)).rows as T[]) : db.all<T>(query);
}

/** The first row a statement answers, if any, on either engine. */
export async function firstRow<T>(db: AnyDb, query: SQL): Promise<T | undefined> {
  return isPostgres(db) ? ((await db.execute(query)).rows[0] as T | undefined) : db.get<T>(query);
}

/**
 * The relational query API (`db.query.claims.findMany(...)`), typed as SQLite's: PostgreSQL's is
 * built from the same relations (src/db/postgres/relations.ts) and takes the same configs.
 */
export const relationalQueries = (db: AnyDb) => db.query as Db['query'];

/**
 * How many rows of `table` meet `where` (all of them without one), on either engine. PostgreSQL
 * reads a whole table to count it, so there all of a table's rows come from the count its triggers
 * keep (migrations-postgres/*_row_counts), for the tables that keep one.
 */
export async function countRows(db: AnyDb, table: SQLiteTable, where?: SQL): Promise<number> {
  if (!isPostgres(db)) return db.$count(table, where);
  if (where === undefined) {
    const kept = await firstRow<{ rows: number }>(
      db,
      sql`select cast(row_count as integer) as rows from row_counts where table_name = ${getTableName(table)}`,
    );
    if (kept) return kept.rows;
  }
  return db.$count(table as never, where);
}

/**
 * Integers as a one-column table (`value`) to select from or join: SQLite's json_each over a JSON
 * array, PostgreSQL's unnest over an array; one bound parameter either way, however many ids.
 */
export const idList = (db: AnyDb, ids: readonly number[]): SQL =>
  isPostgres(db)
    ? sql`unnest(${`{${ids.join(',')}}`}::integer[]) as ids(value)`
    : sql`json_each(${JSON.stringify(ids)})`;

/** Where a database is, as logs and messages name it: the SQLite file, or the URL without its password. */
export const describeDatabase = (target: { url?: string; file: string }) =>
  target.url ? target.url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@') : target.file;

/** Opens PostgreSQL when a URL is given (DATABASE_URL), else the SQLite file; migrates either. */
export async function openAnyDatabase(
  target: { url?: string; file: string },
  options: OpenOptions = {},
): Promise<AnyDb> {
  return target.url ? openPostgres(target.url, { logger: options.logger }) : openDatabase(target.file, options);
}

export async function closeAnyDatabase(db: AnyDb) {
  if (isPostgres(db)) await closePostgres(db);
  else closeDatabase(db);
}
