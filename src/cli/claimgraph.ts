import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { closeDatabase, openDatabase } from '../db/client.ts';
import { exportDataset } from '../dataset/export.ts';
import type { Rejection } from '../dataset/import.ts';
import { describeProblem, importFile } from '../dataset/load.ts';
import type { DatasetFormat } from '../dataset/read.ts';
import { createProgress, formatCount } from './progress.ts';

const usage = `claimgraph: load and dump claimgraph datasets

Usage:
  claimgraph import FILE [--format json|ndjson] [--continue-on-error] [--rejects FILE] [--quiet]
                         [--progress-interval SECONDS]
  claimgraph export [--format ndjson|json] [--out FILE]

import   reads a dataset file (JSON, or NDJSON for .ndjson/.jsonl) into the database, streaming,
         in one transaction: every record valid, or nothing imported and every problem listed.
         Records already in the database (same natural key) are updated or left unchanged, so
         importing a file twice changes nothing the second time.
  --continue-on-error   commit the valid records; write the rejected ones, with the reasons,
                        to --rejects (default FILE.rejected.ndjson)
  --rejects FILE        where to write rejected records (one JSON object a line)
  --quiet               no progress output
  --progress-interval S seconds between progress lines when not on a terminal (default 2)
export   writes the whole database in the dataset format (default NDJSON) to --out or stdout.

Options for both:
  --db FILE    the SQLite database (default: $CLAIMGRAPH_DB, else ./data/claimgraph.db)
  --format     json or ndjson (import: from the file name unless given)

Exit status: 0 all imported, 1 nothing imported (invalid file), 2 imported with records rejected
(--continue-on-error), 64 wrong usage.`;

class UsageError extends Error {}

const formatOption = (value: string | undefined): DatasetFormat | undefined => {
  if (value === undefined || value === 'json' || value === 'ndjson') return value;
  throw new UsageError(`--format must be json or ndjson, not "${value}"`);
};

async function writeLine(stream: Writable, line: string) {
  if (!stream.write(line)) await once(stream, 'drain');
}

async function closeStream(stream: Writable) {
  stream.end();
  await once(stream, 'finish');
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
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const format = formatOption(values.format);
  const continueOnError = values['continue-on-error'];
  const databaseFile = values.db ?? readConfig().databaseFile;

  const rejectsFile = values.rejects ?? (continueOnError ? `${file}.rejected.ndjson` : undefined);
  const rejectsStream = rejectsFile ? createWriteStream(rejectsFile) : undefined;
  const pending: Rejection[] = [];

  const db = openDatabase(databaseFile);
  const interval = Number(values['progress-interval']);
  if (!(interval > 0)) throw new UsageError('--progress-interval takes a number of seconds');
  const progress = values.quiet ? undefined : createProgress(statSync(file).size, process.stderr, interval * 1000);
  const read = { bytes: 0 };
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const summary = await importFile(db, file, {
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
      `claimgraph import: ${file} -> ${databaseFile}\n` +
        `  ${formatCount(records)} records: ${formatCount(inserted)} inserted, ${formatCount(updated)} updated, ` +
        `${formatCount(unchanged)} unchanged, ${formatCount(rejected)} rejected`,
    );
    if (summary.problemCount > 0) {
      console.error(`${formatCount(summary.problemCount)} problem${summary.problemCount === 1 ? '' : 's'}:`);
      for (const problem of summary.problems) console.error(`  ${describeProblem(problem)}`);
      if (summary.problemCount > summary.problems.length)
        console.error(`  ... and ${formatCount(summary.problemCount - summary.problems.length)} more`);
    }
    if (rejectsStream) {
      await closeStream(rejectsStream);
      if (rejected > 0) console.error(`rejected records, with the reasons, are in ${rejectsFile}`);
      else rmSync(rejectsFile!, { force: true });
    }
    if (!summary.committed) {
      console.error('nothing was imported: the database is as it was. Fix the problems above and import again.');
      return 1;
    }
    return rejected > 0 ? 2 : 0;
  } finally {
    progress?.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    closeDatabase(db);
  }
}

async function runExport(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError('export takes no FILE; write to one with --out FILE');
  const format = formatOption(values.format) ?? 'ndjson';
  const databaseFile = values.db ?? readConfig().databaseFile;
  if (!existsSync(databaseFile)) throw new UsageError(`no database at ${databaseFile}`);
  const db = openDatabase(databaseFile);
  try {
    if (!values.out) {
      await exportDataset(db, process.stdout, { format });
      return 0;
    }
    // Written beside the target and renamed at the end, so a failed export leaves no half a file.
    const partial = `${values.out}.partial`;
    const out = createWriteStream(partial);
    try {
      const records = await exportDataset(db, out, { format });
      await closeStream(out);
      renameSync(partial, values.out);
      console.error(`claimgraph export: ${formatCount(records)} records from ${databaseFile} -> ${values.out}`);
    } catch (error) {
      out.destroy();
      rmSync(partial, { force: true });
      throw error;
    }
    return 0;
  } finally {
    closeDatabase(db);
  }
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  try {
    if (command === 'import') return await runImport(args);
    if (command === 'export') return await runExport(args);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      console.log(usage);
      return command === undefined ? 64 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`claimgraph: ${(error as Error).message}\n\n${usage}`);
      return 64;
    }
    console.error(`claimgraph: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
