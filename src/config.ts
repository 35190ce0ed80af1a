/** Megabytes of the database file SQLite maps unless told otherwise: SQLite's own ceiling (2 GiB). */
export const defaultMmapMb = 2048;

/** Settings read from the environment, with the defaults a local user wants. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  // Production turns off what only a developer needs; everything below stays configurable.
  const production = env.NODE_ENV === 'production';
  return {
    port,
    host: env.HOST || undefined,
    databaseFile: env.CLAIMGRAPH_DB || './data/claimgraph.db',
    /** A PostgreSQL database (postgres://user:password@host:port/database) in place of the SQLite file. */
    databaseUrl: env.DATABASE_URL || undefined,
    /** A streaming replica of DATABASE_URL that serves the API's reads; imports and migrations go to DATABASE_URL. */
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    /** Megabytes of the database file SQLite reads through a memory map; 0 turns it off. */
    sqliteMmapMb: integer(env, 'CLAIMGRAPH_SQLITE_MMAP_MB', defaultMmapMb, 0),
    graphiql: flag(env, 'CLAIMGRAPH_GRAPHIQL', !production),
    /** Mutations need `Authorization: Bearer <this>`; unset or empty, writes are refused. */
    writeToken: env.CLAIMGRAPH_WRITE_TOKEN || undefined,
    /** Megabytes of query answers kept to serve again while the data is unchanged; 0 turns it off. */
    responseCacheMb: integer(env, 'CLAIMGRAPH_RESPONSE_CACHE_MB', 64, 0),
    /** Operations that ask for aggregates alone run compiled (src/server/compiled-aggregates.ts). */
    compiledAggregates: flag(env, 'CLAIMGRAPH_COMPILED_AGGREGATES', true),
    ...readProtectionConfig(env, production),
  };
}

export type Config = ReturnType<typeof readConfig>;

/** Requests per window and client in production unless CLAIMGRAPH_RATE_LIMIT says otherwise: 10 a second, sustained. */
export const productionRateLimit = 600;

/** Limits and protections of the public endpoint (see the README's "Running in production"). */
function readProtectionConfig(env: NodeJS.ProcessEnv, production: boolean) {
  const int = (name: string, fallback: number, min = 1) => integer(env, name, fallback, min);
  const rateLimitBy = env.CLAIMGRAPH_RATE_LIMIT_BY || 'address';
  if (rateLimitBy !== 'address' && rateLimitBy !== 'token')
    throw new Error(`CLAIMGRAPH_RATE_LIMIT_BY must be "address" or "token", got "${rateLimitBy}"`);
  // A public deployment is protected as shipped; 0 turns the limit off.
  const requests = int('CLAIMGRAPH_RATE_LIMIT', production ? productionRateLimit : 0, 0);
  return {
    production,
    /** Stack traces of unexpected errors in responses: only when NODE_ENV=development says so. */
    exposeErrors: env.NODE_ENV === 'development',
    introspection: flag(env, 'CLAIMGRAPH_INTROSPECTION', true),
    logLevel: env.CLAIMGRAPH_LOG_LEVEL || 'info',
    busyTimeoutMs: int('CLAIMGRAPH_BUSY_TIMEOUT_MS', 5_000, 0),
    limits: {
      depth: int('CLAIMGRAPH_MAX_DEPTH', 12),
      aliases: int('CLAIMGRAPH_MAX_ALIASES', 15, 0),
      tokens: int('CLAIMGRAPH_MAX_TOKENS', 1_000),
      directives: int('CLAIMGRAPH_MAX_DIRECTIVES', 8, 0),
      fields: int('CLAIMGRAPH_MAX_FIELDS', 200),
      cost: int('CLAIMGRAPH_MAX_COST', 50_000),
      bodyBytes: int('CLAIMGRAPH_MAX_BODY_BYTES', 100_000),
      executionMs: int('CLAIMGRAPH_EXECUTION_TIMEOUT_MS', 5_000),
    },
    http: {
      headersTimeoutMs: int('CLAIMGRAPH_HEADERS_TIMEOUT_MS', 10_000),
      requestTimeoutMs: int('CLAIMGRAPH_HTTP_REQUEST_TIMEOUT_MS', 30_000),
    },
    /** Origins allowed to read responses in a browser: `*`, a list, or none (same origin only). */
    corsOrigins: list(env.CLAIMGRAPH_CORS_ORIGINS ?? (production ? '' : '*')),
    rateLimit: requests
      ? { requests, windowSeconds: int('CLAIMGRAPH_RATE_LIMIT_WINDOW_S', 60), by: rateLimitBy as 'address' | 'token' }
      : null,
    /** Whether X-Forwarded-For (its last address, the one the proxy added) names the client. */
    trustProxy: flag(env, 'CLAIMGRAPH_TRUST_PROXY', false),
    /** A JSON file mapping document ids to documents; when set, only those documents run. */
    trustedDocumentsFile: env.CLAIMGRAPH_TRUSTED_DOCUMENTS || null,
  };
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min)
    throw new Error(`${name} must be a whole number of at least ${min}, got "${value}"`);
  return number;
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
