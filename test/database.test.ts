import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { actors } from '../src/db/schema.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { exampleDataset } from './helpers.ts';
import { loadDataset } from '../src/dataset/load.ts';

describe('prepared statements are reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimgraph-db-'));
  const db = openDatabase(join(dir, 'test.db'));
  loadDataset(db, exampleDataset());
  afterAll(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  const sqlite = db.$client;
  const text = 'select id, name from actors order by id limit 2';

  it('hands out the same statement for the same SQL, back in row mode after drizzle used it raw', () => {
    const first = sqlite.prepare(text);
    expect(first.raw().all()).toEqual([
      [1, expect.any(String)],
      [2, expect.any(String)],
    ]);
    const again = sqlite.prepare(text);
    expect(again).toBe(first);
    expect(again.all()[0]).toEqual({ id: 1, name: expect.any(String) });
    // drizzle's own raw-mode path (a select with fields) and its row-mode path share a statement safely.
    expect(db.select({ id: actors.id }).from(actors).orderBy(actors.id).get()).toEqual({ id: 1 });
    expect(db.select({ id: actors.id }).from(actors).orderBy(actors.id).all()[0]).toEqual({ id: 1 });
  });

  it('prepares a fresh statement while the cached one is still iterating', () => {
    const seen: unknown[] = [];
    for (const row of sqlite.prepare(text).iterate()) {
      seen.push(row, sqlite.prepare(text).get());
    }
    expect(seen).toHaveLength(4);
    expect(seen[1]).toEqual(seen[0]);
  });
});
