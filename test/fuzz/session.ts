import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import type { ServerProcess } from '../spawned.ts';
import { type Operation, OperationGenerator, random } from './operations.ts';

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** Requests in flight at once. */
  concurrency?: number;
  writeToken: string;
  /** Milliseconds a request may take before the server counts as no longer answering. */
  answerWithinMs?: number;
  /** After each tenth, force a garbage collection in the server (needs --expose-gc) and record its heap. */
  heapCheckpoints?: boolean;
}

export interface Failure {
  index: number;
  why: string;
  operation?: Operation;
  answer?: unknown;
}

export interface FuzzReport {
  requests: number;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  failures: Failure[];
  /** The server's resident memory in MB: before the run, its peak during it, and after it. */
  rssMb: { before: number; peak: number; after: number } | null;
  /** The server's RSS in MB after each tenth of the requests: flat once warm, unless something grows. */
  rssByTenth: number[];
  /**
   * The server's live heap in MB after a forced garbage collection, after each tenth of the
   * requests; empty unless the server runs with --expose-gc. Flat across a second identical run
   * means every cache is bounded, whatever RSS does.
   */
  heapAfterGcByTenth: number[];
  /** Memory outside the V8 heap (buffers) at the same checkpoints. */
  externalAfterGcByTenth: number[];
}

/** Resident set size of a process in MB, from /proc (Linux); null elsewhere. */
function rssMbOf(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

export interface MemoryAfterGc {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  rssMb: number;
}

/**
 * Asks a server started with --expose-gc to collect garbage (SIGUSR2) and waits for the memory it
 * then logs; null when it logs nothing within `withinMs` (no --expose-gc, or not on POSIX).
 */
export async function memoryAfterGc(server: ServerProcess, withinMs = 10_000): Promise<MemoryAfterGc | null> {
  const reports = () => server.logs().filter((line) => line.memoryAfterGc);
  const seen = reports().length;
  if (!server.child.kill('SIGUSR2')) return null;
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    const fresh = reports().slice(seen);
    if (fresh.length) return fresh[0]!.memoryAfterGc as MemoryAfterGc;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}

/** What in one answer breaks the rules: a 5xx, an internal error, an error without a code. */
function problemsOf(status: number, body: unknown): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  const errors = (body as { errors?: { message?: string; extensions?: { code?: unknown } }[] } | null)?.errors ?? [];
  for (const error of errors) {
    const code = error.extensions?.code;
    if (code === undefined) problems.push(`error without a code: ${String(error.message).slice(0, 200)}`);
    else if (code === 'INTERNAL_SERVER_ERROR') problems.push(`internal error: ${String(error.message).slice(0, 200)}`);
  }
  return problems;
}

/**
 * Sends `requests` random operations built from the server's introspected schema (a fixed seed
 * makes the run repeatable) and collects every answer that breaks the rules, every request the
 * server did not answer, and every error it logged.
 */
export async function fuzz(server: ServerProcess, options: FuzzOptions): Promise<FuzzReport> {
  const { requests, seed, concurrency = 4, writeToken, answerWithinMs = 15_000 } = options;
  const introspection = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const { data } = (await introspection.json()) as { data: IntrospectionQuery };
  const generator = new OperationGenerator(buildClientSchema(data), random(seed));
  const report: FuzzReport = {
    requests: 0,
    statuses: {},
    codes: {},
    failures: [],
    rssMb: null,
    rssByTenth: [],
    heapAfterGcByTenth: [],
    externalAfterGcByTenth: [],
  };
  const count = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1);
  const pid = server.child.pid;
  const before = rssMbOf(pid);
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMbOf(pid) ?? 0)), 100);
  const logLinesBefore = server.logs().length;

  let next = 0;
  const worker = async () => {
    while (next < requests) {
      const index = next++;
      // Generated in index order, whichever worker takes it: the same seed gives the same run.
      const operation = generator.next();
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: index % 2 ? 'application/graphql-response+json' : 'application/json',
      };
      if (operation.kind === 'mutation' && operation.authorized) headers.authorization = `Bearer ${writeToken}`;
      let status: number;
      let body: unknown;
      try {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: operation.query, variables: operation.variables }),
          signal: AbortSignal.timeout(answerWithinMs),
        });
        status = response.status;
        const text = await response.text();
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      } catch (error) {
        report.failures.push({ index, why: `no answer: ${(error as Error).message}`, operation });
        if (!server.running()) return;
        continue;
      }
      report.requests++;
      count(report.statuses, String(status));
      for (const error of (body as { errors?: { extensions?: { code?: unknown } }[] })?.errors ?? [])
        count(report.codes, String(error.extensions?.code ?? 'none'));
      for (const why of problemsOf(status, body)) report.failures.push({ index, why, operation, answer: body });
      if (report.requests % Math.max(1, Math.floor(requests / 10)) === 0) {
        report.rssByTenth.push(rssMbOf(pid) ?? 0);
        if (options.heapCheckpoints) {
          const memory = await memoryAfterGc(server);
          if (memory) {
            report.heapAfterGcByTenth.push(memory.heapUsedMb);
            report.externalAfterGcByTenth.push(memory.externalMb);
          }
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearInterval(sampler);

  if (!server.running()) report.failures.push({ index: requests, why: `the server exited:\n${server.output()}` });
  else {
    const health = await fetch(`${server.url}/health`).catch((error: Error) => error);
    if (health instanceof Error || health.status !== 200)
      report.failures.push({ index: requests, why: `/health does not answer 200 after the run` });
  }
  for (const line of server.logs().slice(logLinesBefore))
    if (line.level >= 50) report.failures.push({ index: requests, why: `logged at level ${line.level}: ${line.msg}` });
  const after = rssMbOf(pid);
  if (before !== null && after !== null) report.rssMb = { before, peak: Math.max(peak, after), after };
  return report;
}

/** One line per failure, with the operation to replay it. */
export const describeFailures = (failures: Failure[], max = 10) =>
  failures
    .slice(0, max)
    .map(
      (f) =>
        `#${f.index} ${f.why}\n  ${f.operation?.query ?? ''}\n  variables: ${JSON.stringify(f.operation?.variables ?? {}).slice(0, 500)}\n  answer: ${JSON.stringify(f.answer ?? null).slice(0, 500)}`,
    )
    .join('\n');
