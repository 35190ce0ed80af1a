import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Config, readConfig } from '../config.ts';
import { type AnyDb, closeAnyDatabase, isPostgres } from '../db/engine.ts';
import { watchListSizes } from '../graphql/list-sizes.ts';
import { endClaimEvents } from '../store/claim-events.ts';
import { stopListening } from '../store/claim-notices.ts';
import type { Logger } from './logging.ts';
import { type ClaimgraphOptions, createClaimgraph } from './yoga.ts';

export interface StartOptions {
  db: AnyDb;
  /** The primary, when `db` is a read replica: writes and subscriptions go there. */
  primary?: AnyDb;
  port: number;
  host?: string;
  graphiql?: boolean;
  /** Limits and protections; the development defaults unless given. */
  config?: Config;
  logger?: Logger;
  /** The bearer token mutations need; config.writeToken unless given. */
  writeToken?: string;
  /** More Yoga/Envelop plugins (the benchmark adds graphql-jit). */
  plugins?: ClaimgraphOptions['plugins'];
  /** How long in-flight requests get to finish on shutdown before their connections are cut. */
  shutdownGraceMs?: number;
  /** How often the worker thread that prices unpaged lists may measure them again (a minute). */
  listSizesIntervalMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

export async function startServer({
  db,
  primary,
  port,
  host,
  graphiql,
  config = readConfig({}),
  logger,
  writeToken = config.writeToken,
  plugins,
  shutdownGraceMs = 10_000,
  listSizesIntervalMs,
}: StartOptions): Promise<RunningServer> {
  const yoga = createClaimgraph({ db, primary, graphiql, config, logger, writeToken, plugins });
  // On PostgreSQL the list sizes are measured without blocking the requests (listSizesOf).
  const stopMeasuring =
    isPostgres(db) || db.$client.memory ? async () => {} : watchListSizes(db, db.$client.name, listSizesIntervalMs);
  const { headersTimeoutMs, requestTimeoutMs } = config.http;
  const server = createServer(
    {
      // A client that trickles its headers or body in (slowloris) is cut off with 408 once these pass.
      headersTimeout: headersTimeoutMs,
      requestTimeout: Math.max(requestTimeoutMs, headersTimeoutMs),
      // Node checks those timeouts on this interval (30 s by default, too coarse for them).
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(headersTimeoutMs / 4)),
    },
    yoga,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const url = `http://${host ?? 'localhost'}:${actualPort}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      const forceAfter = setTimeout(() => server.closeAllConnections(), shutdownGraceMs).unref();
      // A keep-alive connection whose request finishes after close() began would idle until its timeout.
      const sweep = setInterval(() => server.closeIdleConnections(), 50).unref();
      // Subscriptions never finish on their own: they complete now, like a request that is done.
      const listened = primary ?? db;
      endClaimEvents(listened.$client);
      server.close((error) => {
        clearTimeout(forceAfter);
        clearInterval(sweep);
        Promise.all([yoga.dispose(), stopMeasuring(), isPostgres(listened) && stopListening(listened, true)])
          .then(() => closeAnyDatabase(db))
          .then(() => (error ? reject(error) : resolve()), reject);
      });
    }));
  return { server, url, close };
}
