import { parseArgs } from 'node:util';
import { buildBenchDatabase, defaultBenchFile, type Progress } from './data/generate.ts';

const usage = `Builds a synthetic claimgraph database for the benchmark.

  npm run bench:data -- --claims 100000 [--seed 1] [--out ./data/bench/claims-100000-seed-1.db]

  --claims N   how many claims (articles, subjects, quantities... follow in proportion); default 100000
  --seed S     the generator's seed: the same seed and size give the same database; default 1
  --out FILE   where to write it; default ./data/bench/claims-<N>-seed-<S>.db (replaced if present)`;

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const claims = Number(values.claims);
const seed = Number(values.seed);
if (!Number.isInteger(claims) || claims < 1) fail(`--claims must be a positive integer, got "${values.claims}"`);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a non-negative integer, got "${values.seed}"`);
const file = values.out ?? defaultBenchFile(claims, seed);

const rate = (p: Progress) => Math.round(p.rows / (p.elapsedMs / 1000)).toLocaleString('en');
console.log(`bench:data: building ${claims.toLocaleString('en')} claims (seed ${seed}) into ${file}`);
const final = buildBenchDatabase(file, {
  claims,
  seed,
  onProgress: (p) => {
    if (!p.done)
      console.log(`  ${p.claims.toLocaleString('en')} claims, ${p.rows.toLocaleString('en')} rows, ${rate(p)} rows/s`);
  },
});
console.log(
  `bench:data: done in ${(final.elapsedMs / 1000).toFixed(1)} s, ${final.rows.toLocaleString('en')} rows at ${rate(final)} rows/s`,
);
for (const [table, n] of Object.entries(final.rowsByTable))
  console.log(`  ${table.padEnd(22)} ${n.toLocaleString('en')}`);

function fail(message: string): never {
  console.error(`bench:data: ${message}\n\n${usage}`);
  process.exit(2);
}
