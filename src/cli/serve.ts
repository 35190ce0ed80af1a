import { readConfig } from '../config.ts';
import { closeAnyDatabase, describeDatabase, isPostgres, openAnyDatabase } from '../db/engine.ts';
import { openPostgres, PostgresConfigError } from '../db/postgres/client.ts';
import { isPostgresEmpty, loadFileIntoPostgres } from '../dataset/on-postgres.ts';
import { exampleDatasetFile, isEmpty, loadDatasetFile } from '../dataset/load.ts';
import { startServer } from '../server/http.ts';
import { createLogger } from '../server/logging.ts';

const config = readConfig();
const logger = createLogger(config.logLevel);
// A promise rejected with no handler is a bug in claimgraph or a library; Node's default ends the
// process on it, taking every other client's request down with it. Log it loudly and keep serving.
process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'claimgraph: unhandled promise rejection (a bug; the server keeps serving)');
});
const target = { url: config.databaseUrl, file: config.databaseFile };
/** A bad DATABASE_URL, a server that does not answer, a database that cannot be migrated: one line, no trace. */
const exitOnConfigError = (error: unknown): never => {
  if (!(error instanceof PostgresConfigError)) throw error;
  console.error(`claimgraph: ${error.message}`);
  process.exit(1);
};
if (config.databaseReadUrl && !config.databaseUrl)
  exitOnConfigError(new PostgresConfigError('DATABASE_READ_URL needs DATABASE_URL: the primary its replica follows'));
const db = await openAnyDatabase(target, { busyTimeoutMs: config.busyTimeoutMs, mmapMb: config.sqliteMmapMb }).catch(
  exitOnConfigError,
);
// Through the same importer as `claimgraph import`.
if (isPostgres(db) ? await isPostgresEmpty(db) : isEmpty(db)) {
  const { records } = isPostgres(db)
    ? await loadFileIntoPostgres(db, exampleDatasetFile)
    : await loadDatasetFile(db, exampleDatasetFile);
  logger.info(`claimgraph: empty database, loaded the example dataset (${records} records)`);
}
// With a replica, requests read there; the primary stays open for what writes (the example dataset above).
const replica = config.databaseReadUrl
  ? await openPostgres(config.databaseReadUrl, { replica: true }).catch(exitOnConfigError)
  : undefined;
const running = await startServer({
  db: replica ?? db,
  primary: replica && db,
  port: config.port,
  host: config.host,
  config,
  logger,
});

// Only when started with --expose-gc (npm run fuzz starts it so): SIGUSR2 collects garbage and logs
// what stays live, so a soak run can tell a cache that grows from the allocator keeping freed pages.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (collectGarbage)
  process.on('SIGUSR2', () => {
    collectGarbage();
    const usage = process.memoryUsage();
    const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
    logger.info(
      {
        memoryAfterGc: {
          heapUsedMb: mb(usage.heapUsed),
          heapTotalMb: mb(usage.heapTotal),
          externalMb: mb(usage.external),
          rssMb: mb(usage.rss),
        },
      },
      'claimgraph: memory after garbage collection',
    );
  });

// Registered before the address is announced, so a signal right after it is handled.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info(`claimgraph: ${signal}, finishing in-flight requests`);
    running
      .close()
      .then(() => replica && closeAnyDatabase(db))
      .then(
        // pino flushes its pending lines on exit.
        () => {
          logger.info('claimgraph: stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'claimgraph: shutdown failed');
          process.exit(1);
        },
      );
  });
}

// Announced only once the signal handlers are in place: whoever waits for this line may signal at once.
logger.info(
  { production: config.production, graphiql: config.graphiql, introspection: config.introspection },
  `claimgraph: serving ${describeDatabase(target)}${replica ? `, reading from ${describeDatabase({ url: config.databaseReadUrl, file: '' })}` : ''} at ${running.url}/graphql`,
);
if (!config.writeToken) logger.info('claimgraph: writes are off (set CLAIMGRAPH_WRITE_TOKEN to allow mutations)');
