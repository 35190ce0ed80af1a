import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** Where `scripts/postgres.sh start` puts its cluster: `npm test` finds it there with nothing set. */
const laptopUrl = 'postgres://postgres:postgres@127.0.0.1:54329/claimgraph';

/**
 * Finds the PostgreSQL the suite runs its PostgreSQL tests on: CLAIMGRAPH_TEST_POSTGRES_URL, or the
 * laptop cluster when it answers. With none, those tests are skipped, unless
 * CLAIMGRAPH_REQUIRE_POSTGRES=1 (CI) makes that a failure.
 */
export default async function setup(project: TestProject) {
  const url = process.env.CLAIMGRAPH_TEST_POSTGRES_URL || laptopUrl;
  const reachable = await answers(url);
  if (!reachable && process.env.CLAIMGRAPH_REQUIRE_POSTGRES === '1')
    throw new Error(`CLAIMGRAPH_REQUIRE_POSTGRES=1 but no PostgreSQL answers at ${url}`);
  console.log(
    reachable
      ? `PostgreSQL tests run on ${url.replace(/:[^:@/]*@/, ':***@')}`
      : 'PostgreSQL tests skipped: none answers (start one with scripts/postgres.sh start)',
  );
  project.provide('postgresUrl', reachable ? url : '');
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
  }
}
