import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';

describe('readConfig', () => {
  it('reads every limit from the environment', () => {
    const config = readConfig({
      CLAIMGRAPH_MAX_DEPTH: '7',
      CLAIMGRAPH_MAX_ALIASES: '3',
      CLAIMGRAPH_MAX_TOKENS: '300',
      CLAIMGRAPH_MAX_DIRECTIVES: '2',
      CLAIMGRAPH_MAX_FIELDS: '50',
      CLAIMGRAPH_MAX_COST: '900',
      CLAIMGRAPH_MAX_BODY_BYTES: '2048',
      CLAIMGRAPH_EXECUTION_TIMEOUT_MS: '250',
      CLAIMGRAPH_HEADERS_TIMEOUT_MS: '2000',
      CLAIMGRAPH_HTTP_REQUEST_TIMEOUT_MS: '4000',
      CLAIMGRAPH_BUSY_TIMEOUT_MS: '100',
      CLAIMGRAPH_RATE_LIMIT: '30',
      CLAIMGRAPH_RATE_LIMIT_WINDOW_S: '10',
      CLAIMGRAPH_RATE_LIMIT_BY: 'token',
      CLAIMGRAPH_CORS_ORIGINS: 'https://a.example, https://b.example',
      CLAIMGRAPH_TRUST_PROXY: 'true',
      CLAIMGRAPH_TRUSTED_DOCUMENTS: 'docs.json',
      CLAIMGRAPH_INTROSPECTION: 'false',
      CLAIMGRAPH_GRAPHIQL: 'false',
      CLAIMGRAPH_LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      limits: {
        depth: 7,
        aliases: 3,
        tokens: 300,
        directives: 2,
        fields: 50,
        cost: 900,
        bodyBytes: 2048,
        executionMs: 250,
      },
      http: { headersTimeoutMs: 2000, requestTimeoutMs: 4000 },
      busyTimeoutMs: 100,
      rateLimit: { requests: 30, windowSeconds: 10, by: 'token' },
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: true,
      trustedDocumentsFile: 'docs.json',
      introspection: false,
      graphiql: false,
      logLevel: 'warn',
    });
  });

  it('turns GraphiQL off, CORS to same-origin and rate limits on in production, keeps introspection', () => {
    expect(readConfig({})).toMatchObject({ graphiql: true, introspection: true, corsOrigins: ['*'], rateLimit: null });
    expect(readConfig({ NODE_ENV: 'production' })).toMatchObject({
      graphiql: false,
      introspection: true,
      corsOrigins: [],
      rateLimit: { requests: 600, windowSeconds: 60, by: 'address' },
      exposeErrors: false,
    });
    expect(readConfig({ NODE_ENV: 'production', CLAIMGRAPH_RATE_LIMIT: '0' }).rateLimit).toBeNull();
  });

  it.each([
    [{ CLAIMGRAPH_MAX_DEPTH: '0' }, 'CLAIMGRAPH_MAX_DEPTH must be a whole number of at least 1, got "0"'],
    [{ CLAIMGRAPH_MAX_COST: 'lots' }, 'CLAIMGRAPH_MAX_COST must be a whole number of at least 1, got "lots"'],
    [{ CLAIMGRAPH_INTROSPECTION: 'maybe' }, 'CLAIMGRAPH_INTROSPECTION must be true or false, got "maybe"'],
    [{ CLAIMGRAPH_RATE_LIMIT_BY: 'cookie' }, 'CLAIMGRAPH_RATE_LIMIT_BY must be "address" or "token", got "cookie"'],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});

describe('SQLite busy timeout', () => {
  it('is set on the connection from CLAIMGRAPH_BUSY_TIMEOUT_MS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimgraph-busy-'));
    try {
      const { busyTimeoutMs } = readConfig({ CLAIMGRAPH_BUSY_TIMEOUT_MS: '1234' });
      const db = openDatabase(join(dir, 'busy.db'), { busyTimeoutMs });
      expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(1234);
      db.$client.close();
      expect(readConfig({}).busyTimeoutMs).toBe(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite memory map', () => {
  it('maps as much of the file as CLAIMGRAPH_SQLITE_MMAP_MB says, up to SQLite’s ceiling, and 0 turns it off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimgraph-mmap-'));
    const mapped = (env: NodeJS.ProcessEnv) => {
      const db = openDatabase(join(dir, 'mmap.db'), { mmapMb: readConfig(env).sqliteMmapMb });
      try {
        return db.$client.pragma('mmap_size', { simple: true });
      } finally {
        db.$client.close();
      }
    };
    try {
      expect(mapped({ CLAIMGRAPH_SQLITE_MMAP_MB: '16' })).toBe(16 * 2 ** 20);
      expect(mapped({ CLAIMGRAPH_SQLITE_MMAP_MB: '0' })).toBe(0);
      // 2048 MiB asked for; SQLite's build maps at most 0x7fff0000 bytes.
      expect(mapped({})).toBe(0x7fff0000);
      expect(() => readConfig({ CLAIMGRAPH_SQLITE_MMAP_MB: 'lots' })).toThrow(/CLAIMGRAPH_SQLITE_MMAP_MB/);
      expect(() => readConfig({ CLAIMGRAPH_SQLITE_MMAP_MB: '-1' })).toThrow(/CLAIMGRAPH_SQLITE_MMAP_MB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
