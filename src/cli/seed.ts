import { readConfig } from '../config.ts';
import { closeDatabase, openDatabase } from '../db/client.ts';
import { DatasetError, exampleDatasetFile, loadDatasetFile } from '../dataset/load.ts';

// Replaces everything in the database with the example dataset, or with the dataset file given, in one transaction.
const file = process.argv[2] ?? exampleDatasetFile;
const { databaseFile } = readConfig();
const db = openDatabase(databaseFile);
try {
  const summary = await loadDatasetFile(db, file, { replace: true });
  console.log(`claimgraph: ${databaseFile} now holds ${file} (${summary.records} records)`);
} catch (error) {
  if (!(error instanceof DatasetError)) throw error;
  console.error(`claimgraph: ${error.message}`);
  process.exitCode = 1;
} finally {
  closeDatabase(db);
}
