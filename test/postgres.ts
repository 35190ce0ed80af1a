import pg from 'pg';
import type { Db } from '../src/db/client.ts';
import type { PostgresDb } from '../src/db/postgres/client.ts';
import { copyIntoPostgres } from '../src/db/postgres/transfer.ts';
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

/** Every row of a SQLite database into an empty PostgreSQL one, ids and all, as the importer copies them. */
export const copyRows = (sqlite: Db, postgres: PostgresDb) =>
  postgres.transaction((tx) => copyIntoPostgres(sqlite, tx));
