import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { type ImportSession, SqliteImport } from './import.ts';
import type { ImportOptions, ImportSummary, Problem } from './import-report.ts';
import { datasetObjectItems, type DatasetFormat, type ReadProgress, readDatasetFile } from './read.ts';

// '../dataset/' rather than './': the same file from the server bundle in dist/cli (scripts/build-dist.mjs).
export const exampleDatasetFile = fileURLToPath(new URL('../dataset/kursk-2024.json', import.meta.url));

export class DatasetError extends Error {
  constructor(readonly summary: ImportSummary) {
    super(
      `the dataset is invalid, nothing was imported:\n${summary.problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`,
    );
    this.name = 'DatasetError';
  }
}

/** A problem as one line of text: `line 12 ("kp-losses"), quantities[0].high: high must not be below low`. */
export function describeProblem(problem: Problem, unit: 'line' | 'record' = 'line') {
  const where = problem.line > 0 ? `${unit} ${problem.line}${problem.key ? ` ("${problem.key}")` : ''}` : 'the file';
  return `${where}${problem.field ? `, ${problem.field}` : ''}: ${problem.message}`;
}

export interface ImportFileOptions extends ImportOptions {
  format?: DatasetFormat;
  progress?: ReadProgress;
  /** Called after each chunk of records, with the counts so far; reading waits for a promise it returns. */
  onChunk?: (session: ImportSession) => void | Promise<void>;
}

/** Imports a dataset file (JSON or NDJSON), streaming it, in one transaction. */
export async function importFile(db: Db | Database.Database, file: string, options: ImportFileOptions = {}) {
  const sqliteImport = new SqliteImport(db, options);
  try {
    for await (const items of readDatasetFile(file, { format: options.format, progress: options.progress })) {
      sqliteImport.feed(items);
      await options.onChunk?.(sqliteImport.session);
    }
  } catch (error) {
    sqliteImport.abort();
    throw error;
  }
  return sqliteImport.finish();
}

/** Imports a dataset held in memory (the JSON form as an object); records are numbered from 1. */
export function importDataset(
  db: Db | Database.Database,
  dataset: unknown,
  options: ImportOptions = {},
): ImportSummary {
  const sqliteImport = new SqliteImport(db, options);
  try {
    sqliteImport.feed(datasetObjectItems(dataset));
  } catch (error) {
    sqliteImport.abort();
    throw error;
  }
  return sqliteImport.finish();
}

/** Imports a dataset that must be valid whole, or throws a DatasetError listing every problem. */
export function loadDataset(db: Db | Database.Database, dataset: unknown, options: ImportOptions = {}) {
  const summary = importDataset(db, dataset, options);
  if (!summary.committed) throw new DatasetError(summary);
  return summary;
}

/** Like loadDataset, for a file. */
export async function loadDatasetFile(db: Db | Database.Database, file: string, options: ImportFileOptions = {}) {
  const summary = await importFile(db, file, options);
  if (!summary.committed) throw new DatasetError(summary);
  return summary;
}

export function isEmpty(db: Db): boolean {
  const sqlite = db.$client;
  return (
    !sqlite.prepare('select 1 from actors limit 1').get() && !sqlite.prepare('select 1 from articles limit 1').get()
  );
}
