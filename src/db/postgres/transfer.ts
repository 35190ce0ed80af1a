import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import * as sqliteSchema from '../schema.ts';
import type { PostgresDb } from './client.ts';
import * as postgresSchema from './schema.ts';

/**
 * Whole databases copied between the engines, row for row and id for id, through the two table
 * definitions (held identical by test/postgres-schema.test.ts). The importer and exporter on
 * PostgreSQL work on a SQLite copy (src/db/postgres/staging.ts); tests fill PostgreSQL this way.
 */

/** Every table, parents before children; claim_figures (worked out from the others) last. */
export const tableKeys = [
  'actors',
  'actorAliases',
  'officials',
  'officialAliases',
  'roles',
  'regions',
  'articles',
  'articleCitedSources',
  'claims',
  'claimSubjects',
  'claimRegions',
  'claimJointClaimants',
  'claimHops',
  'claimRelations',
  'territoryChanges',
  'quantities',
  'claimFigures',
] as const;

/** A PostgreSQL database or an open transaction on one. */
export type PostgresSession = Pick<PostgresDb, 'execute' | 'insert'>;

/** Rows per statement: PostgreSQL takes at most 65,535 parameters, the widest table has 17 columns. */
const batchSize = 1000;

/**
 * Copies every row of `sqlite` into `postgres`, whose tables must be empty. References are checked
 * at commit (the migrations make every foreign key deferrable), so rows go in id order whatever
 * points at what. Each identity then goes on after the largest id, as if the rows had been inserted here.
 */
export async function copyIntoPostgres(sqlite: Db, postgres: PostgresSession) {
  await postgres.execute(sql`set constraints all deferred`);
  for (const key of tableKeys) {
    const source = sqliteSchema[key] as SQLiteTable;
    const target = postgresSchema[key] as PgTable;
    // Paged by rowid, which every SQLite table here has: memory stays flat at any size.
    const page = sqlite.$client.prepare(
      `select rowid as "__rowid", * from "${getTableName(source)}" where rowid > ? order by rowid limit ?`,
    );
    const decode = decoderOf(source);
    for (let after = 0; ;) {
      const raw = page.all(after, batchSize) as Record<string, unknown>[];
      if (raw.length === 0) break;
      await postgres.insert(target).values(raw.map(decode) as never);
      after = raw.at(-1)!.__rowid as number;
    }
  }
  for (const key of tableKeys) {
    const table = getTableName(postgresSchema[key]);
    if ('id' in postgresSchema[key])
      await postgres.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 0) + 1 from "${table}"), false)`,
        ),
      );
  }
}

/**
 * Copies every row of `postgres` (a transaction, so that all tables come from one snapshot) into
 * `sqlite`, whose tables must be empty, in one SQLite transaction with references checked at its
 * commit. claim_figures is left out: SQLite works it out itself (keepClaimFigures).
 */
export async function copyIntoSqlite(postgres: PostgresSession, sqlite: Db) {
  const client = sqlite.$client;
  client.exec('begin immediate');
  try {
    client.pragma('defer_foreign_keys = on');
    for (const key of tableKeys) {
      if (key === 'claimFigures') continue;
      const source = postgresSchema[key] as PgTable;
      const target = sqliteSchema[key] as SQLiteTable;
      const cursor = sql.identifier(`claimgraph_copy_${key}`);
      await postgres.execute(sql`declare ${cursor} no scroll cursor for select * from ${source}`);
      const decode = decoderOf(source);
      for (;;) {
        const { rows } = await postgres.execute(sql`fetch ${sql.raw(String(batchSize))} from ${cursor}`);
        if (rows.length === 0) break;
        sqlite
          .insert(target)
          .values(rows.map(decode) as never)
          .run();
      }
      await postgres.execute(sql`close ${cursor}`);
    }
    client.exec('commit');
  } catch (error) {
    if (client.inTransaction) client.exec('rollback');
    throw error;
  }
}

/** A raw row (columns by their SQL names, as the driver gives them) as the table's typed row. */
function decoderOf(table: SQLiteTable | PgTable) {
  const columns = Object.entries(getTableColumns(table));
  return (raw: Record<string, unknown>) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row;
  };
}
