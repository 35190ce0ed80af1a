import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { exportDataset } from '../src/dataset/export.ts';

/**
 * A database made by the release before the claim model is carried forward by the migrations
 * with nothing lost: every record its own export held comes out of the migrated database with
 * the same fields and values, the new fields at what the old data meant.
 */

const fixtures = new URL('./fixtures/before-claim-model/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'claimgraph-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function migratedExport() {
  const file = join(dir, 'claimgraph.db');
  copyFileSync(new URL('claimgraph.db', fixtures), file);
  const db = openDatabase(file);
  let text = '';
  await exportDataset(
    db,
    new Writable({
      write(chunk, _encoding, done) {
        text += chunk;
        done();
      },
    }),
    { format: 'ndjson' },
  );
  const search = db.$client
    .prepare(`select count(*) from search_index where search_index match 'korean'`)
    .pluck()
    .get() as number;
  closeDatabase(db);
  return { records: lines(text), search };
}

/** A record with the fields the new release adds at their defaults left out, for comparison. */
function withoutNewDefaults(record: Record<string, unknown>) {
  const { stance, ...rest } = record;
  if (stance !== undefined && stance !== 'ASSERTS') return record;
  const quantities = (list: unknown) =>
    (list as Record<string, unknown>[]).map(({ shape: _shape, measure, modality, ...q }) => ({
      ...q,
      ...(measure === 'CHANGE' ? {} : { measure }),
      ...(modality === 'REPORTED' ? {} : { modality }),
    }));
  if (rest.quantities) rest.quantities = quantities(rest.quantities);
  if (rest.amount) rest.amount = quantities(rest.amount);
  return rest;
}

describe('migrating a database made before the claim model', () => {
  it('keeps every record with every field and value, ids included', async () => {
    const before = lines(readFileSync(new URL('export.ndjson', fixtures), 'utf8'));
    const { records } = await migratedExport();
    expect(records.length).toBe(before.length);
    expect(records.map(withoutNewDefaults)).toEqual(before);
  });

  it('gives old quantities the shape their numbers had', async () => {
    const { records } = await migratedExport();
    const shapes = records.flatMap((r) =>
      ((r.quantities ?? r.amount ?? []) as { phrase?: string; shape: string }[]).map((q) => [q.phrase, q.shape]),
    );
    expect(shapes).toContainEqual(['over 10,000', 'AT_LEAST']);
    expect(shapes).toContainEqual(['heavy casualties', 'WORDS']);
    expect(shapes.every(([, shape]) => shape !== undefined)).toBe(true);
  });

  it('still finds old rows by full-text search, actors included (their table was rebuilt)', async () => {
    const { search } = await migratedExport();
    expect(search).toBeGreaterThan(0);
    const file = join(dir, 'claimgraph.db');
    const db = openDatabase(file);
    const actors = db.$client
      .prepare(`select count(*) from search_index where search_index match 'title:"Korean People"'`)
      .pluck()
      .get() as number;
    closeDatabase(db);
    expect(actors).toBe(1);
  });
});
