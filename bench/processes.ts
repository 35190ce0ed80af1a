import { type ChildProcess, spawn, type SpawnOptions, spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './load.ts';

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const repository = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * Compiles the targets, the product's src/ and bench/ alike, to plain JavaScript in
 * data/bench/build/ (tsc, as `npm run build` compiles src/ to dist/), beside copies of what they
 * read at run time (migrations, the example dataset, SDL, the worker script), and returns the
 * compiled bench/serve.js. Run from source through tsx, a target carried tsx's loader thread: about
 * 60 MB of its resident memory, and none of it the server's. Compiled anew for every run, so it
 * never measures stale code.
 */
export function compileTargets(): string {
  const out = repository('data/bench/build');
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', repository('bench/tsconfig.build.json')], {
    encoding: 'utf8',
  });
  if (compiled.status !== 0)
    throw new Error(`compiling the bench targets failed:\n${compiled.stdout}${compiled.stderr}`);
  cpSync(repository('src'), `${out}/src`, { recursive: true, filter: (file) => !file.endsWith('.ts') });
  cpSync(repository('migrations'), `${out}/migrations`, { recursive: true });
  return `${out}/bench/serve.js`;
}

/** Which cores the servers and the load generator run on; null when they cannot be pinned. */
export interface Pinning {
  serverCpu: number;
  loadCpu: number;
}

/** Pins only when taskset (util-linux) runs and the machine has two cores to give. */
export function choosePinning(wanted: Pinning | null): { pinning: Pinning | null; why?: string } {
  if (!wanted) return { pinning: null, why: 'pinning turned off (--no-pin)' };
  if (availableParallelism() < 2) return { pinning: null, why: 'fewer than two cores' };
  const probe = spawnSync('taskset', ['-c', String(wanted.serverCpu), 'true']);
  if (probe.error || probe.status !== 0) {
    return { pinning: null, why: 'taskset (util-linux) is missing or cannot pin here: apt-get install util-linux' };
  }
  return { pinning: wanted };
}

function spawnNode(file: string, args: string[], cpu: number | null, options: SpawnOptions = {}): ChildProcess {
  // The bench's own scripts run from source; the compiled server (dist/) is plain JavaScript.
  const node = [process.execPath, ...(file.endsWith('.ts') ? ['--import', 'tsx'] : []), file, ...args];
  const [command, ...rest] = cpu === null ? node : ['taskset', '-c', String(cpu), ...node];
  return spawn(command!, rest, { stdio: ['pipe', 'pipe', 'inherit'], ...options });
}

/**
 * Times `npm start`'s command, the compiled server (`node dist/cli/serve.js`, built by `npm ci`),
 * on `database`: from spawning node to its first answer, so loading modules, building the schema,
 * checking the migrations and listening all count.
 */
export async function timeServerStart(database: string, cpu: number | null): Promise<number> {
  const entry = fileURLToPath(new URL('../dist/cli/serve.js', import.meta.url));
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  const env = { ...process.env, NODE_ENV: 'production', CLAIMGRAPH_DB: database, HOST: '127.0.0.1', PORT: '0' };
  const started = performance.now();
  const child = spawnNode(entry, [], cpu, { env });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`the server exited with code ${code} while starting`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const serving = /serving .* at (http:\/\/[^"\s]+)/.exec(line);
        if (!serving) return;
        clearTimeout(timer);
        resolve(serving[1]!);
      });
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await response.text();
    if (response.status !== 200) throw new Error(`the server answered its first request with HTTP ${response.status}`);
    return performance.now() - started;
  } finally {
    child.removeAllListeners('exit');
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

/** What a target process reports once it answers. */
export interface ServerReady {
  target: string;
  url: string;
  control: string;
  listeningMs: number;
  readyMs: number;
  sinceProcessStartMs: number;
  /** Measured by the runner: from spawning the process to reading its ready line. */
  spawnToReadyMs: number;
  pid: number;
}

export interface ServerStats {
  statements: number;
  rssBytes: number;
  /** RSS without file pages (bench/serve.ts); null off Linux. */
  anonRssBytes: number | null;
  heapUsedBytes: number;
  maxRssBytes: number;
}

export class TargetProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: ServerReady,
  ) {}

  /** Starts `serve` (bench/serve.ts compiled by compileTargets) for one target and waits (at most a minute) for its ready line. */
  static async start(serve: string, target: string, database: string, cpu: number | null): Promise<TargetProcess> {
    const spawnedAt = performance.now();
    // Every target runs as the README deploys claimgraph (NODE_ENV=production), which also turns off
    // graphql-js's development checks (a realm check on every failed type test, per field executed).
    const child = spawnNode(serve, [target, database], cpu, { env: { ...process.env, NODE_ENV: 'production' } });
    const lines = createInterface({ input: child.stdout! });
    const ready = await new Promise<ServerReady>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${target} did not start within 60 s`)), 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${target} exited with code ${code} before it was ready`));
      });
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      });
    });
    child.removeAllListeners('exit');
    return new TargetProcess(child, { ...ready, spawnToReadyMs: performance.now() - spawnedAt });
  }

  async stats(): Promise<ServerStats> {
    const response = await fetch(`${this.ready.control}/stats`);
    return (await response.json()) as ServerStats;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The long-lived autocannon process: one job at a time. */
export class LoadProcess {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();
  private readonly lines: Interface;

  private constructor(private readonly child: ChildProcess) {
    this.lines = createInterface({ input: child.stdout! });
    this.lines.on('line', (line) => {
      const message = JSON.parse(line) as { id: number; result?: LoadResult; error?: string };
      const pending = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.result) pending?.resolve(message.result);
      else pending?.reject(new Error(`autocannon failed: ${message.error}`));
    });
    child.once('exit', (code) => {
      for (const pending of this.waiting.values()) pending.reject(new Error(`the load process exited (${code})`));
      this.waiting.clear();
    });
  }

  static start(cpu: number | null) {
    return new LoadProcess(spawnNode(script('./load.ts'), [], cpu));
  }

  run(job: LoadJob): Promise<LoadResult> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, job })}\n`);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
