import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInput } from '../src/dataset/format.ts';
import { createTestServer, data, globalId } from './helpers.ts';

/**
 * n claimants, each with one claim on its own day (n days, n weeks) carrying a figure, a relation
 * to the claim before it and a territory change: n points, groups, claims and records.
 */
function spread(n: number): DatasetInput {
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + 7 * i)).toISOString().slice(0, 10);
  const records: DatasetInput['records'] = [
    { type: 'region', key: 'land', name: 'Land', kind: 'COUNTRY' },
    { type: 'actor', key: 'outlet', name: 'Outlet', kind: 'MEDIA' },
  ];
  for (let i = 0; i < n; i++) {
    records.push(
      { type: 'actor', key: `side-${i}`, name: `Side ${i}`, kind: 'MILITARY' },
      { type: 'article', key: `article-${i}`, title: `Article ${i}`, outlet: 'outlet', publishedOn: day(i) },
      {
        type: 'claim',
        key: `claim-${i}`,
        article: `article-${i}`,
        statement: `claim ${i}`,
        kind: 'CASUALTIES',
        attribution: 'STATED',
        claimant: `side-${i}`,
        statedOn: day(i),
        region: 'land',
        subjects: [`side-${i}`],
        quantities: [{ metric: 'KILLED', unit: 'soldiers', best: 10 + i }],
        ...(i > 0 && { relations: [{ kind: 'CONTRADICTS', claim: `claim-${i - 1}` }] }),
      },
      {
        type: 'territoryChange',
        key: `change-${i}`,
        region: 'land',
        gainedBy: `side-${i}`,
        ...(i > 0 && { lostBy: `side-${i - 1}` }),
        claim: `claim-${i}`,
        article: `article-${i}`,
        period: { start: day(i), end: day(i) },
        amount: [{ metric: 'AREA_KM2', unit: 'km2', best: 5 }],
      },
    );
  }
  return { format: 'claimgraph-dataset', version: 1, records };
}

const queries = {
  claimSeries: `{ claimSeries(metric: KILLED, bucket: WEEK) { lines { points { start figures { claimant { label } claim { statement article { title } } } claims { statement } } } } }`,
  claimGroups: `{ claimGroups(by: [CLAIMANT, SUBJECT, OUTLET, ARTICLE, REGION, MONTH], first: 60, claimsPerGroup: 60) { groups { count claimant { label } subject { name } outlet { name } article { title } region { name } claims { statement } } } }`,
  territoryBalance: `{ territoryBalance(regionId: "${globalId('Region', 1)}", bucket: WEEK) { periods { start changes { id } sides { side { name } net { value } changes { region { name } claim { statement } } } } } }`,
  trackRecords: `{ trackRecords(first: 100) { claimant { label } contradicted judgedBy { claimant { label } } } actors(first: 100) { nodes { trackRecord { contradicted judgedBy { claimant { label } } } } } }`,
};

describe('SQL statements of the aggregates', () => {
  const small = createTestServer(spread(5));
  const large = createTestServer(spread(50));
  afterAll(() => {
    small.close();
    large.close();
  });

  const statementsFor = async (server: typeof small, query: string) => {
    server.statements.reset();
    const result = await data(server.query(query));
    return { result, count: server.statements.count };
  };

  it.each(Object.entries(queries))(
    '%s costs as many statements for 5 as for 50 points, groups and claims',
    async (_name, query) => {
      const [few, many] = [await statementsFor(small, query), await statementsFor(large, query)];
      // The answers differ in size, so the data really did grow.
      expect(JSON.stringify(many.result).length).toBeGreaterThan(5 * JSON.stringify(few.result).length);
      expect(many.count).toBe(few.count);
    },
  );
});
