import { readConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { exampleDatasetFile, isEmpty, loadDatasetFile } from '../dataset/load.ts';
import { startServer } from '../server/http.ts';

const config = readConfig();
const db = openDatabase(config.databaseFile);
if (isEmpty(db)) {
  // Through the same importer as `claimgraph import`.
  const { records } = await loadDatasetFile(db, exampleDatasetFile);
  console.log(`claimgraph: empty database, loaded the example dataset (${records} records)`);
}
const running = await startServer({
  db,
  port: config.port,
  host: config.host,
  graphiql: config.graphiql,
  writeToken: config.writeToken,
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`claimgraph: ${signal}, finishing in-flight requests`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('claimgraph: shutdown failed', error);
        process.exit(1);
      },
    );
  });
}

// Announced only once the signal handlers are in place: whoever waits for this line may signal at once.
console.log(`claimgraph: serving ${config.databaseFile} at ${running.url}/graphql`);
if (!config.writeToken) console.log('claimgraph: writes are off (set CLAIMGRAPH_WRITE_TOKEN to allow mutations)');
