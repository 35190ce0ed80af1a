/** Settings read from the environment, with the defaults a local user wants. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST || undefined,
    databaseFile: env.CLAIMGRAPH_DB || './data/claimgraph.db',
    graphiql: env.CLAIMGRAPH_GRAPHIQL !== 'false',
    /** Mutations need `Authorization: Bearer <this>`; unset or empty, writes are refused. */
    writeToken: env.CLAIMGRAPH_WRITE_TOKEN || undefined,
  };
}
