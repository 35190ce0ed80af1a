import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInput, DatasetRecordInput } from '../src/dataset/format.ts';
import { createTestServer, data, globalId } from './helpers.ts';

/**
 * The date rules of the filters (README "The API in brief", src/graphql/filters.ts), each at its
 * boundary day: `from` and `to` are inclusive; a period matches when it overlaps [from, to], by a
 * single day if need be; a claim without period dates is dated by its article's publication day;
 * a period with a start and no end runs to the article's day (on, when the article has none); one
 * with an end and no start is open towards the past; with neither date nor article date, a claim
 * matches no date range.
 */
const published = '2024-06-15';
const claims: Record<
  string,
  { article: 'dated-article' | 'undated-article'; period?: { start?: string; end?: string; text?: string } }
> = {
  bounded: { article: 'undated-article', period: { start: '2024-03-10', end: '2024-03-20' } },
  'no-period': { article: 'dated-article' },
  'text-only': { article: 'dated-article', period: { text: 'recently' } },
  started: { article: 'dated-article', period: { start: '2024-05-01' } },
  'started-open': { article: 'undated-article', period: { start: '2024-05-01' } },
  ended: { article: 'undated-article', period: { end: '2024-02-01' } },
  nowhere: { article: 'undated-article' },
};
const records: DatasetRecordInput[] = [
  { type: 'region', key: 'land', name: 'Testland', kind: 'COUNTRY' },
  { type: 'article', key: 'dated-article', title: 'Dated report', publishedAt: `${published}T12:00:00Z` },
  { type: 'article', key: 'undated-article', title: 'Undated report' },
  ...Object.entries(claims).map(([key, { article, period }]): DatasetRecordInput => ({
    type: 'claim',
    key,
    article,
    statement: key,
    kind: 'ASSESSMENT',
    attribution: 'STATED',
    ...(period ? { period } : {}),
  })),
  {
    type: 'territoryChange',
    key: 'change-bounded',
    region: 'land',
    article: 'undated-article',
    period: { start: '2024-03-10', end: '2024-03-20' },
  },
  { type: 'territoryChange', key: 'change-undated', region: 'land', article: 'dated-article' },
];
const dataset: DatasetInput = { format: 'claimgraph-dataset', version: 1, records };

const server = createTestServer(dataset);
afterAll(() => server.close());

const all = Object.keys(claims);
const except = (...keys: string[]) => all.filter((key) => !keys.includes(key));

describe('ClaimFilter dates, at the boundary day', () => {
  it.each([
    ['from on the last day of a period keeps it', { from: '2024-03-20' }, except('ended', 'nowhere')],
    ['from the day after a period drops it', { from: '2024-03-21' }, except('bounded', 'ended', 'nowhere')],
    ['to on the first day of a period keeps it', { to: '2024-03-10' }, ['bounded', 'ended']],
    ['to the day before a period drops it', { to: '2024-03-09' }, ['ended']],
    ['a one-day range on the last day of a period overlaps it', { from: '2024-03-20', to: '2024-03-20' }, ['bounded']],
    ['a one-day range on the first day of a period overlaps it', { from: '2024-03-10', to: '2024-03-10' }, ['bounded']],
    ['a range ending the day before a period misses it', { from: '2024-03-01', to: '2024-03-09' }, []],
    [
      'a one-day range on the publication day keeps the claims dated by it',
      { from: published, to: published },
      ['no-period', 'text-only', 'started', 'started-open'],
    ],
    [
      'from the publication day keeps undated claims and periods running to it',
      { from: published },
      except('bounded', 'ended', 'nowhere'),
    ],
    ['from the day after publication drops them; an open period runs on', { from: '2024-06-16' }, ['started-open']],
    ['to the publication day keeps undated claims', { to: published }, except('nowhere')],
    ['to the day before publication drops them', { to: '2024-06-14' }, ['bounded', 'started', 'started-open', 'ended']],
    [
      'to the first day of an open period keeps it',
      { to: '2024-05-01' },
      ['bounded', 'started', 'started-open', 'ended'],
    ],
    ['to the day before an open period drops it', { to: '2024-04-30' }, ['bounded', 'ended']],
    ['from the end of a period open towards the past keeps it', { from: '2024-02-01' }, except('nowhere')],
    ['from the day after it drops it', { from: '2024-02-02' }, except('ended', 'nowhere')],
    ['a period open towards the past matches any earlier day', { to: '1900-01-01' }, ['ended']],
  ])('%s (%j)', async (_rule, filter, expected) => {
    const result = await data(
      server.query(
        `query ($filter: ClaimFilter, $article: ID!) {
          claims(first: 100, filter: $filter) { totalCount edges { node { statement } } }
          claimStats(filter: $filter) { count }
          node(id: $article) { ... on Article { claims(first: 100, filter: $filter) { edges { node { statement } } } } }
        }`,
        { filter, article: globalId('Article', 2) },
      ),
    );
    const statements = (connection: { edges: { node: { statement: string } }[] }) =>
      connection.edges.map((edge) => edge.node.statement);
    expect(statements(result.claims)).toEqual(expected);
    expect(result.claims.totalCount).toBe(expected.length);
    // The same rules on a nested connection (here, the undated article's claims) and in the stats.
    expect(statements(result.node.claims)).toEqual(
      expected.filter((key) => claims[key]!.article === 'undated-article'),
    );
    expect(result.claimStats.count).toBe(expected.length);
  });

  it('matches every claim, undated ones included, when no date is given', async () => {
    const result = await data(server.query('{ claims(first: 100, filter: {}) { edges { node { statement } } } }'));
    expect(result.claims.edges.map((edge: any) => edge.node.statement)).toEqual(all);
  });
});

describe('TerritoryChangeFilter dates, at the boundary day', () => {
  it.each([
    [{ from: '2024-03-20' }, ['change-bounded', 'change-undated']],
    [{ from: '2024-03-21' }, ['change-undated']],
    [{ to: '2024-03-10' }, ['change-bounded']],
    [{ to: '2024-03-09' }, []],
    [{ from: published, to: published }, ['change-undated']],
    [{ from: '2024-06-16' }, []],
    [{ to: '2024-06-14' }, ['change-bounded']],
  ])('%j', async (filter, expected) => {
    const result = await data(
      server.query(
        `query ($filter: TerritoryChangeFilter) { territoryChanges(first: 100, filter: $filter) { edges { node { id } } } }`,
        { filter },
      ),
    );
    const ids = { 'change-bounded': globalId('TerritoryChange', 1), 'change-undated': globalId('TerritoryChange', 2) };
    expect(result.territoryChanges.edges.map((edge: any) => edge.node.id)).toEqual(
      expected.map((key) => ids[key as keyof typeof ids]),
    );
  });
});

describe('ArticleFilter instants, at the boundary', () => {
  const instant = Date.parse(`${published}T12:00:00Z`);
  const at = (offsetMs: number) => new Date(instant + offsetMs).toISOString();

  it.each([
    [{ publishedFrom: at(0) }, 1],
    [{ publishedFrom: at(1) }, 0],
    [{ publishedTo: at(0) }, 1],
    [{ publishedTo: at(-1) }, 0],
    [{ publishedFrom: at(0), publishedTo: at(0) }, 1],
  ])('%j matches %i article', async (filter, count) => {
    const result = await data(
      server.query(`query ($filter: ArticleFilter) { articles(filter: $filter) { totalCount } }`, { filter }),
    );
    expect(result.articles.totalCount).toBe(count);
  });
});
