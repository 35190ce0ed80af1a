import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'drizzle-orm';
import type { Config } from '../src/config.ts';
import { closeDatabase, type Db, openDatabase } from '../src/db/client.ts';
import { readFileSync } from 'node:fs';
import type { DatasetInput } from '../src/dataset/format.ts';
import { exampleDatasetFile, loadDataset } from '../src/dataset/load.ts';
import type { Logger as RequestLogger } from '../src/server/logging.ts';
import { type ClaimgraphOptions, createClaimgraph } from '../src/server/yoga.ts';
import { closePostgres, openPostgres } from '../src/db/postgres/client.ts';
import { copyRows, freshPostgresDatabase } from './postgres.ts';
import { keepClaimFigures } from '../src/store/claim-figures.ts';

/** Counts the SQL statements drizzle sends, so tests can prove a request's statement count. */
export class StatementCounter implements Logger {
  statements: string[] = [];
  /** The values bound to each statement, in step with `statements`. */
  params: unknown[][] = [];
  /** Called as each statement is sent: lets a test act at a known point of a request (advance a fake clock). */
  onStatement: ((query: string) => void) | undefined;
  logQuery(query: string, params: unknown[]) {
    this.statements.push(query);
    this.params.push(params);
    this.onStatement?.(query);
  }
  reset() {
    this.statements = [];
    this.params = [];
  }
  get count() {
    return this.statements.length;
  }
}

export interface TestServer {
  db: Db;
  statements: StatementCounter;
  file: string;
  /** Runs a GraphQL operation through the real Yoga server; returns the parsed JSON body. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] }>;
  /** Like query, with the write token (or the headers given instead). */
  mutate<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] }>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Runs SQL text on the database the server runs on (SQLite's file, or PostgreSQL's in that run). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): void;
}

/** The write token test servers accept (mutations send it with `mutate`). */
export const testWriteToken = 'test-write-token-0123456789';

/**
 * Which engine the test servers run on: SQLite, or PostgreSQL in the suite's second run (the
 * `postgres` project of test/vitest.config.ts).
 */
export const testEngine = process.env.CLAIMGRAPH_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A real server on a fresh SQLite file built by the real migrations, loaded with a dataset (the
 * example one by default), with the development defaults unless a config (readConfig) is given.
 * In the PostgreSQL run the server runs on a fresh PostgreSQL database holding the same rows (`db`
 * is then the SQLite file they were loaded into, as they were before the first request).
 */
export function createTestServer(
  dataset: DatasetInput | null = exampleDataset(),
  options: { config?: Config; logger?: RequestLogger; plugins?: ClaimgraphOptions['plugins'] } = {},
): TestServer {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-test-'));
  const file = join(dir, 'test.db');
  const statements = new StatementCounter();
  const db = openDatabase(file, { logger: testEngine === 'sqlite' ? statements : undefined });
  if (dataset) loadDataset(db, dataset);
  statements.reset();
  const onSqlite = testEngine === 'sqlite' && {
    yoga: createClaimgraph({ db, writeToken: testWriteToken, ...options }),
    rows: async (sql: string) => {
      const statement = db.$client.prepare(sql);
      return statement.reader ? statement.all() : (statement.run(), []);
    },
    close: async () => {},
  };
  // PostgreSQL's copy is made at the first request: a server closed before one never needs it.
  let serving: ReturnType<typeof onPostgres> | undefined;
  const served = () => (onSqlite ? Promise.resolve(onSqlite) : (serving ??= onPostgres(db, statements, options)));
  const fetch = async (path: string, init?: RequestInit) =>
    (await served()).yoga.fetch(new Request(`http://claimgraph.test${path}`, init));
  return {
    db,
    statements,
    file,
    fetch,
    rows: async <T>(sql: string) => (await (await served()).rows(sql)) as T[],
    async query(query, variables) {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    async mutate(query, variables, headers = { authorization: `Bearer ${testWriteToken}` }) {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    close() {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
      void serving?.then(({ close }) => close()).catch(() => {});
    },
  };
}

/** The SQLite database's rows in a fresh PostgreSQL database, and a server on it. */
async function onPostgres(sqlite: Db, statements: StatementCounter, options: Partial<ClaimgraphOptions>) {
  const database = await freshPostgresDatabase({ migrated: true });
  const postgres = await openPostgres(database.url, { logger: statements, poolSize: 2 });
  // The figures a SQLite server works out on start, which PostgreSQL's importer copies in.
  keepClaimFigures(sqlite.$client);
  await copyRows(sqlite, postgres);
  const yoga = createClaimgraph({ db: postgres, writeToken: testWriteToken, ...options });
  // The sizes the cost limit prices lists by, which SQLite measures at once and PostgreSQL on the first request.
  await yoga.fetch(new Request('http://claimgraph.test/graphql?query={claims(first:1){totalCount}}'));
  statements.reset();
  return {
    yoga,
    rows: async (sql: string) => (await postgres.$client.query(sql)).rows,
    close: async () => {
      await closePostgres(postgres);
      await database.drop();
    },
  };
}

/** The example dataset, as the JSON object in its file. */
export const exampleDataset = (): DatasetInput => JSON.parse(readFileSync(exampleDatasetFile, 'utf8'));

/** The data of a response that must have succeeded. */
export async function data<T = any>(pending: ReturnType<TestServer['query']>): Promise<T> {
  const body = await pending;
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

export const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

/** Another process takes the write lock of `file` and keeps it for `ms`; resolves once it holds it, with its exit. */
export async function holdWriteLock(file: string, ms: number): Promise<{ exited: Promise<unknown> }> {
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('begin immediate');
       console.log('locked'); setTimeout(() => { db.exec('commit'); db.close(); }, ${ms});`,
      file,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  await new Promise((resolve) => holder.stdout!.once('data', resolve));
  return { exited };
}

/** SQLite's query plan (each step's detail) for the statement the server sent at `index`, with its values bound. */
export function statementPlan(server: TestServer, index: number): string[] {
  const { statements, params } = server.statements;
  if (!statements[index]) throw new Error(`no statement ${index} among the ${statements.length} sent`);
  const plan = server.db.$client
    .prepare(`explain query plan ${statements[index]}`)
    .all(...(params[index] as unknown[])) as { detail: string }[];
  return plan.map((step) => step.detail);
}
