/**
 * Prints a results file as the Markdown tables BENCHMARKS.md shows:
 * `node --import tsx bench/to-markdown.ts data/bench/results-....json`.
 */
import { readFileSync } from 'node:fs';
import { goals, varied } from './report.ts';
import { type BenchResults, type Stat, startupLabel } from './runner.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: node --import tsx bench/to-markdown.ts <results.json>');
  process.exit(2);
}
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
const fixed = (s: Stat | undefined, digits: number) =>
  s && s.median !== null && Number.isFinite(s.median)
    ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`
    : '–';
const o = results.options;
const out: string[] = [];
out.push(
  `**${results.parameters.claims.toLocaleString('en')} claims**, ${o.rounds} rounds of ${o.duration} s (+${o.warmup} s warm-up), ${o.connections} connections${varied(o.vary)}; ${
    results.machine.pinning
      ? `servers on CPU ${results.machine.pinning.serverCpu}, autocannon on CPU ${results.machine.pinning.loadCpu}`
      : 'not pinned'
  }; load average ${results.machine.loadAverageAtStart.map((v) => v.toFixed(1)).join(' ')} at start. Median (min–max) of the rounds.`,
  '',
  '| query | target | req/s | p50 ms | p99 ms | SQL/req | RSS MB | own MB |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
);
for (const [query, rows] of Object.entries(results.summary)) {
  for (const [name, row] of Object.entries(rows)) {
    out.push(
      `| ${query} | ${name} | ${fixed(row.requestsPerSecond, 0)} | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} | ${row.statements ?? '–'} | ${(row.rssMaxBytes / 1048576).toFixed(0)} | ${row.anonRssMaxBytes == null ? '–' : (row.anonRssMaxBytes / 1048576).toFixed(0)} |`,
    );
  }
}
out.push('', '| query | ratio | median (min–max) |', '| --- | --- | ---: |');
for (const [query, ratios] of Object.entries(results.ratios)) {
  for (const [name, stat] of Object.entries(ratios)) out.push(`| ${query} | ${name} | ${fixed(stat, 2)} |`);
}
if (results.latency && Object.keys(results.latency).length) {
  out.push(
    '',
    'One connection (a lone request, no queueing):',
    '',
    '| query | target | req/s | p50 ms | p99 ms |',
    '| --- | --- | ---: | ---: | ---: |',
  );
  for (const [query, rows] of Object.entries(results.latency)) {
    for (const [name, row] of Object.entries(rows)) {
      out.push(
        `| ${query} | ${name} | ${fixed(row.requestsPerSecond, 0)} | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} |`,
      );
    }
  }
}
const pages = Object.entries(results.statementsByPageSize)
  .map(([name, by]) => `${name} ${[10, 50, 100].map((n) => by[n]).join('/')}`)
  .join(', ');
out.push('', `SQL statements for the page at 10/50/100 claims: ${pages}.`);
out.push(`Start-up, ${startupLabel}: ${results.startup.npmStartMs.map((v) => v.toFixed(0)).join(', ')} ms.`);
out.push('', '| goal | | measured |', '| --- | --- | --- |');
for (const g of goals(results)) {
  const stated =
    g.statedAt && g.statedAt !== results.parameters.claims ? ` (stated at ${g.statedAt.toLocaleString('en')})` : '';
  out.push(`| ${g.goal}${stated} | ${g.met === null ? 'n/a' : g.met ? 'met' : '**missed**'} | ${g.measured} |`);
}
console.log(out.join('\n'));
