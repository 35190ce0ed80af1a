/**
 * In-process p50 of the issue 15 aggregates (and claimStats beside them) on a bench database, one request at a time through the
 * real Yoga server (no HTTP): the province with most claims (and every region inside it), KILLED.
 *   npm run bench:aggregates -- ./data/bench/claims-100000-seed-1.db [runs]
 * The queries take turns, one request each per round, so a machine that slows down for a while slows
 * every query alike. Garbage collection is timed per request (a GC observer), beside Node's flags:
 * the npm script runs with `npm start`'s.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { openDatabase } from '../src/db/client.ts';
import { readConfig } from '../src/config.ts';
import { createClaimgraph } from '../src/server/yoga.ts';

const [file, runsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/aggregates.ts <database file> [runs]');
const runs = Number(runsArg ?? 15);
// As the server opens it: CLAIMGRAPH_SQLITE_MMAP_MB=0 measures reads without the memory map.
const db = openDatabase(file, { mmapMb: readConfig().sqliteMmapMb });
const province = db.$client
  .prepare(
    `select r.id from regions r join regions s on s.parent_id = r.id or s.id = r.id join claims c on c.region_id = s.id
     where r.kind = 'PROVINCE' group by r.id order by count(*) desc limit 1`,
  )
  .get() as { id: number };
const region = Buffer.from(`Region:${province.id}`).toString('base64');
// Each query runs many times: without the answer cache, so each run computes its answer.
const config = readConfig({ CLAIMGRAPH_RATE_LIMIT: '0', CLAIMGRAPH_RESPONSE_CACHE_MB: '0' });
const yoga = createClaimgraph({ db, config });

const queries: Record<string, string> = {
  'claimSeries MONTH': `{ claimSeries(filter: { regionId: "${region}" }, metric: KILLED, bucket: MONTH) { lines { points { start low high value figures { claimant { label } value } } } } }`,
  'claimSeries WEEK': `{ claimSeries(filter: { regionId: "${region}" }, metric: KILLED, bucket: WEEK) { lines { points { start low high value claims { statement } } } } }`,
  'claimGroups CLAIMANT,MONTH': `{ claimGroups(filter: { regionId: "${region}" }, by: [CLAIMANT, MONTH]) { groups { count claimant { label } month claims { statement } } } }`,
  territoryBalance: `{ territoryBalance(regionId: "${region}", bucket: MONTH) { periods { start sides { side { name } net { value } } } } }`,
  'compareClaims KILLED': `{ compareClaims(question: { metric: KILLED, regionId: "${region}" }) { comparisons { unit spread contradictions agreed { low high } figures { value claimant { label } } pairs { relation } } } }`,
  'contradictions first 20': `{ contradictions(filter: { regionId: "${region}" }, first: 20) { totalCount edges { node { kind first { statement } second { statement } } } } }`,
  'claimStats (for reference)': `{ claimStats(filter: { regionId: "${region}" }) { count quantities { metric unit low high claims } } }`,
  trackRecords: `{ trackRecords(filter: { regionId: "${region}" }) { claimant { label } claims revised contradicted corroborated denied } }`,
};

let collecting = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collecting += entry.duration;
}).observe({ entryTypes: ['gc'] });
// The observer hears of a collection on a later timer tick: let one pass before reading.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** One request: its wall time and the collection time reported during it, or the code it was refused with. */
async function time(query: string): Promise<{ ms: number; gc: number } | { refused: string }> {
  await settle();
  const gcBefore = collecting;
  const started = performance.now();
  const response = await yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  const ms = performance.now() - started;
  await settle();
  if (body.errors) return { refused: String(body.errors[0]?.extensions?.code) };
  return { ms, gc: collecting - gcBefore };
}

console.log(
  `node ${process.version} ${process.execArgv.filter((arg) => arg.startsWith('--max')).join(' ') || '(default heap flags)'}, ` +
    `SQLite memory map ${db.$client.pragma('mmap_size', { simple: true })} bytes`,
);
const results = new Map(Object.keys(queries).map((name) => [name, { ms: [] as number[], gc: 0 }]));
const refused = new Map<string, string>();
// Two warm-up rounds, then `runs` measured ones.
for (let round = 0; round < runs + 2; round++) {
  for (const [name, query] of Object.entries(queries)) {
    if (refused.has(name)) continue;
    const result = await time(query);
    // A refusal (time or cost limit) is a figure too: say it and leave the query out of later rounds.
    if ('refused' in result) refused.set(name, result.refused);
    else if (round >= 2) {
      results.get(name)!.ms.push(result.ms);
      results.get(name)!.gc += result.gc;
    }
  }
}
for (const [name, { ms, gc }] of results) {
  if (refused.has(name)) {
    console.log(`${name.padEnd(28)} refused: ${refused.get(name)}`);
    continue;
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(28)} p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms  (min ${ms[0]!.toFixed(1)}, max ${ms.at(-1)!.toFixed(1)}, ${runs} runs; collecting garbage ${(gc / ms.length).toFixed(1)} ms a request)`,
  );
}
