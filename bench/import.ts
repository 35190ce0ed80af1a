import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticFile } from './synthetic-file.ts';

/**
 * npm run bench:import [-- --claims 100000 --memory-claims 1000000 --runs 3]
 *
 * Generates a synthetic NDJSON dataset (claims with two quantities, two subjects, a region and
 * mostly a claimant, eight to an article), then, each in a fresh process and a fresh database:
 * - the floor: the same rows inserted by hand-written prepared statements in one transaction;
 * - the importer (`claimgraph import`'s code path: read, parse, validate, match natural keys,
 *   write), reporting claims/s, rows/s and its share of the floor's rows/s;
 * - the importer on a file `--memory-claims` large (10x by default), to show that its peak
 *   memory does not grow with the file.
 * Figures are the median of `--runs` runs. A benchmark, not a test: it asserts nothing.
 */

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '100000' },
    'memory-claims': { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
  },
});
const claims = Number(values.claims);
const memoryClaims = Number(values['memory-claims']);
const runs = Number(values.runs);

interface Measure {
  seconds: number;
  rows: number;
  claims: number;
  maxRssMb: number;
  peakHeapMb: number;
}

const dir = mkdtempSync(join(tmpdir(), 'claimgraph-bench-'));
const run = (...args: string[]): Measure =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', new URL('./import-run.ts', import.meta.url).pathname, ...args],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    ).trim(),
  );
const median = (measures: Measure[]) => {
  const sorted = [...measures].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

try {
  const file = join(dir, `synthetic-${claims}.ndjson`);
  const records = await writeSyntheticFile(file, claims);
  console.log(
    `synthetic file: ${fmt(claims)} claims, ${fmt(records)} records, ${fmt(statSync(file).size / 1e6, 1)} MB (NDJSON)`,
  );
  const db = join(dir, 'bench.db');

  const floors: Measure[] = [];
  const imports: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push(run('floor', String(claims), db));
    imports.push(run('importer', file, db));
  }
  const floor = median(floors);
  const importer = median(imports);
  if (floor.rows !== importer.rows)
    throw new Error(`the floor wrote ${floor.rows} rows, the importer ${importer.rows}`);
  const line = (name: string, m: Measure) =>
    `${name.padEnd(9)} ${fmt(m.seconds, 2).padStart(6)} s  ${fmt(m.claims / m.seconds).padStart(8)} claims/s  ${fmt(
      m.rows / m.seconds,
    ).padStart(8)} rows/s  peak RSS ${fmt(m.maxRssMb).padStart(4)} MB`;
  console.log(
    `\n${fmt(floor.rows)} rows (claims, quantities, subjects, articles, actors, officials, roles, regions); median of ${runs}:`,
  );
  console.log(line('floor', floor));
  console.log(line('importer', importer));
  console.log(
    `importer / floor: ${fmt((100 * floor.seconds) / importer.seconds, 1)}% of the floor's rows/s (target >= 60%)`,
  );
  console.log(
    `all runs (s): floor ${floors.map((m) => fmt(m.seconds, 2)).join(', ')}; importer ${imports.map((m) => fmt(m.seconds, 2)).join(', ')}`,
  );

  if (memoryClaims > 0) {
    const large = join(dir, `synthetic-${memoryClaims}.ndjson`);
    await writeSyntheticFile(large, memoryClaims);
    const big = run('importer', large, db);
    const fileMb = statSync(file).size / 1e6;
    rmSync(large, { force: true });
    const memory = (n: number, mb: number, m: Measure) =>
      `  ${fmt(n).padStart(9)} claims, ${fmt(mb).padStart(4)} MB file: peak RSS ${fmt(m.maxRssMb)} MB, ` +
      `peak live JS heap ${fmt(m.peakHeapMb)} MB (${fmt(m.claims / m.seconds)} claims/s)`;
    console.log('\nimporter memory as the file grows:');
    console.log(memory(claims, fileMb, importer));
    console.log(memory(memoryClaims, (fileMb * memoryClaims) / claims, big));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
