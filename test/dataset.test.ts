import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data } from './helpers.ts';

const server = createTestServer();
afterAll(() => server.close());

const claimsOf = async (filter: Record<string, unknown>) =>
  (
    await data(
      server.query(
        `query ($filter: ClaimFilter) { claims(first: 100, filter: $filter) { edges { node {
          statement kind attribution
          claimant { __typename label }
          subjects { name }
          region { name }
          period { start end text }
          quantities { metric unit best low high approximate phrase }
        } } } }`,
        { filter },
      ),
    )
  ).claims.edges.map((e: { node: unknown }) => e.node);

describe('the example dataset', () => {
  it('has the article with its cited source and no invented date, URL or outlet', async () => {
    const { articles } = await data(
      server.query(
        `{ articles { totalCount edges { node { title url publishedAt outlet { name } citedSources { name kind country } claims { totalCount } territoryChanges { id } } } } }`,
      ),
    );
    expect(articles.totalCount).toBe(1);
    const article = articles.edges[0].node;
    expect(article).toMatchObject({ url: null, publishedAt: null, outlet: null });
    expect(article.citedSources).toEqual([{ name: 'Kyiv Independent', kind: 'MEDIA', country: 'UA' }]);
    expect(article.claims.totalCount).toBe(18);
    expect(article.territoryChanges).toHaveLength(2);
  });

  it('serves the article summary wherever an article is read, only when asked for', async () => {
    const summary =
      /^North Korean soldiers fighting for Russia in Kursk Oblast are reported to have suffered heavy losses/;
    const { articles, claims } = await data(
      server.query(`{
        articles { edges { node { id summary } } }
        claims(first: 2) { edges { node { article { title summary } } } }
      }`),
    );
    expect(articles.edges[0].node.summary).toMatch(summary);
    for (const { node } of claims.edges) expect(node.article.summary).toMatch(summary);
    const { node } = await data(
      server.query(`query ($id: ID!) { node(id: $id) { ... on Article { summary } } }`, {
        id: articles.edges[0].node.id,
      }),
    );
    expect(node.summary).toMatch(summary);
    // A page that does not ask for it does not read it.
    server.statements.reset();
    await data(server.query('{ claims(first: 2) { edges { node { article { title } } } } }'));
    expect(server.statements.statements.join('\n')).not.toContain('summary');
  });

  it("codes the Special Operations Forces' figures as exact counts over three days", async () => {
    const [sof] = await claimsOf({ kinds: ['CASUALTIES'], attributions: ['CLAIMED'] });
    expect(sof.claimant).toEqual({ __typename: 'Actor', label: 'Ukrainian Special Operations Forces' });
    expect(sof.subjects).toEqual([{ name: "Korean People's Army" }]);
    expect(sof.region).toEqual({ name: 'Kursk Oblast' });
    expect(sof.period).toEqual({ start: null, end: null, text: 'within just three days' });
    expect(sof.quantities).toEqual([
      {
        metric: 'KILLED',
        unit: 'North Korean soldiers',
        best: 50,
        low: null,
        high: null,
        approximate: false,
        phrase: null,
      },
      {
        metric: 'WOUNDED',
        unit: 'North Korean soldiers',
        best: 47,
        low: null,
        high: null,
        approximate: false,
        phrase: null,
      },
    ]);
  });

  it("gives the anonymous U.S. official's 'hundreds' as a range with the phrase kept", async () => {
    const claims = await claimsOf({ metric: 'KILLED_OR_WOUNDED' });
    const official = claims.find((c: any) => c.claimant?.label === 'a senior U.S. military official');
    expect(official.kind).toBe('CASUALTIES');
    expect(official.quantities).toEqual([
      {
        metric: 'KILLED_OR_WOUNDED',
        unit: 'North Korean soldiers',
        best: null,
        low: 100,
        high: 999,
        approximate: true,
        phrase: 'hundreds',
      },
    ]);
  });

  it('codes the deployment as a lower bound with no top, since August', async () => {
    const [deployment] = await claimsOf({ kinds: ['DEPLOYMENT'] });
    expect(deployment.attribution).toBe('ESTIMATED');
    expect(deployment.claimant).toBeNull();
    expect(deployment.period).toEqual({ start: '2024-08-01', end: null, text: 'since August' });
    expect(deployment.quantities).toEqual([
      {
        metric: 'DEPLOYED',
        unit: 'North Korean soldiers',
        best: null,
        low: 10000,
        high: null,
        approximate: false,
        phrase: 'over 10,000',
      },
    ]);
  });

  it('records the lost territory as about half, as a share and as a territory change', async () => {
    const [territory] = await claimsOf({ kinds: ['TERRITORY'] });
    expect(territory.attribution).toBe('REPORTED');
    expect(territory.quantities).toEqual([
      {
        metric: 'SHARE',
        unit: 'territory taken in August and September',
        best: 0.5,
        low: null,
        high: null,
        approximate: true,
        phrase: 'approximately half',
      },
    ]);
    const { territoryChanges } = await data(
      server.query(`{ territoryChanges { totalCount edges { node {
        region { name } gainedBy { name } lostBy { name } amount { metric best approximate } period { start end text } claim { kind } article { title }
      } } } }`),
    );
    expect(territoryChanges.totalCount).toBe(2);
    const [advance, loss] = territoryChanges.edges.map((e: any) => e.node);
    expect(advance).toMatchObject({
      region: { name: 'Kursk Oblast' },
      gainedBy: { name: 'Armed Forces of Ukraine' },
      lostBy: { name: 'Russian Armed Forces' },
      amount: [],
      period: { start: '2024-08-01', end: '2024-09-30', text: 'August and September' },
    });
    expect(loss).toMatchObject({
      gainedBy: { name: 'Russian Armed Forces' },
      lostBy: { name: 'Armed Forces of Ukraine' },
      amount: [{ metric: 'SHARE', best: 0.5, approximate: true }],
      period: null,
      claim: { kind: 'TERRITORY' },
    });
  });

  it('gives every official a role in the body they serve, the unnamed one included', async () => {
    const { officials } = await data(
      server.query(
        `{ officials { totalCount edges { node { label name description anonymous roles { title actor { name kind parent { name } } } } } } }`,
      ),
    );
    const byLabel = Object.fromEntries(officials.edges.map((e: any) => [e.node.label, e.node]));
    expect(officials.totalCount).toBe(4);
    expect(byLabel['Volodymyr Zelensky'].roles).toEqual([
      { title: 'President of Ukraine', actor: { name: 'Ukraine', kind: 'STATE', parent: null } },
    ]);
    expect(byLabel['Oleksandr Syrskyi'].roles).toEqual([
      {
        title: 'Commander-in-Chief',
        actor: { name: 'Armed Forces of Ukraine', kind: 'MILITARY', parent: { name: 'Ukraine' } },
      },
    ]);
    expect(byLabel['Donald Trump'].roles).toEqual([
      { title: 'President-elect', actor: { name: 'United States', kind: 'STATE', parent: null } },
    ]);
    expect(byLabel['a senior U.S. military official']).toEqual({
      label: 'a senior U.S. military official',
      name: null,
      description: 'a senior U.S. military official',
      anonymous: true,
      roles: [
        {
          title: 'Senior military official',
          actor: { name: 'United States Armed Forces', kind: 'MILITARY', parent: { name: 'United States' } },
        },
      ],
    });
  });

  it('places a unit in its armed force and the armed force in its state', async () => {
    const { search } = await data(
      server.query(
        `{ search(query: "Special Operations Forces", first: 1) { edges { node { ... on Actor { name kind country parent { name parent { name kind } } } } } } }`,
      ),
    );
    expect(search.edges[0].node).toEqual({
      name: 'Ukrainian Special Operations Forces',
      kind: 'MILITARY',
      country: 'UA',
      parent: { name: 'Armed Forces of Ukraine', parent: { name: 'Ukraine', kind: 'STATE' } },
    });
  });

  it('has Kursk Oblast as a province of Russia', async () => {
    const { regions } = await data(
      server.query(`{ regions { edges { node { name kind country parent { name kind } } } } }`),
    );
    expect(regions.edges.map((e: any) => e.node)).toEqual([
      { name: 'Russia', kind: 'COUNTRY', country: 'RU', parent: null },
      { name: 'Kursk Oblast', kind: 'PROVINCE', country: 'RU', parent: { name: 'Russia', kind: 'COUNTRY' } },
    ]);
  });

  it('attributes each claim as the article does', async () => {
    const claims = await claimsOf({});
    const tally = (key: (c: any) => string) =>
      claims.reduce((acc: Record<string, number>, c: any) => ({ ...acc, [key(c)]: (acc[key(c)] ?? 0) + 1 }), {});
    expect(tally((c) => c.claimant?.label ?? '(unattributed)')).toEqual({
      'Kyiv Independent': 2,
      'a senior U.S. military official': 2,
      'Ukrainian Special Operations Forces': 1,
      'Volodymyr Zelensky': 1,
      'Oleksandr Syrskyi': 2,
      Analysts: 1,
      '(unattributed)': 9,
    });
    expect(claims.find((c: any) => c.claimant?.label === 'Volodymyr Zelensky').kind).toBe('CONCEALMENT');
    expect(claims.filter((c: any) => c.attribution === 'CONFIRMED').map((c: any) => c.claimant.label)).toEqual([
      'Oleksandr Syrskyi',
    ]);
    expect(claims.filter((c: any) => c.attribution === 'SPECULATED').map((c: any) => c.kind)).toEqual(['FORECAST']);
  });
});
