import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticFile } from '../bench/synthetic-file.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { exampleDatasetFile } from '../src/dataset/load.ts';

const root = new URL('..', import.meta.url);
const bin = 'src/cli/claimgraph.mjs'; // what `npx claimgraph` runs (package.json "bin")
const dir = mkdtempSync(join(tmpdir(), 'claimgraph-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], databaseFile: string): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, CLAIMGRAPH_DB: databaseFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Run>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const claimgraph = (args: string[], databaseFile: string) => start(args, databaseFile).done;

/** The database as its export: equal exports, equal databases. */
async function snapshot(databaseFile: string) {
  const run = await claimgraph(['export'], databaseFile);
  expect(run.code).toBe(0);
  return run.stdout;
}

const count = (databaseFile: string, table: string) => {
  const db = openDatabase(databaseFile);
  try {
    return db.$client.prepare(`select count(*) from ${table}`).pluck().get() as number;
  } finally {
    closeDatabase(db);
  }
};

// Each test spawns the CLI several times (tsx compiles it on each start): on a loaded machine that
// alone can pass the default 20 s, so these tests get room; nothing here measures speed.
describe('npx claimgraph', { timeout: 120_000 }, () => {
  it('imports a file, then exports the database in the import format', async () => {
    const db = join(dir, 'roundtrip.db');
    const imported = await claimgraph(['import', exampleDatasetFile], db);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('38 records: 38 inserted, 0 updated, 0 unchanged, 0 rejected');

    const out = join(dir, 'export.json');
    expect((await claimgraph(['export', '--format', 'json', '--out', out], db)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ format: 'claimgraph-dataset', version: 1 });

    const copy = join(dir, 'copy.db');
    expect((await claimgraph(['import', out], copy)).code).toBe(0);
    expect(await snapshot(copy)).toBe(await snapshot(db));

    const again = await claimgraph(['import', out], copy);
    expect(again.stdout).toContain('38 records: 0 inserted, 0 updated, 38 unchanged, 0 rejected');
  });

  it('rejects a file with a bad record on line 3 whole, says where and why, and exits 1', async () => {
    const db = join(dir, 'bad.db');
    await claimgraph(['import', exampleDatasetFile], db);
    const before = await snapshot(db);
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(
      bad,
      [
        { type: 'actor', key: 'fine', name: 'A fine body', kind: 'ORGANIZATION' },
        { type: 'article', key: 'art', title: 'T' },
        {
          type: 'claim',
          key: 'c',
          article: 'art',
          statement: 'S',
          kind: 'OTHER',
          attribution: 'STATED',
          quantities: [{ metric: 'KILLED', low: 9, high: 3 }],
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const run = await claimgraph(['import', bad], db);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 3 ("c"), quantities[0].high: high must not be below low');
    expect(run.stderr).toContain('nothing was imported');
    expect(await snapshot(db)).toBe(before);
  });

  it('with --continue-on-error, commits the valid records and writes the rejected ones with reasons', async () => {
    const db = join(dir, 'partial.db');
    const file = join(dir, 'partial.ndjson');
    writeFileSync(
      file,
      [
        '{"type":"actor","key":"a","name":"A","kind":"STATE"}',
        '{"type":"actor","key":"b"',
        '{"type":"actor","key":"c","name":"C","kind":"STATE"}',
      ].join('\n'),
    );
    const run = await claimgraph(['import', file, '--continue-on-error'], db);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('3 records: 2 inserted, 0 updated, 0 unchanged, 1 rejected');
    const rejects = readFileSync(`${file}.rejected.ndjson`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects).toEqual([
      {
        line: 2,
        problems: [{ field: '', message: expect.stringMatching(/^not JSON/) }],
        record: '{"type":"actor","key":"b"',
      },
    ]);
    expect(count(db, 'actors')).toBe(2);
  });

  it('explains wrong usage and exits 64', async () => {
    const run = await claimgraph(['import'], join(dir, 'usage.db'));
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('import takes one FILE');
    expect(existsSync(join(dir, 'usage.db'))).toBe(false);
  });

  it('killed with SIGKILL in the middle of a large file leaves the database as before; a second run succeeds', async () => {
    const db = join(dir, 'killed.db');
    await claimgraph(['import', exampleDatasetFile], db);
    const before = await snapshot(db);
    const large = join(dir, 'large.ndjson');
    const records = await writeSyntheticFile(large, 100_000);

    const { child, done } = start(['import', large, '--progress-interval', '0.2'], db);
    // Mid-import: the transaction has spilled pages into the WAL, and the importer reports progress.
    const wal = `${db}-wal`;
    const started = Date.now();
    let output = '';
    child.stderr!.on('data', (chunk) => (output += chunk));
    while (!(existsSync(wal) && statSync(wal).size > 4e6 && output.includes('records/s'))) {
      if (Date.now() - started > 60_000) throw new Error(`the import never got going: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');

    expect(await snapshot(db)).toBe(before);

    const second = await claimgraph(['import', large, '--progress-interval', '0.5'], db);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      `${records.toLocaleString('en-US')} records: ${records.toLocaleString('en-US')} inserted`,
    );
    expect(second.stderr).toMatch(/claimgraph import: \d+% of 4\d MB, [\d,]+ records, [\d,]+ records\/s, about/);
    expect(count(db, 'claims')).toBe(18 + 100_000);
  }, 180_000);
});

describe('npx claimgraph: messages and exit codes', () => {
  it('--version prints the package version; --help the usage, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const run = await claimgraph(['--version'], join(dir, 'unused.db'));
    expect([run.code, run.stdout.trim()]).toEqual([0, version]);
    const help = await claimgraph(['--help'], join(dir, 'unused.db'));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('claimgraph import FILE');
    expect(existsSync(join(dir, 'unused.db'))).toBe(false);
  });

  it("says what was wrong with the arguments in plain words, not parseArgs' texts", async () => {
    const unknown = await claimgraph(['import', '--dbx', 'x.json'], join(dir, 'unused.db'));
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toBe('claimgraph: there is no option --dbx (claimgraph --help lists the options)\n');
    const missing = await claimgraph(['export', '--out'], join(dir, 'unused.db'));
    expect(missing.stderr).toBe('claimgraph: --out needs a value after it (claimgraph --help lists the options)\n');
  });

  it('a missing database or input file is not a usage error (66); a missing output folder is named', async () => {
    const noDatabase = await claimgraph(['export'], join(dir, 'absent.db'));
    expect(noDatabase.code).toBe(66);
    expect(noDatabase.stderr).toContain(`there is no database at ${join(dir, 'absent.db')}`);
    const noFile = await claimgraph(['import', join(dir, 'absent.json')], join(dir, 'unused.db'));
    expect(noFile.code).toBe(66);

    const db = join(dir, 'folder.db');
    await claimgraph(['import', exampleDatasetFile, '--quiet'], db);
    const out = join(dir, 'no-such-folder', 'out.ndjson');
    const run = await claimgraph(['export', '--out', out], db);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `claimgraph: the folder ${join(dir, 'no-such-folder')} (for --out ${out}) does not exist: create it first\n`,
    );
  }, 60_000);

  it('an import into a missing folder names it and writes nothing, not even the rejects file', async () => {
    const file = join(dir, 'to-missing-folder.ndjson');
    writeFileSync(file, '{"format":"claimgraph-dataset","version":1}\n');
    const db = join(dir, 'no-db-folder', 'x.db');
    const run = await claimgraph(
      ['import', file, '--continue-on-error', '--quiet', '--db', db],
      join(dir, 'unused.db'),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `claimgraph: the folder ${join(dir, 'no-db-folder')} (for --db ${db}) does not exist: create it first\n`,
    );
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);

    const rejects = join(dir, 'no-rejects-folder', 'r.ndjson');
    const named = await claimgraph(['import', file, '--rejects', rejects, '--quiet'], join(dir, 'unused.db'));
    expect(named.code).toBe(1);
    expect(named.stderr).toContain(`the folder ${join(dir, 'no-rejects-folder')} (for --rejects ${rejects})`);
    expect(existsSync(join(dir, 'unused.db'))).toBe(false);
  }, 60_000);

  it('explains broken JSON in plain words, and a failed import into a new database leaves no file', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"format":"claimgraph-dataset","version":1,"records":[{"type":"region","key": }]}');
    const db = join(dir, 'never.db');
    const run = await claimgraph(['import', file, '--quiet'], db);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not valid JSON: found "}", but a value was expected');
    expect(run.stderr).not.toMatch(/in state|RIGHT_BRACE/);
    expect(existsSync(db)).toBe(false);
  });

  it('an import whose every record is rejected imported nothing: exit 1, and a new database is not left behind', async () => {
    const file = join(dir, 'all-rejected.ndjson');
    writeFileSync(
      file,
      '{"format":"claimgraph-dataset","version":1}\n{"type":"region","key":"r1","name":"X","kind":"NOPE"}\n',
    );
    const db = join(dir, 'all-rejected.db');
    const run = await claimgraph(['import', file, '--continue-on-error', '--quiet'], db);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('every record was rejected: nothing was imported');
    expect(existsSync(db)).toBe(false);
  });
});
