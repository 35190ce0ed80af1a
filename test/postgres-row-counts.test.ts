import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../src/db/postgres/transfer.ts';
import { exampleDatasetFile } from '../src/dataset/load.ts';
import { importFileIntoPostgres } from '../src/dataset/on-postgres.ts';
import { globalId } from './helpers.ts';
import { answerAlike, onBothEngines, postgresUrl, runOn } from './postgres.ts';

/**
 * PostgreSQL's counts of the root connections' tables (row_counts, kept by statement triggers)
 * stay equal to the tables counted, through COPY, inserts, deletes and TRUNCATE, and the
 * unfiltered `totalCount`s that read them answer as SQLite's, which counts the tables.
 */

const rootTables = ['actors', 'articles', 'claims', 'officials', 'regions', 'territory_changes'];
const totals = `{ actors { totalCount } officials { totalCount } regions { totalCount }
  articles { totalCount } claims { totalCount } territoryChanges { totalCount } }`;

describe.skipIf(!postgresUrl)('the row counts PostgreSQL keeps', () => {
  const engines = onBothEngines();
  const same = answerAlike(engines);

  /** Each root table's kept count beside the table counted, in one snapshot of `db`. */
  async function keptAndCounted(db: Pick<typeof engines.postgres, 'execute'> = engines.postgres) {
    const { rows } = await db.execute<{ table_name: string; kept: string; counted: string }>(
      sql.raw(`select table_name, row_count as kept, case table_name
        ${rootTables.map((t) => `when '${t}' then (select count(*) from "${t}")`).join(' ')} end as counted
        from row_counts order by table_name`),
    );
    return rows.map((r) => ({ table: r.table_name, kept: Number(r.kept), counted: Number(r.counted) }));
  }

  const expectInStep = (rows: { table: string; kept: number; counted: number }[]) => {
    expect(rows.map((r) => r.table)).toEqual(rootTables);
    for (const row of rows) expect(row.kept, row.table).toBe(row.counted);
  };

  it('holds every root table, counted as COPY filled it, and totalCount answers as on SQLite', async () => {
    const rows = await keptAndCounted();
    expectInStep(rows);
    expect(rows.find((r) => r.table === 'claims')!.kept).toBeGreaterThan(5);
    await same(totals);
  });

  it('follows inserts and deletes, a delete that takes children with it included', async () => {
    const create = `mutation ($input: CreateRegionInput!) { createRegion(input: $input) {
      ... on CreateRegionSuccess { region { id } } } }`;
    const created = await Promise.all(
      ['Oblast A', 'Oblast B'].map((name) => runOn(engines.postgres, create, { input: { name, kind: 'PROVINCE' } })),
    );
    expect(created.every((answer) => answer.data.createRegion.region.id)).toBe(true);
    const removed = await runOn(
      engines.postgres,
      `mutation { deleteArticle(input: { id: "${globalId('Article', 1)}" }) { __typename } }`,
    );
    expect(removed.data.deleteArticle.__typename).toBe('DeleteArticleSuccess');
    expectInStep(await keptAndCounted());
    const answer = await runOn(engines.postgres, totals);
    const counted = Object.fromEntries((await keptAndCounted()).map((r) => [r.table, r.counted]));
    expect(answer.data.regions.totalCount).toBe(counted.regions);
    expect(answer.data.claims.totalCount).toBe(counted.claims);
    expect(answer.data.articles.totalCount).toBe(counted.articles);
  });

  it('holds the counts of an import that replaces everything (TRUNCATE, then COPY)', async () => {
    const before = await keptAndCounted();
    const summary = await importFileIntoPostgres(engines.postgres, exampleDatasetFile, { replace: true });
    expect(summary.committed).toBe(true);
    const after = await keptAndCounted();
    expectInStep(after);
    // The example dataset again, without the regions the test above added and the article it deleted.
    expect(after.find((r) => r.table === 'regions')!.kept).toBe(before.find((r) => r.table === 'regions')!.kept - 2);
    expect(after.find((r) => r.table === 'articles')!.kept).toBe(before.find((r) => r.table === 'articles')!.kept + 1);
  });

  it('falls to nothing on TRUNCATE, inside the transaction that truncates', async () => {
    class Undo extends Error {}
    await expect(
      inTransaction(engines.postgres, 'begin', async ({ db }) => {
        await db.execute(sql.raw(`truncate ${rootTables.join(', ')} cascade`));
        const rows = await keptAndCounted(db);
        expectInStep(rows);
        expect(rows.every((r) => r.kept === 0)).toBe(true);
        throw new Undo();
      }),
    ).rejects.toBeInstanceOf(Undo);
    expectInStep(await keptAndCounted());
  });
});
