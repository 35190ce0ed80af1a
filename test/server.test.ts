import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './spawned.ts';

/** `npm start`'s own command on this SQLite file. */
const startProcess = (databaseFile: string) => startServerProcess({ CLAIMGRAPH_DB: databaseFile, NODE_ENV: 'test' });

/** Resolves once the process has written `text` to its stdout. */
const untilLogged = (child: ChildProcess, output: () => string, text: string) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (!output().includes(text)) return;
      child.stdout!.off('data', check);
      resolve();
    };
    child.stdout!.on('data', check);
    check();
  });

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the server process (npm start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-process-'));
  const databaseFile = join(dir, 'nested', 'claimgraph.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the database, loads the example dataset, serves /health and /graphql', async () => {
    const { child, url, output } = await startProcess(databaseFile);
    try {
      expect(output()).toContain('loaded the example dataset (38 records)');
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });

      const answer = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ claimStats { count } }' }),
      });
      expect(await answer.json()).toEqual({ data: { claimStats: { count: 18 } } });

      const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>claimgraph</title>');

      // Logs are JSON lines; each request is one line with its id, status, duration and outcome.
      const lines = output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(
        lines.find((line) => line.msg === 'request' && line.path === '/graphql' && line.method === 'POST'),
      ).toMatchObject({
        requestId: answer.headers.get('x-request-id'),
        status: 200,
        durationMs: expect.any(Number),
        outcome: 'ok',
      });
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  });

  it('finishes a request in flight on SIGTERM, closes the database cleanly and exits 0', async () => {
    const { child, url, output } = await startProcess(databaseFile);
    expect(output()).not.toContain('loaded the example dataset'); // it keeps what the database holds
    const body = JSON.stringify({ query: '{ claims(first: 3) { totalCount } }' });
    const { hostname, port } = new URL(url);
    // The request asks for 100 Continue: the server's answer proves the request is in flight. Part of
    // the body and SIGTERM then; the rest follows once the server says it is finishing in-flight
    // requests. Each step waits for the one before, not for a guessed number of milliseconds.
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          path: '/graphql',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.once('continue', () => {
        req.write(body.slice(0, 10));
        child.kill('SIGTERM');
        untilLogged(child, output, 'SIGTERM, finishing in-flight requests').then(() => req.end(body.slice(10)), reject);
      });
      req.flushHeaders();
    });
    const [answer, code] = await Promise.all([response, exited(child)]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { claims: { totalCount: 18 } } });
    expect(code).toBe(0);
    expect(output()).toContain('SIGTERM, finishing in-flight requests');

    // Closed cleanly: no write-ahead log left to recover, and a read-only open sees everything.
    const wal = `${databaseFile}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const readOnly = new Database(databaseFile, { readonly: true });
    expect(readOnly.prepare('select count(*) as n from claims').get()).toEqual({ n: 18 });
    readOnly.close();
  });

  it('exits 0 on SIGINT as well', async () => {
    const { child } = await startProcess(databaseFile);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  });
});
