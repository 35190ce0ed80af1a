import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { exampleDataset, globalId, testWriteToken } from '../helpers.ts';

export interface ClientTestServer {
  /** The GraphQL endpoint, http://127.0.0.1:<port>/graphql. */
  endpoint: string;
  /** Every request the clients sent through `fetch`, method first: "GET /graphql?query=...". */
  requests: string[];
  /** A fetch that records into `requests`, handed to each client library. */
  fetch: typeof fetch;
  /** The global ids of every claim, in the order the API pages through them. */
  claimIds: string[];
  /** The global ids of the casualty claims. */
  casualtyClaimIds: string[];
  close(): Promise<void>;
}

/** The real HTTP server (startServer, as `npm start` runs it) on a free port with the example dataset. */
export async function startClientTestServer(): Promise<ClientTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-clients-'));
  const db = openDatabase(join(dir, 'clients.db'));
  loadDataset(db, exampleDataset());
  const ids = (sql: string) => (db.$client.prepare(sql).pluck().all() as number[]).map((id) => globalId('Claim', id));
  const claimIds = ids('select id from claims order by id');
  const casualtyClaimIds = ids(`select id from claims where kind = 'CASUALTIES' order by id`);
  const running: RunningServer = await startServer({ db, port: 0, host: '127.0.0.1', writeToken: testWriteToken });
  const requests: string[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`);
    return fetch(request);
  };
  return {
    endpoint: `${running.url}/graphql`,
    requests,
    fetch: recordingFetch,
    claimIds,
    casualtyClaimIds,
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The server for one test file: started before its tests and closed after them. The object is
 * filled in by the time a test runs.
 */
export function clientTestServerForFile(): ClientTestServer {
  const server = {} as ClientTestServer;
  beforeAll(async () => Object.assign(server, await startClientTestServer()));
  afterAll(() => server.close());
  return server;
}

export { testWriteToken };
