/**
 * One bench target in its own process, compiled first like the product (compileTargets in
 * processes.ts): `node data/bench/build/bench/serve.js <target> <database>`; from source,
 * `node --import tsx bench/serve.ts <target> <database>`.
 * Prints one JSON line when ready: the target's URL, a control URL, and how long start-up took.
 * The control server (its own port, never the target's) answers GET /stats with the SQL statement
 * count so far and the process's memory. The process ends on SIGTERM or when stdin closes.
 */
import { readFileSync } from 'node:fs';
import { installStatementCounter } from './statements.ts';
import { listen } from './targets/target.ts';
import { loadTarget } from './targets/index.ts';

const [name, file] = process.argv.slice(2);
if (!name || !file) {
  console.error('usage: node data/bench/build/bench/serve.js <target> <database>');
  process.exit(2);
}
const statements = installStatementCounter();

// Start-up as a user sees it runs from loading the server's modules (schema building included)
// to the first answer; `sinceProcessStartMs` adds Node's own boot.
const started = performance.now();
const target = await loadTarget(name);
const running = await target.start(file);
const listeningMs = performance.now() - started;
// Ready means answering a GraphQL request; the floors have no GraphQL to ask, so they count as ready once listening.
const probe =
  target.answersMix && !name.startsWith('floor') ? '{ __typename }' : target.answersMix ? null : '{ hello }';
if (probe) {
  const response = await fetch(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: probe }),
  });
  if (response.status !== 200) throw new Error(`${name} answered its first request with HTTP ${response.status}`);
  await response.text();
}
const readyMs = performance.now() - started;

const control = await listen((request, response) => {
  if (request.url === '/stats') {
    const memory = process.memoryUsage();
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        statements: statements.count,
        rssBytes: memory.rss,
        anonRssBytes: anonRssBytes(),
        heapUsedBytes: memory.heapUsed,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      }),
    );
  } else response.writeHead(404).end();
});

console.log(
  JSON.stringify({
    target: name,
    url: running.url,
    control: control.url,
    listeningMs,
    readyMs,
    sinceProcessStartMs: performance.now(),
    pid: process.pid,
  }),
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  Promise.all([running.close(), control.close()]).then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('end', stop).resume();

/**
 * The process's own resident memory: RSS less the file pages mapped into it (the database, which
 * SQLite reads through a memory map; those pages are the OS's file cache, shared and dropped under
 * pressure). Linux's RssAnon; null where /proc does not tell.
 */
function anonRssBytes(): number | null {
  try {
    const kb = /RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}
