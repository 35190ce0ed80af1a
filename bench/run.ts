import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultBenchFile } from './data/generate.ts';
import { formatReport, goals } from './report.ts';
import { allQueryIds, BenchFailure, runBench } from './runner.ts';
import { isTargetName, type TargetName, targetNames } from './targets/index.ts';

const usage = `Runs claimgraph side by side with its references and prints a table (see BENCHMARKS.md).

  npm run bench -- [--claims 100000] [--duration 10] [--warmup 3] [--connections 10] [--rounds 3]

  --claims N          database of N claims: ./data/bench/claims-<N>-seed-<S>.db, built if missing (default 100000)
  --seed S            generator seed for that database (default 1)
  --db FILE           use this database instead (it must exist)
  --duration SEC      measured seconds per target, query and round (default 10)
  --warmup SEC        unmeasured seconds before each measurement (default 3)
  --amount N          a fixed number of requests per measurement instead of --duration
  --connections N     concurrent connections autocannon keeps open (default 10)
  --rounds N          interleaved rounds; the table shows their median and min-max (default 3)
  --targets LIST      comma-separated, from: ${targetNames.join(', ')} (default all)
  --queries LIST      comma-separated, from: ${allQueryIds.join(', ')} (default all)
  --server-cpu N      core the servers are pinned to (default 0)
  --load-cpu N        core autocannon is pinned to (default 1)
  --no-pin            do not pin (taskset) at all
  --startup-runs N    times claimgraph is started alone to time its start-up (default 3)
  --latency-queries L also measure these queries with one connection: latency without queueing
                      (default c,d-common,d-rare; "none" for none)
  --vary N            send the pages (a, b) and node (e) with N sets of variables in turn: other
                      cursors and claims, as a client paging or opening claims does (default 1)
  --verify-only       check every target's answers and count statements, measure nothing
  --label TEXT        a note stored with the results ("quiet machine", "under load")
  --out FILE          where to write the JSON results (default ./data/bench/results-<N>-<time>.json)`;

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    db: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    amount: { type: 'string' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    targets: { type: 'string', default: targetNames.join(',') },
    queries: { type: 'string', default: allQueryIds.join(',') },
    'server-cpu': { type: 'string', default: '0' },
    'load-cpu': { type: 'string', default: '1' },
    'no-pin': { type: 'boolean', default: false },
    'startup-runs': { type: 'string', default: '3' },
    'verify-only': { type: 'boolean', default: false },
    vary: { type: 'string', default: '1' },
    'latency-queries': { type: 'string', default: 'c,d-common,d-rare' },
    label: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

function fail(message: string): never {
  console.error(`bench: ${message}\n\n${usage}`);
  process.exit(2);
}
function number(flag: keyof typeof values, min: number): number {
  const n = Number(values[flag]);
  if (!Number.isFinite(n) || n < min) fail(`--${flag} must be a number >= ${min}, got "${values[flag]}"`);
  return n;
}
const integer = (flag: keyof typeof values, min: number) => {
  const n = number(flag, min);
  if (!Number.isInteger(n)) fail(`--${flag} must be a whole number, got "${values[flag]}"`);
  return n;
};
const list = (flag: 'targets' | 'queries' | 'latency-queries', allowed: readonly string[]) => {
  const items = values[flag]!.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = items.filter((i) => !allowed.includes(i));
  if (unknown.length || !items.length) fail(`--${flag} takes some of ${allowed.join(', ')}; got "${values[flag]}"`);
  return items;
};

const claims = integer('claims', 1);
const seed = integer('seed', 0);
const targets = list('targets', targetNames).filter(isTargetName) as TargetName[];
const options = {
  database: values.db ?? defaultBenchFile(claims, seed),
  claims,
  seed,
  targets,
  queries: list('queries', allQueryIds),
  connections: integer('connections', 1),
  duration: number('duration', 0.1),
  warmup: number('warmup', 0),
  amount: values.amount === undefined ? undefined : integer('amount', 1),
  rounds: integer('rounds', 1),
  pinning: values['no-pin'] ? null : { serverCpu: integer('server-cpu', 0), loadCpu: integer('load-cpu', 0) },
  startupRuns: integer('startup-runs', 0),
  verifyOnly: values['verify-only']!,
  latencyQueries: values['latency-queries'] === 'none' ? [] : list('latency-queries', allQueryIds),
  vary: integer('vary', 1),
  label: values.label,
};
if (values.db && values.claims !== '100000') fail('give either --db or --claims, not both');

try {
  const results = await runBench(options);
  if (options.verifyOnly) {
    console.log('\nSQL statements per request:');
    for (const [query, byTarget] of Object.entries(results.verification)) {
      console.log(
        `  ${query.padEnd(9)} ${Object.entries(byTarget)
          .map(([t, v]) => `${t} ${v.statements}`)
          .join(', ')}`,
      );
    }
    console.log('SQL statements per request for the page of claims at 10 / 50 / 100 per page:');
    for (const [name, bySize] of Object.entries(results.statementsByPageSize)) {
      console.log(`  ${name.padEnd(15)} ${[10, 50, 100].map((n) => bySize[n] ?? '-').join(' / ')}`);
    }
    process.exit(0);
  }
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const out = values.out ?? `./data/bench/results-${results.parameters.claims}-${stamp}.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...results, goals: goals(results) }, null, 2)}\n`);
  console.log(`\n${formatReport(results)}\n\nresults written to ${out}`);
} catch (error) {
  if (error instanceof BenchFailure) {
    console.error(`\nbench: FAILED: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
