import type { BenchResults, Stat } from './runner.ts';

export interface Goal {
  goal: string;
  /** Null when this run did not measure what the goal needs. */
  met: boolean | null;
  measured: string;
  /** The issue states some goals at a given size; a run on another size still reports them, flagged. */
  statedAt?: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const x = (s: Stat | undefined) =>
  s ? `${s.median.toFixed(2)}x (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : 'not measured';

/** Issue 17's performance goals, checked against one run: ratios within it, latencies of lone requests. */
export function goals(results: BenchResults): Goal[] {
  const r = results.ratios;
  const s = results.summary;
  const list: Goal[] = [];
  const ratioGoal = (goal: string, stat: Stat | undefined, min: number) =>
    list.push({ goal, met: stat ? stat.median >= min : null, measured: x(stat) });
  ratioGoal('(e) node >= 1.2x the naive server', r.e?.['claimgraph/naive'], 1.2);
  ratioGoal('(e) node >= 0.6x the ceiling', r.e?.['claimgraph/ceiling'], 0.6);
  ratioGoal('(a) page of 50 >= 2x the naive server', r.a?.['claimgraph/naive'], 2);
  ratioGoal('(a) page of 50 >= 0.4x the floor', r.a?.['claimgraph/floor'], 0.4);
  ratioGoal('(b) deep page >= 3x the naive server', r.b?.['claimgraph/naive'], 3);
  ratioGoal('(d) rare search >= 1x the naive server', r['d-rare']?.['claimgraph/naive'], 1);
  ratioGoal('(d) common search within 10% of the floor (>= 0.9x)', r['d-common']?.['claimgraph/floor'], 0.9);

  // A lone request's latency where the run measured it (one connection), else the loaded p50.
  const stats = results.latency?.c?.claimgraph?.p50 ?? s.c?.claimgraph?.p50;
  const alone = results.latency?.c?.claimgraph !== undefined;
  list.push({
    goal: '(c) claimStats p50 < 40 ms for a lone request',
    met: stats ? Number.isFinite(stats.median) && stats.median < 40 : null,
    measured: stats
      ? `${range(stats, 2)} ms (${alone ? 'one connection' : `${results.options.connections} connections`})`
      : 'not measured',
    statedAt: 1_000_000,
  });
  const rss = Object.values(s)
    .map((q) => q.claimgraph?.maxRssBytes)
    .filter((v): v is number => v !== undefined);
  const anon = Object.values(s)
    .map((q) => q.claimgraph?.anonRssMaxBytes)
    .filter((v): v is number => typeof v === 'number');
  // RSS counts the database pages SQLite maps as well; the process's own memory is said beside it.
  const own = anon.length
    ? `; without the mapped database file (RssAnon) at most ${mb(Math.max(...anon)).toFixed(0)} MB`
    : '';
  list.push({
    goal: 'claimgraph RSS < 300 MB',
    met: rss.length ? mb(Math.max(...rss)) < 300 : null,
    measured: rss.length ? `peak ${mb(Math.max(...rss)).toFixed(0)} MB${own}` : 'not measured',
    statedAt: 1_000_000,
  });
  const startup = results.startup.npmStartMs;
  list.push({
    goal: 'start-up (migrations checked, ready to answer) < 1 s in every round',
    met: startup.length ? Math.max(...startup) < 1000 : null,
    measured: startup.length
      ? `slowest ${Math.max(...startup).toFixed(0)} ms of ${startup.map((v) => v.toFixed(0)).join(', ')} (npm start, from spawning node to its first answer)`
      : 'not measured',
  });

  const pages = results.statementsByPageSize.claimgraph;
  const counts = pages ? [10, 50, 100].map((n) => pages[n]) : [];
  list.push({
    goal: 'SQL statements per request the same at page sizes 10, 50, 100',
    met: counts.length === 3 ? new Set(counts).size === 1 : null,
    measured: counts.length === 3 ? counts.join(' / ') : 'not measured',
  });
  return list;
}

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));
const range = (s: Stat, digits: number) =>
  Number.isFinite(s.median) ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : '-';

/** The human-readable report: one block per query, then ratios, then the goals. */
export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const claims = results.parameters.claims;
  const m = results.machine;
  out.push(
    `claimgraph bench: ${claims.toLocaleString('en')} claims (${results.database.file}), ${results.options.rounds} round(s) x ${
      results.options.amount
        ? `${results.options.amount} requests`
        : `${results.options.duration} s (+${results.options.warmup} s warm-up)`
    }, ${results.options.connections} connections${varied(results.options.vary)}`,
  );
  out.push(
    `machine: ${m.cpus} x ${m.cpuModel}, Node ${m.node}; ${
      m.pinning
        ? `servers on CPU ${m.pinning.serverCpu}, autocannon on CPU ${m.pinning.loadCpu}`
        : `NOT pinned (${m.unpinnedBecause})`
    }; load average ${m.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')} at start, ${m.loadAverageAtEnd
      .map((v) => v.toFixed(2))
      .join(' ')} at end${results.label ? `\nlabel: ${results.label}` : ''}`,
  );
  out.push('figures: median of the rounds (min–max); latency in ms; statements per request counted, not estimated');
  const queries = [...results.queries, { id: 'hello', description: '{ hello } (the ceiling)', operationName: 'Hello' }];
  for (const query of queries) {
    const rows = results.summary[query.id];
    if (!rows) continue;
    out.push('', `(${query.id}) ${query.description}`);
    out.push(
      `  ${pad('target', 15)} ${pad('req/s', 26, true)} ${pad('p50 ms', 24, true)} ${pad('p99 ms', 24, true)} ${pad('SQL/req', 8, true)} ${pad('RSS MB', 7, true)} ${pad('own MB', 7, true)}`,
    );
    for (const [name, row] of Object.entries(rows)) {
      out.push(
        `  ${pad(name, 15)} ${pad(range(row.requestsPerSecond, 0), 26, true)} ${pad(range(row.p50, 2), 24, true)} ${pad(range(row.p99, 2), 24, true)} ${pad(String(row.statements ?? '-'), 8, true)} ${pad(mb(row.rssMaxBytes).toFixed(0), 7, true)} ${pad(row.anonRssMaxBytes == null ? '-' : mb(row.anonRssMaxBytes).toFixed(0), 7, true)}`,
      );
    }
    const ratios = results.ratios[query.id];
    if (ratios && Object.keys(ratios).length) {
      out.push(
        `  ratios: ${Object.entries(ratios)
          .map(([k, v]) => `${k} ${x(v)}`)
          .join('; ')}`,
      );
    }
  }
  if (results.latency && Object.keys(results.latency).length) {
    out.push('', 'one connection (latency of a lone request, no queueing):');
    out.push(
      `  ${pad('query', 9)} ${pad('target', 15)} ${pad('req/s', 26, true)} ${pad('p50 ms', 24, true)} ${pad('p99 ms', 24, true)}`,
    );
    for (const [queryId, rows] of Object.entries(results.latency)) {
      for (const [name, row] of Object.entries(rows)) {
        out.push(
          `  ${pad(queryId, 9)} ${pad(name, 15)} ${pad(range(row.requestsPerSecond, 0), 26, true)} ${pad(range(row.p50, 2), 24, true)} ${pad(range(row.p99, 2), 24, true)}`,
        );
      }
    }
  }
  out.push('', 'SQL statements per request for the page of claims at 10 / 50 / 100 per page:');
  for (const [name, bySize] of Object.entries(results.statementsByPageSize)) {
    out.push(`  ${pad(name, 15)} ${[10, 50, 100].map((n) => bySize[n] ?? '-').join(' / ')}`);
  }
  out.push(
    '',
    'start-up, ready to answer (ms): ' +
      Object.entries(results.startup.perTarget)
        .map(([n, t]) => `${n} ${t.readyMs.toFixed(0)}`)
        .join(', '),
  );
  out.push('', `goals (this database: ${claims.toLocaleString('en')} claims):`);
  for (const g of goals(results)) {
    const mark = g.met === null ? 'n/a ' : g.met ? 'MET ' : 'MISS';
    const stated = g.statedAt && g.statedAt !== claims ? ` [stated at ${g.statedAt.toLocaleString('en')} claims]` : '';
    out.push(`  ${mark} ${g.goal}: ${g.measured}${stated}`);
  }
  return out.join('\n');
}

/** How the pages and `node` were sent, when not the same request every time. */
export const varied = (sets: number | undefined) =>
  (sets ?? 1) > 1 ? `; pages and node sent with ${sets} sets of variables in turn` : '';
