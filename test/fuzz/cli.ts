// npm run fuzz -- [--requests N] [--seed S] [--concurrency C] [--rounds R]: the fuzz test's run, as
// long as asked, R times over (seeds S, S+1, ...) against one production server process on a
// temporary database; prints what was answered, the server's RSS before, at its peak and after,
// its live heap after a forced garbage collection at each tenth (the server runs with --expose-gc),
// and every failure (exit status 1 if any). Each round has its own seed, so its query texts are new
// to the server's caches: a heap that stays flat through the later rounds means they are bounded
// (RSS may stay high after a peak: the allocator keeps freed pages).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../spawned.ts';
import { describeFailures, fuzz, memoryAfterGc } from './session.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '1' },
  },
});
const [requests, seed, concurrency, rounds] = [values.requests, values.seed, values.concurrency, values.rounds].map(
  Number,
) as [number, number, number, number];
const writeToken = 'fuzz-write-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'claimgraph-fuzz-'));
const server = await startServerProcess(
  {
    CLAIMGRAPH_DB: join(dir, 'fuzz.db'),
    CLAIMGRAPH_WRITE_TOKEN: writeToken,
    CLAIMGRAPH_RATE_LIMIT: '0',
  },
  ['--expose-gc'],
);
let failed = false;
try {
  const atStart = await memoryAfterGc(server);
  if (atStart)
    console.log(`server after GC at start: heap ${atStart.heapUsedMb} MB, external ${atStart.externalMb} MB`);
  for (let round = 1; round <= rounds; round++) {
    const roundSeed = seed + round - 1;
    const started = performance.now();
    const report = await fuzz(server, { requests, seed: roundSeed, concurrency, writeToken, heapCheckpoints: true });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz round ${round} of ${rounds}: ${report.requests} requests answered of ${requests} (seed ${roundSeed}, concurrency ${concurrency}) in ${seconds.toFixed(1)} s`,
    );
    console.log(`statuses: ${JSON.stringify(report.statuses)}`);
    console.log(`error codes: ${JSON.stringify(report.codes)}`);
    if (report.rssMb)
      console.log(
        `server RSS: ${report.rssMb.before} MB before, ${report.rssMb.peak} MB peak, ${report.rssMb.after} MB after`,
      );
    console.log(`server RSS after each tenth of the requests (MB): ${report.rssByTenth.join(', ')}`);
    console.log(`server heap after GC after each tenth (MB): ${report.heapAfterGcByTenth.join(', ')}`);
    console.log(`server external memory after GC after each tenth (MB): ${report.externalAfterGcByTenth.join(', ')}`);
    console.log(
      report.failures.length
        ? `${report.failures.length} failures:\n${describeFailures(report.failures, 20)}`
        : 'no failures',
    );
    failed ||= report.failures.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
