/**
 * In-process p50 of the issue 15 aggregates (and claimStats beside them) on a bench database, one request at a time through the
 * real Yoga server (no HTTP): the province with most claims (and every region inside it), KILLED.
 *   npm run bench:aggregates -- ./data/bench/claims-100000-seed-1.db [runs]
 */
import { openDatabase } from '../src/db/client.ts';
import { readConfig } from '../src/config.ts';
import { createClaimgraph } from '../src/server/yoga.ts';

const [file, runsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/aggregates.ts <database file> [runs]');
const runs = Number(runsArg ?? 15);
const db = openDatabase(file);
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

queries: for (const [name, query] of Object.entries(queries)) {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const response = await yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: unknown };
    const errors = body.errors as { extensions?: { code?: string } }[] | undefined;
    if (errors) {
      // A refusal (time or cost limit) is a figure too: say it and go on to the next query.
      console.log(
        `${name.padEnd(28)} refused after ${(performance.now() - started).toFixed(0)} ms: ${errors[0]?.extensions?.code}`,
      );
      continue queries;
    }
    if (i >= 2) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)]!;
  console.log(
    `${name.padEnd(28)} p50 ${p50.toFixed(1)} ms  (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}, ${runs} runs)`,
  );
}
