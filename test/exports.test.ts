import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, openDatabase } from '../src/db/client.ts';
import { type AnalystFormat, exportForAnalysts } from '../src/dataset/analyst-export.ts';
import { csvLine } from '../src/dataset/csv-export.ts';
import { exportDataset } from '../src/dataset/export.ts';
import type { DatasetInput } from '../src/dataset/format.ts';
import { describeProblem, importDataset } from '../src/dataset/load.ts';
import { conventionsVersion } from '../src/model/conventions.ts';
import { createTestServer, data } from './helpers.ts';

/**
 * The exports analysts open in other tools, from a real database (real migrations) holding the
 * North Korean reporting fixture: its chains, revisions and repeats.
 */

const root = new URL('..', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'claimgraph-exports-'));
const reporting = JSON.parse(
  readFileSync(new URL('./fixtures/reporting/north-korean-losses-2024-2025.json', import.meta.url), 'utf8'),
) as DatasetInput;

let db: Db;
const databaseFile = join(dir, 'reporting.db');
beforeAll(() => {
  db = openDatabase(databaseFile);
  const summary = importDataset(db, reporting);
  expect(summary.committed).toBe(true);
});
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

async function exported(format: AnalystFormat, from: Db = db) {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  const items = await exportForAnalysts(from, out, format);
  return { text, items };
}

/** RFC 4180, read strictly: quoted fields may hold commas, doubled quotes and line breaks; lines end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') ((field += '"'), i++);
        else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
      if (!(text[i] === ',' || text.startsWith('\r\n', i))) throw new Error(`text after a quoted field at ${i}`);
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r' || ch === '"') throw new Error(`a bare ${JSON.stringify(ch)} at ${i}`);
    else ((field += ch), i++);
  }
  if (field !== '' || row.length > 0) throw new Error('the last line does not end in CRLF');
  return rows;
}

/** The CSV as objects by column name. */
function csvRecords(text: string) {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

const figureCount = () =>
  db.$client.prepare('select count(*) from quantities where claim_id is not null').pluck().get();

describe('CSV exports', () => {
  it('csv-conservative: one row per figure, the conservative figure the low bound', async () => {
    const { text, items } = await exported('csv-conservative');
    const rows = csvRecords(text);
    expect(rows).toHaveLength(figureCount() as number);
    expect(items).toBe(rows.length);
    const over3000 = rows.find((r) => r.phrase === 'over 3,000')!;
    expect(over3000).toMatchObject({
      metric: 'KILLED_OR_WOUNDED',
      shape: 'MORE_THAN',
      figure: '3000',
      figure_exclusive: 'true',
      convention_rule: 'MORE_THAN',
      conventions_version: conventionsVersion,
      stance: 'ASSERTS',
      claimant: 'Volodymyr Zelenskiy',
    });
    expect(over3000.claim_id).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(over3000.claim_id!, 'base64').toString()).toMatch(/^Claim:\d+$/);
    // A figure with no number and no phrase in the table has no conservative figure: empty, never 0.
    expect(rows.find((r) => r.phrase === 'more troops')!).toMatchObject({
      figure: '',
      convention_rule: 'WORDS:unknown',
    });
  });

  it('csv-range: best, low and high of an "around 300"', async () => {
    const rows = csvRecords((await exported('csv-range')).text);
    expect(rows).toHaveLength(figureCount() as number);
    expect(rows.find((r) => r.phrase === 'around 300')!).toMatchObject({
      metric: 'KILLED',
      shape: 'ABOUT',
      best: '300',
      low: '270',
      high: '330',
      low_exclusive: 'false',
      high_exclusive: 'false',
      convention_rule: 'ABOUT',
    });
  });

  it('flags superseded figures and repeats, and counts neither', async () => {
    const rows = csvRecords((await exported('csv-range')).text);
    const superseded = rows.filter((r) => r.superseded === 'true');
    const repeats = rows.filter((r) => r.repeat === 'true');
    expect(superseded.length).toBeGreaterThan(0);
    expect(repeats.length).toBeGreaterThan(0);
    for (const row of [...superseded, ...repeats]) expect(row.counted).toBe('false');
    expect(repeats.map((r) => r.phrase)).toContain('100 or more');
    // A chain reads from the origin to the publisher.
    const relayed = repeats[0]!;
    expect(relayed.chain!.split(' > ')[0]).toBe(relayed.claimant);
    expect(relayed.chain!.split(' > ').length).toBeGreaterThan(2);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', async () => {
    const { text } = await exported('csv-range');
    expect(text.endsWith('\r\n')).toBe(true);
    const titles = csvRecords(text).map((r) => r.article_title);
    expect(titles.some((t) => t!.includes(','))).toBe(true);
  });

  it('quotes a field only when it must, doubling its quotes', () => {
    const line = csvLine(['plain', 'a, b', 'say "no"', 'two\nlines', 'cr\rhere', null, 0, false]);
    expect(line).toBe('plain,"a, b","say ""no""","two\nlines","cr\rhere",,0,false\r\n');
    expect(parseCsv(line)).toEqual([['plain', 'a, b', 'say "no"', 'two\nlines', 'cr\rhere', '', '0', 'false']]);
  });

  it('the CLI writes csv-conservative to --out and says how many figures', { timeout: 60_000 }, async () => {
    const out = join(dir, 'figures.csv');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['src/cli/claimgraph.mjs', 'export', '--db', databaseFile, '--format', 'csv-conservative', '--out', out],
        { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${figureCount()} figures (csv-conservative)`);
    expect(csvRecords(readFileSync(out, 'utf8'))).toHaveLength(figureCount() as number);
  });
});

/** A small dataset of regions with and without shapes, and ground changing hands in them. */
const kurskOutline = {
  type: 'Polygon',
  coordinates: [
    [
      [34.5, 51.2],
      [36.9, 51.2],
      [36.9, 52.4],
      [34.5, 52.4],
      [34.5, 51.2],
    ],
  ],
} as { type: 'Polygon'; coordinates: number[][][] };
const mapped = (sudzha: unknown = { type: 'Point', coordinates: [35.27, 51.19] }): DatasetInput => ({
  format: 'claimgraph-dataset',
  version: 1,
  records: [
    { type: 'actor', key: 'ua', name: 'Ukraine', kind: 'STATE', country: 'UA' },
    { type: 'actor', key: 'ru', name: 'Russia', kind: 'STATE', country: 'RU' },
    { type: 'region', key: 'kursk', name: 'Kursk Oblast', kind: 'PROVINCE', country: 'RU', geometry: kurskOutline },
    {
      type: 'region',
      key: 'sudzha',
      name: 'Sudzha',
      kind: 'SETTLEMENT',
      country: 'RU',
      parent: 'kursk',
      geometry: sudzha,
    } as DatasetInput['records'][number],
    { type: 'region', key: 'unmapped', name: 'Unmapped Village', kind: 'SETTLEMENT', country: 'RU' },
    {
      type: 'territoryChange',
      key: 'advance',
      region: 'kursk',
      gainedBy: 'ua',
      lostBy: 'ru',
      period: { start: '2024-08-06', end: '2024-08-20' },
      amount: [{ metric: 'AREA_KM2', best: 1000, approximate: true, shape: 'ABOUT' }],
    },
    { type: 'territoryChange', key: 'elsewhere', region: 'unmapped', gainedBy: 'ru', lostBy: 'ua' },
  ],
});

const freshDatabase = (name: string) => openDatabase(join(dir, name));

describe('GeoJSON export', () => {
  it('round trip: regions imported with a geometry come back as a FeatureCollection', async () => {
    const geo = freshDatabase('geo.db');
    try {
      expect(importDataset(geo, mapped()).committed).toBe(true);
      const { text, items } = await exported('geojson', geo);
      const collection = JSON.parse(text) as {
        type: string;
        skipped: { regions: number; territoryChanges: number };
        features: { type: string; geometry: { type: string }; properties: Record<string, unknown> }[];
      };
      expect(collection.type).toBe('FeatureCollection');
      expect(collection.skipped).toEqual({ regions: 1, territoryChanges: 1 });
      expect(items).toBe(collection.features.length);
      for (const feature of collection.features) {
        expect(feature.type).toBe('Feature');
        expect(['Polygon', 'Point']).toContain(feature.geometry.type);
      }
      const regions = collection.features.filter((f) => f.properties.featureType === 'Region');
      expect(regions.map((f) => f.properties.name)).toEqual(['Kursk Oblast', 'Sudzha']);
      expect(regions[0]!.geometry).toEqual(kurskOutline);
      expect(regions[0]!.properties).toMatchObject({ kind: 'PROVINCE', country: 'RU' });
      expect(Buffer.from(regions[0]!.properties.id as string, 'base64').toString()).toMatch(/^Region:\d+$/);
      const changes = collection.features.filter((f) => f.properties.featureType === 'TerritoryChange');
      expect(changes).toHaveLength(1);
      expect(changes[0]!.geometry).toEqual(kurskOutline);
      expect(changes[0]!.properties).toMatchObject({
        gainedBy: 'Ukraine',
        lostBy: 'Russia',
        period: { start: '2024-08-06', end: '2024-08-20' },
        claimId: null,
      });
      expect(changes[0]!.properties.amount).toEqual([expect.objectContaining({ metric: 'AREA_KM2', best: 1000 })]);
    } finally {
      closeDatabase(geo);
    }
  });

  it('refuses an invalid geometry, naming the field', () => {
    const geo = freshDatabase('invalid-geo.db');
    try {
      const cases: [unknown, RegExp][] = [
        [{ type: 'Point', coordinates: [51.19] }, /geometry\.coordinates: a position is \[longitude, latitude\]/],
        [{ type: 'Point', coordinates: [35.27, 151.19] }, /geometry\.coordinates: longitude must be within/],
        [{ type: 'Circle', coordinates: [35.27, 51.19] }, /geometry\.type: must be a GeoJSON geometry object/],
        [
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
              ],
            ],
          },
          /geometry\.coordinates\[0\]: a linear ring must end where it starts/,
        ],
      ];
      for (const [geometry, message] of cases) {
        const summary = importDataset(geo, mapped(geometry));
        expect(summary.committed).toBe(false);
        expect(summary.problems.map((p) => describeProblem(p)).join('\n')).toMatch(message);
      }
    } finally {
      closeDatabase(geo);
    }
  });
});

describe('Region.geometry in the API', () => {
  const server = createTestServer(null);
  afterAll(() => server.close());
  const create = (geometry: unknown) =>
    server.mutate(
      `mutation ($input: CreateRegionInput!) {
        createRegion(input: $input) {
          __typename
          ... on CreateRegionSuccess { region { name geometry } }
          ... on ClaimgraphValidationError { message fields { path message } }
        }
      }`,
      { input: { name: `Place ${Math.random()}`, kind: 'SETTLEMENT', geometry } },
    );

  it('stores a geometry and answers it as JSON', async () => {
    const answer = await data(create(kurskOutline));
    expect(answer.createRegion.__typename).toBe('CreateRegionSuccess');
    expect(answer.createRegion.region.geometry).toEqual(kurskOutline);
  });

  it('is read only by a query that asks for it', async () => {
    const answer = await data(create(kurskOutline));
    const { regions } = await data(server.query('{ regions(first: 100) { edges { node { name geometry } } } }'));
    const named = regions.edges.find(
      ({ node }: { node: { name: string } }) => node.name === answer.createRegion.region.name,
    );
    expect(named.node.geometry).toEqual(kurskOutline);

    server.statements.reset();
    await data(server.query('{ regions(first: 100) { edges { node { name kind } } } }'));
    expect(server.statements.statements.join('\n')).not.toContain('geometry');
  });

  it('clears a geometry with null', async () => {
    const created = await data(
      server.mutate(
        `mutation ($input: CreateRegionInput!) { createRegion(input: $input) { ... on CreateRegionSuccess { regionId } } }`,
        { input: { name: 'Cleared', kind: 'SETTLEMENT', geometry: kurskOutline } },
      ),
    );
    const updated = await data(
      server.mutate(
        `mutation ($input: UpdateRegionInput!) {
          updateRegion(input: $input) { __typename ... on UpdateRegionSuccess { region { geometry } } }
        }`,
        { input: { id: created.createRegion.regionId, geometry: null } },
      ),
    );
    expect(updated.updateRegion).toEqual({ __typename: 'UpdateRegionSuccess', region: { geometry: null } });
  });

  it('refuses an invalid geometry, naming the field', async () => {
    const answer = await data(
      create({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        ],
      }),
    );
    expect(answer.createRegion.__typename).toBe('ClaimgraphValidationError');
    expect(JSON.stringify(answer.createRegion.fields)).toMatch(/geometry/);
    expect(JSON.stringify(answer.createRegion.fields)).toMatch(/a linear ring needs at least 4 positions/);
  });
});

describe('ClaimReview', () => {
  const server = createTestServer(reporting);
  afterAll(() => server.close());

  const isReview = (review: Record<string, any>) => {
    expect(review['@context']).toBe('https://schema.org');
    expect(review['@type']).toBe('ClaimReview');
    expect(typeof review.claimReviewed).toBe('string');
    expect(review).not.toHaveProperty('reviewRating');
    expect(review.description).toMatch(/claimgraph records claims, not verdicts/);
    expect(review.itemReviewed['@type']).toBe('Claim');
    expect(review.itemReviewed.appearance['@type']).toBe('CreativeWork');
    expect(typeof review.itemReviewed.appearance.headline).toBe('string');
  };

  it('Claim.claimReview: JSON-LD with the claimant as author, a Person for an official', async () => {
    const answer = await data(
      server.query(`{ claims(first: 100) { nodes { id statement claimant { __typename label } claimReview } } }`),
    );
    const claims = answer.claims.nodes as {
      id: string;
      statement: string;
      claimant: { __typename: string; label: string } | null;
      claimReview: Record<string, any>;
    }[];
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) {
      isReview(claim.claimReview);
      expect(claim.claimReview.identifier).toBe(claim.id);
      expect(claim.claimReview.claimReviewed).toBe(claim.statement);
      if (claim.claimant)
        expect(claim.claimReview.itemReviewed.author).toEqual({
          '@type': claim.claimant.__typename === 'Official' ? 'Person' : 'Organization',
          name: claim.claimant.label,
        });
    }
    const authors = claims.map((c) => c.claimReview.itemReviewed.author?.['@type']);
    expect(authors).toContain('Person');
    expect(authors).toContain('Organization');
  });

  it("--format claimreview: a JSON array of every claim's review", async () => {
    const { text, items } = await exported('claimreview');
    const reviews = JSON.parse(text) as Record<string, any>[];
    expect(Array.isArray(reviews)).toBe(true);
    expect(reviews).toHaveLength(db.$client.prepare('select count(*) from claims').pluck().get() as number);
    expect(items).toBe(reviews.length);
    reviews.forEach(isReview);
  });
});

describe('Region.geometry in the dataset format', () => {
  it('survives an export and an import into an empty database, and a second import changes nothing', async () => {
    const first = freshDatabase('geo-source.db');
    const second = freshDatabase('geo-copy.db');
    try {
      expect(importDataset(first, mapped()).committed).toBe(true);
      expect(importDataset(first, mapped())).toMatchObject({ inserted: 0, updated: 0 });
      let text = '';
      await exportDataset(
        first,
        new Writable({
          write(chunk, _encoding, done) {
            text += chunk;
            done();
          },
        }),
        { format: 'json' },
      );
      const dataset = JSON.parse(text) as DatasetInput;
      const kursk = dataset.records.find((r) => r.type === 'region' && r.name === 'Kursk Oblast');
      expect(kursk).toMatchObject({ geometry: kurskOutline });
      expect(importDataset(second, dataset).committed).toBe(true);
      expect((await exported('geojson', second)).text).toBe((await exported('geojson', first)).text);
    } finally {
      closeDatabase(first);
      closeDatabase(second);
    }
  });
});
