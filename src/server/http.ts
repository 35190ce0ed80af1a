import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeDatabase, type Db } from '../db/client.ts';
import { type ClaimgraphOptions, createClaimgraph } from './yoga.ts';

export interface StartOptions {
  db: Db;
  port: number;
  host?: string;
  graphiql?: boolean;
  plugins?: ClaimgraphOptions['plugins'];
  /** How long in-flight requests get to finish on shutdown before their connections are cut. */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

export async function startServer({
  db,
  port,
  host,
  graphiql,
  plugins,
  shutdownGraceMs = 10_000,
}: StartOptions): Promise<RunningServer> {
  const yoga = createClaimgraph({ db, graphiql, plugins });
  const server = createServer(yoga);
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
      server.close((error) => {
        clearTimeout(forceAfter);
        clearInterval(sweep);
        Promise.resolve(yoga.dispose())
          .then(() => closeDatabase(db))
          .then(() => (error ? reject(error) : resolve()), reject);
      });
    }));
  return { server, url, close };
}
