import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data, globalId } from './helpers.ts';

const server = createTestServer();
afterAll(() => server.close());

const statements = async (filter: Record<string, unknown>) => {
  const { claims } = await data(
    server.query(
      `query ($filter: ClaimFilter) { claims(first: 100, filter: $filter) { totalCount edges { node { statement } } } }`,
      {
        filter,
      },
    ),
  );
  expect(claims.totalCount).toBe(claims.edges.length);
  return claims.edges.map((e: any) => e.node.statement as string);
};

// Ids in the example dataset, in the order its records are written.
const ids = {
  russia: globalId('Region', 1),
  kursk: globalId('Region', 2),
  sof: globalId('Actor', 6),
  koreanArmy: globalId('Actor', 8),
  kyivIndependent: globalId('Actor', 10),
  zelensky: globalId('Official', 1),
  syrskyi: globalId('Official', 2),
  article: globalId('Article', 1),
};

describe('ClaimFilter', () => {
  it('filters by kinds and attributions together', async () => {
    expect(await statements({ kinds: ['CASUALTIES', 'TERRITORY'] })).toHaveLength(5);
    expect(await statements({ kinds: ['CASUALTIES'], attributions: ['CLAIMED', 'STATED'] })).toEqual([
      expect.stringMatching(/^North Korean losses in the Kursk Oblast battles/),
      expect.stringMatching(/^Ukrainian special operations units killed 50/),
      expect.stringMatching(/^Ukraine has dealt significant damage/),
    ]);
  });

  it('filters by claimant, an official or an actor', async () => {
    expect(await statements({ claimantId: ids.syrskyi })).toHaveLength(2);
    expect(await statements({ claimantId: ids.zelensky })).toEqual([expect.stringMatching(/hide how many casualties/)]);
    expect(await statements({ claimantId: ids.kyivIndependent })).toHaveLength(2);
  });

  it('filters by subject', async () => {
    expect(await statements({ subjectId: ids.koreanArmy })).toHaveLength(12);
    expect(await statements({ subjectId: ids.sof })).toEqual([]);
  });

  it('includes the regions inside the one asked for', async () => {
    const inKursk = await statements({ regionId: ids.kursk });
    expect(inKursk).toHaveLength(18);
    expect(await statements({ regionId: ids.russia })).toEqual(inKursk);
  });

  it('filters by article and by metric', async () => {
    expect(await statements({ articleId: ids.article })).toHaveLength(18);
    expect(await statements({ metric: 'KILLED_OR_WOUNDED' })).toHaveLength(2);
    expect(await statements({ metric: 'AREA_KM2' })).toEqual([]);
  });

  it('keeps claims whose period overlaps [from, to]', async () => {
    // Only the deployment ("since August" 2024, open-ended) carries dates; the article has no date.
    expect(await statements({ from: '2024-10-01' })).toEqual([
      expect.stringMatching(/^Since August, Russia has brought in/),
    ]);
    expect(await statements({ to: '2024-08-01' })).toHaveLength(1);
    expect(await statements({ to: '2024-07-31' })).toEqual([]);
    expect(await statements({ from: '2024-01-01', to: '2024-12-31', kinds: ['DEPLOYMENT'] })).toHaveLength(1);
  });

  it('applies on related connections and matches their totalCount', async () => {
    const { node } = await data(
      server.query(
        `query ($id: ID!) { node(id: $id) { ... on Official { claims(filter: { kinds: [MILITARY_ACTIVITY], attributions: [CONFIRMED] }) { totalCount edges { node { attribution } } } } } }`,
        { id: ids.syrskyi },
      ),
    );
    expect(node.claims).toEqual({ totalCount: 1, edges: [{ node: { attribution: 'CONFIRMED' } }] });
  });

  it.each([
    [{ regionId: globalId('Actor', 1) }, 'is not of type: Region'],
    [{ claimantId: globalId('Region', 1) }, 'is not of type: Official, Actor'],
    [{ from: '2024-10-01', to: '2024-01-01' }, '"from" must not be after "to"'],
    [{ from: '2024-02-30' }, 'Date cannot represent an invalid date-string'],
    [{ kinds: ['CASUALTY'] }, 'Value "CASUALTY" does not exist in "ClaimKind" enum'],
  ])('rejects %j with a clear error', async (filter, message) => {
    const result = await server.query(`query ($filter: ClaimFilter) { claims(filter: $filter) { totalCount } }`, {
      filter,
    });
    expect(result.errors?.[0]?.message).toContain(message);
  });
});

describe('the other filters', () => {
  it('OfficialFilter: by body served and by anonymity', async () => {
    const officials = async (filter: object) =>
      (
        await data(
          server.query(
            `query ($filter: OfficialFilter) { officials(filter: $filter) { totalCount edges { node { label } } } }`,
            {
              filter,
            },
          ),
        )
      ).officials;
    expect((await officials({ anonymous: true })).edges).toEqual([
      { node: { label: 'a senior U.S. military official' } },
    ]);
    expect((await officials({ anonymous: false })).totalCount).toBe(3);
    expect((await officials({ actorId: globalId('Actor', 5) })).edges).toEqual([
      { node: { label: 'Oleksandr Syrskyi' } },
    ]);
    expect((await officials({ actorId: globalId('Actor', 5), anonymous: true })).totalCount).toBe(0);
  });

  it('ArticleFilter: by outlet and publication time', async () => {
    const articles = async (filter: object) =>
      (
        await data(
          server.query(`query ($filter: ArticleFilter) { articles(filter: $filter) { totalCount } }`, { filter }),
        )
      ).articles.totalCount;
    expect(await articles({})).toBe(1);
    // The example article carries no outlet and no date, so any such condition excludes it.
    expect(await articles({ outletId: ids.kyivIndependent })).toBe(0);
    expect(await articles({ publishedFrom: '2024-01-01T00:00:00Z' })).toBe(0);
    const bad = await server.query(
      `{ articles(filter: { publishedFrom: "2025-01-01T00:00:00Z", publishedTo: "2024-01-01T00:00:00Z" }) { totalCount } }`,
    );
    expect(bad.errors?.[0]?.message).toContain('"from" must not be after "to"');
  });

  it('TerritoryChangeFilter: by region (with sub-regions), actor and period', async () => {
    const changes = async (filter: object) =>
      (
        await data(
          server.query(
            `query ($filter: TerritoryChangeFilter) { territoryChanges(filter: $filter) { totalCount edges { node { gainedBy { name } } } } }`,
            { filter },
          ),
        )
      ).territoryChanges;
    expect((await changes({ regionId: ids.russia })).totalCount).toBe(2);
    expect((await changes({ actorId: globalId('Actor', 7) })).totalCount).toBe(2);
    expect((await changes({ actorId: ids.sof })).totalCount).toBe(0);
    // Only the August-September advance is dated.
    expect((await changes({ from: '2024-09-01', to: '2024-09-15' })).edges).toEqual([
      { node: { gainedBy: { name: 'Armed Forces of Ukraine' } } },
    ]);
    expect((await changes({ from: '2024-10-01' })).totalCount).toBe(0);
  });
});
