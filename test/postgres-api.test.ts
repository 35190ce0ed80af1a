import { sql } from 'drizzle-orm';
import { allRows } from '../src/db/engine.ts';
import { metrics } from '../src/db/vocabulary.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBenchDatabase } from '../bench/data/generate.ts';
import { type Db, openDatabase } from '../src/db/client.ts';
import { closePostgres, openPostgres } from '../src/db/postgres/client.ts';
import { answerAlike, onBothEngines, postgresUrl, runOn } from './postgres.ts';
import { comparisonDataset } from './comparison-data.ts';
import { loadDataset } from '../src/dataset/load.ts';
import { globalId, StatementCounter } from './helpers.ts';

/**
 * The read API on PostgreSQL answers as on SQLite: the same example dataset on both engines (copied
 * row for row), the same operations through the same schema, the same answers, field for field.
 */

const claimFields = `id statement kind attribution stance statedOn firstHand superseded
  claimant { __typename ... on Actor { id name } ... on Official { id label } }
  claimants { __typename }
  chain { __typename }
  article { id title url publishedAt publishedOn outlet { name } }
  subjects { name } region { name parent { name } } regions { name }
  period { start end text }
  quantities { metric unit best low high approximate phrase shape per measure modality interval { low high } }
  relations { kind } relatedBy { kind }
  latestRevision { id }
  territoryChanges { id }
  claimReview`;

const pageInfo = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

const operations: Record<string, string> = {
  'a page of claims with everything beneath': `{ claims(first: 8) { totalCount ${pageInfo} edges { cursor node { ${claimFields} } } } }`,
  'claims by date, newest first': `{ claims(first: 30, orderBy: { field: DATE, direction: DESC }) { edges { node { id statedOn } } } }`,
  'claims by date': `{ claims(first: 30, orderBy: { field: DATE }) { edges { node { id } } } }`,
  'the last claims': `{ claims(last: 4) { ${pageInfo} edges { node { id } } } }`,
  'claims of a kind and metric since a date': `{ claims(filter: { kinds: [CASUALTIES], metric: KILLED, from: "2024-10-01" }) { totalCount edges { node { id } } } }`,
  'claims up to a date': `{ claims(filter: { to: "2024-11-15" }) { totalCount edges { node { id } } } }`,
  'claims by attribution and stance': `{ a: claims(filter: { attributions: [CLAIMED, STATED] }) { totalCount } b: claims(filter: { stances: [DENIES, ASSERTS] }) { totalCount } c: claims(filter: { undated: false }) { totalCount } }`,
  'latest and first-hand claims': `{ a: claims(filter: { latestOnly: true }) { totalCount } b: claims(filter: { firstHandOnly: true }) { totalCount } }`,
  'actors, with their officials and claims': `{ actors(first: 50) { totalCount ${pageInfo} edges { node { id label name kind country description aliases parent { name } children { totalCount edges { node { name } } } officials(first: 3) { totalCount edges { node { label } } } claims(first: 2) { totalCount edges { node { statement } } } } } } }`,
  'actors by name, and found by name': `{ actors(first: 50, orderBy: { field: NAME }) { edges { node { name } } } byName: actors(filter: { name: "forces" }) { totalCount edges { node { name } } } }`,
  'officials, with their roles': `{ officials(first: 50) { totalCount edges { node { id label name description anonymous seniority domain country aliases body { name } roles { title actor { name } since until } claims(first: 5) { totalCount } } } } }`,
  'officials by name and filter': `{ a: officials(first: 50, orderBy: { field: NAME }) { edges { node { label } } } b: officials(filter: { anonymous: true }) { totalCount } c: officials(filter: { name: "zel" }) { totalCount } }`,
  'regions, with their places': `{ regions(first: 50) { totalCount edges { node { id name kind country geometry parent { name } children { totalCount edges { node { name } } } claims(first: 2) { totalCount } territoryChanges(first: 2) { totalCount } } } } }`,
  'regions by name': `{ regions(first: 50, orderBy: { field: NAME, direction: DESC }) { edges { node { name } } } }`,
  'articles, with their claims': `{ articles(first: 50) { totalCount edges { node { id title url outlet { name } publishedAt publishedOn summary citedSources { name } claims(first: 3) { totalCount edges { node { statement } } } territoryChanges { id } } } } }`,
  'articles by publication and title': `{ a: articles(first: 50, orderBy: { field: PUBLISHED }) { edges { node { title } } } b: articles(first: 50, orderBy: { field: TITLE, direction: DESC }) { edges { node { title } } } c: articles(filter: { publishedFrom: "2024-11-01T00:00:00Z" }) { totalCount } }`,
  'territory changes, with their amounts': `{ territoryChanges(first: 50) { totalCount edges { node { id region { name } gainedBy { name } lostBy { name } amount { metric best unit } period { start end text } claim { statement } article { title } } } } }`,
  'territory changes by date': `{ territoryChanges(first: 50, orderBy: { field: DATE, direction: DESC }) { edges { node { id } } } }`,
  'claim statistics': `{ claimStats { count byKind { kind count } byClaimant { claimant { __typename ... on Actor { name } ... on Official { label } } count quantities { metric unit per measure modality claims low high summedFromParts } } quantities { metric unit claims low high } leftOut { repeats superseded notAsserted } conventions conventionsVersion } }`,
  'claim statistics of casualties since October': `{ claimStats(filter: { kinds: [CASUALTIES], from: "2024-10-01" }) { count byKind { kind count } quantities { metric claims low high } leftOut { repeats superseded notAsserted } } }`,
  'the number conventions': `{ numberConventions { version } }`,
};

const policies = ['CONSERVATIVE', 'MIDPOINT', 'HIGH'];
const range = 'low high lowInclusive highInclusive';

const compareQuery = `query($question: ComparisonQuestion!, $policy: VaguenessPolicy!, $relations: [IntervalRelation!], $pairs: Int) {
  compareClaims(question: $question, policy: $policy) { policy conventions conventionsVersion
    comparisons { metric unit period { start end text } per measure modality spread contradictions agreed { ${range} }
      figures { claimant { __typename ... on Actor { id name } ... on Official { id label } } claim { id statement statedOn article { title } }
        low best high lowInclusive highInclusive value summedFromParts reports { id } history { id statedOn } }
      pairs(relations: $relations, first: $pairs) { samePeriod relation first { claim { id } value } second { claim { id } value } } } } }`;

const contradictionsQuery = `query($filter: ClaimFilter, $first: Int, $after: String) {
  contradictions(filter: $filter, first: $first, after: $after) { totalCount ${pageInfo}
    edges { cursor node { kind why metric unit note firstRange { ${range} } secondRange { ${range} }
      first { id statement claimant { __typename ... on Actor { name } ... on Official { label } } article { title } }
      second { id statement region { name } } } } } }`;

/**
 * The contradictions under `filter` on both engines, page by page and in one page (of at most 100),
 * each answer compared, and past the last page, where the count is worked out on its own; every one.
 */
async function contradictionsAlike(same: Same, filter: object, pageSize = 3) {
  const whole = (await same(contradictionsQuery, { filter, first: 100 })).contradictions;
  const paged: unknown[] = [];
  let after: string | null = null;
  do {
    const page: any = (await same(contradictionsQuery, { filter, first: pageSize, after })).contradictions;
    expect(page.totalCount).toBe(whole.totalCount);
    paged.push(...page.edges);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(paged).toHaveLength(whole.totalCount);
  expect(paged.slice(0, 100)).toEqual(whole.edges);
  const last: any = paged.at(-1);
  if (last) {
    const past = (await same(contradictionsQuery, { filter, after: last.cursor })).contradictions;
    expect(past).toMatchObject({ totalCount: whole.totalCount, edges: [] });
  }
  return paged;
}

type Same = (source: string, variables?: Record<string, unknown>) => Promise<any>;

/**
 * compareClaims on both engines for every metric and policy, then by each unit, subject and region
 * there is, over dates and as of a day, and each relation of pairs at several page sizes; how many
 * figures and pairs the metrics gave.
 */
async function comparisonsAlike(same: Same) {
  const ids = await same(
    `{ actors(first: 100) { edges { node { id } } } regions(first: 100) { edges { node { id } } } }`,
  );
  let [figures, pairs] = [0, 0];
  for (const metric of metrics)
    for (const policy of policies)
      for (const comparison of (await same(compareQuery, { question: { metric }, policy })).compareClaims.comparisons) {
        figures += comparison.figures.length;
        pairs += comparison.pairs.length;
      }
  const killed = await same(compareQuery, { question: { metric: 'KILLED_OR_WOUNDED' }, policy: 'MIDPOINT' });
  for (const unit of new Set(killed.compareClaims.comparisons.map((c: { unit: string | null }) => c.unit)))
    await same(compareQuery, { question: { metric: 'KILLED_OR_WOUNDED', unit }, policy: 'HIGH' });
  await same(compareQuery, { question: { metric: 'DEPLOYED', unit: 'no such unit' }, policy: 'HIGH' });
  for (const { node } of ids.actors.edges)
    await same(compareQuery, { question: { metric: 'KILLED_OR_WOUNDED', subjectId: node.id }, policy: 'CONSERVATIVE' });
  for (const { node } of ids.regions.edges)
    await same(compareQuery, { question: { metric: 'KILLED_OR_WOUNDED', regionId: node.id }, policy: 'MIDPOINT' });
  for (const question of [
    { metric: 'KILLED_OR_WOUNDED', from: '2024-11-01' },
    { metric: 'KILLED_OR_WOUNDED', from: '2024-10-01', to: '2024-11-30' },
    { metric: 'KILLED_OR_WOUNDED', asOf: '2024-12-31' },
    { metric: 'DEPLOYED', asOf: '2024-11-15' },
  ])
    await same(compareQuery, { question, policy: 'CONSERVATIVE' });
  for (const relations of [['DISJOINT'], ['SAME', 'NESTED'], ['OVERLAPPING']])
    for (const first of [0, 1, 100])
      await same(compareQuery, { question: { metric: 'KILLED_OR_WOUNDED' }, policy: 'HIGH', relations, pairs: first });
  return { figures, pairs };
}

/**
 * contradictions on both engines, every one and as of a day page by page, and under each kind of
 * filter (each region, subject and claimant there is); the contradictions of now and of that day.
 */
async function everyContradictionFilterAlike(same: Same) {
  const ids = await same(`{ regions(first: 100) { edges { node { id } } } actors(first: 100) { edges { node { id } } }
    officials(first: 100) { edges { node { id } } } }`);
  const every = [
    ...(await contradictionsAlike(same, {})),
    ...(await contradictionsAlike(same, { asOf: '2024-12-31' })),
  ];
  for (const filter of [
    { kinds: ['CASUALTIES'] },
    { metric: 'KILLED_OR_WOUNDED' },
    { from: '2024-11-01' },
    { to: '2024-11-30' },
    { stances: ['ASSERTS', 'DENIES'] },
    { latestOnly: true },
    ...ids.regions.edges.map(({ node }: any) => ({ regionId: node.id })),
    ...ids.actors.edges.map(({ node }: any) => ({ subjectId: node.id })),
    ...[...ids.actors.edges, ...ids.officials.edges].map(({ node }: any) => ({ claimantId: node.id })),
  ])
    await same(contradictionsQuery, { filter, first: 100 });
  return every;
}

describe.skipIf(!postgresUrl)('the read API on PostgreSQL', () => {
  const engines = onBothEngines();

  const run = runOn;
  const same = answerAlike(engines);

  for (const [name, source] of Object.entries(operations))
    it(`answers ${name} as SQLite does`, async () => {
      await same(source);
    });

  it('pages forward and back through every claim alike', async () => {
    const forward = `query($after: String) { claims(first: 7, after: $after) { ${pageInfo} edges { cursor node { id } } } }`;
    let after: string | null = null;
    let seen = 0;
    do {
      const page: any = (await same(forward, { after })).claims;
      seen += page.edges.length;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const backward = `query($before: String) { claims(last: 5, before: $before, orderBy: { field: DATE }) { ${pageInfo} edges { node { id } } } }`;
    let before: string | null = null;
    let back = 0;
    do {
      const page: any = (await same(backward, { before })).claims;
      back += page.edges.length;
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
    } while (before);
    expect(seen).toBeGreaterThan(15);
    expect(back).toBe(seen);
  });

  it('finds every node by its id, and null for ids of nothing', async () => {
    const ids = await same(
      `{ claims(first: 100) { edges { node { id region { id } article { id } claimant { ... on Actor { id } ... on Official { id } } territoryChanges { id } } } } }`,
    );
    const all = new Set<string>();
    for (const { node } of ids.claims.edges)
      for (const id of [
        node.id,
        node.region?.id,
        node.article.id,
        node.claimant?.id,
        ...node.territoryChanges.map((t: { id: string }) => t.id),
      ])
        if (id) all.add(id);
    expect(all.size).toBeGreaterThan(20);
    const nodes = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Claim { statement } ... on Region { name } ... on Article { title } ... on Actor { name } ... on Official { label } ... on TerritoryChange { region { name } } } }`;
    const list = [...all];
    for (let i = 0; i < list.length; i += 50) await same(nodes, { ids: list.slice(i, i + 50) });
    const missing = Buffer.from('Claim:99999').toString('base64');
    expect((await same(`query($id: ID!) { node(id: $id) { id } }`, { id: missing })).node).toBeNull();
  });

  it('filters claims by claimant, subject, region, article and source alike', async () => {
    const ids = await same(
      `{ claims(first: 100) { edges { node { claimant { ... on Actor { id } ... on Official { id } } subjects { id } region { id } article { id } } } } }`,
    );
    const byKey = (pick: (node: any) => string[]) => [
      ...new Set(ids.claims.edges.flatMap(({ node }: any) => pick(node))),
    ];
    const filters = [
      ...byKey((n) => (n.claimant ? [n.claimant.id] : [])).map((id) => ({ claimantId: id })),
      ...byKey((n) => n.subjects.map((s: { id: string }) => s.id)).map((id) => ({ subjectId: id })),
      ...byKey((n) => (n.region ? [n.region.id] : [])).map((id) => ({ regionId: id })),
      ...byKey((n) => [n.article.id]).map((id) => ({ articleId: id })),
      ...byKey((n) => n.subjects.map((s: { id: string }) => s.id)).map((id) => ({ subjectId: id, exactSubject: true })),
      ...byKey((n) => (n.claimant ? [n.claimant.id] : [])).map((id) => ({ sourceId: id })),
      { asOf: '2024-11-01' },
      { asOf: '2024-12-20', latestOnly: true },
      { undated: true },
    ];
    expect(filters.length).toBeGreaterThan(10);
    const query = `query($filter: ClaimFilter) { claims(filter: $filter, first: 50) { totalCount edges { node { id } } } claimStats(filter: $filter) { count quantities { metric claims low high } } }`;
    for (const filter of filters) await same(query, { filter });
  });

  it('finds actors and officials by name or alias alike', async () => {
    const names = await same(
      `{ actors(first: 50) { edges { node { name aliases } } } officials(first: 50) { edges { node { name aliases } } } }`,
    );
    const query = `query($name: String!) { actorNamed(name: $name) { id } officialNamed(name: $name) { id } }`;
    for (const { node } of [...names.actors.edges, ...names.officials.edges])
      for (const name of [node.name, ...node.aliases].filter(Boolean)) {
        await same(query, { name });
        await same(query, { name: name.toUpperCase() });
      }
    await same(query, { name: 'nobody of that name' });
  });

  it('searches alike: the same hits (ranked each by its own engine), best first, with marked snippets', async () => {
    const query = `query($q: String!) { search(query: $q, first: 100) { totalCount edges { node { __typename ... on Claim { id } ... on Article { id } ... on Actor { id } ... on Official { id } ... on Region { id } } } } }`;
    const hits = (answer: any) => ({
      totalCount: answer.data.search.totalCount,
      nodes: answer.data.search.edges.map((edge: any) => JSON.stringify(edge.node)).sort(),
    });
    for (const q of ['Kursk sold', 'North Korean', 'Zelensk', 'killed', 'oblast', 'nothing-like-this-anywhere']) {
      const onSqlite = hits(await run(engines.sqlite, query, { q }));
      expect(hits(await run(engines.postgres, query, { q })), q).toEqual(onSqlite);
    }
    const scored = await run(engines.postgres, `{ search(query: "Kursk", first: 20) { edges { score snippet } } }`);
    const scores = scored.data.search.edges.map((edge: { score: number }) => edge.score);
    expect(scores.length).toBeGreaterThan(5);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    for (const { snippet } of scored.data.search.edges) expect(snippet).toMatch(/<mark>Kursk<\/mark>/i);
  });

  it('gives counts and sums as numbers, as SQLite does, so that adding them up adds', async () => {
    const query = sql`select count(*) as n, sum(id) as total, count(distinct claimant_actor_id) as claimants from claims`;
    const [onSqlite] = await allRows(engines.sqlite, query);
    expect(await allRows(engines.postgres, query)).toEqual([onSqlite]);
    // claimStats adds each claimant's envelope into the overall one: with strings, 1 + 1 was "11".
    const stats = await same(`{ claimStats { byClaimant { count } quantities { metric claims } } }`);
    expect(stats.claimStats.quantities.every((q: { claims: number }) => q.claims < 100)).toBe(true);
  });

  it('answers territoryBalance alike, for every region with changes, bucket and policy', async () => {
    const changes = await same(`{ territoryChanges(first: 100) { edges { node { region { id parent { id } } } } } }`);
    const regions = new Set<string>();
    for (const { node } of changes.territoryChanges.edges) {
      regions.add(node.region.id);
      if (node.region.parent) regions.add(node.region.parent.id);
    }
    expect(regions.size).toBeGreaterThan(1);
    const query = `query($region: ID!, $bucket: TimeBucket!, $policy: VaguenessPolicy) {
      territoryBalance(regionId: $region, bucket: $bucket, policy: $policy) {
        bucket policy undated unsized region { name }
        periods { start end changes { id } sides { side { name } gained { low high value } lost { low high value } net { low high value } changes { id } } }
      } }`;
    for (const region of regions)
      for (const bucket of ['DAY', 'WEEK', 'MONTH'])
        for (const policy of ['CONSERVATIVE', 'MIDPOINT', 'HIGH']) await same(query, { region, bucket, policy });
  });

  it("answers trackRecords alike, by claimant and by outlet, and each claimant's own", async () => {
    const query = `query($by: TrackRecordKey, $filter: ClaimFilter) {
      trackRecords(by: $by, filter: $filter, first: 50) {
        claimant { __typename ... on Actor { name } ... on Official { label } } outlet { name }
        claims revised contradicted corroborated denied judgedBy { kind claims claimant { __typename } }
      } }`;
    for (const by of ['CLAIMANT', 'OUTLET'])
      for (const filter of [null, { kinds: ['CASUALTIES'] }, { from: '2024-11-01' }]) await same(query, { by, filter });
    await same(`{ actors(first: 50) { edges { node { trackRecord { claims revised contradicted denied } } } }
      officials(first: 50) { edges { node { trackRecord { claims revised corroborated judgedBy { kind claims } } } } } }`);
  });

  it('answers claimGroups alike, by every key, alone and in pairs', async () => {
    const keys = ['CLAIMANT', 'CLAIMANT_KIND', 'SUBJECT', 'REGION', 'ARTICLE', 'OUTLET', 'METRIC', 'MONTH'];
    const query = `query($by: [GroupKey!]!, $level: RegionKind, $filter: ClaimFilter) {
      claimGroups(by: $by, regionLevel: $level, filter: $filter, first: 50, claimsPerGroup: 3) {
        by regionLevel groups { count month metric claimantKind claimant { __typename ... on Actor { name } ... on Official { label } }
          subject { name } region { name } article { title } outlet { name } claims { id } }
      } }`;
    for (const key of keys) await same(query, { by: [key] });
    for (const [first, second] of [
      ['CLAIMANT', 'MONTH'],
      ['METRIC', 'REGION'],
      ['OUTLET', 'SUBJECT'],
    ])
      await same(query, { by: [first, second] });
    for (const level of ['COUNTRY', 'PROVINCE']) await same(query, { by: ['REGION'], level });
    await same(query, { by: ['CLAIMANT'], filter: { kinds: ['CASUALTIES'], from: '2024-11-01' } });
  });

  it('answers claimSeries alike, for every metric, bucket and policy', async () => {
    const query = `query($metric: Metric!, $bucket: TimeBucket!, $policy: VaguenessPolicy, $unit: String, $filter: ClaimFilter) {
      claimSeries(metric: $metric, bucket: $bucket, policy: $policy, unit: $unit, filter: $filter) {
        metric bucket policy undated
        lines { unit per measure modality cumulative points { start end low high value replaced claims { id }
          figures { day low best high value runningTotal summedFromParts claim { id } claimant { __typename } } } }
      } }`;
    for (const metric of ['KILLED', 'WOUNDED', 'KILLED_OR_WOUNDED', 'DEPLOYED', 'AREA_KM2'])
      for (const bucket of ['DAY', 'WEEK', 'MONTH'])
        for (const policy of ['CONSERVATIVE', 'MIDPOINT', 'HIGH']) await same(query, { metric, bucket, policy });
    await same(query, { metric: 'DEPLOYED', bucket: 'MONTH', unit: 'troops' });
    await same(query, { metric: 'KILLED', bucket: 'MONTH', filter: { from: '2024-11-01' } });
  });

  it('reads a page of 1, 5 or 50 in the same number of statements (flat in the page size, as on SQLite)', async () => {
    const statements = new StatementCounter();
    const counted = await openPostgres(engines.url, { logger: statements });
    try {
      const page = (first: number) =>
        `{ claims(first: ${first}) { totalCount edges { node { ${claimFields} } } } articles(first: ${first}) { edges { node { claims(first: 3) { edges { node { id subjects { name } } } } citedSources { name } } } } claimStats { count byClaimant { claimant { __typename } count } } }`;
      const counts = [];
      for (const first of [1, 5, 50]) {
        statements.reset();
        expect((await run(counted, page(first))).errors).toBeUndefined();
        counts.push(statements.count);
      }
      expect(counts[0]).toBeGreaterThan(3);
      expect(counts).toEqual([counts[0], counts[0], counts[0]]);
    } finally {
      await closePostgres(counted);
    }
  });

  it('answers compareClaims alike, for every metric and policy, by unit, subject, region and time', async () => {
    const { figures } = await comparisonsAlike(same);
    expect(figures).toBeGreaterThan(20);
  });

  it('answers contradictions alike, filtered, and page by page as in one page', async () => {
    await everyContradictionFilterAlike(same);
  });
});

/**
 * compareClaims and contradictions over the comparison tests' dataset, which the example's handful of
 * figures does not make: claimants that disagree (disjoint figures, a denial), revisions and repeats.
 */
describe.skipIf(!postgresUrl)('compareClaims and contradictions on PostgreSQL, over claimants that disagree', () => {
  const engines = onBothEngines({
    dataset: () => {
      const db = openDatabase(':memory:');
      loadDataset(db, comparisonDataset());
      return db;
    },
  });

  const same = answerAlike(engines);

  it('answers compareClaims alike, for every metric and policy, by unit, subject, region and time', async () => {
    const { figures, pairs } = await comparisonsAlike(same);
    expect(figures).toBeGreaterThan(10);
    expect(pairs).toBeGreaterThan(5);
  });

  it('answers contradictions alike, filtered, and page by page as in one page', async () => {
    const every: any[] = await everyContradictionFilterAlike(same);
    expect(new Set(every.map(({ node }) => node.kind))).toEqual(new Set(['DENIES', 'DISJOINT_FIGURES']));
  });
});

/**
 * Further regions for some claims, which the synthetic data gives none: a region filter must find a
 * claim by any of its regions once (PostgreSQL reads a region's claims in two parts, see
 * src/graphql/aggregates/claims-read.ts), whether its first region is inside, elsewhere or none.
 */
function addOtherRegions(sqlite: Db) {
  sqlite.$client.exec(`
    insert into claim_regions (claim_id, region_id)
      select id, (select min(id) from regions) + id % 30 from claims where id % 7 = 0;
    update claims set region_id = null where id % 49 = 0 or id % 50 = 0;
  `);
}

/**
 * The generator records no relations, and its claims about a subject seldom share a region, a kind of
 * figure and a period: a few of them are made to disagree (a quarter about no subject and no period, so
 * that their disjoint figures contradict), to repeat, revise, contradict and deny one another.
 */
function disagreeing(sqlite: Db) {
  sqlite.$client.exec(`
    delete from claim_subjects where claim_id % 4 = 0;
    update claims set period_start = null, period_end = null, period_text = null where id % 4 = 0;
    insert into claim_relations (claim_id, kind, related_claim_id, note)
      select id, case id % 3 when 0 then 'REPEATS' when 1 then 'REVISES' else 'CONTRADICTS' end, id - 7, null
        from claims where id % 19 = 0
      union all select id, 'DENIES', id - 11, 'says it never happened' from claims where id % 53 = 0;`);
}

/**
 * The aggregates over more than the example's handful of figures (the example dates few of them):
 * the benchmark's seeded synthetic data (every metric, unit and shape, denials, regions several
 * levels deep, and claims in further regions), small enough to build in a second, on both engines.
 */
describe.skipIf(!postgresUrl)('the aggregates on PostgreSQL, over synthetic reporting', () => {
  const folder = mkdtempSync(join(tmpdir(), 'claimgraph-pg-synthetic-'));
  const engines = onBothEngines({
    dataset: () => {
      const file = join(folder, 'synthetic.db');
      buildBenchDatabase(file, { claims: 3000, seed: 7 });
      return openDatabase(file);
    },
    more: (sqlite) => {
      addOtherRegions(sqlite);
      disagreeing(sqlite);
    },
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const same = answerAlike(engines);

  it('answers claimStats alike, whole and per region, claimant and date', async () => {
    const regions = await same(`{ regions(first: 30) { edges { node { id } } } }`);
    const stats = `query($filter: ClaimFilter) { claimStats(filter: $filter) { count byKind { kind count }
      byClaimant { claimant { __typename } count quantities { metric unit per measure modality claims low high summedFromParts } }
      quantities { metric unit per measure modality claims low high summedFromParts } leftOut { repeats superseded notAsserted } } }`;
    const whole = await same(stats);
    expect(whole.claimStats.count).toBeGreaterThan(2000);
    expect(whole.claimStats.quantities.length).toBeGreaterThan(5);
    for (const { node } of regions.regions.edges) await same(stats, { filter: { regionId: node.id } });
    await same(stats, { filter: { from: '2024-06-01', to: '2024-09-30', kinds: ['CASUALTIES'] } });
  });

  it('answers claimSeries alike, for every metric, bucket and policy', async () => {
    const query = `query($metric: Metric!, $bucket: TimeBucket!, $policy: VaguenessPolicy) {
      claimSeries(metric: $metric, bucket: $bucket, policy: $policy) { undated
        lines { unit per measure modality cumulative points { start end low high value replaced claims { id }
          figures { day low best high value runningTotal summedFromParts claim { id } } } } } }`;
    let points = 0;
    for (const metric of ['KILLED', 'KILLED_OR_WOUNDED', 'DEPLOYED', 'AREA_KM2'])
      for (const bucket of ['DAY', 'WEEK', 'MONTH'])
        for (const policy of ['CONSERVATIVE', 'HIGH']) {
          const series = await same(query, { metric, bucket, policy });
          points += series.claimSeries.lines.flatMap((line: { points: unknown[] }) => line.points).length;
        }
    expect(points).toBeGreaterThan(100);
  });

  it('answers claimGroups, trackRecords and territoryBalance alike', async () => {
    for (const by of [['CLAIMANT'], ['REGION', 'MONTH'], ['METRIC', 'OUTLET'], ['SUBJECT']])
      await same(
        `query($by: [GroupKey!]!) { claimGroups(by: $by, first: 30) { groups { count month metric
        claimant { __typename } region { name } outlet { name } subject { name } claims { id } } } }`,
        { by },
      );
    const records =
      await same(`{ a: trackRecords(first: 50) { claims revised contradicted corroborated denied judgedBy { kind claims } }
      b: trackRecords(by: OUTLET, first: 50) { claims revised contradicted corroborated denied } }`);
    const regions = await same(`{ territoryChanges(first: 100) { edges { node { region { id } } } } }`);
    const ids = [...new Set(regions.territoryChanges.edges.map(({ node }: any) => node.region.id))].slice(0, 5);
    expect(ids.length).toBeGreaterThan(0);
    for (const region of ids)
      for (const bucket of ['WEEK', 'MONTH'])
        await same(
          `query($region: ID!, $bucket: TimeBucket!) { territoryBalance(regionId: $region, bucket: $bucket) {
          undated unsized periods { start end sides { side { name } gained { low high value } lost { low high value } net { value } } } } }`,
          { region, bucket },
        );
  });

  it('answers compareClaims alike, for every metric and policy, whole and per region', async () => {
    const regions = await same(`{ regions(first: 30) { edges { node { id } } } }`);
    const figures = [];
    for (const metric of metrics)
      for (const policy of policies) {
        const answer = await same(compareQuery, { question: { metric }, policy, pairs: 20 });
        figures.push(...answer.compareClaims.comparisons.flatMap((c: { figures: unknown[] }) => c.figures));
      }
    expect(figures.length).toBeGreaterThan(1000);
    // Figures reported more than once, and figures with a history, are among them.
    const reported = figures.filter((f: any) => f.reports.length > 1).length;
    const revised = figures.filter((f: any) => f.history.length > 0).length;
    expect(reported).toBeGreaterThan(0);
    expect(revised).toBeGreaterThan(0);
    for (const { node } of regions.regions.edges)
      for (const metric of ['KILLED', 'KILLED_OR_WOUNDED', 'DEPLOYED'])
        await same(compareQuery, {
          question: { metric, regionId: node.id },
          policy: 'MIDPOINT',
          relations: ['DISJOINT'],
        });
    await same(compareQuery, {
      question: { metric: 'KILLED', from: '2024-06-01', to: '2024-09-30', asOf: '2024-12-01' },
      policy: 'HIGH',
    });
  });

  it('answers contradictions alike, whole and per region, page by page as in one page', async () => {
    const regions = await same(`{ regions(first: 30) { edges { node { id } } } }`);
    const every: any[] = await contradictionsAlike(same, {}, 40);
    expect(every.length).toBeGreaterThan(20);
    expect(new Set(every.map(({ node }) => node.kind))).toEqual(new Set(['DISJOINT_FIGURES', 'CONTRADICTS', 'DENIES']));
    for (const { node } of regions.regions.edges) await contradictionsAlike(same, { regionId: node.id }, 10);
    await contradictionsAlike(same, { kinds: ['CASUALTIES'], from: '2024-06-01' });
  });
});
