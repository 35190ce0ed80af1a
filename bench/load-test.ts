/**
 * `npm run load`: starts the server (production configuration, example dataset, a fresh database
 * file) on 127.0.0.1, drives it with autocannon for a bounded time with the README's example
 * queries mixed with bad requests, and reports throughput, latency, answers by status and the
 * server's memory. Options: --duration <s> (60), --connections <n> (50), --profile <dir> (the server
 * writes a V8 CPU profile of the whole run there, for Chrome DevTools or `node --cpu-prof` readers).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Request as LoadRequest } from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    profile: { type: 'string' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const root = new URL('..', import.meta.url);

// The README's example queries, as the README shows them (test/readme.test.ts keeps them true).
const readme = readFileSync(new URL('README.md', root), 'utf8');
const examples = [
  ...readme
    .slice(readme.indexOf('## Example queries'), readme.indexOf('## How numbers are modelled'))
    .matchAll(/```graphql\n([\s\S]*?)```/g),
].map((m) => m[1]!);

const json = { 'content-type': 'application/json' };
const good: LoadRequest[] = examples.map((query) => ({
  method: 'POST',
  path: '/graphql',
  headers: json,
  body: JSON.stringify({ query }),
}));
const bad = [
  // over the alias limit, over the cost budget, too deep, an unknown field: refused before execution
  { query: `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: claims { totalCount }`).join(' ')} }` },
  {
    query:
      '{ actors(first: 100) { edges { node { claims(first: 100) { edges { node { statement subjects { name } } } } } } } }',
  },
  { query: `{ actors { edges { node { ${'parent { '.repeat(20)}name${' }'.repeat(20)} } } } }` },
  { query: '{ claimz { totalCount } }' },
  // a page size the field refuses
  { query: '{ claims(first: 1000) { totalCount } }' },
].map((body): LoadRequest => ({ method: 'POST', path: '/graphql', headers: json, body: JSON.stringify(body) }));
bad.push(
  { method: 'POST', path: '/graphql', headers: json, body: '{"query": "{ claims {' }, // malformed JSON
  {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'query=%7B__typename%7D',
  }, // a form POST without the CSRF header
);
// Every README query twice, then the bad ones: a third of the traffic is bad.
const requests = [...good, ...good, ...bad];

/** Resident memory of a process, in MB, from /proc (Linux) or ps. */
async function rssMb(pid: number): Promise<number> {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
  } catch {
    const ps = spawn('ps', ['-o', 'rss=', '-p', String(pid)]);
    let out = '';
    ps.stdout.on('data', (chunk) => (out += chunk));
    await new Promise((resolve) => ps.on('close', resolve));
    return Number(out.trim()) / 1024;
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux; undefined elsewhere).
 * Per request it is the figure that holds on a shared machine, where throughput and latency
 * follow whatever else runs.
 */
function cpuSeconds(pid: number): number | undefined {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ, 100)
  } catch {
    return undefined;
  }
}

/** Server-side durations from the request log, by operation name (or by status for requests that named none). */
const serverTimes = new Map<string, number[]>();
function recordLogLine(line: string) {
  if (!line.startsWith('{')) return;
  const entry = JSON.parse(line) as { msg?: string; operation?: string; status?: number; durationMs?: number };
  if (entry.msg !== 'request' || entry.durationMs === undefined) return;
  const key = entry.operation ?? `(no operation, ${entry.status})`;
  if (!serverTimes.has(key)) serverTimes.set(key, []);
  serverTimes.get(key)!.push(entry.durationMs);
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** A port nothing listens on now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * `npm start`'s own command (the compiled server: run `npm run build` after changing the source),
 * with the production configuration. One client sending thousands of requests a second is what the
 * rate limit exists to stop, so it is raised for this run (its check still runs on every request),
 * unless CLAIMGRAPH_RATE_LIMIT is set. Its request log goes to a file,
 * read after the run: a pipe read by this busy process would fill up and stall the server's writes.
 */
function startServer(databaseFile: string, port: number, logFile: string) {
  const log = openSync(logFile, 'w');
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profile, 'dist/cli/serve.js'], {
    cwd: root,
    env: {
      CLAIMGRAPH_RATE_LIMIT: '100000000',
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      CLAIMGRAPH_DB: databaseFile,
    },
    stdio: ['ignore', log, 'inherit'],
  });
  closeSync(log);
  return child;
}

/** The request log written since byte `from`, summarised; returns how many lines it had. */
function readLog(logFile: string, from: number) {
  const lines = readFileSync(logFile).subarray(from).toString().split('\n').filter(Boolean);
  for (const line of lines) recordLogLine(line);
  return lines.length;
}

/** Waits until the server answers /live, or fails if it exits or 30 s pass. */
async function ready(url: string, child: ChildProcess) {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (const until = Date.now() + 30_000; Date.now() < until && !exited;) {
    const live = await fetch(`${url}/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(exited ? 'the server exited while starting' : 'the server did not start within 30 s');
}

const dir = mkdtempSync(join(tmpdir(), 'claimgraph-load-'));
const url = `http://127.0.0.1:${await freePort()}`;
const logFile = join(dir, 'server.log');
const child = startServer(join(dir, 'load.db'), Number(new URL(url).port), logFile);
// Whatever happens, nothing outlives the run for long.
const deadline = setTimeout(
  () => {
    console.error('load: the run took too long, stopping');
    child.kill('SIGKILL');
    process.exit(1);
  },
  (duration + 90) * 1000,
).unref();

try {
  await ready(url, child);
  // A short warm-up first (not counted): the first requests compile code and fill caches.
  await autocannon({ url, connections: 10, duration: Math.min(5, duration), requests });
  const memory: { at: number; mb: number }[] = [{ at: 0, mb: await rssMb(child.pid!) }];
  const started = Date.now();
  const sampler = setInterval(
    async () => memory.push({ at: (Date.now() - started) / 1000, mb: await rssMb(child.pid!) }),
    1_000,
  );
  console.log(
    `load: ${connections} connections for ${duration} s (after a 5 s warm-up) against ${url}/graphql ` +
      `(${good.length} README queries twice and ${bad.length} bad requests, in turn)`,
  );
  const logFrom = statSync(logFile).size;
  const cpuBefore = cpuSeconds(child.pid!);
  const result = await autocannon({ url, connections, duration, requests });
  const cpuAfter = cpuSeconds(child.pid!);
  const logLines = readLog(logFile, logFrom);
  clearInterval(sampler);
  memory.push({ at: (Date.now() - started) / 1000, mb: await rssMb(child.pid!) });

  const after = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ query: '{ claims { totalCount } }' }),
  });
  const stillAnswers = after.status === 200 && JSON.stringify(await after.json()).includes('totalCount');

  const warmedUp = memory.find((m) => m.at >= Math.min(10, duration / 2)) ?? memory[0]!;
  const end = memory.at(-1)!;
  const byStatus = Object.fromEntries(
    Object.entries(result.statusCodeStats as Record<string, { count: number }>).map(([s, { count }]) => [s, count]),
  );
  const fiveHundreds = Object.entries(byStatus)
    .filter(([status]) => status.startsWith('5'))
    .reduce((n, [, count]) => n + count, 0);
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  console.log(
    `
machine          ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; autocannon runs beside the server
requests         ${result.requests.total} in ${result.duration} s: ${result.requests.average.toFixed(0)} requests/s on average
latency          p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms
server CPU       ${cpuBefore === undefined || cpuAfter === undefined ? 'not measured (no /proc)' : `${(((cpuAfter - cpuBefore) * 1000) / result.requests.total).toFixed(3)} ms per request (user + system, ${(cpuAfter - cpuBefore).toFixed(1)} s in all)`}
answers          ${Object.entries(byStatus)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ')}
connection errors ${result.errors}, timeouts ${result.timeouts}
server memory    RSS ${mb(memory[0]!.mb)} at the start, ${mb(warmedUp.mb)} after ${warmedUp.at.toFixed(0)} s, ${mb(end.mb)} at the end (peak ${mb(Math.max(...memory.map((m) => m.mb)))})
                 every 10 s: ${memory
                   .filter((m, i) => i === 0 || Math.floor(m.at / 10) > Math.floor(memory[i - 1]!.at / 10))
                   .map((m) => m.mb.toFixed(0))
                   .join(', ')} MB
server log       ${logLines} lines${serverTimes.size ? '; time spent in the server per request (ms, p50 / p99 / max):' : ' (request log off)'}${[
      ...serverTimes,
    ]
      .map(([operation, times]) => {
        const sorted = times.sort((a, b) => a - b);
        return `\n                 ${operation.padEnd(26)} ${percentile(sorted, 0.5)} / ${percentile(sorted, 0.99)} / ${sorted.at(-1)}`;
      })
      .join('')}
after the run    a normal query ${stillAnswers ? 'succeeds' : 'FAILS'}
targets          5xx: ${fiveHundreds === 0 ? 'none' : `${fiveHundreds} (target: none)`}; ` +
      `p99 ${result.latency.p99} ms (target < 100 ms): ${result.latency.p99 < 100 ? 'met' : 'missed'}; ` +
      `memory from ${warmedUp.at.toFixed(0)} s to the end: ${end.mb - warmedUp.mb >= 0 ? '+' : ''}${mb(end.mb - warmedUp.mb)}` +
      // Requests spread evenly over the run: those after the warmed-up sample.
      ` (${((end.mb - warmedUp.mb) / ((result.requests.total * (1 - warmedUp.at / end.at)) / 1000)).toFixed(2)} MB per 1000 requests)`,
  );
  process.exitCode = fiveHundreds === 0 && result.errors === 0 && stillAnswers ? 0 : 1;
} finally {
  clearTimeout(deadline);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) {
      console.error(`load: the server exited with ${code} on SIGTERM`);
      process.exitCode = 1;
    }
  } else {
    process.exitCode = 1;
  }
  rmSync(dir, { recursive: true, force: true });
}
