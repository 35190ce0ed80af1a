import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import type { Db } from '../src/db/client.ts';
import type { PostgresDb } from '../src/db/postgres/client.ts';
import * as postgresSchema from '../src/db/postgres/schema.ts';
import * as sqliteSchema from '../src/db/schema.ts';
import { inject } from 'vitest';

/** The PostgreSQL server the suite may use ('' when none answers: see postgres-setup.ts). */
export const postgresUrl = inject('postgresUrl');

let created = 0;

/** A new empty database on the suite's server, dropped by `drop()`: every test file gets its own. */
export async function freshPostgresDatabase() {
  const name = `claimgraph_test_${process.pid}_${Date.now().toString(36)}_${created++}`;
  await administer(`create database "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => administer(`drop database if exists "${name}" with (force)`),
  };
}

async function administer(statement: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Tables in an order their references allow rows to be copied in. */
export const copyOrder = [
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

/**
 * Every row of a SQLite database into an empty PostgreSQL one through the two table definitions,
 * ids and all; then each identity goes on after the largest id, as an importer must leave it.
 */
export async function copyRows(sqlite: Db, postgres: PostgresDb) {
  for (const key of copyOrder) {
    const rows = sqlite
      .select()
      .from(sqliteSchema[key] as SQLiteTable)
      .all();
    if (rows.length > 0) await postgres.insert(postgresSchema[key] as PgTable).values(rows as never);
  }
  for (const key of copyOrder) {
    const table = getTableName(postgresSchema[key]);
    if ('id' in postgresSchema[key])
      await postgres.execute(
        `select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 0) + 1 from "${table}"), false)`,
      );
  }
}
