import { readConfig } from '../config.ts';
import { closeDatabase, openDatabase } from '../db/client.ts';
import { exampleDatasetFile, readDatasetFile, replaceWithDataset } from '../dataset/load.ts';

const file = process.argv[2] ?? exampleDatasetFile;
const { databaseFile } = readConfig();
const db = openDatabase(databaseFile);
try {
  const records = replaceWithDataset(db, readDatasetFile(file));
  console.log(`claimgraph: ${databaseFile} now holds ${String(file)} (${records} records)`);
} finally {
  closeDatabase(db);
}
