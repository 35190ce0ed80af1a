import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { loadDataset } from '../../src/dataset/load.ts';
import { openDatabase } from '../../src/db/client.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';
import { exampleDataset } from '../helpers.ts';

export interface HostileRequest {
  name: string;
  method?: string;
  headers?: Record<string, string>;
  path?: string;
  body?: string | Uint8Array;
  /** The status expected, when a particular one is the right answer. */
  status?: number;
}

export const json = (value: unknown) => JSON.stringify(value);
export const gql = (query: string, extra: Record<string, unknown> = {}) => json({ query, ...extra });

/**
 * Sends each request to a real HTTP server in the production configuration: each must get a 4xx,
 * or a 200 whose body carries GraphQL errors (never a 5xx, never SQL or a stack trace), and a
 * normal query must succeed right after it.
 */
export function describeHostileRequests(title: string, requests: HostileRequest[]) {
  describe(title, () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimgraph-hostile-'));
    let running: RunningServer;
    beforeAll(async () => {
      const db = openDatabase(join(dir, 'hostile.db'));
      loadDataset(db, exampleDataset());
      running = await startServer({ db, port: 0, host: '127.0.0.1', config: readConfig({ NODE_ENV: 'production' }) });
    });
    afterAll(async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const normalQuery = async () => {
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: gql('{ claims { totalCount } }'),
      });
      return { status: response.status, body: await response.json() };
    };

    it.each(requests)('$name: a 4xx or a GraphQL error, and the next query succeeds', async (hostile) => {
      const method = hostile.method ?? 'POST';
      const response = await fetch(`${running.url}${hostile.path ?? '/graphql'}`, {
        method,
        headers: { 'content-type': 'application/json', ...hostile.headers },
        body: method === 'GET' ? undefined : (hostile.body as BodyInit),
      });
      const text = await response.text();
      expect(response.status).toBeLessThan(500);
      if (hostile.status) expect(response.status).toBe(hostile.status);
      if (response.status === 200) expect(JSON.parse(text).errors?.length).toBeGreaterThan(0);
      else expect(response.status).toBeGreaterThanOrEqual(400);
      expect(text).not.toMatch(/SqliteError|at .*\.ts:\d+|select .* from/i);

      expect(await normalQuery()).toEqual({ status: 200, body: { data: { claims: { totalCount: 18 } } } });
    });
  });
}
