import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailures, fuzz } from './fuzz/session.ts';
import { type ServerProcess, startServerProcess } from './spawned.ts';

const writeToken = 'fuzz-write-token-0123456789';

describe('schema-driven fuzzing of the production server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-fuzz-'));
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      CLAIMGRAPH_DB: join(dir, 'fuzz.db'),
      CLAIMGRAPH_WRITE_TOKEN: writeToken,
      CLAIMGRAPH_RATE_LIMIT: '0',
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 2,000 random queries and mutations (seed 1) with no 5xx, no internal error, no error without a code, and keeps answering', async () => {
    const report = await fuzz(server, { requests: 2_000, seed: 1, writeToken });
    console.log(`fuzz seed 1: statuses ${JSON.stringify(report.statuses)}, codes ${JSON.stringify(report.codes)}`);
    expect(report.requests).toBe(2_000);
    expect(describeFailures(report.failures)).toBe('');
  }, 120_000);
});
