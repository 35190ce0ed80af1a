import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticFile } from '../bench/synthetic-file.ts';
import { type ServerProcess, startServerProcess } from './spawned.ts';

const root = new URL('..', import.meta.url);
const writeToken = 'contention-write-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'claimgraph-contention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const createActor = /* GraphQL */ `
  mutation Create($name: String!) {
    createActor(input: { name: $name, kind: GROUP, country: "UA" }) {
      __typename
      ... on CreateActorSuccess {
        actor {
          id
        }
      }
      ... on ClaimgraphMutationError {
        message
      }
    }
  }
`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function create(server: ServerProcess, name: string): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writeToken}` },
    body: JSON.stringify({ query: createActor, variables: { name } }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

function runImport(file: string, databaseFile: string) {
  const child = spawn(process.execPath, ['src/cli/claimgraph.mjs', 'import', file, '--quiet'], {
    cwd: root,
    env: { ...process.env, CLAIMGRAPH_DB: databaseFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
}

const namesIn = (databaseFile: string, prefix: string) => {
  const sqlite = new Database(databaseFile, { readonly: true });
  try {
    const rows = sqlite.prepare('select name from actors where name like ?').all(`${prefix}%`) as { name: string }[];
    return new Set(rows.map((row) => row.name));
  } finally {
    sqlite.close();
  }
};

describe('writes while another connection writes', () => {
  it('a write waits for another connection holding the lock, then fails past the busy timeout with a typed, retryable DATABASE_BUSY', async () => {
    const databaseFile = join(dir, 'held.db');
    const server = await startServerProcess({
      CLAIMGRAPH_DB: databaseFile,
      CLAIMGRAPH_WRITE_TOKEN: writeToken,
      CLAIMGRAPH_BUSY_TIMEOUT_MS: '300',
    });
    const holder = new Database(databaseFile);
    try {
      holder.exec('begin immediate');
      const refused = await create(server, 'held-refused');
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toBe('1');
      expect(refused.body.errors).toEqual([
        {
          message: expect.stringMatching(
            /^The database is busy with another write .*nothing was changed\. Retry in 1 s\.$/,
          ),
          locations: expect.any(Array),
          path: ['createActor'],
          extensions: { code: 'DATABASE_BUSY', retryable: true },
        },
      ]);
      holder.exec('rollback');

      // Released before the timeout: the write waits its turn and succeeds.
      holder.exec('begin immediate');
      const waiting = create(server, 'held-waited');
      setTimeout(() => holder.exec('rollback'), 100);
      expect((await waiting).body.data?.createActor.__typename).toBe('CreateActorSuccess');
      expect(server.logs().filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      if (holder.inTransaction) holder.exec('rollback');
      holder.close();
      await server.stop();
    }
    expect(namesIn(databaseFile, 'held-')).toEqual(new Set(['held-waited']));
  });

  it('two server processes and a running import: every write is acknowledged or refused as DATABASE_BUSY, and every acknowledged one is stored', async () => {
    const databaseFile = join(dir, 'shared.db');
    const env = { CLAIMGRAPH_DB: databaseFile, CLAIMGRAPH_WRITE_TOKEN: writeToken };
    const first = await startServerProcess(env);
    const second = await startServerProcess(env);
    const importFile = join(dir, 'import.ndjson');
    await writeSyntheticFile(importFile, 5_000);
    try {
      const writersPerServer = 6;
      const writesPerWriter = 40;
      const acknowledged: string[] = [];
      const busy: string[] = [];
      const unexpected: unknown[] = [];
      const writer = async (server: ServerProcess, label: string) => {
        for (let i = 0; i < writesPerWriter; i++) {
          const name = `contention-${label}-${i}`;
          const answer = await create(server, name);
          if (answer.body.data?.createActor?.__typename === 'CreateActorSuccess') acknowledged.push(name);
          else if (answer.body.errors?.every((error) => error.extensions?.code === 'DATABASE_BUSY')) busy.push(name);
          else unexpected.push({ name, ...answer });
        }
      };
      const imported = runImport(importFile, databaseFile);
      await Promise.all([
        ...Array.from({ length: writersPerServer }, (_, w) => writer(first, `a${w}`)),
        ...Array.from({ length: writersPerServer }, (_, w) => writer(second, `b${w}`)),
      ]);
      const importRun = await imported;
      expect(importRun.code, importRun.output).toBe(0);
      expect(unexpected).toEqual([]);
      expect(acknowledged.length + busy.length).toBe(2 * writersPerServer * writesPerWriter);
      console.log(
        `contention: ${acknowledged.length} writes acknowledged, ${busy.length} refused as DATABASE_BUSY, import exit ${importRun.code}`,
      );
      for (const server of [first, second]) {
        expect(server.running()).toBe(true);
        expect(server.logs().filter((line) => line.level >= 50)).toEqual([]);
      }
      await Promise.all([first.stop(), second.stop()]);
      // Exactly the acknowledged writes are stored: none lost, none that was refused.
      expect(namesIn(databaseFile, 'contention-')).toEqual(new Set(acknowledged));
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  }, 120_000);
});
