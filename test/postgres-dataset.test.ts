import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, openDatabase } from '../src/db/client.ts';
import { closePostgres, openPostgres, type PostgresDb } from '../src/db/postgres/client.ts';
import { exportDataset } from '../src/dataset/export.ts';
import { exportForAnalysts } from '../src/dataset/analyst-export.ts';
import { exampleDatasetFile, loadDatasetFile } from '../src/dataset/load.ts';
import { exportFromPostgres, importFileIntoPostgres, isPostgresEmpty } from '../src/dataset/on-postgres.ts';
import { freshPostgresDatabase, postgresUrl } from './postgres.ts';
import { keepClaimFigures } from '../src/store/claim-figures.ts';

/**
 * Datasets across the engines: exported from SQLite, imported into PostgreSQL and exported again,
 * the file is the same byte for byte; and back. Imports into PostgreSQL merge by natural key as
 * into SQLite, and one that fails leaves the database as it was.
 */

async function written(write: (out: Writable) => Promise<unknown>) {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  await write(out);
  return text;
}

describe.skipIf(!postgresUrl)('datasets on PostgreSQL', () => {
  let folder: string;
  let sqlite: Db;
  let postgres: PostgresDb;
  let dropDatabase: () => Promise<void>;
  let fromSqlite: string;
  const file = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const exportOf = (db: PostgresDb) => exportFromPostgres(db, (copy) => written((out) => exportDataset(copy, out)));

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'claimgraph-pg-dataset-'));
    sqlite = openDatabase(join(folder, 'source.db'));
    await loadDatasetFile(sqlite, exampleDatasetFile);
    fromSqlite = await written((out) => exportDataset(sqlite, out));
    const database = await freshPostgresDatabase();
    dropDatabase = database.drop;
    postgres = await openPostgres(database.url);
  });
  afterAll(async () => {
    closeDatabase(sqlite);
    if (postgres) await closePostgres(postgres);
    await dropDatabase?.();
    rmSync(folder, { recursive: true, force: true });
  });

  it('exports what it imported from a SQLite export, the same file byte for byte', async () => {
    expect(await isPostgresEmpty(postgres)).toBe(true);
    const summary = await importFileIntoPostgres(postgres, file('from-sqlite.ndjson', fromSqlite));
    expect(summary).toMatchObject({ committed: true, rejected: 0 });
    expect(summary.inserted).toBe(fromSqlite.trim().split('\n').length - 1);
    expect(await isPostgresEmpty(postgres)).toBe(false);
    expect(await exportOf(postgres)).toBe(fromSqlite);
    // The figures the aggregates read come along, worked out as SQLite works them out.
    keepClaimFigures(sqlite.$client);
    const figures =
      'select claim_id, quantity_id, metric, low, high from claim_figures order by claim_id, quantity_id, metric';
    const onSqlite = sqlite.$client.prepare(figures).all();
    expect(onSqlite.length).toBeGreaterThan(5);
    expect((await postgres.$client.query(figures)).rows).toEqual(onSqlite);
  });

  it('and back: the PostgreSQL export imported into a new SQLite file exports the same again', async () => {
    const back = openDatabase(join(folder, 'back.db'));
    try {
      await loadDatasetFile(back, file('from-postgres.ndjson', await exportOf(postgres)));
      expect(await written((out) => exportDataset(back, out))).toBe(fromSqlite);
    } finally {
      closeDatabase(back);
    }
  });

  it('writes the analyst formats from PostgreSQL as from SQLite', async () => {
    for (const format of ['csv-range', 'geojson', 'claimreview'] as const) {
      const onSqlite = await written((out) => exportForAnalysts(sqlite, out, format));
      expect(onSqlite.length, format).toBeGreaterThan(50);
      expect(
        await exportFromPostgres(postgres, (copy) => written((out) => exportForAnalysts(copy, out, format))),
        format,
      ).toBe(onSqlite);
    }
  });

  it('merges a second import by natural key: everything unchanged, nothing doubled', async () => {
    const summary = await importFileIntoPostgres(postgres, exampleDatasetFile);
    expect(summary).toMatchObject({ committed: true, inserted: 0, updated: 0, rejected: 0 });
    expect(summary.unchanged).toBeGreaterThan(30);
    expect(await exportOf(postgres)).toBe(fromSqlite);
  });

  it('adds and updates records as an import into SQLite does, and the new rows are found by search', async () => {
    const lines = fromSqlite.trim().split('\n');
    const actor = lines.map((line) => JSON.parse(line)).find((record) => record.type === 'actor' && !record.parent);
    const added = file(
      'more.ndjson',
      [
        lines[0],
        JSON.stringify({
          type: 'actor',
          key: 'new-actor',
          name: 'Zaporizhzhia Regional Administration',
          kind: 'GOVERNMENT',
          country: 'UA',
        }),
        JSON.stringify({ ...actor, description: 'A description written later.' }),
      ].join('\n'),
    );
    const summary = await importFileIntoPostgres(postgres, added);
    expect(summary).toMatchObject({ committed: true, inserted: 1, updated: 1, rejected: 0 });
    const { rows } = await postgres.$client.query(
      `select key from search_documents where document @@ to_tsquery('claimgraph', 'zaporizhzhia')`,
    );
    expect(rows).toHaveLength(1);
  });

  it('leaves the database as it was when an import fails', async () => {
    const before = await exportOf(postgres);
    const broken = file(
      'broken.ndjson',
      `${fromSqlite.split('\n')[0]}\n{"type":"actor","key":"x","name":"","kind":"PLANET"}\n`,
    );
    const summary = await importFileIntoPostgres(postgres, broken);
    expect(summary.committed).toBe(false);
    expect(summary.problems.length).toBeGreaterThan(0);
    expect(await exportOf(postgres)).toBe(before);
  });

  it('replaces everything with --replace', async () => {
    const summary = await importFileIntoPostgres(postgres, file('again.ndjson', fromSqlite), { replace: true });
    expect(summary).toMatchObject({ committed: true, updated: 0, rejected: 0 });
    expect(await exportOf(postgres)).toBe(fromSqlite);
  });

  it('leaves the tables it copied vacuumed: every page marked visible to all, statistics taken', async () => {
    await importFileIntoPostgres(postgres, file('vacuumed.ndjson', fromSqlite), { replace: true });
    const { rows } = await postgres.$client.query<{ relname: string; relpages: number; relallvisible: number }>(
      `select relname, relpages, relallvisible from pg_class
        where relname in ('claims', 'quantities', 'claim_figures', 'search_documents') order by relname`,
    );
    expect(rows).toHaveLength(4);
    for (const { relname, relpages, relallvisible } of rows) {
      expect(relpages, relname).toBeGreaterThan(0);
      expect(relallvisible, relname).toBe(relpages);
    }
  });
});
