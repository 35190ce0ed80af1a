import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { postgresMigrationsFolder } from '../client.ts';
import { relations } from './relations.ts';

/** Any number of claimgraph processes may start at once; this lock lets one migrate while the others wait. */
const migrationLock = 0x636c6169; // "clai"

export interface PostgresOptions {
  /** Sees every SQL statement drizzle runs (tests count them). */
  logger?: Logger;
  /** Connections the pool keeps at most. */
  poolSize?: number;
  /** Reported, not thrown: an idle connection the server dropped (a restart, a failover). */
  onIdleError?: (error: Error) => void;
  /** A streaming replica to read from (DATABASE_READ_URL): checked to be one, and never migrated (the primary is). */
  replica?: boolean;
}

/**
 * A bad DATABASE_URL, an unreachable server or a database claimgraph cannot migrate: `message`
 * is one line for the person who configured it, with the URL's password masked.
 */
export class PostgresConfigError extends Error {
  override name = 'PostgresConfigError';
}

/** Connects, checks the server answers, and applies the migrations not yet applied. */
export async function openPostgres(url: string, options: PostgresOptions = {}) {
  const variable = options.replica ? 'DATABASE_READ_URL' : 'DATABASE_URL';
  if (!isPostgresUrl(url))
    throw new PostgresConfigError(`${variable} is not a PostgreSQL URL: postgres://user:password@host:port/database`);
  const where = describeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    application_name: 'claimgraph',
    // The aggregates' correlated subqueries estimate costs in the millions, which sets PostgreSQL
    // compiling them (JIT): a second of compiling for a query that runs in tens of milliseconds.
    options: '-c jit=off',
  });
  // An idle client's error is emitted on the pool; unhandled, it would end the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    const { rows } = await pool.query<{ version: string; standby: boolean }>(
      `select current_setting('server_version_num') as version, pg_is_in_recovery() as standby`,
    );
    if (Number(rows[0]!.version) < 150000)
      throw new PostgresConfigError(`${where} runs PostgreSQL older than 15, which claimgraph does not support`);
    if (options.replica && !rows[0]!.standby)
      throw new PostgresConfigError(
        `DATABASE_READ_URL ${where} is not a replica: it accepts writes (pg_is_in_recovery() is false); point it at a streaming replica of DATABASE_URL, or leave it unset`,
      );
    if (!options.replica && rows[0]!.standby)
      throw new PostgresConfigError(
        `DATABASE_URL ${where} is a read-only replica; DATABASE_URL names the primary (a replica goes in DATABASE_READ_URL)`,
      );
  } catch (error) {
    await pool.end();
    throw explain(error, where, 'cannot connect to');
  }
  const db = drizzle({ client: pool, relations, logger: options.logger });
  if (options.replica) return db;
  try {
    await withMigrationLock(pool, () => migrate(db, { migrationsFolder: postgresMigrationsFolder }));
  } catch (error) {
    await pool.end();
    throw explain(error, where, 'cannot apply the migrations to');
  }
  return db;
}

// count(*) and sum() answer bigint or numeric, which the driver gives as strings to keep their
// precision; claimgraph's counts, ids and sums stay far below 2^53, and SQLite gives them as
// numbers. Set for the process: drizzle's sessions read the driver's global parsers, not a pool's.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

export type PostgresDb = Awaited<ReturnType<typeof openPostgres>>;

export async function closePostgres(db: PostgresDb) {
  await db.$client.end();
}

async function withMigrationLock<R>(pool: pg.Pool, work: () => Promise<R>): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLock]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [migrationLock]);
    }
  } finally {
    client.release();
  }
}

export function isPostgresUrl(url: string) {
  return URL.canParse(url) && ['postgres:', 'postgresql:'].includes(new URL(url).protocol);
}

/** `postgres://user@host:port/database`, the password left out. */
function describeUrl(url: string) {
  const { username, hostname, port, pathname } = new URL(url);
  return `postgres://${username ? `${decodeURIComponent(username)}@` : ''}${hostname}${port ? `:${port}` : ''}${pathname}`;
}

// Socket errors in the words of the mistake; the server's own messages ('password authentication
// failed for user "x"', 'database "x" does not exist') are already one clear line.
const socketReasons: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there (connection refused)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  ETIMEDOUT: 'the server did not answer in time',
  EHOSTUNREACH: 'the host is unreachable',
};
const insufficientPrivilege = '42501';

function explain(error: unknown, where: string, doing: string): Error {
  if (error instanceof PostgresConfigError) return error;
  // drizzle wraps the driver's error (its SQLSTATE in `cause`).
  const root = (error as { cause?: unknown }).cause ?? error;
  const code = (root as { code?: string }).code ?? '';
  const message = firstLine(root instanceof Error ? root.message : String(root));
  if (message.includes('timeout expired'))
    return new PostgresConfigError(`${doing} ${where}: ${socketReasons.ETIMEDOUT}`);
  const reason =
    socketReasons[code] ??
    (code === insufficientPrivilege ? `${message} (run claimgraph once as the database's owner)` : message);
  return new PostgresConfigError(`${doing} ${where}: ${reason}`);
}

const firstLine = (text: string) => text.split('\n')[0]!.replace(/:\/\/[^@/\s]*@/g, '://***@');
