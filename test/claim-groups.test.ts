import { afterAll, describe, expect, it } from 'vitest';
import { aggregationDataset, aggregationRecords } from './aggregation-data.ts';
import { createTestServer, data, globalId } from './helpers.ts';

const server = createTestServer(aggregationDataset);
afterAll(() => server.close());

const groups = async (variables: Record<string, unknown>) =>
  (
    await data(
      server.query(
        `query ($filter: ClaimFilter, $by: [GroupKey!]!, $regionLevel: RegionKind, $first: Int, $claimsPerGroup: Int) {
          claimGroups(filter: $filter, by: $by, regionLevel: $regionLevel, first: $first, claimsPerGroup: $claimsPerGroup) {
            by regionLevel
            groups {
              count claimantKind metric month
              claimant { label } subject { name } region { name kind } article { title } outlet { name }
              claims { statement }
            }
          }
        }`,
        variables,
      ),
    )
  ).claimGroups.groups;

const statements = (claims: { statement: string }[]) => claims.map((c) => c.statement.split(':')[0]);

describe('claimGroups', () => {
  it('groups by claimant, a repeated statement once, with drill-down to the claims', async () => {
    const result = await groups({ by: ['CLAIMANT'] });
    expect(result.map((g: any) => [g.claimant?.label, g.count, statements(g.claims)])).toEqual([
      ['General Staff of Ukraine', 3, ['gs-dec-early', 'gs-dec-late', 'gs-jan']],
      ['Russian Ministry of Defence', 3, ['mod-dec', 'mod-dec-again', 'mod-denies']],
      ['Oleksandr Syrskyi', 2, ['held-dec', 'held-jan']],
      ['Institute for the Study of War', 1, ['isw-dec']],
    ]);
  });

  it('groups by claimant kind, subject, outlet, article, metric and month', async () => {
    const counts = async (key: string, field: (g: any) => unknown) =>
      (await groups({ by: [key] })).map((g: any) => [field(g), g.count]);
    expect(await counts('CLAIMANT_KIND', (g) => g.claimantKind)).toEqual([
      ['MILITARY', 3],
      ['MINISTRY', 3],
      ['OFFICIAL', 2],
      ['THINK_TANK', 1],
    ]);
    expect(await counts('SUBJECT', (g) => g.subject?.name ?? null)).toEqual([
      [null, 7],
      ['Russian Armed Forces', 2],
    ]);
    expect(await counts('OUTLET', (g) => g.outlet.name)).toEqual([
      ['Wire Agency', 5],
      ['Daily Front', 4],
    ]);
    expect(await counts('ARTICLE', (g) => g.article.title)).toEqual([
      ['Late December', 3],
      ['Early December', 2],
      ['January', 2],
      ['Late January', 2],
    ]);
    expect(await counts('METRIC', (g) => g.metric)).toEqual([
      ['KILLED', 5],
      ['AREA_KM2', 2],
      [null, 2],
    ]);
    expect(await counts('MONTH', (g) => g.month)).toEqual([
      ['2024-12', 5],
      ['2025-01', 4],
    ]);
  });

  it("rolls regions up through the hierarchy: a settlement's claims count in its province", async () => {
    const bySettlement = await groups({ by: ['REGION'] });
    expect(bySettlement.map((g: any) => [g.region.name, g.count])).toEqual([
      ['Kursk Oblast', 6],
      ['Sudzha', 3],
    ]);
    const byProvince = await groups({ by: ['REGION'], regionLevel: 'PROVINCE', claimsPerGroup: 20 });
    expect(byProvince.map((g: any) => [g.region.name, g.region.kind, g.count])).toEqual([
      ['Kursk Oblast', 'PROVINCE', 9],
    ]);
    expect(statements(byProvince[0].claims)).toContain('gs-jan');
    const byCountry = await groups({ by: ['REGION'], regionLevel: 'COUNTRY' });
    expect(byCountry.map((g: any) => [g.region.name, g.count])).toEqual([['Russia', 9]]);
  });

  it('crosses keys, and limits groups and claims per group', async () => {
    const result = await groups({ by: ['MONTH', 'METRIC'], first: 2, claimsPerGroup: 1 });
    expect(result.map((g: any) => [g.month, g.metric, g.count, g.claims.length])).toEqual([
      ['2024-12', 'KILLED', 4, 1],
      ['2025-01', null, 2, 1],
    ]);
  });

  it('counts a claim once in each group, however many of its figures and subjects fall in it', async () => {
    // Two killed figures (in two units) about two subjects: one claim in each subject's KILLED group.
    const records = [
      ...aggregationRecords,
      {
        type: 'claim',
        key: 'two-units',
        article: 'jan-20',
        statement: 'two-units: statement',
        kind: 'CASUALTIES',
        attribution: 'STATED',
        claimant: 'isw',
        region: 'kursk',
        subjects: ['ru-af', 'ua-af'],
        quantities: [
          { metric: 'KILLED', unit: 'soldiers', best: 10 },
          { metric: 'KILLED', unit: 'troops', best: 12 },
        ],
      },
    ] as typeof aggregationRecords;
    const own = createTestServer({ format: 'claimgraph-dataset', version: 1, records });
    try {
      const result = await data(
        own.query(`{ claimGroups(filter: { claimantId: "${globalId('Actor', 5)}" }, by: [SUBJECT, METRIC]) {
          groups { count subject { name } metric claims { statement } } } }`),
      );
      expect(result.claimGroups.groups).toEqual([
        {
          count: 1,
          subject: { name: 'Armed Forces of Ukraine' },
          metric: 'KILLED',
          claims: [{ statement: 'two-units: statement' }],
        },
        {
          count: 1,
          subject: { name: 'Russian Armed Forces' },
          metric: 'KILLED',
          claims: [{ statement: 'two-units: statement' }],
        },
        { count: 1, subject: null, metric: null, claims: [{ statement: 'isw-dec: statement' }] },
      ]);
    } finally {
      own.close();
    }
  });

  it('refuses a repeated key and an oversized page', async () => {
    const repeated = await server.query(`{ claimGroups(by: [MONTH, MONTH]) { by } }`);
    expect(repeated.errors?.[0]?.message).toContain('"by" must name each key at most once');
    const oversized = await server.query(`{ claimGroups(by: [MONTH], first: 1000) { by } }`);
    expect(oversized.errors?.[0]?.message).toContain('"first" must be at most 100');
  });
});
