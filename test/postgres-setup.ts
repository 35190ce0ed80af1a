import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { closePostgres, openPostgres } from '../src/db/postgres/client.ts';

/** Where `scripts/postgres.sh start` puts its cluster: `npm test` finds it there with nothing set. */
const laptopUrl = 'postgres://postgres:postgres@127.0.0.1:54329/claimgraph';

/** The PostgreSQL the suite runs on (CLAIMGRAPH_TEST_POSTGRES_URL, or the laptop cluster), if one answers. */
export async function findPostgres(): Promise<{ url: string; reachable: boolean }> {
  const url = process.env.CLAIMGRAPH_TEST_POSTGRES_URL || laptopUrl;
  const reachable = await answers(url);
  if (!reachable && process.env.CLAIMGRAPH_REQUIRE_POSTGRES === '1')
    throw new Error(`CLAIMGRAPH_REQUIRE_POSTGRES=1 but no PostgreSQL answers at ${url}`);
  return { url, reachable };
}

/**
 * Finds the PostgreSQL the suite runs its PostgreSQL tests on. With none, those tests are skipped,
 * unless CLAIMGRAPH_REQUIRE_POSTGRES=1 (CI) makes that a failure. With one, a migrated empty
 * database is made to copy each test server's database from (a copy of a template is much quicker
 * than migrating), dropped at the end with every test database left behind.
 */
export default async function setup(project: TestProject) {
  const { url, reachable } = await findPostgres();
  console.log(
    reachable
      ? `PostgreSQL tests run on ${url.replace(/:[^:@/]*@/, ':***@')} (${project.name || 'tests'})`
      : 'PostgreSQL tests skipped: none answers (start one with scripts/postgres.sh start)',
  );
  project.provide('postgresUrl', reachable ? url : '');
  if (!reachable) {
    project.provide('postgresTemplate', '');
    return;
  }
  const template = `claimgraph_test_template_${process.pid}_${(project.name || 'all').replace(/\W/g, '')}`;
  await administer(url, `drop database if exists "${template}" with (force)`);
  await administer(url, `create database "${template}"`);
  await closePostgres(await openPostgres(withDatabase(url, template)));
  project.provide('postgresTemplate', template);
  return async () => {
    await administer(url, `drop database if exists "${template}" with (force)`);
    // A test server's database is dropped as the server closes, which a worker may not wait for.
    const left = await administer(
      url,
      `select datname from pg_database d where datname like 'claimgraph\\_test\\_%'
         and datname not like 'claimgraph\\_test\\_template\\_%'
         and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)`,
    );
    for (const { datname } of left) await administer(url, `drop database if exists "${datname}"`).catch(() => {});
  };
}

export const withDatabase = (url: string, name: string) => {
  const named = new URL(url);
  named.pathname = `/${name}`;
  return named.toString();
};

export async function administer(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

async function answers(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    /** A migrated, empty database to create test databases from ('' without PostgreSQL). */
    postgresTemplate: string;
  }
}
