import { useGraphQlJit } from '@envelop/graphql-jit';
import { readConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { startServer, type StartOptions } from '../../src/server/http.ts';
import type { Target } from './target.ts';

/** claimgraph as `npm start` runs it: the real migrations checked on open, the real startServer. */
async function startClaimgraph(file: string, plugins: StartOptions['plugins'] = []) {
  const db = openDatabase(file, { mmapMb: readConfig().sqliteMmapMb });
  // Configured as in production, every protection on: the rate limit is raised for the one load
  // client, as issue 17 allows, but still checked on every request, and the cost budget is raised
  // since query (b) (100 claims, three levels deep) is by design heavier than the public default
  // allows. The answer cache is off: every request of a run repeats one query, so it would time the
  // cache instead of the server.
  const config = readConfig({
    NODE_ENV: 'production',
    CLAIMGRAPH_RATE_LIMIT: '1000000000',
    CLAIMGRAPH_MAX_COST: '1000000',
    CLAIMGRAPH_RESPONSE_CACHE_MB: '0',
  });
  const running = await startServer({ db, port: 0, host: '127.0.0.1', config, plugins });
  return { url: `${running.url}/graphql`, close: running.close };
}

export const claimgraph: Target = {
  name: 'claimgraph',
  description: 'claimgraph over HTTP (startServer: Yoga, Pothos, drizzle)',
  answersMix: true,
  start: (file) => startClaimgraph(file),
};

/** The same server with graphql-jit compiling each operation (through Envelop), to decide on numbers. */
export const claimgraphJit: Target = {
  name: 'claimgraph-jit',
  description: 'claimgraph with @envelop/graphql-jit',
  answersMix: true,
  start: (file) => startClaimgraph(file, [useGraphQlJit()]),
};
