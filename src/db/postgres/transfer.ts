import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { getTableName, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import { columnsOf, driverValues, rowDecoder } from '../rows.ts';
import * as sqliteSchema from '../schema.ts';
import type { PostgresDb } from './client.ts';
import * as postgresSchema from './schema.ts';

/**
 * Whole databases copied between the engines, row for row and id for id, through the two table
 * definitions (held identical by test/postgres-schema.test.ts). The importer and exporter on
 * PostgreSQL work on a SQLite copy (src/dataset/on-postgres.ts); tests fill PostgreSQL this way.
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

/** One connection of a PostgreSQL database in a transaction: drizzle over it, and the driver's client for COPY. */
export interface PostgresSession {
  db: Pick<PostgresDb, 'execute'>;
  client: pg.PoolClient;
}

/** Runs `work` in a transaction on one connection (`begin` says which kind), committed when it returns. */
export async function inTransaction<R>(
  postgres: PostgresDb,
  begin: string,
  work: (session: PostgresSession) => Promise<R>,
): Promise<R> {
  const client = await postgres.$client.connect();
  try {
    await client.query(begin);
    const result = await work({ db: drizzle({ client }), client });
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Rows per page read from SQLite, and per FETCH from PostgreSQL. */
const batchSize = 5000;

/** A value in COPY's text format: \N for null, t/f, and backslash, tab and line breaks escaped. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  // A json column's driver value is the object itself (the driver serialises it for a query).
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/**
 * Copies every row of `sqlite` into the session's database, whose tables must be empty, with COPY
 * (multi-row INSERTs managed 14,000 rows/s, BENCHMARKS.md). References are checked at commit (the
 * migrations make every foreign key deferrable), so rows go in id order whatever points at what.
 * Each identity then goes on after the largest id, as if the rows had been inserted here.
 */
export async function copyIntoPostgres(sqlite: Db, { db, client }: PostgresSession) {
  await db.execute(sql`set constraints all deferred`);
  for (const key of tableKeys) {
    const source = sqliteSchema[key] as SQLiteTable;
    const target = postgresSchema[key] as PgTable;
    // A generated column (claim_figures.kind) PostgreSQL works out itself.
    const columns = columnsOf(target).filter(([, column]) => !column.generated);
    const decode = rowDecoder(source);
    // Paged by rowid, which every SQLite table here has: memory stays flat at any size.
    const page = sqlite.$client.prepare(
      `select rowid as "__rowid", * from "${getTableName(source)}" where rowid > ? order by rowid limit ?`,
    );
    const copy = client.query(
      copyFrom(`copy "${getTableName(target)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) from stdin`),
    );
    const done = finished(copy);
    try {
      for (let after = 0; ;) {
        const raw = page.all(after, batchSize) as Record<string, unknown>[];
        if (raw.length === 0) break;
        let text = '';
        for (const row of raw.map(decode)) text += `${driverValues(columns, row).map(copyText).join('\t')}\n`;
        if (!copy.write(text)) await once(copy, 'drain');
        after = raw.at(-1)!.__rowid as number;
      }
    } finally {
      copy.end();
      await done;
    }
  }
  await continueIdentities(db);
}

/** Each identity goes on after its table's largest id (rows were written with ids of their own). */
export async function continueIdentities(db: PostgresSession['db']) {
  for (const key of tableKeys) {
    const table = getTableName(postgresSchema[key]);
    if ('id' in postgresSchema[key])
      await db.execute(
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
export async function copyIntoSqlite({ db: postgres }: PostgresSession, sqlite: Db) {
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
      const decode = rowDecoder(source);
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
