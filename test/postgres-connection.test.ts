import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMigrationsFolder } from '../src/db/client.ts';
import { closePostgres, openPostgres, PostgresConfigError } from '../src/db/postgres/client.ts';
import { freshPostgresDatabase, postgresUrl } from './postgres.ts';

/** A bad DATABASE_URL, an unreachable server or a database claimgraph cannot migrate: one clear line each. */

async function refusal(url: string) {
  const error = await openPostgres(url).then(
    () => null,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(PostgresConfigError);
  return (error as Error).message;
}

/** A loopback port nothing listens on (taken, then given back). */
async function closedPort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a DATABASE_URL that leads nowhere', () => {
  it('is not a PostgreSQL URL', async () => {
    expect(await refusal('mysql://root@localhost/claims')).toBe(
      'DATABASE_URL is not a PostgreSQL URL: postgres://user:password@host:port/database',
    );
    expect(await refusal('claims.db')).toContain('not a PostgreSQL URL');
  });

  it('names a port nothing listens on', async () => {
    const port = await closedPort();
    expect(await refusal(`postgres://claims:secret@127.0.0.1:${port}/claims`)).toBe(
      `cannot connect to postgres://claims@127.0.0.1:${port}/claims: nothing listens there (connection refused)`,
    );
  });

  it('names a host that does not resolve', async () => {
    expect(await refusal('postgres://claims@no-such-host.invalid/claims')).toBe(
      'cannot connect to postgres://claims@no-such-host.invalid/claims: the host name does not resolve',
    );
  });
});

describe.skipIf(!postgresUrl)('a real PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    database = await freshPostgresDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('refuses a wrong password, and the message never shows the password', async () => {
    const url = new URL(database.url);
    url.password = 'not-the-password';
    const message = await refusal(url.toString());
    expect(message).toBe(
      `cannot connect to postgres://${url.username}@${url.host}${url.pathname}: password authentication failed for user "${url.username}"`,
    );
    expect(message).not.toContain('not-the-password');
  });

  it('names a database that does not exist', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_database';
    expect(await refusal(url.toString())).toContain('database "no_such_database" does not exist');
  });

  it('says so when the user may not create the tables, and creates none', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`drop role if exists claimgraph_reader; create role claimgraph_reader login password 'reader'`);
    try {
      const url = new URL(database.url);
      url.username = 'claimgraph_reader';
      url.password = 'reader';
      const message = await refusal(url.toString());
      expect(message).toMatch(/^cannot apply the migrations to postgres:\/\/claimgraph_reader@.*: permission denied/);
      expect(message).toContain("run claimgraph once as the database's owner");
      const tables = await admin.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await admin.query('drop owned by claimgraph_reader; drop role claimgraph_reader');
      await admin.end();
    }
  });

  it('migrates once when several servers start together, and again changes nothing', async () => {
    const opened = await Promise.all([1, 2, 3].map(() => openPostgres(database.url)));
    const applied = await opened[0]!.execute('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0]).toEqual({ n: readdirSync(postgresMigrationsFolder).length });
    await Promise.all(opened.map(closePostgres));
    const again = await openPostgres(database.url);
    const tables = await again.execute(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
    // The 17 tables of src/db/postgres/tables, the search index's search_documents and row_counts.
    expect(tables.rows[0]).toEqual({ n: 19 });
    await closePostgres(again);
  });
});
