import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '../src/db/client.ts';
import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { exampleDatasetFile, importDataset } from '../src/dataset/load.ts';
import { createTestServer } from './helpers.ts';
import { sharedFile } from './shared-file.ts';

const example = JSON.parse(readFileSync(exampleDatasetFile, 'utf8')) as DatasetInput;

// The article the example dataset was written from lives in the steering repository beside this
// one. The test carries what it needs without it: a fingerprint of each run of eight words of the
// article (test/fixtures/article-kursk-2024.runs.json), not its text.
const articleRunsFile = new URL('./fixtures/article-kursk-2024.runs.json', import.meta.url);
function runsOfEight(text: string) {
  const words =
    text
      .toLowerCase()
      .replace(/[’']/g, "'")
      .match(/[\p{L}\p{N}',.]+/gu) ?? [];
  return Array.from({ length: Math.max(0, words.length - 7) }, (_, i) => words.slice(i, i + 8).join(' '));
}
const fingerprint = (run: string) => createHash('sha256').update(run).digest('hex').slice(0, 16);
const withRecords = (...records: unknown[]) => ({ format: 'claimgraph-dataset', version: 1, records });
const base: DatasetRecordInput[] = [
  { type: 'actor', key: 'a', name: 'A', kind: 'STATE', country: 'AA' },
  { type: 'article', key: 'art', title: 'T', citedSources: [] },
];
/** Imports into an empty database; the problems as `records[i].field: message`. */
const problemsOf = (input: unknown) => {
  const server = createTestServer(null);
  try {
    const summary = importDataset(server.db, input);
    return summary.problems.map((p) => `records[${p.line - 1}]${p.field ? `.${p.field}` : ''}: ${p.message}`);
  } finally {
    server.close();
  }
};

describe('the dataset format', () => {
  it('accepts the example dataset', () => {
    expect(problemsOf(example)).toEqual([]);
  });

  it.each([
    [{ type: 'actor', key: 'b', name: 'B', kind: 'PLANET' }, /records\[2\]\.kind: Invalid option/],
    [
      { type: 'actor', key: 'b', name: 'B', kind: 'STATE', country: 'Ukraine' },
      /records\[2\]\.country: must be an ISO 3166-1 alpha-2 code/,
    ],
    [
      { type: 'actor', key: 'a', name: 'Again', kind: 'STATE' },
      /records\[2\]\.key: "a" is already the key of the actor on line 1/,
    ],
    [
      { type: 'actor', key: 'b', name: 'B', kind: 'STATE', parent: 'later' },
      /records\[2\]\.parent: "later" is not the key of an earlier record/,
    ],
    [
      { type: 'claim', key: 'c', article: 'a', statement: 'S', kind: 'OTHER', attribution: 'STATED' },
      /records\[2\]\.article: "a" is an actor, expected article/,
    ],
    [
      {
        type: 'claim',
        key: 'c',
        article: 'art',
        statement: 'S',
        kind: 'OTHER',
        attribution: 'STATED',
        quantities: [{ metric: 'KILLED', low: 10, high: 5 }],
      },
      /records\[2\]\.quantities\[0\]\.high: high must not be below low/,
    ],
    [
      {
        type: 'claim',
        key: 'c',
        article: 'art',
        statement: 'S',
        kind: 'OTHER',
        attribution: 'STATED',
        quantities: [{ metric: 'SHARE', best: 1.5 }],
      },
      /records\[2\]\.quantities\[0\]\.best: a SHARE is a fraction in \[0, 1\]/,
    ],
    [
      {
        type: 'claim',
        key: 'c',
        article: 'art',
        statement: 'S',
        kind: 'OTHER',
        attribution: 'STATED',
        quantities: [{ metric: 'KILLED', best: -3 }],
      },
      /a KILLED count must not be negative/,
    ],
    [
      {
        type: 'claim',
        key: 'c',
        article: 'art',
        statement: 'S',
        kind: 'OTHER',
        attribution: 'STATED',
        period: { start: '2024-09-01', end: '2024-08-01' },
      },
      /records\[2\]\.period\.end: start must not be after end/,
    ],
    [
      { type: 'claim', key: 'c', article: 'art', statement: '   ', kind: 'OTHER', attribution: 'STATED' },
      /records\[2\]\.statement: must not be empty/,
    ],
    [
      { type: 'region', key: 'r', name: 'R', kind: 'PROVINCE', surprise: true },
      /records\[2\]: Unrecognized key: "surprise"/,
    ],
  ])('reports %j with its path', (record, problem) => {
    expect(problemsOf(withRecords(...base, record))).toEqual([expect.stringMatching(problem)]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(
      withRecords(
        ...base,
        { type: 'actor', key: 'x', name: 'X', kind: 'STATE', parent: 'nope' },
        { type: 'actor', key: 'x', name: 'Y', kind: 'STATE' },
      ),
    );
    expect(problems).toHaveLength(2);
  });

  it("is in the project's own words: no run of eight words from the article is copied", () => {
    const article = new Set(JSON.parse(readFileSync(articleRunsFile, 'utf8')) as string[]);
    const copied = runsOfEight(readFileSync(exampleDatasetFile, 'utf8')).filter((run) => article.has(fingerprint(run)));
    expect(copied).toEqual([]);
  });

  it('carries the fingerprints of every run of eight words of the article it was written from', () => {
    const runs = runsOfEight(readFileSync(sharedFile('seed/article-kursk-2024.txt'), 'utf8'));
    expect(runs.length).toBeGreaterThan(300);
    expect(JSON.parse(readFileSync(articleRunsFile, 'utf8'))).toEqual(runs.map(fingerprint));
  });
});

describe('the database', () => {
  const server = createTestServer();
  afterAll(() => server.close());
  const count = (table: string) => server.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;

  it.each([
    [
      'a quantity with two owners',
      `insert into quantities (claim_id, territory_change_id, metric, best) values (1, 1, 'KILLED', 1)`,
    ],
    ['a quantity with no owner', `insert into quantities (metric, best) values ('KILLED', 1)`],
    ['low above high', `insert into quantities (claim_id, metric, low, high) values (1, 'KILLED', 10, 5)`],
    ['a SHARE above 1', `insert into quantities (claim_id, metric, best) values (1, 'SHARE', 1.5)`],
    ['a negative count', `insert into quantities (claim_id, metric, best) values (1, 'WOUNDED', -1)`],
    [
      'an unknown claim kind',
      `insert into claims (article_id, statement, kind, attribution) values (1, 's', 'GOSSIP', 'STATED')`,
    ],
    [
      'two claimants',
      `insert into claims (article_id, statement, kind, attribution, claimant_actor_id, claimant_official_id) values (1, 's', 'OTHER', 'STATED', 1, 1)`,
    ],
    [
      'a claim in a missing article',
      `insert into claims (article_id, statement, kind, attribution) values (99, 's', 'OTHER', 'STATED')`,
    ],
    ['a named anonymous official', `insert into officials (name, description, anonymous) values ('X', 'd', 1)`],
    ['an invalid date', `insert into roles (official_id, actor_id, title, since) values (1, 1, 't', '2024-02-30')`],
    ['a duplicate actor', `insert into actors (name, kind, country) values ('Ukraine', 'STATE', 'UA')`],
  ])('refuses %s', (_what, statement) => {
    expect(() => server.db.$client.exec(statement)).toThrow(/constraint failed/);
  });

  it('keeps the search index in step with the tables', () => {
    server.db.$client.exec(`update regions set name = 'Kursk Oblast (Russia)' where id = 2`);
    const hits = server.db.$client
      .prepare(`select rowid from search_index where search_index match 'russia' and rowid = 2 * 8 + 5`)
      .all();
    expect(hits).toHaveLength(1);
    server.db.$client.exec(`update regions set name = 'Kursk Oblast' where id = 2`);
  });

  it('loads a dataset all or nothing', () => {
    const before = count('actors');
    const summary = importDataset(server.db, {
      format: 'claimgraph-dataset',
      version: 1,
      records: [
        { type: 'actor', key: 'fresh', name: 'A new body', kind: 'ORGANIZATION' },
        { type: 'actor', key: 'broken', name: 'B', kind: 'PLANET' },
      ],
    });
    expect(summary).toMatchObject({ committed: false, inserted: 0, rejected: 1 });
    expect(count('actors')).toBe(before);
  });

  it('reloads the example dataset in place (npm run db:seed)', () => {
    server.db.$client.exec(`delete from claims where id > 3`);
    expect(importDataset(server.db, example, { replace: true })).toMatchObject({ committed: true, inserted: 38 });
    expect(count('claims')).toBe(18);
    expect(count('search_index')).toBe(18 + 1 + 4 + 11 + 2);
  });

  it('applies its migrations once: opening again changes nothing', () => {
    const migrations = () => server.db.get<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`).n;
    const schema = () => server.db.all(sql`select name, sql from sqlite_master order by name`);
    const [applied, before] = [migrations(), schema()];
    const again = openDatabase(server.file);
    again.$client.close();
    expect(migrations()).toBe(applied);
    expect(schema()).toEqual(before);
    // Every migration the repository ships, one folder each, was applied.
    expect(applied).toBe(readdirSync(migrationsFolder, { withFileTypes: true }).filter((d) => d.isDirectory()).length);
  });
});
