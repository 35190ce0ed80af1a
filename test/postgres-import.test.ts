import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetRecordInput } from '../src/dataset/format.ts';
import type { ImportFileOptions } from '../src/dataset/load.ts';
import { exampleDatasetFile, importFile } from '../src/dataset/load.ts';
import { importFileIntoPostgres } from '../src/dataset/on-postgres.ts';
import { everyRow, onBothEngines, postgresUrl } from './postgres.ts';

/**
 * Imports into a PostgreSQL database that holds rows run in place, by the importer's own rules:
 * the same files imported into SQLite and into PostgreSQL, one after the other, report the same
 * and leave the same rows in every table (claim_figures and the search documents' sources
 * included); readers on other connections go on reading while an import runs.
 */

const example = JSON.parse(readFileSync(exampleDatasetFile, 'utf8')) as { records: DatasetRecordInput[] };
const exampleRecord = (key: string) => example.records.find((r) => r.key === key)!;
const header = { format: 'claimgraph-dataset', version: 1 };

describe.skipIf(!postgresUrl)('imports into a PostgreSQL database in place', () => {
  const engines = onBothEngines();
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'claimgraph-pg-import-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const write = (name: string, records: unknown[]) => {
    const path = join(folder, name);
    writeFileSync(path, [header, ...records].map((r) => JSON.stringify(r)).join('\n'));
    return path;
  };

  async function importIntoBoth(file: string, options: ImportFileOptions = {}) {
    const onSqlite = await importFile(engines.sqlite, file, options);
    const onPostgres = await importFileIntoPostgres(engines.postgres, file, options);
    expect(onPostgres).toEqual(onSqlite);
    for (const [table, rows] of Object.entries(await everyRow(engines.sqlite, engines.postgres)))
      expect(rows.postgres, table).toEqual(rows.sqlite);
    return onSqlite;
  }

  it('adds real reporting from eight articles, with its revisions and repeats, as SQLite does', async () => {
    const summary = await importIntoBoth(
      new URL('./fixtures/reporting/north-korean-losses-2024-2025.json', import.meta.url).pathname,
    );
    expect(summary).toMatchObject({ committed: true, rejected: 0 });
    expect(summary.inserted).toBeGreaterThan(30);
  });

  it('updates, derives, rejects and skips record by record as SQLite does (continueOnError)', async () => {
    const article = exampleRecord('kursk-2024');
    const sof = exampleRecord('sof-casualties');
    const summary = await importIntoBoth(
      write('mixed.ndjson', [
        ...example.records.filter((r) => ['actor', 'official', 'region'].includes(r.type)),
        // A later publication date: the figures of every claim of the article carry it.
        { ...article, publishedOn: '2024-12-20' },
        { ...sof, attribution: 'STATED' },
        {
          type: 'article',
          key: 'follow-up',
          title: 'A follow-up on the special forces figures',
          url: 'https://example.org/follow-up',
          publishedOn: '2024-12-22',
        },
        {
          type: 'claim',
          key: 'sof-doubled',
          article: 'follow-up',
          statement: 'The special operations units said the number killed had since doubled.',
          kind: 'CASUALTIES',
          attribution: 'CLAIMED',
          claimant: 'ukraine-sof',
          subjects: ['north-korea-army'],
          region: 'kursk-oblast',
          quantities: [
            {
              metric: 'KILLED',
              unit: 'North Korean soldiers',
              derivation: 'RELATIVE',
              factor: 2,
              derivedFrom: [{ claim: 'sof-casualties', index: 0 }],
            },
          ],
          relations: [{ kind: 'REVISES', claim: 'sof-casualties' }],
        },
        {
          type: 'claim',
          key: 'sof-repeated-here',
          article: 'kursk-2024',
          statement: 'The special forces figures, said again in the same article.',
          kind: 'CASUALTIES',
          attribution: 'REPORTED',
          region: 'kursk-oblast',
          relations: [{ kind: 'REPEATS', claim: 'sof-casualties' }],
        },
        { ...sof, key: 'sof-twice' },
        {
          type: 'claim',
          key: 'orphan',
          article: 'no-such-article',
          statement: 'x',
          kind: 'OTHER',
          attribution: 'STATED',
        },
      ]),
      { continueOnError: true },
    );
    expect(summary).toMatchObject({ committed: true, inserted: 2, updated: 2, rejected: 3 });
    expect(summary.problems.map((p) => p.key)).toEqual(['sof-repeated-here', 'sof-twice', 'orphan']);
    // The article's new date reached the figures of its claims that the file left as they were.
    const dates = engines.sqlite.$client
      .prepare(
        `select distinct f.article_date from claim_figures f join claims c on c.id = f.claim_id
         join articles a on a.id = c.article_id where a.title like 'North Korean troops%'`,
      )
      .pluck()
      .all();
    expect(dates).toEqual(['2024-12-20']);
  });

  it('rolls back as SQLite does when a record is wrong and errors are not skipped', async () => {
    const summary = await importIntoBoth(
      write('wrong.ndjson', [
        { ...exampleRecord('kyiv-independent'), description: 'Written later.' },
        { type: 'actor', key: 'x' },
      ]),
    );
    expect(summary).toMatchObject({ committed: false, inserted: 0, updated: 0, rejected: 1 });
  });

  it('leaves readers reading the rows as they were while it runs', async () => {
    const before = await engines.postgres.$client.query('select count(*)::int as n from claims');
    const file = write('more.ndjson', [
      { type: 'article', key: 'later', title: 'A later report', url: 'https://example.org/later' },
      {
        type: 'claim',
        key: 'later-claim',
        article: 'later',
        statement: 'Fighting went on.',
        kind: 'OTHER',
        attribution: 'REPORTED',
      },
    ]);
    const seen: number[] = [];
    let writtenWhileRead = false;
    const summary = await importFileIntoPostgres(engines.postgres, file, {
      async onChunk() {
        // Another connection, with no patience: a reader that had to wait for the import would fail here.
        const reader = await engines.postgres.$client.connect();
        try {
          await reader.query(`set statement_timeout = 2000`);
          seen.push((await reader.query('select count(*)::int as n from claims')).rows[0].n);
          // ...and the import had written its claim by then, in place, not yet committed.
          const { rows } = await reader.query(
            `select 1 from pg_locks where relation = 'claims'::regclass and mode = 'RowExclusiveLock' and pid <> pg_backend_pid()`,
          );
          writtenWhileRead ||= rows.length > 0;
        } finally {
          await reader.query('reset statement_timeout');
          reader.release();
        }
      },
    });
    expect(summary).toMatchObject({ committed: true, inserted: 2 });
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([before.rows[0].n]));
    expect(writtenWhileRead).toBe(true);
    const after = await engines.postgres.$client.query('select count(*)::int as n from claims');
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });
});
