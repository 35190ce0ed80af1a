import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { exportDataset } from '../src/dataset/export.ts';
import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { describeProblem, importDataset, importFile } from '../src/dataset/load.ts';
import { readConfig } from '../src/config.ts';
import { createTestServer, data, exampleDataset, type TestServer } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'claimgraph-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: TestServer[] = [];
afterAll(() => servers.forEach((s) => s.close()));
// The snapshot below reads whole tables in one query, far over the public cost budget.
const defaults = readConfig({});
const snapshotConfig = { ...defaults, limits: { ...defaults.limits, cost: 10_000_000 } };
const server = (dataset: DatasetInput | null = null) => {
  const s = createTestServer(dataset, { config: snapshotConfig });
  servers.push(s);
  return s;
};

async function exported(db: Db, format: 'json' | 'ndjson' = 'ndjson') {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  await exportDataset(db, out, { format });
  return text;
}

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ndjson = (records: unknown[], header: object | null = { format: 'claimgraph-dataset', version: 1 }) =>
  [...(header ? [header] : []), ...records].map((r) => JSON.stringify(r)).join('\n') + '\n';
const dataset = (...records: DatasetRecordInput[]): DatasetInput => ({
  format: 'claimgraph-dataset',
  version: 1,
  records,
});
const counts = (db: Db) =>
  db.$client
    .prepare(
      `select (select count(*) from actors) as actors, (select count(*) from officials) as officials,
         (select count(*) from roles) as roles, (select count(*) from regions) as regions,
         (select count(*) from articles) as articles, (select count(*) from claims) as claims,
         (select count(*) from claim_subjects) as subjects, (select count(*) from quantities) as quantities,
         (select count(*) from territory_changes) as territoryChanges, (select count(*) from search_index) as searchRows`,
    )
    .get();

/** Every object with its global id, as the read API serves it. */
const everything = `{
  actors(first: 100) { edges { node { id name country parent { id } } } }
  officials(first: 100) { edges { node { id label roles { title actor { id } } } } }
  regions(first: 100) { edges { node { id name parent { id } } } }
  articles(first: 100) { edges { node { id title citedSources { id } claims(first: 100) { edges { node {
    id statement kind attribution claimant { id } subjects { id } region { id } period { start end text }
    quantities { metric unit best low high approximate phrase } territoryChanges { id }
  } } } territoryChanges { id region { id } gainedBy { id } lostBy { id } amount { metric best } } } } }
}`;

describe('export and import', () => {
  it('round-trips the example dataset exactly: same records, relations and global ids', async () => {
    const original = server(exampleDataset());
    for (const format of ['ndjson', 'json'] as const) {
      const text = await exported(original.db, format);
      const copy = server(null);
      const summary = await importFile(copy.db, file(`example.${format}`, text));
      expect(summary).toMatchObject({ committed: true, records: 38, inserted: 38, rejected: 0 });
      expect(await exported(copy.db, format)).toBe(text);
      expect(counts(copy.db)).toEqual(counts(original.db));
      expect(await data(copy.query(everything))).toEqual(await data(original.query(everything)));
    }
  });

  it('keeps ids through gaps and parents recorded after their children', async () => {
    const original = server(exampleDataset());
    const sqlite = original.db.$client;
    sqlite.exec(`delete from claims where id in (2, 5)`); // gaps
    sqlite.exec(`delete from territory_changes where id = 1`);
    sqlite.exec(`insert into actors (id, name, kind) values (40, 'Late parent', 'ORGANIZATION')`);
    sqlite.exec(`update actors set parent_id = 40 where id = 1`); // a parent with a larger id
    const text = await exported(original.db);
    expect(text.indexOf('"key":"actor-40"')).toBeLessThan(text.indexOf('"key":"actor-1"'));
    const copy = server(null);
    expect(await importFile(copy.db, file('gaps.ndjson', text))).toMatchObject({ committed: true, rejected: 0 });
    expect(await exported(copy.db)).toBe(text);
    expect(await data(copy.query(everything))).toEqual(await data(original.query(everything)));
  });

  it('imports the same file twice and changes nothing the second time', async () => {
    const db = server(null).db;
    const path = file('twice.json', JSON.stringify(exampleDataset()));
    expect(await importFile(db, path)).toMatchObject({ inserted: 38, updated: 0, unchanged: 0 });
    const before = await exported(db);
    expect(await importFile(db, path)).toMatchObject({ committed: true, inserted: 0, updated: 0, unchanged: 38 });
    expect(await exported(db)).toBe(before);
  });

  it('re-importing its own export changes nothing either', async () => {
    const db = server(exampleDataset()).db;
    const before = await exported(db);
    expect(await importFile(db, file('own.ndjson', before))).toMatchObject({ inserted: 0, updated: 0, unchanged: 38 });
    expect(await exported(db)).toBe(before);
  });

  it('updates a record whose natural key exists and whose content differs', async () => {
    const example = exampleDataset();
    const db = server(example).db;
    const changed = structuredClone(example);
    const sof = changed.records.find((r) => r.key === 'sof-casualties') as Extract<
      DatasetRecordInput,
      { type: 'claim' }
    >;
    sof.quantities![0]!.best = 51;
    const trump = changed.records.find((r) => r.key === 'trump') as Extract<DatasetRecordInput, { type: 'official' }>;
    trump.description = 'President of the United States';
    expect(importDataset(db, changed)).toMatchObject({ inserted: 0, updated: 2, unchanged: 36 });
    expect(db.$client.prepare(`select best from quantities where metric = 'KILLED'`).pluck().get()).toBe(51);
    expect(counts(db)).toMatchObject({ claims: 18, quantities: 7, officials: 4, roles: 4 });
  });

  it('matches articles without a URL by title, outlet and time, and with one by URL', () => {
    const db = server(null).db;
    const article = { type: 'article', key: 'a', title: 'T', url: 'https://example.org/a' } as const;
    importDataset(db, dataset(article));
    expect(importDataset(db, dataset({ ...article, title: 'T, corrected' }))).toMatchObject({ updated: 1 });
    const bare = { type: 'article', key: 'b', title: 'Untitled wire' } as const;
    expect(importDataset(db, dataset(bare))).toMatchObject({ inserted: 1 });
    expect(importDataset(db, dataset({ ...bare, summary: 'now with a summary' }))).toMatchObject({ updated: 1 });
    expect(importDataset(db, dataset({ ...bare, publishedAt: '2024-01-01T00:00:00Z' }))).toMatchObject({
      inserted: 1,
    });
  });

  it('matches officials by name, or description when unnamed, and the body of their first role', () => {
    const db = server(exampleDataset()).db;
    const body = { type: 'actor', key: 'us', name: 'United States', kind: 'STATE', country: 'US' } as const;
    const official = { type: 'official', key: 'o', description: 'a senior U.S. official', roles: [] } as const;
    const summary = importDataset(
      db,
      dataset(
        body,
        { ...official, roles: [{ title: 'Official', actor: 'us' }] },
        {
          ...official,
          key: 'p',
          name: 'Donald Trump',
          description: 'President-elect',
          roles: [{ title: 'President-elect', actor: 'us' }],
        },
      ),
    );
    expect(summary).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
  });
});

describe('the search index after an import', () => {
  const searchTriggers = (db: Db) =>
    db.$client
      .prepare(
        "select count(*) from sqlite_master where type = 'trigger' and name like '%_search_%'" +
          ' union all select count(*) from sqlite_temp_master',
      )
      .pluck()
      .all();
  const indexedRows = (db: Db) =>
    db.$client
      .prepare(
        `select (select count(*) from search_index) as searchRows,
           (select count(*) from actors) + (select count(*) from officials) + (select count(*) from regions)
             + (select count(*) from articles) + (select count(*) from claims) as searchable`,
      )
      .get() as { searchRows: number; searchable: number };
  const found = async (s: TestServer, text: string) =>
    (
      await data(
        s.query(
          `query ($q: String!) { search(query: $q, first: 10) { edges { node { ... on Actor { id name } } } } }`,
          {
            q: text,
          },
        ),
      )
    ).search.edges.map((e: { node: unknown }) => e.node);

  it('holds every row it inserted, a free lower id reused included, and the triggers are back', async () => {
    const s = server(exampleDataset());
    s.db.$client.exec(`insert into actors (id, name, kind) values (40, 'Gap', 'STATE'), (41, 'Last', 'STATE');
                       delete from actors where id = 40`);
    const summary = importDataset(
      s.db,
      dataset(
        { type: 'actor', key: 'z', id: 40, name: 'Zebra Brigade', kind: 'ORGANIZATION' },
        { type: 'actor', key: 'y', name: 'Yak Brigade', kind: 'ORGANIZATION' },
        { type: 'actor', key: 'l', name: 'Last', kind: 'STATE', description: 'renamed in place' },
      ),
    );
    expect(summary).toMatchObject({ committed: true, inserted: 2, updated: 1 });
    expect(await found(s, 'zebra')).toEqual([{ id: btoa('Actor:40'), name: 'Zebra Brigade' }]);
    expect(await found(s, 'yak')).toEqual([{ id: btoa('Actor:42'), name: 'Yak Brigade' }]);
    expect(await found(s, 'renamed')).toEqual([{ id: btoa('Actor:41'), name: 'Last' }]);
    const { searchRows, searchable } = indexedRows(s.db);
    expect(searchRows).toBe(searchable);
    expect(searchTriggers(s.db)).toEqual([15, 0]);
  });

  it('is as it was after a rejected import, and the restored triggers index the next insert', async () => {
    const s = server(exampleDataset());
    const before = indexedRows(s.db);
    const summary = importDataset(
      s.db,
      dataset(
        { type: 'actor', key: 'z', name: 'Zebra Brigade', kind: 'ORGANIZATION' },
        { type: 'actor', key: 'bad', name: 'Bad', kind: 'PLANET' as 'STATE' },
      ),
    );
    expect(summary).toMatchObject({ committed: false, rejected: 1 });
    expect(indexedRows(s.db)).toEqual(before);
    expect(searchTriggers(s.db)).toEqual([15, 0]);
    s.db.$client.exec(`insert into actors (name, kind) values ('Zebra Brigade', 'ORGANIZATION')`);
    expect(await found(s, 'zebra')).toHaveLength(1);
  });
});

describe('a file with a bad record', () => {
  const good = (i: number) => ({ type: 'actor', key: `a${i}`, name: `Body ${i}`, kind: 'ORGANIZATION' });

  it('is rejected whole: the report names line and field, the database is unchanged', async () => {
    const db = server(exampleDataset()).db;
    const before = await exported(db);
    const records = [good(1), good(2), { ...good(3), kind: 'PLANET' }, good(4)];
    const summary = await importFile(db, file('bad-line-4.ndjson', ndjson(records)));
    expect(summary).toMatchObject({ committed: false, inserted: 0, rejected: 1, records: 4 });
    expect(summary.problems.map((p) => describeProblem(p))).toEqual([
      expect.stringMatching(/^line 4 \("a3"\), kind: Invalid option: expected one of/),
    ]);
    expect(await exported(db)).toBe(before);
  });

  it('lists every problem, each with its line and field', async () => {
    const db = server(null).db;
    const lines = [
      good(1),
      { ...good(2), country: 'Testland' },
      '{not json',
      { type: 'claim', key: 'c', article: 'a1', statement: 'S', kind: 'OTHER', attribution: 'STATED' },
      {
        type: 'claim',
        key: 'd',
        article: 'nowhere',
        statement: 'S',
        kind: 'OTHER',
        attribution: 'STATED',
        quantities: [{ metric: 'SHARE', best: 2, low: 3, high: 0.5 }],
      },
      { type: 'claim', key: 'e', article: 'nowhere', statement: 'S', kind: 'OTHER', attribution: 'STATED' },
      good(1),
      { type: 'actor', key: 'child', name: 'Child', kind: 'GROUP', parent: 'a2' },
    ];
    const text = [
      JSON.stringify({ format: 'claimgraph-dataset', version: 1 }),
      ...lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))),
    ].join('\n');
    const summary = await importFile(db, file('many.ndjson', text));
    expect(summary.committed).toBe(false);
    expect(summary.problems.map((p) => describeProblem(p))).toEqual([
      'line 3 ("a2"), country: must be an ISO 3166-1 alpha-2 code such as UA',
      expect.stringMatching(/^line 4: not JSON: /),
      'line 5 ("c"), article: "a1" is an actor, expected article',
      'line 6 ("d"), quantities[0].best: a SHARE is a fraction in [0, 1]',
      'line 6 ("d"), quantities[0].low: a SHARE is a fraction in [0, 1]',
      'line 6 ("d"), quantities[0].high: high must not be below low',
      'line 6 ("d"), quantities[0].best: best must lie within [low, high]',
      'line 6 ("d"), article: "nowhere" is not the key of an earlier record',
      'line 7 ("e"), article: "nowhere" is not the key of an earlier record',
      'line 8 ("a1"), key: "a1" is already the key of the actor on line 2',
      'line 9 ("child"), parent: "a2" is the actor on line 3, which was rejected',
    ]);
    expect(counts(db)).toMatchObject({ actors: 0, claims: 0 });
  });

  it('lists the shape and reference problems of one record together, references in fields that are valid', async () => {
    const db = server(null).db;
    const region = { type: 'region', key: 'r', name: 'Region', kind: 'PROVINCE' };
    const claim = {
      type: 'claim',
      key: 'c',
      article: 'nowhere',
      statement: '',
      kind: 'OTHER',
      attribution: 'STATED',
      claimant: 'a1',
      subjects: ['a1', 'r'],
      region: 'a1',
      quantities: [{ metric: 'KILLED', best: -1 }],
    };
    const summary = await importFile(db, file('both-kinds.ndjson', ndjson([good(1), region, claim])));
    expect(summary).toMatchObject({ committed: false, rejected: 1 });
    expect(summary.problems.map((p) => describeProblem(p))).toEqual([
      'line 4 ("c"), statement: must not be empty',
      'line 4 ("c"), quantities[0].best: a KILLED count must not be negative',
      'line 4 ("c"), article: "nowhere" is not the key of an earlier record',
      'line 4 ("c"), subjects[1]: "r" is a region, expected actor',
      'line 4 ("c"), region: "a1" is an actor, expected region',
    ]);
    expect(counts(db)).toMatchObject({ actors: 0, regions: 0, claims: 0 });
  });

  it('refuses a file that describes one thing twice under two keys', async () => {
    const db = server(null).db;
    const summary = importDataset(
      db,
      dataset(good(1) as DatasetRecordInput, { ...good(1), key: 'again' } as DatasetRecordInput),
    );
    expect(summary.problems.map((p) => describeProblem(p, 'record'))).toEqual([
      'record 2 ("again"): has the same natural key (name "Body 1" and no country) as "a1" on line 1: the file describes one actor twice',
    ]);
    expect(counts(db)).toMatchObject({ actors: 0 });
  });

  it('with continueOnError, commits the valid records and hands over the rejected ones', async () => {
    const db = server(null).db;
    const rejected: unknown[] = [];
    const records = [good(1), { ...good(2), kind: 'PLANET' }, { ...good(3), parent: 'a2' }, good(4)];
    const summary = await importFile(db, file('partial.ndjson', ndjson(records)), {
      continueOnError: true,
      onRejected: (r) => rejected.push(r),
    });
    expect(summary).toMatchObject({ committed: true, inserted: 2, rejected: 2 });
    expect(rejected).toEqual([
      expect.objectContaining({ line: 3, key: 'a2', record: records[1] }),
      expect.objectContaining({ line: 4, key: 'a3', record: records[2] }),
    ]);
    expect(counts(db)).toMatchObject({ actors: 2 });
  });
});

describe('the JSON form', () => {
  const text = (records: unknown[]) =>
    `{\n  "format": "claimgraph-dataset",\n  "version": 1,\n  "records": [\n${records.map((r) => `    ${JSON.stringify(r, null, 1).replace(/\n\s*/g, ' ')}`).join(',\n')}\n  ]\n}\n`;

  it('tells the line each record starts on', async () => {
    const db = server(null).db;
    const records = [
      { type: 'actor', key: 'a', name: 'A', kind: 'STATE' },
      { type: 'actor', key: 'b', name: 'B', kind: 'STATE', parent: 'x' },
    ];
    const summary = await importFile(db, file('lines.json', text(records)));
    expect(summary.problems.map((p) => describeProblem(p))).toEqual([
      'line 6 ("b"), parent: "x" is not the key of an earlier record',
    ]);
  });

  it('stops at a syntax error and imports nothing', async () => {
    const db = server(null).db;
    const broken = text([{ type: 'actor', key: 'a', name: 'A', kind: 'STATE' }]).replace('"kind"', '"kind" "');
    const summary = await importFile(db, file('broken.json', broken));
    expect(summary.committed).toBe(false);
    expect(summary.problems[0]).toMatchObject({ line: 5, message: expect.stringMatching(/^not valid JSON/) });
    expect(counts(db)).toMatchObject({ actors: 0 });
  });

  it('needs the header and no unknown top-level fields', async () => {
    const db = server(null).db;
    const summary = await importFile(
      db,
      file('headless.json', JSON.stringify({ version: 2, extra: true, records: [] })),
    );
    expect(summary.committed).toBe(false);
    expect(summary.problems.map((p) => describeProblem(p))).toEqual([
      'line 1: unknown top-level field "extra"',
      'line 1, header format: Invalid input: expected "claimgraph-dataset"',
      'line 1, header version: Invalid input: expected 1',
    ]);
  });

  it('NDJSON may leave the header out, but a wrong one refuses the file', async () => {
    const db = server(null).db;
    const records = [{ type: 'actor', key: 'a', name: 'A', kind: 'STATE' }];
    expect(await importFile(db, file('no-header.ndjson', ndjson(records, null)))).toMatchObject({ inserted: 1 });
    const wrong = await importFile(
      db,
      file('v2.ndjson', ndjson(records, { format: 'claimgraph-dataset', version: 2 })),
    );
    expect(wrong).toMatchObject({ committed: false });
  });
});
