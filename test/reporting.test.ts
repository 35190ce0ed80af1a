import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import { exportDataset } from '../src/dataset/export.ts';
import type { DatasetInput } from '../src/dataset/format.ts';
import type { ImportSummary } from '../src/dataset/import-report.ts';
import { importDataset } from '../src/dataset/load.ts';
import { conventionsVersion } from '../src/model/conventions.ts';
import { createTestServer, data, type TestServer } from './helpers.ts';

/**
 * Real reporting on North Korea's troops in Kursk (test/fixtures/reporting/), imported beside the
 * example dataset, and the questions an analyst asks of it: whose figure, through whom, the
 * latest count, each statement once, who denied what, when, and how wide each figure is.
 */
const reporting = JSON.parse(
  readFileSync(new URL('./fixtures/reporting/north-korean-losses-2024-2025.json', import.meta.url), 'utf8'),
) as DatasetInput;

// The round-trip snapshot reads whole tables with their chains and relations in one query.
const defaults = readConfig({});
const config = { ...defaults, limits: { ...defaults.limits, cost: 10_000_000 } };
const servers: TestServer[] = [];
const start = (dataset?: DatasetInput | null) => {
  const server =
    dataset === undefined ? createTestServer(undefined, { config }) : createTestServer(dataset, { config });
  servers.push(server);
  return server;
};
afterAll(() => servers.forEach((s) => s.close()));

let server: TestServer;
let imported: ImportSummary;
/** The database the round trip made, for the test after it. */
const copies: TestServer[] = [];
beforeAll(() => {
  server = start();
  imported = importDataset(server.db, reporting);
});

async function exported(db: Db) {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  await exportDataset(db, out, { format: 'ndjson' });
  return text;
}

const query = (text: string, variables?: Record<string, unknown>) => data(server.query(text, variables));
const actorId = async (name: string) =>
  (await query(`query ($n: String!) { actorNamed(name: $n) { id } }`, { n: name })).actorNamed.id as string;
const officialId = async (name: string) =>
  (await query(`query ($n: String!) { officialNamed(name: $n) { id } }`, { n: name })).officialNamed.id as string;

const claimFields = `statement stance statedOn firstHand
  claimants { label }
  chain { role source { label } }
  quantities { metric unit shape best low high phrase per measure modality
    interval { low high best lowInclusive highInclusive rule } }`;
const claims = async (filter: Record<string, unknown>, fields = claimFields) =>
  (
    await query(
      `query ($filter: ClaimFilter) { claims(first: 50, filter: $filter) { totalCount nodes { ${fields} } } }`,
      {
        filter,
      },
    )
  ).claims as { totalCount: number; nodes: any[] };
const statements = async (filter: Record<string, unknown>) =>
  (await claims(filter, 'statement')).nodes.map((c) => c.statement as string);
const byStatement = async (start: string, fields = claimFields) => {
  const found = (await claims({}, `matchedStatement: statement ${fields}`)).nodes.filter((c) =>
    c.matchedStatement.startsWith(start),
  );
  expect(found).toHaveLength(1);
  const { matchedStatement: _matched, ...claim } = found[0];
  return claim;
};

/** Every stored field of every object, as the read API serves it: equal databases answer it equally. */
const everything = `{
  actors(first: 100) { nodes { id name aliases kind country description parent { id } } }
  officials(first: 100) { nodes { id label aliases description seniority domain country body { id }
    sameSourceAs { official { id } reviewedBy reason } roles { title actor { id } } } }
  regions(first: 100) { nodes { id name kind country parent { id } } }
  articles(first: 100) { nodes { id title outlet { id } publishedOn summary citedSources { id } } }
  claims(first: 100) { nodes { id statement kind attribution stance statedOn
    article { id } claimants { ... on Node { id } } chain { role source { ... on Node { id } } }
    subjects { id } regions { id } period { start end text effectiveEnd }
    relations { kind note claim { id } }
    quantities { metric unit shape best low high approximate phrase per measure modality derivation factor
      derivedFrom { claim { id } index } } } }
  territoryChanges(first: 100) { nodes { id region { id } gainedBy { id } lostBy { id } claim { id } article { id }
    period { start end text } amount { metric best shape } } }
}`;

describe('real reporting on North Korean losses, beside the example', () => {
  it('imports whole, merging what the example already has', () => {
    expect(imported.problems).toEqual([]);
    expect(imported).toMatchObject({ committed: true, records: 49, rejected: 0 });
    // The nine actors and regions both files describe identically are kept as they were; Zelensky,
    // spelled as Reuters spells him, is merged into the example's Zelensky (one update).
    expect(imported).toMatchObject({ inserted: 39, updated: 1, unchanged: 9 });
  });

  it('exports and imports again exactly: the same records, ids, chains and relations', async () => {
    const text = await exported(server.db);
    const copy = start(null);
    const [header, ...records] = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const summary = importDataset(copy.db, { ...header, records });
    expect(summary).toMatchObject({ committed: true, inserted: records.length, rejected: 0 });
    expect(await exported(copy.db)).toBe(text);
    copies.push(copy);
  });

  it('serves the copy exactly as the original: every field, chain and relation', async () => {
    expect(copies).toHaveLength(1);
    expect(await data(copies[0]!.query(everything))).toEqual(await data(server.query(everything)));
  });

  it("finds every casualty figure about North Korea's forces from the state, with its origin and chain", async () => {
    const northKorea = await actorId('North Korea');
    const found = await claims({ subjectId: northKorea, kinds: ['CASUALTIES'] });
    // Every one is about the Korean People's Army, a child of the state.
    expect(found.totalCount).toBe(11);
    expect((await claims({ subjectId: northKorea, kinds: ['CASUALTIES'], exactSubject: true })).totalCount).toBe(0);
    const relayed = found.nodes.find((c) => c.statement.startsWith("South Korea's intelligence service puts"));
    expect(relayed.claimants).toEqual([{ label: 'National Intelligence Service' }]);
    expect(relayed.chain).toEqual([
      { role: 'ORIGIN', source: { label: 'National Intelligence Service' } },
      { role: 'SPEAKER', source: { label: 'Lee Seong-kweun' } },
      { role: 'RELAY', source: { label: 'Yonhap News Agency' } },
      { role: 'PUBLISHER', source: { label: 'Kyiv Independent' } },
    ]);
    const joint = found.nodes.find((c) => c.statement.startsWith('Ukrainian troops took two'));
    expect(joint.claimants).toEqual([{ label: 'Volodymyr Zelensky' }, { label: 'Security Service of Ukraine' }]);
    expect(joint.chain.map((h: any) => [h.role, h.source.label])).toEqual([
      ['ORIGIN', 'Volodymyr Zelensky'],
      ['ORIGIN', 'Security Service of Ukraine'],
      ['PUBLISHER', 'Reuters'],
    ]);
    // Killed and wounded stay two figures of one claim.
    expect(found.nodes.find((c) => c.statement.startsWith('Around 300')).quantities.map((q: any) => q.metric)).toEqual([
      'KILLED',
      'WOUNDED',
    ]);
    // The example's special forces' figures reached the article through the Kyiv Independent.
    const sof = found.nodes.find((c) => c.statement.startsWith('Ukrainian special operations units'));
    expect(sof.chain.map((h: any) => [h.role, h.source.label])).toEqual([
      ['ORIGIN', 'Ukrainian Special Operations Forces'],
      ['RELAY', 'Kyiv Independent'],
    ]);
    expect(sof.firstHand).toBe(false);
  });

  it("follows the NIS's December figure to its January revision", async () => {
    const december = await byStatement(
      'At least 100 North Korean soldiers',
      'superseded latestRevision { statement statedOn superseded quantities { metric best shape } } relatedBy(kinds: [REVISES]) { claim { statement } note }',
    );
    expect(december.superseded).toBe(true);
    expect(december.latestRevision).toEqual({
      statement: 'Around 300 North Korean soldiers have been killed fighting for Russia and around 2,700 wounded.',
      statedOn: '2025-01-13',
      superseded: false,
      quantities: [
        { metric: 'KILLED', best: 300, shape: 'ABOUT' },
        { metric: 'WOUNDED', best: 2700, shape: 'ABOUT' },
      ],
    });
    expect(december.relatedBy).toEqual([
      { claim: { statement: december.latestRevision.statement }, note: 'the NIS updates its December count' },
    ]);
    const nis = await actorId('NIS');
    const current = await statements({ claimantId: nis, kinds: ['CASUALTIES'], latestOnly: true });
    expect(current.filter((s) => s.startsWith('At least 100'))).toEqual([]);
    expect(current).toContain(december.latestRevision.statement);
    // A claim nothing revises is its own latest revision.
    const kirby = await byStatement('In just the last week', 'statement superseded latestRevision { statement }');
    expect(kirby).toEqual({
      statement: kirby.statement,
      superseded: false,
      latestRevision: { statement: kirby.statement },
    });
  });

  it('counts the briefing relayed by Yonhap once: the repeat points to the original', async () => {
    const repeat = await byStatement(
      "South Korea's intelligence service puts",
      'relations(kinds: [REPEATS]) { kind note claim { statement article { title } } }',
    );
    expect(repeat.relations).toEqual([
      {
        kind: 'REPEATS',
        note: 'the same briefing, relayed by Yonhap',
        claim: {
          statement:
            'At least 100 North Korean soldiers have been killed in combat in Kursk and the wounded come close to 1,000.',
          article: { title: 'South Korean lawmaker: intelligence counts first North Korean combat deaths in Kursk' },
        },
      },
    ]);
    const nis = await actorId('National Intelligence Service');
    const { claimStats } = await query(
      `query ($filter: ClaimFilter) { claimStats(filter: $filter) { count leftOut { repeats superseded notAsserted }
        quantities { metric claims low high summedFromParts } } }`,
      { filter: { claimantId: nis, kinds: ['CASUALTIES'] } },
    );
    // Three NIS casualty claims and one repeat: the repeat is left out, the December figure superseded.
    expect(claimStats.count).toBe(3);
    expect(claimStats.leftOut).toEqual({ repeats: 1, superseded: 1, notAsserted: 0 });
    const killedOrWounded = claimStats.quantities.find((q: any) => q.metric === 'KILLED_OR_WOUNDED');
    expect(killedOrWounded).toMatchObject({ claims: 1, summedFromParts: 1 });
    expect(killedOrWounded.low).toBeCloseTo(2700);
    expect(killedOrWounded.high).toBeCloseTo(3300);
  });

  it('says who declined to confirm the deployment, what that denies, and who later said otherwise', async () => {
    const refusals = await claims(
      { stances: ['DENIES', 'DECLINES_TO_CONFIRM'] },
      `statement stance statedOn claimants { label }
       relations(kinds: [DENIES]) { claim { statement claimants { label } } note }
       relatedBy(kinds: [CONTRADICTS]) { claim { statement statedOn claimants { label } } }`,
    );
    expect(refusals.totalCount).toBe(1);
    const [refusal] = refusals.nodes;
    expect(refusal).toMatchObject({
      stance: 'DECLINES_TO_CONFIRM',
      statedOn: '2024-12',
      claimants: [{ label: 'Russia' }, { label: 'North Korea' }],
      relations: [
        {
          claim: {
            statement: 'North Korea is thought to have some 11,000 soldiers in Russia.',
            claimants: [{ label: 'The Associated Press' }],
          },
          note: 'neither government acknowledges the deployment',
        },
      ],
    });
    expect(refusal.relatedBy.map((r: any) => [r.claim.claimants[0].label, r.claim.statedOn])).toEqual([
      ['Valery Gerasimov', '2025-04-26'],
      ["Central Military Commission of the Workers' Party of Korea", '2025-04-28'],
    ]);
    // Asserting claims leave the refusal out.
    expect(await statements({ stances: ['ASSERTS'], kinds: ['DEPLOYMENT'] })).not.toContain(refusal.statement);
  });

  it('reads what later reports say of the December briefing, and who backs the capture', async () => {
    const december = await byStatement(
      'At least 100 North Korean soldiers',
      'relatedBy { kind claim { claimants { label } statedOn } }',
    );
    const said = december.relatedBy.map(
      (r: any) => `${r.kind} by ${r.claim.claimants[0].label} on ${r.claim.statedOn}`,
    );
    expect(said.sort()).toEqual([
      'ASSESSES by National Intelligence Service on 2024-12-19',
      'CONTRADICTS by Volodymyr Zelensky on 2024-12-23',
      'REPEATS by National Intelligence Service on 2024-12-19',
      'REVISES by National Intelligence Service on 2025-01-13',
    ]);
    const zelensky = await byStatement(
      'Preliminary figures',
      'relations(kinds: [CONTRADICTS]) { claim { statedOn } note }',
    );
    expect(zelensky.relations).toEqual([
      { claim: { statedOn: '2024-12-19' }, note: expect.stringMatching(/three times/) },
    ]);
    const capture = await byStatement(
      'Ukrainian troops took two',
      'relatedBy(kinds: [CORROBORATES]) { claim { claimants { label } statedOn } }',
    );
    expect(capture.relatedBy).toEqual([
      { claim: { claimants: [{ label: 'National Intelligence Service' }], statedOn: '2025-01' } },
    ]);
  });

  it('keeps first-hand claims apart from those passed on by a speaker or a relay', async () => {
    const northKorea = await actorId('North Korea');
    const firstHand = await claims({ subjectId: northKorea, kinds: ['CASUALTIES'], firstHandOnly: true });
    expect(firstHand.nodes.map((c) => c.firstHand)).toEqual(Array(firstHand.totalCount).fill(true));
    for (const claim of firstHand.nodes)
      expect(claim.chain.map((h: any) => h.role)).not.toEqual(expect.arrayContaining(['SPEAKER']));
    expect(firstHand.nodes.flatMap((c) => c.chain.map((h: any) => h.role))).not.toContain('RELAY');
    // heavy losses, hundreds, damage dealt (example); over 3,000, the week, the capture and the NIS's
    // own statement on it (further reports)
    expect(firstHand.totalCount).toBe(7);
    expect(firstHand.nodes.map((c) => c.claimants[0]?.label ?? null)).toEqual([
      'Kyiv Independent',
      'a senior U.S. military official',
      null,
      'Volodymyr Zelensky',
      'John Kirby',
      'Volodymyr Zelensky',
      'National Intelligence Service',
    ]);
  });

  it('finds claims by a relay or publisher anywhere in the chain', async () => {
    expect(await statements({ sourceId: await actorId('Yonhap') })).toEqual([
      "South Korea's intelligence service puts North Korean deaths in Kursk Oblast at 100 or more and the wounded at almost 1,000.",
      'Around 300 North Korean soldiers have been killed fighting for Russia and around 2,700 wounded.',
      'The NIS, in a statement of its own, confirms that Ukraine holds two captured North Korean soldiers.',
    ]);
    expect(await statements({ sourceId: await actorId('KCNA') })).toEqual([
      "North Korea's troops went to Russia on Kim Jong Un's order and took part in the fighting for Kursk.",
    ]);
    // The Kyiv Independent as origin (example), relay (example) and publisher (further report).
    expect(await statements({ sourceId: await actorId('Kyiv Independent') })).toHaveLength(4);
    // The lawmaker passed on three NIS claims in December and one in January.
    expect(await statements({ sourceId: await officialId('Lee Seong-kweun') })).toHaveLength(4);
  });

  it('keeps statement dates to the precision known and ends "since August" where it was said', async () => {
    const capture = await byStatement('The NIS, in a statement', 'statedOn article { publishedOn }');
    expect(capture).toEqual({ statedOn: '2025-01', article: { publishedOn: '2025-01-13' } });
    // A month-precise date covers its whole month, and nothing else in the data does these days.
    expect(await statements({ from: '2025-01-20', to: '2025-01-31' })).toEqual([
      'The NIS, in a statement of its own, confirms that Ukraine holds two captured North Korean soldiers.',
    ]);
    const deployment = await byStatement('Since August', 'statedOn period { start end text effectiveEnd }');
    expect(deployment).toEqual({
      statedOn: '2024-12',
      period: { start: '2024-08-01', end: null, text: 'since August', effectiveEnd: '2024-12-31' },
    });
    const deploymentsThisYear = await statements({ from: '2025-01-01', kinds: ['DEPLOYMENT'] });
    expect(deploymentsThisYear).toHaveLength(2); // North Korea's acknowledgement, the planned dispatch
    expect(deploymentsThisYear.filter((s) => s.startsWith('Since August'))).toEqual([]);
    const week = await byStatement('In just the last week', 'period { start end effectiveEnd }');
    expect(week.period).toEqual({ start: '2024-12-20', end: '2024-12-27', effectiveEnd: '2024-12-27' });
  });

  it('gives each figure its interval under the number conventions', async () => {
    const { numberConventions } = await query(
      `{ numberConventions { version shapes { shape rule } phrases { phrase low high } } }`,
    );
    expect(numberConventions.version).toBe(conventionsVersion);
    const shapes = new Set(numberConventions.shapes.map((s: { shape: string }) => s.shape));
    const figures = async (start: string) => (await byStatement(start)).quantities as any[];

    const [killed, wounded] = await figures('At least 100');
    expect(killed.interval).toEqual({
      low: 100,
      high: null,
      best: null,
      lowInclusive: true,
      highInclusive: true,
      rule: 'AT_LEAST',
    });
    expect(wounded.interval).toMatchObject({
      high: 1000,
      best: 1000,
      lowInclusive: true,
      highInclusive: false,
      rule: 'APPROACHING',
    });
    expect(wounded.interval.low).toBeCloseTo(900);
    const [overThree] = await figures('Preliminary figures');
    expect(overThree.interval).toEqual({
      low: 3000,
      high: null,
      best: null,
      lowInclusive: false,
      highInclusive: true,
      rule: 'MORE_THAN',
    });
    const [about300] = await figures('Around 300');
    expect(about300.interval).toMatchObject({ best: 300, rule: 'ABOUT' });
    expect([about300.interval.low, about300.interval.high].map(Math.round)).toEqual([270, 330]);
    // "hundreds" as coded in the example keeps its bounds; "heavy casualties" has none.
    const [hundreds] = await figures('North Korean losses in the Kursk Oblast battles');
    expect(hundreds).toMatchObject({ shape: 'WORDS', interval: { low: 100, high: 999, rule: 'WORDS:coded' } });
    const [heavy] = await figures('North Korean troops fighting for Russia');
    expect(heavy.interval).toMatchObject({ low: null, high: null });
    for (const q of [killed, wounded, overThree, about300, hundreds, heavy]) expect(shapes).toContain(q.shape);

    // A week's figure, a holding, a projection and a plan say so.
    const [week] = await figures('In just the last week');
    expect(week).toMatchObject({ per: 'WEEK', measure: 'CHANGE', modality: 'REPORTED' });
    const [troops] = await figures('North Korea is thought to have');
    expect(troops).toMatchObject({ measure: 'HOLDING', shape: 'ABOUT', best: 11000 });
    const [more] = await figures('North Korea may send');
    expect(more).toMatchObject({ modality: 'PROJECTED', shape: 'WORDS', phrase: 'more troops' });
    const planned = await figures('North Korea is to send');
    expect(planned.map((q) => [q.unit, q.best, q.modality])).toEqual([
      ['North Korean deminers', 1000, 'PLANNED'],
      ['North Korean military builders', 5000, 'PLANNED'],
    ]);
  });

  it('finds one official by either spelling and describes the unnamed one', async () => {
    const { zelensky, zelenskiy, lower, officials } = await query(`{
      zelensky: officialNamed(name: "Volodymyr Zelensky") { id name aliases claims { totalCount } }
      zelenskiy: officialNamed(name: "Volodymyr Zelenskiy") { id }
      lower: officialNamed(name: "volodymyr zelenskiy") { id }
      officials(filter: { name: "Zelensk" }) { totalCount }
    }`);
    expect(zelensky).toMatchObject({ name: 'Volodymyr Zelensky', aliases: ['Volodymyr Zelenskiy'] });
    expect(zelenskiy.id).toBe(zelensky.id);
    expect(lower.id).toBe(zelensky.id);
    expect(officials.totalCount).toBe(1);
    // One in the example, three in the further reports.
    expect(zelensky.claims.totalCount).toBe(4);
    const { actorNamed } = await query(`{ actorNamed(name: "sbu") { name kind aliases parent { name } } }`);
    expect(actorNamed).toEqual({
      name: 'Security Service of Ukraine',
      kind: 'INTELLIGENCE_SERVICE',
      aliases: ['SBU'],
      parent: { name: 'Ukraine' },
    });

    const hundreds = await byStatement(
      'North Korean losses in the Kursk Oblast battles',
      'claimants { ... on Official { name seniority domain country body { name } sameSourceAs { reviewedBy } } }',
    );
    expect(hundreds.claimants).toEqual([
      {
        name: null,
        seniority: 'SENIOR',
        domain: 'MILITARY',
        country: 'US',
        body: { name: 'United States Armed Forces' },
        sameSourceAs: null,
      },
    ]);
  });
});
