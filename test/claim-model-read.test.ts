import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInput } from '../src/dataset/format.ts';
import { createTestServer, data, globalId } from './helpers.ts';

/**
 * A small dataset that says what real reporting says: a claim passed from an intelligence service
 * through a lawmaker and a news agency to an outlet, joint claimants, relations between claims, a
 * revision chain, aliases, partial dates and an undated claim.
 */
const dataset: DatasetInput = {
  format: 'claimgraph-dataset',
  version: 1,
  records: [
    { type: 'actor', key: 'ukraine', name: 'Ukraine', kind: 'STATE', country: 'UA', aliases: ['Ukraina'] },
    {
      type: 'actor',
      key: 'ukraine-army',
      name: 'Armed Forces of Ukraine',
      kind: 'MILITARY',
      country: 'UA',
      parent: 'ukraine',
      aliases: ['ZSU', 'Ukrainian Armed Forces'],
    },
    {
      type: 'actor',
      key: 'ukraine-sof',
      name: 'Special Operations Forces',
      kind: 'MILITARY_UNIT',
      parent: 'ukraine-army',
    },
    { type: 'actor', key: 'russia', name: 'Russia', kind: 'STATE', country: 'RU' },
    { type: 'actor', key: 'nis', name: 'National Intelligence Service', kind: 'INTELLIGENCE_SERVICE', country: 'KR' },
    { type: 'actor', key: 'yonhap', name: 'Yonhap', kind: 'NEWS_AGENCY', country: 'KR' },
    { type: 'actor', key: 'kyiv-independent', name: 'Kyiv Independent', kind: 'MEDIA', country: 'UA' },
    {
      type: 'actor',
      key: 'pentagon',
      name: 'Department of Defense',
      kind: 'MINISTRY',
      country: 'US',
      aliases: ['Pentagon'],
    },
    {
      type: 'official',
      key: 'syrskyi',
      name: 'Oleksandr Syrskyi',
      description: 'Commander-in-Chief of the Armed Forces of Ukraine',
      aliases: ['Syrsky', 'Oleksandr Syrsky'],
    },
    { type: 'official', key: 'lawmaker', name: 'Lee Seong-kweun', description: 'South Korean lawmaker' },
    {
      type: 'official',
      key: 'us-official',
      description: 'a senior U.S. military official',
      seniority: 'SENIOR',
      domain: 'MILITARY',
      country: 'US',
      body: 'pentagon',
    },
    {
      type: 'official',
      key: 'us-official-2',
      description: 'a U.S. defense official',
      domain: 'MILITARY',
      country: 'US',
      body: 'pentagon',
      sameSourceAs: { official: 'us-official', reviewedBy: 'desk editor', reason: 'same briefing, same wording' },
    },
    { type: 'region', key: 'region-russia', name: 'Russia', kind: 'COUNTRY', country: 'RU' },
    { type: 'region', key: 'kursk', name: 'Kursk Oblast', kind: 'PROVINCE', country: 'RU', parent: 'region-russia' },
    { type: 'region', key: 'sudzha', name: 'Sudzha', kind: 'SETTLEMENT', country: 'RU', parent: 'kursk' },
    {
      type: 'region',
      key: 'belgorod',
      name: 'Belgorod Oblast',
      kind: 'PROVINCE',
      country: 'RU',
      parent: 'region-russia',
    },
    {
      type: 'article',
      key: 'december',
      title: 'Lawmaker cites NIS on North Korean losses',
      outlet: 'kyiv-independent',
      publishedAt: '2024-12-20T10:00:00Z',
    },
    { type: 'article', key: 'month-only', title: 'A later report', publishedOn: '2025-01' },
    { type: 'article', key: 'undated-article', title: 'An undated note' },
    {
      type: 'claim',
      key: 'relayed',
      article: 'december',
      statement: 'About 100 North Korean soldiers have been killed since August.',
      kind: 'CASUALTIES',
      attribution: 'REPORTED',
      claimant: 'nis',
      chain: [
        { source: 'lawmaker', role: 'SPEAKER' },
        { source: 'yonhap', role: 'RELAY' },
        { source: 'kyiv-independent', role: 'PUBLISHER' },
      ],
      statedOn: '2024-12-19',
      subjects: ['ukraine-sof'],
      region: 'sudzha',
      otherRegions: ['belgorod'],
      period: { start: '2024-08-01', text: 'since August' },
      quantities: [
        { metric: 'KILLED', best: 100, shape: 'ABOUT' },
        { metric: 'WOUNDED', phrase: 'hundreds', shape: 'WORDS' },
      ],
    },
    {
      type: 'claim',
      key: 'joint',
      article: 'december',
      statement: 'The figures are wrong.',
      kind: 'ASSESSMENT',
      attribution: 'STATED',
      stance: 'DENIES',
      claimant: 'syrskyi',
      jointClaimants: ['us-official'],
      statedOn: '2024-11',
      subjects: ['ukraine'],
      relations: [{ kind: 'CONTRADICTS', claim: 'relayed', note: 'gives no count at all' }],
    },
    {
      type: 'claim',
      key: 'revision',
      article: 'month-only',
      statement: 'About 200 North Korean soldiers have been killed.',
      kind: 'CASUALTIES',
      attribution: 'REPORTED',
      stance: 'DECLINES_TO_CONFIRM',
      claimant: 'nis',
      relations: [{ kind: 'REVISES', claim: 'relayed' }],
      quantities: [
        { metric: 'KILLED', best: 200, shape: 'ABOUT', per: 'MONTH', measure: 'CHANGE', modality: 'REPORTED' },
      ],
    },
    {
      type: 'claim',
      key: 'second-revision',
      article: 'month-only',
      statement: 'Half as many were killed as first said.',
      kind: 'CASUALTIES',
      attribution: 'ESTIMATED',
      claimant: 'nis',
      statedOn: '2025',
      relations: [{ kind: 'REVISES', claim: 'revision' }],
      quantities: [
        { metric: 'KILLED', derivation: 'RELATIVE', factor: 0.5, derivedFrom: [{ claim: 'relayed', index: 0 }] },
      ],
    },
    {
      type: 'claim',
      key: 'undated',
      article: 'undated-article',
      statement: 'Ukraine holds ground in the region.',
      kind: 'TERRITORY',
      attribution: 'STATED',
      claimant: 'ukraine-army',
      subjects: ['ukraine-army'],
      region: 'kursk',
    },
  ],
};

const server = createTestServer(dataset);
afterAll(() => server.close());

const q = (query: string, variables?: Record<string, unknown>) => data(server.query(query, variables));

/** The statements of the claims a filter selects, in the order recorded. */
async function statementsWhere(filter: Record<string, unknown>): Promise<string[]> {
  const result = await q(
    `query ($filter: ClaimFilter) { claims(filter: $filter) { totalCount nodes { statement } } }`,
    { filter },
  );
  const statements = result.claims.nodes.map((n: { statement: string }) => n.statement);
  expect(result.claims.totalCount).toBe(statements.length);
  return statements;
}

const claimNodes = async (fields: string) =>
  Object.fromEntries(
    (await q(`{ claims(first: 10) { nodes { key: statement ${fields} } } }`)).claims.nodes.map((n: { key: string }) => [
      n.key,
      n,
    ]),
  ) as Record<string, any>;

const RELAYED = 'About 100 North Korean soldiers have been killed since August.';
const JOINT = 'The figures are wrong.';
const REVISION = 'About 200 North Korean soldiers have been killed.';
const SECOND_REVISION = 'Half as many were killed as first said.';
const UNDATED = 'Ukraine holds ground in the region.';

describe('claim fields', () => {
  it('give the whole chain from origin to publisher, and whether it is first hand', async () => {
    const nodes = await claimNodes(`chain { role source { label __typename } } firstHand
      claimants { label ... on Official { name } }`);
    expect(nodes[RELAYED].chain).toEqual([
      { role: 'ORIGIN', source: { label: 'National Intelligence Service', __typename: 'Actor' } },
      { role: 'SPEAKER', source: { label: 'Lee Seong-kweun', __typename: 'Official' } },
      { role: 'RELAY', source: { label: 'Yonhap', __typename: 'Actor' } },
      { role: 'PUBLISHER', source: { label: 'Kyiv Independent', __typename: 'Actor' } },
    ]);
    expect(nodes[RELAYED].firstHand).toBe(false);
    expect(nodes[JOINT].firstHand).toBe(true);
    expect(nodes[JOINT].claimants).toEqual([
      { label: 'Oleksandr Syrskyi', name: 'Oleksandr Syrskyi' },
      { label: 'a senior U.S. military official', name: null },
    ]);
    expect(nodes[JOINT].chain.map((h: any) => [h.role, h.source.label])).toEqual([
      ['ORIGIN', 'Oleksandr Syrskyi'],
      ['ORIGIN', 'a senior U.S. military official'],
    ]);
    expect(nodes[UNDATED].claimants).toEqual([{ label: 'Armed Forces of Ukraine' }]);
  });

  it('give stance, statement date and every region, the first one first', async () => {
    const nodes = await claimNodes('stance statedOn regions { name }');
    expect(nodes[RELAYED]).toMatchObject({
      stance: 'ASSERTS',
      statedOn: '2024-12-19',
      regions: [{ name: 'Sudzha' }, { name: 'Belgorod Oblast' }],
    });
    expect(nodes[JOINT]).toMatchObject({ stance: 'DENIES', statedOn: '2024-11', regions: [] });
    expect(nodes[REVISION]).toMatchObject({ stance: 'DECLINES_TO_CONFIRM', statedOn: null });
    expect(nodes[UNDATED].regions).toEqual([{ name: 'Kursk Oblast' }]);
  });

  it('end an open period at the statement date', async () => {
    const nodes = await claimNodes('period { start end text effectiveEnd }');
    expect(nodes[RELAYED].period).toEqual({
      start: '2024-08-01',
      end: null,
      text: 'since August',
      effectiveEnd: '2024-12-19',
    });
    expect(nodes[JOINT].period).toBeNull();
  });

  it('read relations in both directions, narrowed by kind', async () => {
    const nodes = await claimNodes(`relations { kind note claim { statement } }
      relatedBy { kind note claim { statement } }
      revisedBy: relatedBy(kinds: [REVISES]) { claim { statement } }`);
    expect(nodes[JOINT].relations).toEqual([
      { kind: 'CONTRADICTS', note: 'gives no count at all', claim: { statement: RELAYED } },
    ]);
    expect(nodes[RELAYED].relatedBy).toEqual([
      { kind: 'CONTRADICTS', note: 'gives no count at all', claim: { statement: JOINT } },
      { kind: 'REVISES', note: null, claim: { statement: REVISION } },
    ]);
    expect(nodes[RELAYED].revisedBy).toEqual([{ claim: { statement: REVISION } }]);
    expect(nodes[RELAYED].relations).toEqual([]);
  });

  it('follow revisions to the newest one', async () => {
    const nodes = await claimNodes('superseded latestRevision { statement statedOn }');
    expect(nodes[RELAYED]).toMatchObject({ superseded: true, latestRevision: { statement: SECOND_REVISION } });
    expect(nodes[REVISION]).toMatchObject({ superseded: true, latestRevision: { statement: SECOND_REVISION } });
    expect(nodes[SECOND_REVISION]).toMatchObject({
      superseded: false,
      latestRevision: { statement: SECOND_REVISION, statedOn: '2025' },
    });
    // Contradicting is not revising.
    expect(nodes[JOINT]).toMatchObject({ superseded: false, latestRevision: { statement: JOINT } });
  });
});

describe('source, article and quantity fields', () => {
  it('describe unnamed sources and their reviewed same-source link', async () => {
    const result = await q(`{ officials { nodes { label aliases seniority domain country body { name }
      sameSourceAs { official { label } reviewedBy reason } } } }`);
    const byLabel = Object.fromEntries(result.officials.nodes.map((o: any) => [o.label, o]));
    expect(byLabel['Oleksandr Syrskyi'].aliases).toEqual(['Oleksandr Syrsky', 'Syrsky']);
    expect(byLabel['a senior U.S. military official']).toMatchObject({
      seniority: 'SENIOR',
      domain: 'MILITARY',
      country: 'US',
      body: { name: 'Department of Defense' },
      sameSourceAs: null,
    });
    expect(byLabel['a U.S. defense official'].sameSourceAs).toEqual({
      official: { label: 'a senior U.S. military official' },
      reviewedBy: 'desk editor',
      reason: 'same briefing, same wording',
    });
  });

  it('give actor aliases and partial publication dates', async () => {
    const actors = await q(`{ actors(filter: { name: "Armed Forces" }) { nodes { name aliases } } }`);
    expect(actors.actors.nodes).toEqual([
      { name: 'Armed Forces of Ukraine', aliases: ['Ukrainian Armed Forces', 'ZSU'] },
    ]);
    const articles = await q(`{ articles { nodes { title publishedOn } } }`);
    expect(articles.articles.nodes.map((a: any) => a.publishedOn)).toEqual(['2024-12-20', '2025-01', null]);
  });

  it('give the shape of each number, its interval and the figures a derived one comes from', async () => {
    const nodes = await claimNodes(`quantities { metric shape per measure modality derivation factor best
      derivedFrom { index claim { statement } }
      interval { low high best lowInclusive highInclusive rule } }`);
    const [about, words] = nodes[RELAYED].quantities;
    expect(about).toMatchObject({ shape: 'ABOUT', per: null, measure: 'CHANGE', modality: 'REPORTED' });
    expect(about.interval).toMatchObject({
      low: 90,
      best: 100,
      lowInclusive: true,
      highInclusive: true,
      rule: 'ABOUT',
    });
    expect(about.interval.high).toBeCloseTo(110);
    expect(words.interval).toMatchObject({ low: 200, high: 999, rule: 'WORDS:hundreds' });
    expect(nodes[REVISION].quantities[0].per).toBe('MONTH');
    const [derived] = nodes[SECOND_REVISION].quantities;
    expect(derived).toMatchObject({
      derivation: 'RELATIVE',
      factor: 0.5,
      best: 50,
      derivedFrom: [{ index: 0, claim: { statement: RELAYED } }],
    });
  });
});
