import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { globalId } from './helpers.ts';
import { answerAlike, everyRow, onBothEngines, postgresUrl, runOn } from './postgres.ts';

/**
 * The mutations on PostgreSQL write what they write on SQLite: the same mutations, in the same
 * order, on the example dataset on both engines answer alike, and leave the same rows in every
 * table, claim_figures (which PostgreSQL keeps without SQLite's triggers) included.
 */

const commonErrors = `__typename ... on ClaimgraphMutationError { message }
  ... on ClaimgraphValidationError { fields { path message } }
  ... on ClaimgraphNotFoundError { id path }`;
const errors = `${commonErrors} ... on ClaimgraphConflictError { existingId }`;
const deleteErrors = `${commonErrors} ... on ClaimgraphInUseError { id usages { type field count } }`;

const claimAnswer = `claim { id statement attribution region { name } claimant { __typename }
  quantities { metric unit best low high shape interval { low high } derivation derivedFrom { claim { id } index } }
  relations { kind claim { id } } article { publishedOn } }`;

const createClaim = `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { ${errors}
  ... on CreateClaimSuccess { created ${claimAnswer} } } }`;
const updateClaim = `mutation ($input: UpdateClaimInput!) { updateClaim(input: $input) { ${errors}
  ... on UpdateClaimSuccess { ${claimAnswer} } } }`;

describe.skipIf(!postgresUrl)('the mutations on PostgreSQL', () => {
  const engines = onBothEngines();

  const run = runOn;
  const same = answerAlike(engines);

  async function sameRows() {
    for (const [table, rows] of Object.entries(await everyRow(engines.sqlite, engines.postgres)))
      expect(rows.postgres, table).toEqual(rows.sqlite);
  }

  const kursk = globalId('Region', 2);
  const russia = globalId('Actor', 2);
  let sofCasualties: string;
  let article: string;
  let official: string;
  let region: string;
  /** The commander's claim that the losses doubled: sent again, it is the same claim, a conflict. */
  const doubled = () => ({
    article,
    statement: 'The commander said the losses had since doubled.',
    kind: 'CASUALTIES',
    attribution: 'CLAIMED',
    claimant: official,
  });
  let revised: string;

  it('creates a record of every type alike', async () => {
    const claims = await same(`{ claims(first: 100) { edges { node { id quantities { metric } } } } }`);
    sofCasualties = claims.claims.edges.find(({ node }: any) =>
      node.quantities.some((q: { metric: string }) => q.metric === 'KILLED'),
    ).node.id;
    const made = await same(`mutation {
      a: createActor(input: { name: "Wagner Group", kind: GROUP, country: "RU", parent: "${russia}", aliases: ["PMC Wagner"] }) { ${errors} ... on CreateActorSuccess { created actor { id name aliases parent { name } } } }
      r: createRegion(input: { name: "Sudzha", kind: SETTLEMENT, country: "RU", parent: "${kursk}" }) { ${errors} ... on CreateRegionSuccess { created region { id name parent { name } } } }
      o: createOfficial(input: { description: "a Ukrainian brigade commander", roles: [{ title: "Commander", actor: "${globalId('Actor', 5)}" }] }) { ${errors} ... on CreateOfficialSuccess { created official { id label anonymous } } }
      p: createArticle(input: { title: "A second report from Kursk", url: "https://example.org/kursk-2", publishedOn: "2024-12-20", citedSources: ["${globalId('Actor', 10)}"] }) { ${errors} ... on CreateArticleSuccess { created article { id title citedSources { name } } } }
    }`);
    [article, official, region] = [made.p.article.id, made.o.official.id, made.r.region.id];
    expect(made.a.created).toBe(true);

    const claim = await same(createClaim, {
      input: {
        article,
        statement: 'A brigade commander put North Korean losses near Sudzha at about 30 killed and 60 wounded.',
        kind: 'CASUALTIES',
        attribution: 'CLAIMED',
        claimant: official,
        region,
        quantities: [
          { metric: 'KILLED', unit: 'North Korean soldiers', best: 30, approximate: true, phrase: 'about 30' },
          { metric: 'WOUNDED', unit: 'North Korean soldiers', best: 60 },
        ],
        relations: [{ kind: 'CORROBORATES', claim: sofCasualties }],
      },
    });
    revised = claim.createClaim.claim.id;
    const derived = await same(createClaim, {
      input: {
        ...doubled(),
        region,
        quantities: [
          {
            metric: 'KILLED',
            unit: 'North Korean soldiers',
            derivation: 'RELATIVE',
            factor: 2,
            derivedFrom: [{ claim: revised, index: 0 }],
          },
        ],
        relations: [{ kind: 'REVISES', claim: revised }],
      },
    });
    expect(derived.createClaim.claim.quantities[0].best).toBe(60);
    await sameRows();
  });

  it('updates alike, and works the figures out again as SQLite triggers do', async () => {
    const updated = await same(updateClaim, {
      input: {
        id: revised,
        region: kursk,
        quantities: [
          { metric: 'KILLED', unit: 'North Korean soldiers', low: 20, high: 40 },
          { metric: 'WOUNDED', unit: 'North Korean soldiers', low: 55, shape: 'MORE_THAN' },
        ],
      },
    });
    expect(updated.updateClaim.__typename).toBe('UpdateClaimSuccess');
    const dated = await same(
      `mutation { updateArticle(input: { id: "${article}", publishedOn: "2024-12-22" }) { ${errors} } }`,
    );
    expect(dated.updateArticle.__typename).toBe('UpdateArticleSuccess');
    const upsert = {
      article,
      statement: 'The commander said the losses had since doubled.',
      kind: 'CASUALTIES',
      attribution: 'CONFIRMED',
      claimant: official,
    };
    expect(
      (await same(createClaim, { input: { ...upsert, onConflict: 'UPDATE' } })).createClaim.claim.attribution,
    ).toBe('CONFIRMED');
    await same(createClaim, { input: { ...upsert, attribution: 'SPECULATED', onConflict: 'KEEP' } });
    // Found by its alias, the actor keeps its name and learns the new spelling.
    const merged =
      await same(`mutation { createActor(input: { name: "PMC Wagner", kind: GROUP, country: "RU", aliases: ["Wagner PMC"], onConflict: UPDATE }) {
      ${errors} ... on CreateActorSuccess { created actor { name aliases } } } }`);
    expect(merged.createActor).toMatchObject({
      created: false,
      actor: { name: 'Wagner Group', aliases: ['PMC Wagner', 'Wagner PMC'] },
    });
    await sameRows();
    // Killed and wounded once more as their sum, dated by the article's new date.
    const claimId = Number(Buffer.from(revised, 'base64').toString().split(':')[1]);
    const figures = await engines.postgres.execute(
      sql`select metric, summed, low, high, article_date from claim_figures where claim_id = ${claimId} order by metric`,
    );
    expect(figures.rows).toEqual([
      { metric: 'KILLED', summed: 0, low: 20, high: 40, article_date: '2024-12-22' },
      { metric: 'KILLED_OR_WOUNDED', summed: 1, low: 75, high: null, article_date: '2024-12-22' },
      { metric: 'WOUNDED', summed: 0, low: 55, high: null, article_date: '2024-12-22' },
    ]);
  });

  it('refuses bad writes alike, naming the same fields, and changes nothing', async () => {
    const refused = [
      await same(createClaim, { input: doubled() }),
      await same(createClaim, {
        input: {
          article,
          statement: 'Nowhere.',
          kind: 'CASUALTIES',
          attribution: 'CLAIMED',
          region: globalId('Region', 9999),
        },
      }),
      await same(updateClaim, { input: { id: sofCasualties, relations: [{ kind: 'REVISES', claim: revised }] } }),
      await same(
        `mutation { updateActor(input: { id: "${globalId('Actor', 1)}", parent: "${globalId('Actor', 5)}" }) { ${errors} } }`,
      ),
      await same(`mutation { deleteRegion(input: { id: "${kursk}" }) { ${deleteErrors} } }`),
      await same(createClaim, {
        input: {
          article,
          statement: 'Derived from nothing.',
          kind: 'CASUALTIES',
          attribution: 'CLAIMED',
          quantities: [
            { metric: 'KILLED', derivation: 'RELATIVE', factor: 2, derivedFrom: [{ claim: revised, index: 7 }] },
          ],
        },
      }),
    ];
    expect(refused.map((answer) => (Object.values(answer)[0] as { __typename: string }).__typename)).toEqual([
      'ClaimgraphConflictError',
      'ClaimgraphNotFoundError',
      'ClaimgraphValidationError',
      'ClaimgraphValidationError',
      'ClaimgraphInUseError',
      'ClaimgraphValidationError',
    ]);
    await sameRows();
  });

  it('deletes alike, taking the same rows and figures along, and search forgets them', async () => {
    const found = `{ search(query: "brigade commander") { totalCount edges { node { __typename } } } }`;
    expect((await same(found)).search.totalCount).toBeGreaterThan(0);
    await same(
      `mutation { deleteClaim(input: { id: "${revised}" }) { ${deleteErrors} ... on DeleteClaimSuccess { deletedId } } }`,
    );
    await sameRows();
    const gone = await same(
      `mutation { deleteArticle(input: { id: "${article}" }) { ${deleteErrors} ... on DeleteArticleSuccess { deletedId deletedClaims deletedTerritoryChanges } } }`,
    );
    expect(gone.deleteArticle.deletedClaims).toBe(1);
    await sameRows();
    expect((await same(found)).search.totalCount).toBe(1); // the official, described so, is still there
  });
});
