import { afterAll, describe, expect, it } from 'vitest';
import { ftsQuery } from '../src/db/search-text.ts';
import { createTestServer, data } from './helpers.ts';

const server = createTestServer();
afterAll(() => server.close());

const search = async (query: string, first?: number, after?: string) =>
  (
    await data(
      server.query(
        `query ($query: String!, $first: Int, $after: String) {
          search(query: $query, first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage endCursor }
            edges { cursor score snippet node { __typename ... on Claim { statement } ... on Official { label } ... on Actor { name } ... on Region { name } ... on Article { title } } }
          }
        }`,
        { query, first, after },
      ),
    )
  ).search;

describe('search', () => {
  it('finds every kind of object, best match first, with a highlighted snippet', async () => {
    const result = await search('Zelensky');
    expect(result.totalCount).toBe(2); // the official, and the article's summary
    expect(result.edges[0].node).toEqual({ __typename: 'Official', label: 'Volodymyr Zelensky' });
    expect(result.edges[1].node.__typename).toBe('Article');
    expect(result.edges[0].snippet).toBe('Volodymyr <mark>Zelensky</mark>');

    const kursk = await search('kursk oblast');
    expect(kursk.edges[0].node).toEqual({ __typename: 'Region', name: 'Kursk Oblast' });
    const scores = kursk.edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(kursk.edges.map((e: any) => e.node.__typename))).toEqual(
      new Set(['Region', 'Claim', 'Article', 'Actor']),
    );
  });

  it('matches word forms and, for the last word, prefixes', async () => {
    expect((await search('soldier')).totalCount).toBeGreaterThan(0); // "soldiers" via stemming
    expect((await search('Syrsk')).edges[0].node).toEqual({ __typename: 'Official', label: 'Oleksandr Syrskyi' });
    expect((await search('special operations')).edges[0].node.name).toBe('Ukrainian Special Operations Forces');
  });

  it('pages with cursors', async () => {
    const all = await search('north korean', 100);
    expect(all.totalCount).toBeGreaterThan(5);
    const first = await search('north korean', 3);
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await search('north korean', 3, first.pageInfo.endCursor);
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect([...first.edges, ...second.edges].map((e: any) => e.cursor)).toEqual(
      all.edges.slice(0, 6).map((e: any) => e.cursor),
    );
  });

  it.each([
    '"',
    'NEAR(',
    'AND OR NOT',
    'title:kursk',
    '*',
    '"unclosed',
    "'; drop table claims; --",
    '(((',
    'kursk^2',
    '🤔',
    '',
    'NEAR(war peace)',
    '^war',
    '-war',
    'war*',
    'a" OR "b',
  ])('treats %j as plain text, never as a syntax error', async (text) => {
    const result = await server.query(`query ($q: String!) { search(query: $q) { totalCount edges { snippet } } }`, {
      q: text,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.search.totalCount).toBe(result.data.search.edges.length);
  });

  it('escapes HTML in snippets so they are safe to render', async () => {
    const { edges } = await search("Russia's side");
    expect(edges).toHaveLength(1);
    expect(edges[0].snippet).toBe(
      'North Korean troops are fighting on <mark>Russia</mark>&#39;<mark>s</mark> <mark>side</mark> in Kursk Oblast.',
    );
  });

  it('turns user text into quoted FTS5 terms', () => {
    expect(ftsQuery('Kursk "oblast" ORE')).toBe('"Kursk" "oblast" "ORE"*');
    // A prefix shorter than three characters would expand to most of the index: it matches as a word.
    expect(ftsQuery('Kursk "oblast" OR')).toBe('"Kursk" "oblast" "OR"');
    expect(ftsQuery('!!! ...')).toBeNull();
  });

  it('rejects bad paging and overlong input clearly', async () => {
    const result = await server.query(`{ search(query: "kursk", first: 500) { totalCount } }`);
    expect(result.errors?.[0]?.message).toContain('"first" must be at most 100');
    const cursor = await server.query(`{ search(query: "kursk", after: "bogus") { totalCount } }`);
    expect(cursor.errors?.[0]?.message).toContain('"after" is not a cursor from this search');
    const long = await server.query(`query ($q: String!) { search(query: $q) { totalCount } }`, { q: 'x'.repeat(501) });
    expect(long.errors?.[0]?.message).toContain('"query" must be at most 500 characters');
  });
});
