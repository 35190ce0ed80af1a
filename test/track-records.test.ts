import { afterAll, describe, expect, it } from 'vitest';
import { aggregationDataset } from './aggregation-data.ts';
import { createTestServer, data, statementPlan, testEngine } from './helpers.ts';

const server = createTestServer(aggregationDataset);
afterAll(() => server.close());

const record = `claims revised contradicted corroborated denied judgedBy { kind claimant { label } claims }`;

describe('track records', () => {
  it('count what later claims said of each claimant’s claims, and who said it', async () => {
    const { trackRecords } = await data(server.query(`{ trackRecords { claimant { label } ${record} } }`));
    const staff = trackRecords.find((r: any) => r.claimant?.label === 'General Staff of Ukraine');
    // Its 1,000 was revised by itself and contradicted by the ministry; its 1,200 corroborated by
    // the think tank (the outlet's repeat is not a judgement); its "more than 1,500" denied.
    expect(staff).toMatchObject({ claims: 3, revised: 1, contradicted: 1, corroborated: 1, denied: 1 });
    expect(staff.judgedBy).toEqual(
      expect.arrayContaining([
        { kind: 'REVISES', claimant: { label: 'General Staff of Ukraine' }, claims: 1 },
        { kind: 'CONTRADICTS', claimant: { label: 'Russian Ministry of Defence' }, claims: 1 },
        { kind: 'CORROBORATES', claimant: { label: 'Institute for the Study of War' }, claims: 1 },
        { kind: 'DENIES', claimant: { label: 'Russian Ministry of Defence' }, claims: 1 },
      ]),
    );
    expect(staff.judgedBy).toHaveLength(4);
    const ministry = trackRecords.find((r: any) => r.claimant?.label === 'Russian Ministry of Defence');
    // Its denial is not an assertion: two claims, nothing said of them.
    expect(ministry).toMatchObject({
      claims: 2,
      revised: 0,
      contradicted: 0,
      corroborated: 0,
      denied: 0,
      judgedBy: [],
    });
  });

  it('gives an outlet the record of the claims it published', async () => {
    const { trackRecords } = await data(server.query(`{ trackRecords(by: OUTLET) { outlet { name } ${record} } }`));
    expect(
      trackRecords.map((r: any) => [r.outlet.name, r.claims, r.revised, r.contradicted, r.corroborated, r.denied]),
    ).toEqual([
      ['Daily Front', 4, 1, 1, 0, 1],
      ['Wire Agency', 4, 0, 0, 1, 0],
    ]);
  });

  it('is on every claimant, one query for a whole list of them', async () => {
    server.statements.reset();
    const { actors } = await data(
      server.query(`{ actors(first: 20) { nodes { name trackRecord { claims revised denied } } } }`),
    );
    const staff = actors.nodes.find((a: any) => a.name === 'General Staff of Ukraine');
    expect(staff.trackRecord).toEqual({ claims: 3, revised: 1, denied: 1 });
    expect(actors.nodes.find((a: any) => a.name === 'Daily Front').trackRecord.claims).toBe(0);
    const trackRecordStatements = server.statements.statements.filter((s) => s.includes('claim_relations r on'));
    expect(trackRecordStatements).toHaveLength(1);
  });
  const planOf = async (query: string) => {
    server.statements.reset();
    await data(server.query(query));
    return statementPlan(
      server,
      server.statements.statements.findIndex((s) => s.includes('judged')),
    );
  };

  // Reads SQLite's query plan; PostgreSQL's plans are read in BENCHMARKS.md ("SQLite and PostgreSQL").
  it.skipIf(testEngine === 'postgres')('matches and checks the claims once for all three of its counts', async () => {
    const plan = await planOf(`{ trackRecords(by: OUTLET) { claims revised } }`);
    // Left a view, each part of the union matched the claims and checked their repeats again.
    expect(plan.filter((step) => /^(SCAN|SEARCH) c\b/.test(step))).toHaveLength(1);
    expect(plan.filter((step) => /^(SCAN|SEARCH) a\b/.test(step))).toHaveLength(1);
  });

  // Reads SQLite's query plan; PostgreSQL's plans are read in BENCHMARKS.md ("SQLite and PostgreSQL").
  it.skipIf(testEngine === 'postgres')("reads no article for a claimant's record", async () => {
    const plan = await planOf(`{ trackRecords(by: CLAIMANT) { claims revised } }`);
    expect(plan.filter((step) => /^(SCAN|SEARCH) a\b/.test(step))).toEqual([]);
  });
});
