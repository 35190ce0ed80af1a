import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { closeAnyDatabase, describeDatabase, isPostgres, openAnyDatabase } from '../db/engine.ts';
import { isPostgresUrl } from '../db/postgres/client.ts';
import { exportFromPostgres, importFileIntoPostgres } from '../dataset/on-postgres.ts';
import { exportDataset } from '../dataset/export.ts';
import { analystFormats, exportForAnalysts, isAnalystFormat, itemNames } from '../dataset/analyst-export.ts';
import type { Rejection } from '../dataset/import-report.ts';
import { describeProblem, type ImportFileOptions, importFile } from '../dataset/load.ts';
import type { DatasetFormat } from '../dataset/read.ts';
import { plainArgumentError, plainJsonError } from './messages.ts';
import { createProgress, formatCount } from './progress.ts';

const usage = readFileSync(new URL('./usage.txt', import.meta.url), 'utf8').trimEnd();
const version = () =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** sysexits' EX_USAGE and EX_NOINPUT. */
const exitUsage = 64;
const exitNoInput = 66;

class UsageError extends Error {}
/** The input file or database named does not exist. */
class NoInputError extends Error {}

/** A missing folder for a file claimgraph is to write, named before any work is done. */
function checkFolderOf(file: string, option: string) {
  const folder = dirname(resolve(file));
  if (!existsSync(folder))
    throw new Error(`the folder ${folder} (for ${option} ${file}) does not exist: create it first`);
}

/** The database file and its WAL companions, removed when an import into a new database committed nothing. */
function removeDatabaseFiles(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

const formatOption = (value: string | undefined): DatasetFormat | undefined => {
  if (value === undefined || value === 'json' || value === 'ndjson') return value;
  throw new UsageError(`--format must be json or ndjson, not "${value}"`);
};

/** The dataset format (json, ndjson) or one of the formats other tools read (csv-range, ...). */
const exportFormatOption = (value: string | undefined) => {
  if (value !== undefined && isAnalystFormat(value)) return value;
  if (value === undefined || value === 'json' || value === 'ndjson') return value ?? 'ndjson';
  throw new UsageError(`--format must be ndjson, json or ${analystFormats.join(', ')}, not "${value}"`);
};

async function writeLine(stream: Writable, line: string) {
  if (!stream.write(line)) await once(stream, 'drain');
}

async function closeStream(stream: Writable) {
  stream.end();
  await once(stream, 'finish');
}

/** The database a command works on: --db (a SQLite file, or a PostgreSQL URL), else $DATABASE_URL, else the SQLite file. */
function targetOf(db: string | undefined) {
  if (db !== undefined) return isPostgresUrl(db) ? { url: db, file: '' } : { url: undefined, file: db };
  const config = readConfig();
  return { url: config.databaseUrl, file: config.databaseFile };
}

async function runImport(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      format: { type: 'string' },
      'continue-on-error': { type: 'boolean', default: false },
      rejects: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'progress-interval': { type: 'string', default: '2' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('import takes one FILE');
  const file = positionals[0]!;
  if (!existsSync(file)) throw new NoInputError(`there is no file ${file} to import`);
  const format = formatOption(values.format);
  const continueOnError = values['continue-on-error'];
  const target = targetOf(values.db);
  const databaseFile = target.file;

  const rejectsFile = values.rejects ?? (continueOnError ? `${file}.rejected.ndjson` : undefined);
  const interval = Number(values['progress-interval']);
  if (!(interval > 0)) throw new UsageError('--progress-interval takes a number of seconds');
  // Every folder is checked before anything is written, so a refused run leaves no file behind.
  if (rejectsFile) checkFolderOf(rejectsFile, '--rejects');
  if (!target.url) checkFolderOf(databaseFile, '--db');
  const newDatabase = !target.url && !existsSync(databaseFile);
  const db = await openAnyDatabase(target);
  const rejectsStream = rejectsFile ? createWriteStream(rejectsFile) : undefined;
  const pending: Rejection[] = [];

  let committed = false;
  const progress = values.quiet ? undefined : createProgress(statSync(file).size, process.stderr, interval * 1000);
  const read = { bytes: 0 };
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const importInto = (options: ImportFileOptions) =>
      isPostgres(db) ? importFileIntoPostgres(db, file, options) : importFile(db, file, options);
    const summary = await importInto({
      format,
      continueOnError,
      progress: read,
      onRejected: rejectsStream ? (rejection) => pending.push(rejection) : undefined,
      async onChunk(session) {
        if (interrupted) throw new Error('interrupted: nothing was imported');
        progress?.update(read.bytes, session.counts.records);
        if (rejectsStream) {
          for (const { line, key, problems, record } of pending.splice(0))
            await writeLine(
              rejectsStream,
              `${JSON.stringify({ line, key, problems: problems.map(({ field, message }) => ({ field, message })), record })}\n`,
            );
        }
      },
    });
    progress?.update(read.bytes, summary.records);
    progress?.stop();

    const { records, inserted, updated, unchanged, rejected } = summary;
    console.log(
      `claimgraph import: ${file} -> ${describeDatabase(target)}\n` +
        `  ${formatCount(records)} records: ${formatCount(inserted)} inserted, ${formatCount(updated)} updated, ` +
        `${formatCount(unchanged)} unchanged, ${formatCount(rejected)} rejected`,
    );
    if (summary.problemCount > 0) {
      console.error(`${formatCount(summary.problemCount)} problem${summary.problemCount === 1 ? '' : 's'}:`);
      for (const problem of summary.problems) console.error(`  ${plainJsonError(describeProblem(problem))}`);
      if (summary.problemCount > summary.problems.length)
        console.error(`  ... and ${formatCount(summary.problemCount - summary.problems.length)} more`);
    }
    if (rejectsStream) {
      await closeStream(rejectsStream);
      if (rejected > 0) console.error(`rejected records, with the reasons, are in ${rejectsFile}`);
      else rmSync(rejectsFile!, { force: true });
    }
    committed = summary.committed && !(rejected > 0 && rejected === records);
    if (!summary.committed) {
      console.error('nothing was imported: the database is as it was. Fix the problems above and import again.');
      return 1;
    }
    if (!committed) {
      console.error('every record was rejected: nothing was imported. Fix the problems above and import again.');
      return 1;
    }
    return rejected > 0 ? 2 : 0;
  } finally {
    progress?.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await closeAnyDatabase(db);
    if (newDatabase && !committed) removeDatabaseFiles(databaseFile);
  }
}

async function runExport(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError('export takes no FILE; write to one with --out FILE');
  const format = exportFormatOption(values.format);
  const target = targetOf(values.db);
  if (!target.url && !existsSync(target.file))
    throw new NoInputError(`there is no database at ${target.file} to export`);
  if (values.out) checkFolderOf(values.out, '--out');
  const db = await openAnyDatabase(target);
  const writeFrom = (sqlite: Db, out: Writable) =>
    isAnalystFormat(format) ? exportForAnalysts(sqlite, out, format) : exportDataset(sqlite, out, { format });
  const write = (out: Writable) =>
    isPostgres(db) ? exportFromPostgres(db, (copy) => writeFrom(copy, out)) : writeFrom(db, out);
  try {
    if (!values.out) {
      await write(process.stdout);
      return 0;
    }
    // Written beside the target and renamed at the end, so a failed export leaves no half a file.
    const partial = `${values.out}.partial`;
    const out = createWriteStream(partial);
    try {
      const records = await write(out);
      await closeStream(out);
      renameSync(partial, values.out);
      const what = isAnalystFormat(format) ? `${itemNames[format]} (${format})` : 'records';
      console.error(
        `claimgraph export: ${formatCount(records)} ${what} from ${describeDatabase(target)} -> ${values.out}`,
      );
    } catch (error) {
      out.destroy();
      rmSync(partial, { force: true });
      throw error;
    }
    return 0;
  } finally {
    await closeAnyDatabase(db);
  }
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  try {
    if (command === 'import') return await runImport(args);
    if (command === 'export') return await runExport(args);
    if (command === '--version' || command === '-v' || command === 'version') {
      console.log(version());
      return 0;
    }
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      console.log(usage);
      return command === undefined ? exitUsage : 0;
    }
    throw new UsageError(`there is no command "${command}"; the commands are import and export`);
  } catch (error) {
    const argumentError = plainArgumentError(error as { code?: string; message: string });
    if (error instanceof UsageError || argumentError) {
      console.error(`claimgraph: ${argumentError ?? (error as Error).message} (claimgraph --help lists the options)`);
      return exitUsage;
    }
    if (error instanceof NoInputError) {
      console.error(`claimgraph: ${error.message}`);
      return exitNoInput;
    }
    console.error(`claimgraph: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
