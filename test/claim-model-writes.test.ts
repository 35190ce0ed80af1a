import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { importDataset } from '../src/dataset/load.ts';
import { createTestServer, data, globalId, type TestServer } from './helpers.ts';

/**
 * What the richer claim model refuses, computes and merges, through both ways in: a dataset file
 * and the mutations. Every refusal names the field and leaves the database as it was.
 */

const servers: TestServer[] = [];
// Closed after each test: on PostgreSQL each server holds connections of its own.
afterEach(() => servers.splice(0).forEach((s) => s.close()));
const fresh = () => {
  const s = createTestServer(null);
  servers.push(s);
  return s;
};
const file = (records: DatasetRecordInput[]): DatasetInput => ({ format: 'claimgraph-dataset', version: 1, records });

const base: DatasetRecordInput[] = [
  { type: 'actor', key: 'nis', name: 'National Intelligence Service', kind: 'INTELLIGENCE_SERVICE', country: 'KR' },
  { type: 'actor', key: 'ua', name: 'Ukraine', kind: 'STATE', country: 'UA' },
  { type: 'actor', key: 'ru', name: 'Russia', kind: 'STATE', country: 'RU' },
  { type: 'article', key: 'a1', title: 'First report' },
  { type: 'article', key: 'a2', title: 'Second report' },
  {
    type: 'claim',
    key: 'taken',
    article: 'a1',
    statement: 'Ukraine took about 1,300 square kilometres in August.',
    kind: 'TERRITORY',
    attribution: 'CLAIMED',
    claimant: 'ua',
    quantities: [{ metric: 'AREA_KM2', unit: 'km2', best: 1300, shape: 'ABOUT' }],
  },
  {
    type: 'claim',
    key: 'lost',
    article: 'a2',
    statement: 'Russia says it won back 800 square kilometres.',
    kind: 'TERRITORY',
    attribution: 'CLAIMED',
    claimant: 'ru',
    quantities: [{ metric: 'AREA_KM2', unit: 'km2', best: 800 }],
  },
];

const tables = ['claims', 'quantities', 'claim_relations', 'claim_hops', 'actors', 'actor_aliases'];
const snapshot = (s: TestServer) =>
  Object.fromEntries(tables.map((t) => [t, s.db.$client.prepare(`select count(*) from ${t}`).pluck().get() as number]));

const problemsOf = (s: TestServer, records: DatasetRecordInput[]) =>
  importDataset(s.db, file(records)).problems.map((p) => `${p.key}: ${p.field}: ${p.message}`);

describe('a dataset file with the richer model', () => {
  it('refuses a relation to the claim itself, naming the field', () => {
    const s = fresh();
    const problems = problemsOf(s, [
      ...base,
      {
        type: 'claim',
        key: 'self',
        article: 'a1',
        statement: 'A claim that revises itself.',
        kind: 'OTHER',
        attribution: 'STATED',
        relations: [{ kind: 'REVISES', claim: 'self' }],
      },
    ]);
    expect(problems).toContainEqual('self: relations[0].claim: a claim cannot relate to itself');
    expect(snapshot(s).claims).toBe(0);
  });

  it('refuses a chain with no origin and a publisher that is not last', () => {
    const s = fresh();
    const problems = problemsOf(s, [
      ...base,
      {
        type: 'claim',
        key: 'orphan',
        article: 'a1',
        statement: 'Reported with nobody at the start of the chain.',
        kind: 'OTHER',
        attribution: 'REPORTED',
        chain: [
          { source: 'nis', role: 'PUBLISHER' },
          { source: 'ua', role: 'RELAY' },
        ],
      },
    ]);
    expect(problems).toContainEqual(
      'orphan: chain: a chain needs an origin: set claimant to whoever the claim comes from',
    );
    expect(problems).toContainEqual('orphan: chain[0].role: the PUBLISHER is the last hop of a chain');
  });

  it("refuses a revision of another claimant's figure and a repeat in the same article", () => {
    const s = fresh();
    const problems = problemsOf(s, [
      ...base,
      {
        type: 'claim',
        key: 'not-mine',
        article: 'a1',
        statement: 'Ukraine revises what Russia said.',
        kind: 'TERRITORY',
        attribution: 'CLAIMED',
        claimant: 'ua',
        relations: [
          { kind: 'REVISES', claim: 'lost' },
          { kind: 'REPEATS', claim: 'taken' },
        ],
      },
    ]);
    expect(problems).toContainEqual(
      "not-mine: relations[0].claim: a revision revises its own claimant's earlier claim; that claim has another claimant",
    );
    expect(problems).toContainEqual(
      'not-mine: relations[1].claim: a repeat is the same statement in another article; that claim is in this article',
    );
  });

  it('computes a derived figure from its sources, and refuses one whose source is missing', () => {
    const s = fresh();
    const derived = (key: string, index: number): DatasetRecordInput => ({
      type: 'claim',
      key,
      article: 'a2',
      statement: `Net ground held, computed (${key}).`,
      kind: 'TERRITORY',
      attribution: 'ESTIMATED',
      quantities: [
        {
          metric: 'AREA_KM2',
          unit: 'km2',
          derivation: 'DIFFERENCE',
          derivedFrom: [
            { claim: 'taken', index: 0 },
            { claim: 'lost', index },
          ],
        },
      ],
    });
    const summary = importDataset(s.db, file([...base, derived('net', 0)]));
    expect(summary.problems).toEqual([]);
    const row = s.db.$client
      .prepare(`select best, low, high from quantities where derivation = 'DIFFERENCE'`)
      .get() as Record<string, number>;
    // about 1,300 is [1,170, 1,430]; minus exactly 800
    expect(row.best).toBe(500);
    expect(row.low).toBeCloseTo(370, 6);
    expect(row.high).toBeCloseTo(630, 6);

    const t = fresh();
    const before = snapshot(t);
    expect(problemsOf(t, [...base, derived('broken', 3)])).toContainEqual(
      'broken: quantities[0].derivedFrom[1]: the claim named has no quantity at index 3: a derived figure needs every figure it derives from',
    );
    expect(snapshot(t)).toEqual(before);
  });

  it('merges a second spelling of a name into one identity, found by either', () => {
    const s = fresh();
    importDataset(
      s.db,
      file([{ type: 'actor', key: 'syrskyi', name: 'Oleksandr Syrskyi', kind: 'GROUP', country: 'UA' }]),
    );
    const second = importDataset(
      s.db,
      file([
        {
          type: 'actor',
          key: 'syrsky',
          name: 'Oleksandr Syrsky',
          aliases: ['Oleksandr Syrskyi'],
          kind: 'GROUP',
          country: 'UA',
        },
      ]),
    );
    expect(second).toMatchObject({ inserted: 0, updated: 1 });
    const rows = s.db.$client
      .prepare(`select name, (select group_concat(alias) from actor_aliases) as aliases from actors`)
      .all();
    expect(rows).toEqual([{ name: 'Oleksandr Syrskyi', aliases: 'Oleksandr Syrsky' }]);
    // A third file with the first spelling alone changes nothing.
    const third = importDataset(
      s.db,
      file([{ type: 'actor', key: 'again', name: 'Oleksandr Syrsky', kind: 'GROUP', country: 'UA' }]),
    );
    expect(third).toMatchObject({ inserted: 0, unchanged: 1 });
  });
});

describe('the mutations with the richer model', () => {
  const errors = `__typename ... on ClaimgraphValidationError { fields { path message } }`;
  const update = (s: TestServer, input: Record<string, unknown>) =>
    data(s.mutate(`mutation ($input: UpdateClaimInput!) { updateClaim(input: $input) { ${errors} } }`, { input }));

  it('refuses a circle of revisions and a relation to itself, and changes nothing', async () => {
    const s = fresh();
    importDataset(
      s.db,
      file([
        ...base,
        {
          type: 'claim',
          key: 'taken-again',
          article: 'a2',
          statement: 'Ukraine now says it took about 1,000 square kilometres.',
          kind: 'TERRITORY',
          attribution: 'CLAIMED',
          claimant: 'ua',
          relations: [{ kind: 'REVISES', claim: 'taken' }],
        },
      ]),
    );
    const [taken, again] = [globalId('Claim', 1), globalId('Claim', 3)];
    const before = s.db.$client.prepare('select * from claim_relations').all();
    const circle = await update(s, { id: taken, relations: [{ kind: 'REVISES', claim: again }] });
    expect(circle.updateClaim.fields).toEqual([
      {
        path: ['input', 'relations', '0', 'claim'],
        message: 'would make a circle of revisions: that claim already revises this one',
      },
    ]);
    const self = await update(s, { id: taken, relations: [{ kind: 'CORROBORATES', claim: taken }] });
    expect(self.updateClaim.fields).toEqual([
      { path: ['input', 'relations', '0', 'claim'], message: 'a claim cannot relate to itself' },
    ]);
    expect(s.db.$client.prepare('select * from claim_relations').all()).toEqual(before);
  });

  it('refuses clearing the claimant of a claim that has a chain', async () => {
    const s = fresh();
    importDataset(
      s.db,
      file([
        ...base,
        {
          type: 'claim',
          key: 'relayed',
          article: 'a1',
          statement: 'The service said so, through an agency.',
          kind: 'OTHER',
          attribution: 'REPORTED',
          claimant: 'nis',
          chain: [{ source: 'ua', role: 'RELAY' }],
        },
      ]),
    );
    const result = await update(s, { id: globalId('Claim', 3), claimant: null });
    expect(result.updateClaim.fields).toEqual([
      { path: ['input', 'chain'], message: 'a chain needs an origin: set claimant to whoever the claim comes from' },
    ]);
  });

  it('refuses a derived figure that gives its own numbers', async () => {
    const s = fresh();
    importDataset(s.db, file(base));
    const result = await update(s, {
      id: globalId('Claim', 2),
      quantities: [
        {
          metric: 'AREA_KM2',
          best: 5,
          derivation: 'RELATIVE',
          factor: 0.5,
          derivedFrom: [{ claim: globalId('Claim', 1), index: 0 }],
        },
      ],
    });
    expect(result.updateClaim.fields).toEqual([
      {
        path: ['input', 'quantities', '0', 'best'],
        message: 'is computed from derivedFrom for a RELATIVE figure: leave it out',
      },
    ]);
  });
});
