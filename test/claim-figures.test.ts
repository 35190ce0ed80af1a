import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import type { DatasetRecordInput } from '../src/dataset/format.ts';
import { importDataset } from '../src/dataset/load.ts';
import { keepClaimFigures } from '../src/store/claim-figures.ts';
import { createTestServer, data, globalId, holdWriteLock, type TestServer } from './helpers.ts';

/**
 * claim_figures, the worked-out figures every aggregate reads, stays what working them out afresh
 * from the claims gives, whichever way the data changes: mutations, an import (which sets the
 * triggers aside and catches up at commit), a rolled-back import, a file whose triggers are older
 * than the code's.
 */

const servers: TestServer[] = [];
afterAll(() => servers.forEach((s) => s.close()));
const fresh = () => {
  const s = createTestServer();
  servers.push(s);
  return s;
};

const rows = (s: TestServer) =>
  s.db.$client.prepare('select * from claim_figures order by claim_id, quantity_id, summed').all() as Record<
    string,
    unknown
  >[];

/** The rows a full rebuild gives: the table is refilled when a trigger is not the code's. */
function rebuilt(s: TestServer) {
  s.db.$client.exec('drop trigger claim_figures_claim_delete');
  expect(keepClaimFigures(s.db.$client)).toBe(true);
  return rows(s);
}

const expectInStep = (s: TestServer) => {
  const kept = rows(s);
  expect(kept.length).toBeGreaterThan(0);
  expect(rebuilt(s)).toEqual(kept);
};

const kursk = globalId('Region', 2);
const article = globalId('Article', 1);
const syrskyi = globalId('Official', 2);

const compareKilled = `query ($region: ID!) { compareClaims(question: { metric: KILLED_OR_WOUNDED, regionId: $region }) {
  comparisons { figures { value summedFromParts claim { id } } } } }`;

describe('claim_figures', () => {
  it('follows creates, updates and deletes made through the mutations', async () => {
    const s = fresh();
    const created = await data(
      s.mutate(
        `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { ... on CreateClaimSuccess { claimId } } }`,
        {
          input: {
            article,
            statement: 'Two hundred soldiers were killed and three hundred wounded near Sudzha.',
            kind: 'CASUALTIES',
            attribution: 'STATED',
            claimant: syrskyi,
            region: kursk,
            quantities: [
              { metric: 'KILLED', unit: 'soldiers', best: 200 },
              { metric: 'WOUNDED', unit: 'soldiers', best: 300 },
            ],
          },
        },
      ),
    );
    const id = created.createClaim.claimId as string;
    const claimId = Number(Buffer.from(id, 'base64').toString().split(':')[1]);
    const own = () => rows(s).filter((r) => r.claim_id === claimId);
    expect(own().map((r) => [r.metric, r.summed, r.low, r.high])).toEqual([
      ['KILLED', 0, 200, 200],
      ['KILLED_OR_WOUNDED', 1, 500, 500],
      ['WOUNDED', 0, 300, 300],
    ]);
    const summedValue = async () =>
      (await data(s.query(compareKilled, { region: kursk }))).compareClaims.comparisons
        .flatMap((c: { figures: { value: number; claim: { id: string } }[] }) => c.figures)
        .find((f: { claim: { id: string } }) => f.claim.id === id)?.value;
    expect(await summedValue()).toBe(500);
    expectInStep(s);

    await data(
      s.mutate(`mutation ($input: UpdateClaimInput!) { updateClaim(input: $input) { __typename } }`, {
        input: {
          id,
          quantities: [
            { metric: 'KILLED', unit: 'soldiers', best: 250 },
            { metric: 'WOUNDED', unit: 'soldiers', best: 300 },
          ],
        },
      }),
    );
    expect(own().map((r) => [r.metric, r.low])).toEqual([
      ['KILLED', 250],
      ['KILLED_OR_WOUNDED', 550],
      ['WOUNDED', 300],
    ]);
    expect(await summedValue()).toBe(550);
    expectInStep(s);

    // Its article's publication date moves with the article.
    await data(
      s.mutate(`mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { __typename } }`, {
        input: { id: article, publishedOn: '2024-12-16', publishedAt: null },
      }),
    );
    expect(new Set(own().map((r) => r.article_date))).toEqual(new Set(['2024-12-16']));
    expectInStep(s);

    // A denial gives no figure: the claim's rows carry its new stance, and the comparison drops it.
    await data(
      s.mutate(`mutation ($input: UpdateClaimInput!) { updateClaim(input: $input) { __typename } }`, {
        input: { id, stance: 'DENIES' },
      }),
    );
    expect(new Set(own().map((r) => r.stance))).toEqual(new Set(['DENIES']));
    expect(await summedValue()).toBeUndefined();
    expectInStep(s);

    await data(
      s.mutate(`mutation ($input: DeleteClaimInput!) { deleteClaim(input: $input) { __typename } }`, { input: { id } }),
    );
    expect(own()).toEqual([]);
    expectInStep(s);
  });

  it('keeps kinds of figure apart by each of their parts, and reads a unit back whole', async () => {
    const s = fresh();
    await data(
      s.mutate(
        `mutation ($input: CreateClaimInput!) { createClaim(input: $input) { ... on CreateClaimSuccess { claimId } } }`,
        {
          input: {
            article,
            statement: 'Losses given four ways: by unit, with no unit, as a daily rate, and as a plan.',
            kind: 'OTHER',
            attribution: 'STATED',
            claimant: syrskyi,
            region: kursk,
            quantities: [
              { metric: 'KILLED', unit: 'soldiers|conscripts', best: 10 },
              { metric: 'KILLED', best: 20 },
              { metric: 'KILLED', unit: 'soldiers', best: 5, per: 'DAY' },
              { metric: 'KILLED', unit: 'soldiers', best: 40, modality: 'PLANNED' },
            ],
          },
        },
      ),
    );
    const stats = await data(
      s.query(`{ claimStats(filter: { kinds: [OTHER] }) {
        quantities { metric unit per measure modality claims low high }
        byClaimant { quantities { unit per modality low } } } }`),
    );
    const kind = (unit: string | null, per: string | null, modality: string, value: number) => ({
      metric: 'KILLED',
      unit,
      per,
      measure: 'CHANGE',
      modality,
      claims: 1,
      low: value,
      high: value,
    });
    // Ordered by unit (none first), then rate (none first), then modality.
    const expected = [
      kind(null, null, 'REPORTED', 20),
      kind('soldiers', null, 'PLANNED', 40),
      kind('soldiers', 'DAY', 'REPORTED', 5),
      kind('soldiers|conscripts', null, 'REPORTED', 10),
    ];
    expect(stats.claimStats.quantities).toEqual(expected);
    expect(stats.claimStats.byClaimant[0].quantities).toEqual(
      expected.map(({ unit, per, modality, low }) => ({ unit, per, modality, low })),
    );
  });

  it('catches up at the commit of an import, and a rolled-back import leaves it as it was', () => {
    const s = fresh();
    const before = rows(s);
    const laterReport: DatasetRecordInput[] = [
      { type: 'article', key: 'later', title: 'A later report' },
      {
        type: 'claim',
        key: 'later-claim',
        article: 'later',
        statement: 'Forty were killed.',
        kind: 'CASUALTIES',
        attribution: 'CLAIMED',
        quantities: [{ metric: 'KILLED', best: 40 }],
      },
    ];
    const file = (records: DatasetRecordInput[]) => ({
      format: 'claimgraph-dataset' as const,
      version: 1 as const,
      records,
    });
    const broken: DatasetRecordInput = {
      type: 'claim',
      key: 'broken',
      article: 'nowhere',
      statement: 'x',
      kind: 'CASUALTIES',
      attribution: 'CLAIMED',
    };
    const rolledBack = importDataset(s.db, file([...laterReport, broken]));
    expect(rolledBack.committed).toBe(false);
    expect(rows(s)).toEqual(before);
    expect(keepClaimFigures(s.db.$client)).toBe(false);

    const committed = importDataset(s.db, file(laterReport));
    expect(committed.committed).toBe(true);
    expect(rows(s).length).toBe(before.length + 1);
    // The triggers are back, and the code's: nothing to rebuild.
    expect(keepClaimFigures(s.db.$client)).toBe(false);
    expectInStep(s);
  });

  it('is worked out afresh when the triggers are not the code’s, and only then', () => {
    const s = fresh();
    const kept = rows(s);
    expect(keepClaimFigures(s.db.$client)).toBe(false);
    // An older convention: a trigger with another body, and rows it would have made.
    s.db.$client.exec(`drop trigger claim_figures_quantity_insert;
      create trigger claim_figures_quantity_insert after insert on quantities begin select 1; end;
      update claim_figures set low = -1`);
    expect(keepClaimFigures(s.db.$client)).toBe(true);
    expect(rows(s)).toEqual(kept);
  });

  it('waits for another process that holds the write lock past the busy timeout, then does the work', async () => {
    const s = fresh();
    s.db.$client.exec('drop trigger claim_figures_claim_delete');
    const impatient = openDatabase(s.file, { busyTimeoutMs: 50 });
    // Another process takes the write lock and keeps it for a second, as a second server refilling would.
    const { exited } = await holdWriteLock(s.file, 1000);
    try {
      const started = performance.now();
      expect(keepClaimFigures(impatient.$client)).toBe(true);
      expect(performance.now() - started).toBeGreaterThan(50);
      expect(keepClaimFigures(s.db.$client)).toBe(false);
    } finally {
      closeDatabase(impatient);
      await exited;
    }
  });
});
