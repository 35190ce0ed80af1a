import { readConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { exampleDatasetFile, insertDataset, isEmpty, readDatasetFile } from '../dataset/load.ts';
import { startServer } from '../server/http.ts';

const config = readConfig();
const db = openDatabase(config.databaseFile);
if (isEmpty(db)) {
  const records = insertDataset(db, readDatasetFile(exampleDatasetFile));
  console.log(`claimgraph: empty database, loaded the example dataset (${records} records)`);
}
const running = await startServer({ db, port: config.port, host: config.host, graphiql: config.graphiql });

// Handlers first, then the line that says we are up: a signal sent as soon as it is read must find them.
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
console.log(`claimgraph: serving ${config.databaseFile} at ${running.url}/graphql`);
