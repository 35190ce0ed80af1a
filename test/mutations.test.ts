import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, data, globalId, testEngine, type TestServer } from './helpers.ts';

let server: TestServer;
const servers: TestServer[] = [];
beforeEach(() => {
  server = createTestServer();
  servers.push(server);
});
// Closed after each test: on PostgreSQL each server holds connections of its own.
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** PostgreSQL keeps the search index in a table of its own. */
const tableNamed = (table: string) =>
  table === 'search_index' && testEngine === 'postgres' ? 'search_documents' : table;
const count = async (table: string) =>
  Number((await server.rows<{ n: number }>(`select count(*) as n from ${tableNamed(table)}`))[0]!.n);
const tables = [
  'actors',
  'officials',
  'roles',
  'regions',
  'articles',
  'claims',
  'claim_subjects',
  'quantities',
  'territory_changes',
  'search_index',
];
const snapshot = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));

const commonErrors = `__typename ... on ClaimgraphMutationError { message }
  ... on ClaimgraphValidationError { fields { path message } }
  ... on ClaimgraphNotFoundError { id path }`;
/** The typed errors a create or update answers with. */
const errorFields = `${commonErrors} ... on ClaimgraphConflictError { existingId }`;
/** The typed errors a delete answers with. */
const deleteErrorFields = `${commonErrors} ... on ClaimgraphInUseError { id usages { type field count } }`;

const article = globalId('Article', 1);
const kursk = globalId('Region', 2);
const kpa = globalId('Actor', 8);
const syrskyi = globalId('Official', 2);

const createClaim = (input: Record<string, unknown>) =>
  server.mutate(
    `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { ${errorFields}
      ... on CreateClaimSuccess { created claim { id statement claimant { label } subjects { name } region { name }
        period { start end text } quantities { metric unit best low high approximate phrase } article { title } } } } }`,
    { input },
  );
const validClaim = {
  article,
  statement: 'North Korean units moved to a new sector of the front.',
  kind: 'DEPLOYMENT',
  attribution: 'STATED',
  claimant: syrskyi,
  subjects: [kpa],
  region: kursk,
  period: { start: '2024-12-01', text: 'since early December' },
  quantities: [
    { metric: 'DEPLOYED', unit: 'soldiers', low: 1000, high: 2000, approximate: true, phrase: 'one to two thousand' },
  ],
};

/** The failing fields of a ClaimgraphValidationError answer, as `path: message`. */
const failures = (payload: { fields?: { path: string[]; message: string }[] }) =>
  payload.fields?.map((f) => `${f.path.join('.')}: ${f.message}`);

describe('createClaim', () => {
  it('creates a claim with its quantities, subjects and period, and answers it through one query', async () => {
    server.statements.reset();
    const { createClaim: payload } = await data(createClaim(validClaim));
    expect(server.statements.count).toBe(1); // the payload's whole selection, planned by the drizzle plugin
    expect(payload).toMatchObject({
      __typename: 'CreateClaimSuccess',
      created: true,
      claim: {
        statement: validClaim.statement,
        claimant: { label: 'Oleksandr Syrskyi' },
        subjects: [{ name: "Korean People's Army" }],
        region: { name: 'Kursk Oblast' },
        period: { start: '2024-12-01', end: null, text: 'since early December' },
        quantities: [
          {
            metric: 'DEPLOYED',
            unit: 'soldiers',
            best: null,
            low: 1000,
            high: 2000,
            approximate: true,
            phrase: 'one to two thousand',
          },
        ],
        article: { title: expect.stringContaining('North Korean troops') },
      },
    });
    const { node } = await data(
      server.query(`query ($id: ID!) { node(id: $id) { ... on Claim { statement } } }`, { id: payload.claim.id }),
    );
    expect(node.statement).toBe(validClaim.statement);
    expect(await count('claims')).toBe(19);
  });

  it.each([
    [
      'low above high',
      { quantities: [{ metric: 'KILLED', low: 10, high: 5 }] },
      ['input.quantities.0.high: high must not be below low'],
    ],
    [
      'a SHARE above 1',
      { quantities: [{ metric: 'SHARE', best: 1.5 }] },
      ['input.quantities.0.best: a SHARE is a fraction in [0, 1]'],
    ],
    [
      'a negative count',
      { quantities: [{ metric: 'WOUNDED', best: -1 }] },
      ['input.quantities.0.best: a WOUNDED count must not be negative'],
    ],
    [
      'best outside its range',
      { quantities: [{ metric: 'KILLED', best: 50, low: 60 }] },
      ['input.quantities.0.best: best must lie within [low, high]'],
    ],
    [
      'a quantity with neither number nor phrase',
      { quantities: [{ metric: 'KILLED' }] },
      ['input.quantities.0: a quantity needs a number or the phrase the source used'],
    ],
    [
      'an impossible date',
      { period: { start: '2024-02-30' } },
      ['input.period.start: must be a calendar date, YYYY-MM-DD'],
    ],
    [
      'a period that ends before it starts',
      { period: { start: '2024-09-01', end: '2024-08-01' } },
      ['input.period.end: start must not be after end'],
    ],
    ['an empty period', { period: {} }, ['input.period: a period needs a start, an end or a text']],
    ['a blank statement', { statement: '   ' }, ['input.statement: must not be empty']],
    ['a statement too long', { statement: 'x'.repeat(5001) }, ['input.statement: must be at most 5000 characters']],
    ['an id of the wrong type', { article: kpa }, ['input.article: must be the id of an Article, not of an Actor']],
    [
      'a claimant that is a region',
      { claimant: kursk },
      ['input.claimant: must be the id of an Actor or an Official, not of a Region'],
    ],
    ['something that is no id', { subjects: ['not-an-id'] }, ['input.subjects.0: "not-an-id" is not a claimgraph id']],
  ])('refuses %s with a ClaimgraphValidationError naming the field', async (_what, change, expected) => {
    const before = await snapshot();
    const { createClaim: payload } = await data(createClaim({ ...validClaim, ...change }));
    expect(payload.__typename).toBe('ClaimgraphValidationError');
    expect(failures(payload)).toEqual(expected);
    expect(await snapshot()).toEqual(before);
  });

  it('lists every failing field at once', async () => {
    const { createClaim: payload } = await data(
      createClaim({ ...validClaim, statement: '', region: kpa, quantities: [{ metric: 'SHARE', best: 2 }] }),
    );
    expect(failures(payload)).toEqual([
      'input.statement: must not be empty',
      'input.region: must be the id of a Region, not of an Actor',
      'input.quantities.0.best: a SHARE is a fraction in [0, 1]',
    ]);
  });

  it('refuses an unknown enum value and a missing required field at the GraphQL level', async () => {
    const before = await snapshot();
    const wrongKind = await createClaim({ ...validClaim, kind: 'GOSSIP' });
    expect(wrongKind.errors?.[0]?.message).toMatch(/Value "GOSSIP" does not exist in "ClaimKind" enum/);
    const { statement: _statement, ...withoutStatement } = validClaim;
    const missing = await createClaim(withoutStatement);
    expect(missing.errors?.[0]?.message).toMatch(/Field "statement" of required type "String!" was not provided/);
    expect(await snapshot()).toEqual(before);
  });

  it('answers ClaimgraphNotFoundError for a reference to nothing, and changes nothing', async () => {
    const before = await snapshot();
    const gone = globalId('Actor', 999);
    const { createClaim: payload } = await data(createClaim({ ...validClaim, subjects: [kpa, gone] }));
    expect(payload).toEqual({
      __typename: 'ClaimgraphNotFoundError',
      message: `subjects[1]: there is no Actor with the id ${gone}`,
      id: gone,
      path: ['input', 'subjects', '1'],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('answers ClaimgraphConflictError for the same statement by the same claimant in the same article', async () => {
    const first = (await data(createClaim(validClaim))).createClaim;
    const before = await snapshot();
    const { createClaim: again } = await data(createClaim(validClaim));
    expect(again).toMatchObject({ __typename: 'ClaimgraphConflictError', existingId: first.claim.id });
    expect(again.message).toBe(
      `Claim ${first.claim.id} already has the same article, statement and claimant Official 2`,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('upserts when onConflict says UPDATE, and keeps the existing claim with KEEP', async () => {
    const first = (await data(createClaim(validClaim))).createClaim;
    const updated = (await data(createClaim({ ...validClaim, attribution: 'CONFIRMED', onConflict: 'UPDATE' })))
      .createClaim;
    expect(updated).toMatchObject({ __typename: 'CreateClaimSuccess', created: false, claim: { id: first.claim.id } });
    const kept = (await data(createClaim({ ...validClaim, attribution: 'SPECULATED', onConflict: 'KEEP' })))
      .createClaim;
    expect(kept).toMatchObject({ created: false, claim: { id: first.claim.id } });
    expect(await server.rows('select attribution from claims where id = 19')).toEqual([{ attribution: 'CONFIRMED' }]);
  });

  it('rolls back every write of a mutation that fails half way', async () => {
    // A trigger refuses the second quantity, after the claim, its subjects and its first quantity went in.
    const refuseBoom =
      testEngine === 'postgres'
        ? [
            `create function refuse_boom() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`,
            `create trigger refuse_boom before insert on quantities for each row when (new.phrase = 'boom') execute function refuse_boom()`,
          ]
        : [
            `create trigger refuse_boom before insert on quantities when new.phrase = 'boom' begin select raise(abort, 'boom'); end`,
          ];
    for (const statement of refuseBoom) await server.rows(statement);
    const before = await snapshot();
    const answer = await createClaim({
      ...validClaim,
      quantities: [
        { metric: 'KILLED', best: 1 },
        { metric: 'KILLED', phrase: 'boom' },
      ],
    });
    expect(answer.errors?.[0]?.message).toBe('Unexpected error.');
    expect(await snapshot()).toEqual(before); // neither the claim, nor its subjects, nor its first quantity
  });
});

describe('updates', () => {
  const updateClaim = (input: Record<string, unknown>) =>
    server.mutate(
      `mutation ($input: UpdateClaimInput!) { updateClaim(input: $input) { ${errorFields}
        ... on UpdateClaimSuccess { claim { statement attribution period { text } region { name } quantities { metric best } subjects { name } } } } }`,
      { input },
    );
  const sof = globalId('Claim', 7);

  it('changes only the fields given, clears the ones set to null and replaces lists', async () => {
    const { updateClaim: payload } = await data(
      updateClaim({ id: sof, attribution: 'CONFIRMED', period: null, quantities: [{ metric: 'KILLED', best: 49 }] }),
    );
    expect(payload).toEqual({
      __typename: 'UpdateClaimSuccess',
      claim: {
        statement: expect.stringContaining('killed 50 North Korean soldiers'),
        attribution: 'CONFIRMED',
        period: null,
        region: { name: 'Kursk Oblast' },
        quantities: [{ metric: 'KILLED', best: 49 }],
        subjects: [{ name: "Korean People's Army" }],
      },
    });
    expect(await count('quantities')).toBe(6);
  });

  it('refuses null for a required field', async () => {
    const { updateClaim: payload } = await data(updateClaim({ id: sof, statement: null, kind: null }));
    expect(failures(payload)).toEqual([
      'input.statement: must not be null; leave it out to keep it as it is',
      'input.kind: must not be null; leave it out to keep it as it is',
    ]);
  });

  it('checks the result as a whole: gainedBy and lostBy must still differ', async () => {
    const change = globalId('TerritoryChange', 1); // gained by the Armed Forces of Ukraine (Actor 5)
    const { updateTerritoryChange: payload } = await data(
      server.mutate(
        `mutation ($input: UpdateTerritoryChangeInput!) { updateTerritoryChange(input: $input) { ${errorFields} } }`,
        { input: { id: change, lostBy: globalId('Actor', 5) } },
      ),
    );
    expect(failures(payload)).toEqual(['input.lostBy: gainedBy and lostBy must differ']);
  });

  it('refuses a parent that would make a cycle', async () => {
    const ukraine = globalId('Actor', 1);
    const { updateActor: payload } = await data(
      server.mutate(`mutation ($input: UpdateActorInput!) { updateActor(input: $input) { ${errorFields} } }`, {
        input: { id: ukraine, parent: globalId('Actor', 6) }, // its own grandchild, the Special Operations Forces
      }),
    );
    expect(failures(payload)).toEqual(['input.parent: would make this actor its own ancestor']);
  });

  it('answers ClaimgraphConflictError when the change would duplicate another object', async () => {
    const { updateActor: payload } = await data(
      server.mutate(`mutation ($input: UpdateActorInput!) { updateActor(input: $input) { ${errorFields} } }`, {
        input: { id: globalId('Actor', 2), name: 'Ukraine', country: 'UA' },
      }),
    );
    expect(payload).toMatchObject({ __typename: 'ClaimgraphConflictError', existingId: globalId('Actor', 1) });
  });

  it('answers ClaimgraphNotFoundError for an id that names nothing', async () => {
    const gone = globalId('Claim', 404);
    const { updateClaim: payload } = await data(updateClaim({ id: gone, attribution: 'CONFIRMED' }));
    expect(payload).toEqual({
      __typename: 'ClaimgraphNotFoundError',
      message: `there is no Claim with the id ${gone}`,
      id: gone,
      path: ['input', 'id'],
    });
  });

  it('updates an official with their roles, and an article', async () => {
    const trump = globalId('Official', 4);
    const { updateOfficial } = await data(
      server.mutate(
        `mutation ($input: UpdateOfficialInput!) { updateOfficial(input: $input) { __typename
          ... on UpdateOfficialSuccess { official { label roles { title since actor { name } } } } } }`,
        { input: { id: trump, roles: [{ title: 'President', actor: globalId('Actor', 4), since: '2025-01-20' }] } },
      ),
    );
    expect(updateOfficial.official).toEqual({
      label: 'Donald Trump',
      roles: [{ title: 'President', since: '2025-01-20', actor: { name: 'United States' } }],
    });
    const { updateArticle } = await data(
      server.mutate(
        `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { ${errorFields}
          ... on UpdateArticleSuccess { article { url publishedAt outlet { name } } } } }`,
        {
          input: {
            id: article,
            url: 'https://example.org/kursk',
            publishedAt: '2024-12-17T10:00:00+01:00',
            outlet: globalId('Actor', 10),
          },
        },
      ),
    );
    expect(updateArticle.article).toEqual({
      url: 'https://example.org/kursk',
      publishedAt: '2024-12-17T09:00:00.000Z',
      outlet: { name: 'Kyiv Independent' },
    });
  });
});

describe('creating actors, officials, regions, articles and territory changes', () => {
  it('creates each, known by its natural key', async () => {
    const created = await data(
      server.mutate(`mutation {
        a: createActor(input: { name: "Wagner Group", aliases: ["PMC Wagner", "Wagner"], kind: GROUP, country: "RU", parent: "${globalId('Actor', 2)}" }) { ... on CreateActorSuccess { created actor { name aliases parent { name } } } }
        r: createRegion(input: { name: "Sudzha", kind: SETTLEMENT, country: "RU", parent: "${kursk}" }) { ... on CreateRegionSuccess { created region { name parent { name } } } }
        o: createOfficial(input: { description: "a Ukrainian commander", roles: [{ title: "Commander", actor: "${globalId('Actor', 5)}" }] }) { ... on CreateOfficialSuccess { official { label anonymous } } }
        p: createArticle(input: { title: "Second report", url: "https://example.org/2", citedSources: ["${globalId('Actor', 10)}"] }) { ... on CreateArticleSuccess { article { title citedSources { name } } } }
        t: createTerritoryChange(input: { region: "${kursk}", gainedBy: "${globalId('Actor', 7)}", amount: [{ metric: AREA_KM2, best: 40, approximate: true }], period: { text: "in December" } }) { ... on CreateTerritoryChangeSuccess { territoryChange { gainedBy { name } amount { metric best } period { text } } } }
      }`),
    );
    expect(created).toEqual({
      a: {
        created: true,
        actor: { name: 'Wagner Group', aliases: ['PMC Wagner', 'Wagner'], parent: { name: 'Russia' } },
      },
      r: { created: true, region: { name: 'Sudzha', parent: { name: 'Kursk Oblast' } } },
      o: { official: { label: 'a Ukrainian commander', anonymous: true } },
      p: { article: { title: 'Second report', citedSources: [{ name: 'Kyiv Independent' }] } },
      t: {
        territoryChange: {
          gainedBy: { name: 'Russian Armed Forces' },
          amount: [{ metric: 'AREA_KM2', best: 40 }],
          period: { text: 'in December' },
        },
      },
    });
  });

  it.each([
    [
      'an actor by name and country',
      `createActor(input: { name: "Ukraine", kind: STATE, country: "UA" })`,
      globalId('Actor', 1),
    ],
    [
      'an official by name and first body',
      `createOfficial(input: { name: "Volodymyr Zelensky", description: "x", roles: [{ title: "President", actor: "${globalId('Actor', 1)}" }] })`,
      globalId('Official', 1),
    ],
    [
      'an unnamed official by description and first body',
      `createOfficial(input: { description: "a senior U.S. military official", roles: [{ title: "x", actor: "${globalId('Actor', 9)}" }] })`,
      globalId('Official', 3),
    ],
    [
      'a region by name and parent',
      `createRegion(input: { name: "Kursk Oblast", kind: PROVINCE, parent: "${globalId('Region', 1)}" })`,
      kursk,
    ],
  ])('answers ClaimgraphConflictError for %s', async (_what, mutation, existingId) => {
    const before = await snapshot();
    const answer = await data(server.mutate(`mutation { m: ${mutation} { ${errorFields} } }`));
    expect(answer.m).toMatchObject({ __typename: 'ClaimgraphConflictError', existingId });
    expect(await snapshot()).toEqual(before);
  });

  it('answers ClaimgraphConflictError for an article with a URL already recorded', async () => {
    const create = `mutation { m: createArticle(input: { title: "A", url: "https://example.org/same" }) { ${errorFields} ... on CreateArticleSuccess { article { id } } } }`;
    const first = (await data(server.mutate(create))).m;
    expect((await data(server.mutate(create))).m).toMatchObject({
      __typename: 'ClaimgraphConflictError',
      existingId: first.article.id,
    });
  });

  it.each([
    [
      'a country that is no ISO code',
      `createActor(input: { name: "X", kind: GROUP, country: "Russia" })`,
      ['input.country: must be an ISO 3166-1 alpha-2 code such as UA'],
    ],
    [
      'a name too long',
      `createActor(input: { name: "${'n'.repeat(201)}", kind: GROUP })`,
      ['input.name: must be at most 200 characters'],
    ],
    [
      'a URL that is not http',
      `createArticle(input: { title: "A", url: "ftp://example.org/a" })`,
      ['input.url: must be an http(s) URL'],
    ],
    [
      'a publication time that is no instant',
      `createArticle(input: { title: "A", publishedAt: "yesterday" })`,
      ['input.publishedAt: must be an ISO-8601 instant'],
    ],
    [
      'a role ending before it begins',
      `createOfficial(input: { description: "d", roles: [{ title: "t", actor: "${globalId('Actor', 1)}", since: "2024-05-01", until: "2024-01-01" }] })`,
      ['input.roles.0.until: since must not be after until'],
    ],
    [
      'an amount that is not an area or a share',
      `createTerritoryChange(input: { region: "${kursk}", amount: [{ metric: KILLED, best: 3 }] })`,
      ['input.amount.0.metric: an amount is an AREA_KM2 or a SHARE'],
    ],
    [
      'the same side gaining and losing',
      `createTerritoryChange(input: { region: "${kursk}", gainedBy: "${kpa}", lostBy: "${kpa}" })`,
      ['input.lostBy: gainedBy and lostBy must differ'],
    ],
  ])('refuses %s', async (_what, mutation, expected) => {
    const before = await snapshot();
    const answer = await data(server.mutate(`mutation { m: ${mutation} { ${errorFields} } }`));
    expect(failures(answer.m)).toEqual(expected);
    expect(await snapshot()).toEqual(before);
  });
});

describe('deletes', () => {
  const del = (name: string, id: string) =>
    data(
      server.mutate(`mutation { m: delete${name}(input: { id: "${id}" }) { ${deleteErrorFields}
        ... on Delete${name}Success { deletedId } ${name === 'Article' || name === 'Claim' ? `... on Delete${name}Success { deletedClaims deletedTerritoryChanges }` : ''} } }`),
    ).then((d) => d.m);

  it('deletes an article with its claims, their quantities and subjects, and its territory changes', async () => {
    expect(await del('Article', article)).toEqual({
      __typename: 'DeleteArticleSuccess',
      deletedId: article,
      deletedClaims: 18,
      deletedTerritoryChanges: 2,
    });
    expect(await snapshot()).toMatchObject({
      articles: 0,
      claims: 0,
      claim_subjects: 0,
      quantities: 0,
      territory_changes: 0,
    });
    expect((await snapshot()).search_index).toBe(11 + 4 + 2); // actors, officials, regions: no claim or article rows left
    expect(await data(server.query(`{ claims { totalCount } }`))).toEqual({ claims: { totalCount: 0 } });
  });

  it('deletes a claim with its quantities and the territory changes recorded from it', async () => {
    const lostHalf = globalId('Claim', 15);
    expect(await del('Claim', lostHalf)).toEqual({
      __typename: 'DeleteClaimSuccess',
      deletedId: lostHalf,
      deletedClaims: 1,
      deletedTerritoryChanges: 2,
    });
    expect(await snapshot()).toMatchObject({ claims: 17, quantities: 5, territory_changes: 0 });
  });

  it('deletes a territory change with its amount', async () => {
    const change = globalId('TerritoryChange', 2);
    expect(await del('TerritoryChange', change)).toEqual({
      __typename: 'DeleteTerritoryChangeSuccess',
      deletedId: change,
    });
    expect(await snapshot()).toMatchObject({ territory_changes: 1, quantities: 6 });
  });

  it.each([
    ['Actor', globalId('Actor', 8), [{ type: 'Claim', field: 'subjects', count: 12 }]],
    ['Official', syrskyi, [{ type: 'Claim', field: 'claimant', count: 2 }]],
    [
      'Region',
      kursk,
      [
        { type: 'Claim', field: 'region', count: 18 },
        { type: 'TerritoryChange', field: 'region', count: 2 },
      ],
    ],
  ])('refuses to delete an %s that claims still refer to', async (name, id, usages) => {
    const before = await snapshot();
    const answer = await del(name, id);
    expect(answer).toMatchObject({ __typename: 'ClaimgraphInUseError', id, usages });
    expect(answer.message).toMatch(
      new RegExp(`^${name} ${id.replace(/[=+/]/g, '\\$&')} is still referred to by .*: change or delete those first$`),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('deletes an actor, official or region nothing refers to (an official with their roles)', async () => {
    expect(await del('Official', globalId('Official', 4))).toMatchObject({ __typename: 'DeleteOfficialSuccess' });
    const fresh = await data(
      server.mutate(`mutation {
        a: createActor(input: { name: "Short-lived", kind: GROUP }) { ... on CreateActorSuccess { actor { id } } }
        r: createRegion(input: { name: "Nowhere", kind: OTHER }) { ... on CreateRegionSuccess { region { id } } }
      }`),
    );
    expect(await del('Actor', fresh.a.actor.id)).toMatchObject({ __typename: 'DeleteActorSuccess' });
    expect(await del('Region', fresh.r.region.id)).toMatchObject({ __typename: 'DeleteRegionSuccess' });
    expect(await snapshot()).toMatchObject({ officials: 3, roles: 3, actors: 11, regions: 2 });
  });

  it('answers ClaimgraphNotFoundError for an id that names nothing, and ClaimgraphValidationError for one of the wrong type', async () => {
    expect(await del('Claim', globalId('Claim', 99))).toMatchObject({
      __typename: 'ClaimgraphNotFoundError',
      path: ['input', 'id'],
    });
    expect(failures(await del('Claim', kursk))).toEqual(['input.id: must be the id of a Claim, not of a Region']);
  });
});
