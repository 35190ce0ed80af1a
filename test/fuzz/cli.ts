// npm run fuzz -- [--requests N] [--seed S] [--concurrency C]: the fuzz test's run, as long as
// asked, against a production server process on a temporary database; prints what was answered,
// the server's memory before, at its peak and after, and every failure (exit status 1 if any).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../spawned.ts';
import { describeFailures, fuzz } from './session.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
  },
});
const [requests, seed, concurrency] = [values.requests, values.seed, values.concurrency].map(Number) as [
  number,
  number,
  number,
];
const writeToken = 'fuzz-write-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'claimgraph-fuzz-'));
const server = await startServerProcess({
  CLAIMGRAPH_DB: join(dir, 'fuzz.db'),
  CLAIMGRAPH_WRITE_TOKEN: writeToken,
  CLAIMGRAPH_RATE_LIMIT: '0',
});
const started = performance.now();
try {
  const report = await fuzz(server, { requests, seed, concurrency, writeToken });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz: ${report.requests} requests answered of ${requests} (seed ${seed}, concurrency ${concurrency}) in ${seconds.toFixed(1)} s`,
  );
  console.log(`statuses: ${JSON.stringify(report.statuses)}`);
  console.log(`error codes: ${JSON.stringify(report.codes)}`);
  if (report.rssMb)
    console.log(
      `server RSS: ${report.rssMb.before} MB before, ${report.rssMb.peak} MB peak, ${report.rssMb.after} MB after`,
    );
  console.log(`server RSS after each tenth of the requests (MB): ${report.rssByTenth.join(', ')}`);
  console.log(
    report.failures.length
      ? `${report.failures.length} failures:\n${describeFailures(report.failures, 20)}`
      : 'no failures',
  );
  process.exitCode = report.failures.length ? 1 : 0;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
