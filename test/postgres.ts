import { getTableName, sql } from 'drizzle-orm';
import { closeDatabase, type Db, openDatabase } from '../src/db/client.ts';
import * as postgresSchema from '../src/db/postgres/schema.ts';
import { rowDecoder } from '../src/db/rows.ts';
import * as sqliteSchema from '../src/db/schema.ts';
import { closePostgres, openPostgres, type PostgresDb } from '../src/db/postgres/client.ts';
import { loadDataset } from '../src/dataset/load.ts';
import { keepClaimFigures } from '../src/store/claim-figures.ts';
import { exampleDataset } from './helpers.ts';
import { copyIntoPostgres, inTransaction, tableKeys } from '../src/db/postgres/transfer.ts';
import { graphql } from 'graphql';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { schema } from '../src/graphql/schema.ts';
import { administer, withDatabase } from './postgres-setup.ts';

/** The PostgreSQL server the suite may use ('' when none answers: see postgres-setup.ts). */
export const postgresUrl = inject('postgresUrl');

let created = 0;

/**
 * A new empty database on the suite's server, dropped by `drop()`: every test file gets its own.
 * With `migrated`, a copy of the suite's migrated template, which is quicker than migrating it.
 */
export async function freshPostgresDatabase({ migrated = false } = {}) {
  const name = `claimgraph_test_${process.pid}_${Date.now().toString(36)}_${created++}`;
  await administer(
    postgresUrl,
    `create database "${name}"${migrated ? ` template "${inject('postgresTemplate')}"` : ''}`,
  );
  return {
    url: withDatabase(postgresUrl, name),
    drop: () => administer(postgresUrl, `drop database if exists "${name}" with (force)`).then(() => {}),
  };
}

/** Every row of a SQLite database into an empty PostgreSQL one, ids and all, as the importer copies them. */
export const copyRows = (sqlite: Db, postgres: PostgresDb) =>
  inTransaction(postgres, 'begin', (session) => copyIntoPostgres(sqlite, session));

/**
 * For one describe block: the example dataset (with what `more` adds; or the SQLite database
 * `dataset` opens) in a SQLite database, and the
 * same rows copied into a new PostgreSQL database (left empty with `copy: false`), both closed and
 * the PostgreSQL one dropped afterwards. The fields are set once the block's tests start.
 */
export function onBothEngines(options: { dataset?: () => Db; more?: (sqlite: Db) => void; copy?: boolean } = {}) {
  const engines = {} as { sqlite: Db; postgres: PostgresDb; url: string };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (options.dataset) engines.sqlite = options.dataset();
    else {
      engines.sqlite = openDatabase(':memory:');
      loadDataset(engines.sqlite, exampleDataset());
    }
    options.more?.(engines.sqlite);
    // As a server does on start: every claim's figures worked out, which the aggregates read.
    keepClaimFigures(engines.sqlite.$client);
    const database = await freshPostgresDatabase();
    drop = database.drop;
    engines.url = database.url;
    engines.postgres = await openPostgres(database.url);
    if (options.copy ?? true) await copyRows(engines.sqlite, engines.postgres);
  });
  afterAll(async () => {
    if (engines.sqlite) closeDatabase(engines.sqlite);
    if (engines.postgres) await closePostgres(engines.postgres);
    await drop?.();
  });
  return engines;
}

/** An operation run through the schema (no HTTP) on one engine's database: its answer, as JSON. */
export const runOn = async (db: Db | PostgresDb, source: string, variableValues?: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(await graphql({ schema, source, variableValues, contextValue: { db } })));

/** For onBothEngines' databases: an operation's answer on SQLite, once PostgreSQL has given the same. */
export const answerAlike =
  (engines: { sqlite: Db; postgres: PostgresDb }) => async (source: string, variables?: Record<string, unknown>) => {
    const onSqlite = await runOn(engines.sqlite, source, variables);
    expect(onSqlite.errors, source).toBeUndefined();
    expect(await runOn(engines.postgres, source, variables), source).toEqual(onSqlite);
    return onSqlite.data;
  };

/**
 * Every row of every table on both engines, decoded as the tables type them, in one order; and as
 * `row_counts`, the counts PostgreSQL keeps for root connections against SQLite's tables counted.
 */
export async function everyRow(sqlite: Db, postgres: PostgresDb) {
  const tables: Record<string, { sqlite: unknown[]; postgres: unknown[] }> = {};
  const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
  for (const key of tableKeys) {
    const name = getTableName(sqliteSchema[key]);
    const fromSqlite = sqlite.$client.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
    const fromPostgres = (await postgres.execute(sql.raw(`select * from "${name}"`))).rows;
    tables[name] = {
      sqlite: sorted(fromSqlite.map(rowDecoder(sqliteSchema[key]))),
      postgres: sorted(fromPostgres.map(rowDecoder(postgresSchema[key]))),
    };
  }
  const kept = await postgres.execute<{ table_name: string; row_count: string }>(
    sql`select table_name, row_count from row_counts order by table_name`,
  );
  tables.row_counts = {
    sqlite: kept.rows.map(({ table_name }) => [
      table_name,
      sqlite.$client.prepare(`select count(*) from "${table_name}"`).pluck().get(),
    ]),
    postgres: kept.rows.map(({ table_name, row_count }) => [table_name, Number(row_count)]),
  };
  return tables;
}
