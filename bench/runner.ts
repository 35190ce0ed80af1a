import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { judge } from './compare.ts';
import { buildBenchDatabase, type Progress } from './data/generate.ts';
import type { LoadResult } from './load.ts';
import {
  choosePinning,
  compileTargets,
  LoadProcess,
  type Pinning,
  TargetProcess,
  timeServerStart,
} from './processes.ts';
import {
  type BenchQuery,
  chooseParameters,
  helloBenchQuery,
  type MixParameters,
  pageQuery,
  queryMix,
  requestBody,
  variablesOf,
} from './queries.ts';
import { answersMix, type TargetName } from './targets/index.ts';

/** What the start-up figure covers, in the log and the tables. */
export const startupLabel =
  'npm start (node dist/cli/serve.js) from spawning node to its first answer: modules, schema, migrations checked, listening';
export interface BenchOptions {
  database: string;
  /** Built with this size and seed when the file is missing. */
  claims: number;
  seed: number;
  targets: TargetName[];
  queries: string[];
  connections: number;
  /** Seconds of measured load per target and query in each round. */
  duration: number;
  /** Seconds of load before each measurement, not counted. */
  warmup: number;
  /** A fixed number of requests per measurement instead of a duration (for the test suite). */
  amount?: number;
  rounds: number;
  pinning: Pinning | null;
  /** How many extra times claimgraph is started alone to time its start-up. */
  startupRuns: number;
  /** Check every answer and count statements, but measure no throughput. */
  verifyOnly: boolean;
  /** Queries also measured with one connection, for latency without queueing (the issue's p50 goals). */
  latencyQueries: string[];
  /** Sets of variables the pages and `node` are sent with in turn (variablesOf); 1 sends the same request every time. */
  vary?: number;
  label?: string;
}

export interface Stat {
  median: number;
  min: number;
  max: number;
}

export interface RunRecord extends LoadResult {
  round: number;
  connections: number;
  query: string;
  target: TargetName;
  rssBytes: number;
  anonRssBytes: number | null;
}

export interface BenchResults {
  version: 1;
  label: string | null;
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    platform: string;
    pinning: Pinning | null;
    unpinnedBecause: string | null;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  options: Omit<BenchOptions, 'pinning'>;
  database: { file: string; bytes: number; rows: Record<string, number> };
  parameters: MixParameters;
  queries: { id: string; description: string; operationName: string }[];
  startup: {
    /** `npm start`'s compiled server started alone `startupRuns` times, from spawning node to its first answer. */
    npmStartMs: number[];
    perTarget: Record<string, { readyMs: number; spawnToReadyMs: number }>;
  };
  /** Per query and target: did it answer as the floor did, with how many SQL statements, in how many bytes. */
  verification: Record<string, Record<string, { statements: number; bytes: number }>>;
  statementsByPageSize: Record<string, Record<number, number>>;
  runs: RunRecord[];
  summary: Record<
    string,
    Record<
      string,
      {
        requestsPerSecond: Stat;
        p50: Stat;
        p99: Stat;
        statements: number | null;
        /** The largest RSS read right after a measurement of this query. */
        rssMaxBytes: number;
        /** The largest RSS without file pages (the memory-mapped database) read likewise; null off Linux. */
        anonRssMaxBytes: number | null;
        /** The process's peak RSS over the whole run (getrusage). */
        maxRssBytes: number;
      }
    >
  >;
  ratios: Record<string, Record<string, Stat>>;
  /** The same figures from the one-connection runs: latency of a lone request, no queueing. */
  latency: Record<string, Record<string, { requestsPerSecond: Stat; p50: Stat; p99: Stat }>>;
}

export class BenchFailure extends Error {}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** Median and range of the finite values (a run in which no request finished has no latency). */
const stat = (all: number[]): Stat => {
  const values = all.filter(Number.isFinite);
  return values.length
    ? { median: median(values), min: Math.min(...values), max: Math.max(...values) }
    : { median: NaN, min: NaN, max: NaN };
};
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '-');

async function post(url: string, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, text: await response.text() };
}

function tableRows(file: string) {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%drizzle%' and name not like 'search_index_%' order by name",
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((t) => [t, (sqlite.prepare(`select count(*) from "${t}"`).pluck().get() as number) ?? 0]),
    );
  } finally {
    sqlite.close();
  }
}

export async function runBench(
  options: BenchOptions,
  log: (line: string) => void = console.log,
): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg();
  if (!existsSync(options.database)) {
    log(
      `bench: ${options.database} is missing; building ${options.claims.toLocaleString('en')} claims (seed ${options.seed})`,
    );
    const rate = (p: Progress) => `${Math.round(p.rows / (p.elapsedMs / 1000)).toLocaleString('en')} rows/s`;
    const built = buildBenchDatabase(options.database, {
      claims: options.claims,
      seed: options.seed,
      onProgress: (p) =>
        log(`  ${p.claims.toLocaleString('en')} claims, ${p.rows.toLocaleString('en')} rows, ${rate(p)}`),
    });
    log(`bench: built in ${(built.elapsedMs / 1000).toFixed(1)} s`);
  }
  // Every target reads the schema claimgraph's migrations make today; the floors never migrate, so migrate first.
  closeDatabase(openDatabase(options.database));
  const parameters = chooseParameters(options.database);
  const rows = tableRows(options.database);
  const { pinning, why } = choosePinning(options.pinning);
  if (!pinning) log(`bench: NOT pinning servers and load to separate cores: ${why}`);
  const serverCpu = pinning?.serverCpu ?? null;

  const mix = queryMix(parameters).filter((q) => options.queries.includes(q.id));
  const measured = options.targets;
  // The floor is the reference every answer is checked against, measured or not.
  const running = new Map<TargetName, TargetProcess>();
  const processes: TargetProcess[] = [];
  let load: LoadProcess | undefined;

  try {
    // ------------------------------------------------------------ start-up, timed with nothing else starting
    const npmStartMs: number[] = [];
    for (let i = 0; i < options.startupRuns; i++) npmStartMs.push(await timeServerStart(options.database, serverCpu));
    if (options.startupRuns > 0) {
      log(`bench: ${startupLabel}: ${npmStartMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    }
    const serve = compileTargets();
    for (const name of new Set<TargetName>(['floor', ...measured])) {
      const process = await TargetProcess.start(serve, name, options.database, serverCpu);
      running.set(name, process);
      processes.push(process);
    }
    const perTarget = Object.fromEntries(
      [...running].map(([name, p]) => [name, { readyMs: p.ready.readyMs, spawnToReadyMs: p.ready.spawnToReadyMs }]),
    );

    // ------------------------------------------------------------ every answer checked against the floor
    const floor = running.get('floor')!;
    const verification: BenchResults['verification'] = {};
    // `${query}|${target}` -> what it sends under load, each with the exact body to expect
    const expected = new Map<string, { body: string; expectBody: string }[]>();
    const problems: string[] = [];
    const variantsOf = (query: BenchQuery) =>
      variablesOf(query, parameters, options.vary ?? 1).map((variables) => ({ ...query, variables }));
    const check = async (
      query: BenchQuery,
      targets: TargetName[],
      reference: (query: BenchQuery) => Promise<unknown>,
    ) => {
      verification[query.id] = {};
      const variants = variantsOf(query);
      const references = [];
      for (const variant of variants) references.push(await reference(variant));
      for (const name of targets) {
        const target = running.get(name)!;
        const sent: { body: string; expectBody: string }[] = [];
        for (const [i, variant] of variants.entries()) {
          const body = requestBody(variant);
          const first = await post(target.ready.url, body);
          const verdict = judge(references[i], first.text, first.status);
          if (!verdict.ok) {
            problems.push(`${name} on ${query.id}${i ? ` (variables ${i + 1})` : ''}: ${verdict.problem}`);
            break;
          }
          // The second answer counts statements (nothing one-off) and must be byte-identical: under load every response is compared with it.
          const before = await target.stats();
          const second = await post(target.ready.url, body);
          const after = await target.stats();
          if (second.text !== first.text)
            problems.push(`${name} on ${query.id}: two answers to the same request differ`);
          if (i === 0)
            verification[query.id]![name] = {
              statements: after.statements - before.statements,
              bytes: second.text.length,
            };
          sent.push({ body, expectBody: second.text });
        }
        expected.set(`${query.id}|${name}`, sent);
      }
    };
    const mixTargets = [...running.keys()].filter(answersMix);
    const referenceFor = async (query: BenchQuery): Promise<unknown> => {
      const answer = await post(floor.ready.url, requestBody(query));
      const parsed = JSON.parse(answer.text);
      if (answer.status !== 200 || parsed.errors || !parsed.data) {
        throw new BenchFailure(`the floor itself failed on ${query.id}: ${answer.text.slice(0, 300)}`);
      }
      return parsed.data;
    };
    for (const query of mix) await check(query, mixTargets, referenceFor);
    if (running.has('ceiling')) await check(helloBenchQuery, ['ceiling'], async () => ({ hello: 'world' }));

    const statementsByPageSize: BenchResults['statementsByPageSize'] = {};
    for (const size of [10, 50, 100]) {
      const query = { ...pageQuery(parameters, size), id: `page-${size}` };
      await check(query, mixTargets, referenceFor);
      for (const name of mixTargets) {
        const counted = verification[query.id]?.[name];
        if (counted) (statementsByPageSize[name] ??= {})[size] = counted.statements;
      }
      delete verification[query.id];
    }
    if (problems.length > 0) {
      throw new BenchFailure(`targets answered wrongly, so nothing was measured:\n  - ${problems.join('\n  - ')}`);
    }
    log(
      `bench: every target answered every query as the floor did (${mix.length} queries, ${mixTargets.length} targets)`,
    );

    // ------------------------------------------------------------ load: rounds x queries x targets, interleaved
    const runs: RunRecord[] = [];
    if (!options.verifyOnly) {
      load = LoadProcess.start(pinning?.loadCpu ?? null);
      type Step = { query: BenchQuery; targets: TargetName[]; connections: number };
      const plan: Step[] = [
        ...mix.map((query) => ({ query, targets: measured.filter(answersMix), connections: options.connections })),
        ...(measured.includes('ceiling')
          ? [{ query: helloBenchQuery, targets: ['ceiling' as TargetName], connections: options.connections }]
          : []),
        ...mix
          .filter((query) => options.latencyQueries.includes(query.id))
          .map((query) => ({ query, targets: measured.filter(answersMix), connections: 1 })),
      ];
      const total = options.rounds * plan.reduce((n, p) => n + p.targets.length, 0);
      for (let round = 1; round <= options.rounds; round++) {
        for (const { query, targets, connections } of plan) {
          // Each round starts the rotation one target later, so no target always runs first or right after another.
          const shift = (round - 1) % targets.length;
          for (const name of [...targets.slice(shift), ...targets.slice(0, shift)]) {
            const target = running.get(name)!;
            const result = await load.run({
              url: target.ready.url,
              requests: expected.get(`${query.id}|${name}`)!,
              connections,
              duration: options.duration,
              warmup: options.warmup,
              amount: options.amount,
            });
            const failed = result.non2xx + result.errors + result.timeouts + result.mismatches;
            if (failed > 0) {
              throw new BenchFailure(
                `${name} on ${query.id} under load: ${result.requests} requests, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ${result.mismatches} answers unlike the verified one`,
              );
            }
            if (result.requests === 0) {
              log(
                `  warning: no ${name} answer to ${query.id} finished within ${options.duration} s; give a longer --duration`,
              );
            }
            // Requests still in flight when the run ended keep the server busy (the naive server's
            // claimStats takes seconds): one more request, answered after them, keeps that work
            // out of the next measurement.
            await post(target.ready.url, requestBody(query));
            const { rssBytes, anonRssBytes } = await target.stats();
            runs.push({ round, connections, query: query.id, target: name, ...result, rssBytes, anonRssBytes });
            log(
              `  [${runs.length}/${total}] round ${round} ${query.id.padEnd(8)} ${name.padEnd(14)} ${String(connections).padStart(3)} conn ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${ms(result.p50)}  p99 ${ms(result.p99)}`,
            );
          }
        }
      }
    }

    // ------------------------------------------------------------ summary
    const summary: BenchResults['summary'] = {};
    const maxRss = new Map<string, number>();
    for (const [name, process] of running) maxRss.set(name, (await process.stats()).maxRssBytes);
    const loaded = runs.filter((r) => r.connections === options.connections);
    for (const { query: queryId, target: name } of loaded) {
      if (summary[queryId]?.[name]) continue;
      const these = loaded.filter((r) => r.query === queryId && r.target === name);
      (summary[queryId] ??= {})[name] = {
        requestsPerSecond: stat(these.map((r) => r.requestsPerSecond)),
        p50: stat(these.map((r) => r.p50)),
        p99: stat(these.map((r) => r.p99)),
        statements: verification[queryId]?.[name]?.statements ?? null,
        rssMaxBytes: Math.max(...these.map((r) => r.rssBytes)),
        anonRssMaxBytes: these.some((r) => r.anonRssBytes === null)
          ? null
          : Math.max(...these.map((r) => r.anonRssBytes!)),
        maxRssBytes: maxRss.get(name) ?? 0,
      };
    }

    const latency: BenchResults['latency'] = {};
    const alone = runs.filter((r) => r.connections === 1 && options.connections !== 1);
    for (const { query: queryId, target: name } of alone) {
      if (latency[queryId]?.[name]) continue;
      const these = alone.filter((r) => r.query === queryId && r.target === name);
      (latency[queryId] ??= {})[name] = {
        requestsPerSecond: stat(these.map((r) => r.requestsPerSecond)),
        p50: stat(these.map((r) => r.p50)),
        p99: stat(these.map((r) => r.p99)),
      };
    }

    const ratios: BenchResults['ratios'] = {};
    const perRound = (queryId: string, a: TargetName, b: TargetName, bQuery = queryId) => {
      const values: number[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        const x = loaded.find((r) => r.round === round && r.query === queryId && r.target === a);
        const y = loaded.find((r) => r.round === round && r.query === bQuery && r.target === b);
        if (x && y) values.push(x.requestsPerSecond / y.requestsPerSecond);
      }
      return values.length ? stat(values) : undefined;
    };
    for (const query of mix) {
      const r: Record<string, Stat | undefined> = {
        'claimgraph/floor': perRound(query.id, 'claimgraph', 'floor'),
        'claimgraph/floor-json': perRound(query.id, 'claimgraph', 'floor-json'),
        'claimgraph/naive': perRound(query.id, 'claimgraph', 'naive'),
        'claimgraph-jit/claimgraph': perRound(query.id, 'claimgraph-jit', 'claimgraph'),
        'claimgraph/ceiling': perRound(query.id, 'claimgraph', 'ceiling', 'hello'),
      };
      ratios[query.id] = Object.fromEntries(Object.entries(r).filter((e): e is [string, Stat] => e[1] !== undefined));
    }

    return {
      version: 1,
      label: options.label ?? null,
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        pinning,
        unpinnedBecause: pinning ? null : (why ?? null),
        loadAverageAtStart,
        loadAverageAtEnd: loadavg(),
      },
      options: (({ pinning: _, ...rest }) => rest)(options),
      database: { file: options.database, bytes: statSync(options.database).size, rows },
      parameters,
      queries: mix.map(({ id, description, operationName }) => ({ id, description, operationName })),
      startup: { npmStartMs, perTarget },
      verification,
      statementsByPageSize,
      runs,
      summary,
      ratios,
      latency,
    };
  } finally {
    await load?.stop();
    await Promise.all(processes.map((p) => p.stop()));
  }
}

export const allQueryIds = ['a', 'b', 'c', 'd-common', 'd-rare', 'e'];
