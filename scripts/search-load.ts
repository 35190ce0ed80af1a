/**
 * What a search costs the server, measured on a built claimgraph (dist/) over a given database:
 * the fifteen-alias one-letter prefix search (time and priced cost), then an ordinary query's
 * latency alone and while four clients send the worst search the cost limit allows.
 *
 *   node --import tsx scripts/search-load.ts --db ./data/bench/claims-100000-seed-1.db [--root .] [--seconds 15]
 *
 * --root is the checkout whose dist/ runs (build it first), so two versions can be compared.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    root: { type: 'string', default: '.' },
    seconds: { type: 'string', default: '15' },
    port: { type: 'string', default: '4710' },
  },
});
if (!values.db) throw new Error('--db is required');
const seconds = Number(values.seconds);
const root = resolve(values.root);

async function startServer(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['dist/cli/serve.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      CLAIMGRAPH_DB: resolve(values.db!),
      CLAIMGRAPH_LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/live`)).ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not start');
}

const post = async (url: string, query: string) => {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
  return { ms: performance.now() - started, body };
};

const letters = 'abcdefghijklmno'.split('');
const aliased = (terms: string[], args: string, selection: string) =>
  `{ ${terms.map((term, i) => `s${i}: search(query: "${term}"${args}) ${selection}`).join(' ')} }`;
const fifteen = aliased(letters, '', '{ totalCount }');
const heavy = (terms: string[]) =>
  aliased(terms, ', first: 100', '{ totalCount edges { score snippet node { __typename } } }');
const ordinary = '{ claims(first: 20) { edges { node { statement kind article { title } claimant { label } } } } }';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Prices come from a server whose limit is 1: every operation is refused with its cost.
const pricing = await startServer(Number(values.port) + 1, { CLAIMGRAPH_MAX_COST: '1' });
const priceOf = async (query: string) =>
  ((await post(pricing.url, query)).body.errors?.[0]?.extensions?.cost as { actual: number } | undefined)?.actual;
const fifteenCost = await priceOf(fifteen);

const server = await startServer(Number(values.port));
try {
  const times: number[] = [];
  let answer: unknown;
  for (let i = 0; i < 5; i++) {
    const { ms, body } = await post(server.url, fifteen);
    times.push(ms);
    answer = body.errors ? body.errors.map((e) => e.extensions?.code) : 'data';
  }
  console.log(
    `fifteen one-letter searches with totalCount: cost ${fifteenCost}, median ${median(times).toFixed(0)} ms (${JSON.stringify(answer)})`,
  );

  // The worst search a client may send: among candidate terms and alias counts the limit allows, the slowest.
  const candidates = ['a', 'e', 'the', 'and', 'con', 'pro', 'rus', 'forces', 'ukr'];
  let worst = { query: '', ms: 0, label: '' };
  for (const term of candidates) {
    for (const count of [15, 10, 5, 2, 1]) {
      const query = heavy(Array(count).fill(term));
      const { ms, body } = await post(server.url, query);
      if (body.errors) continue;
      if (ms > worst.ms)
        worst = { query, ms, label: `${count} x search("${term}", first: 100) with totalCount, snippets` };
      break;
    }
  }
  console.log(
    `worst allowed search: ${worst.label}, ${worst.ms.toFixed(0)} ms alone, cost ${await priceOf(worst.query)}`,
  );

  const run = (query: string, connections: number) =>
    autocannon({
      url: `${server.url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
      body: JSON.stringify({ query }),
      connections,
      duration: seconds,
    });
  const alone = await run(ordinary, 1);
  console.log(
    `ordinary query alone: p50 ${alone.latency.p50} ms, p99 ${alone.latency.p99} ms, ${alone.requests.average} req/s`,
  );
  const [loaded, searches] = await Promise.all([run(ordinary, 1), run(worst.query, 4)]);
  console.log(
    `ordinary query beside 4 clients of the worst search: p50 ${loaded.latency.p50} ms, p99 ${loaded.latency.p99} ms, ` +
      `max ${loaded.latency.max} ms, ${loaded.requests.total} answered, ${loaded.timeouts} timed out; ` +
      `searches p50 ${searches.latency.p50} ms, ${searches.requests.total} answered, non-2xx ${searches.non2xx}`,
  );
} finally {
  server.stop();
  pricing.stop();
}
