import { Column, getTableName, is, SQL, StringChunk, type Table } from 'drizzle-orm';
import { getTableConfig as postgresTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db, migrationsFolder, postgresMigrationsFolder } from '../src/db/client.ts';
import * as postgresSchema from '../src/db/postgres/schema.ts';
import * as sqliteSchema from '../src/db/schema.ts';
import { copyRows, onBothEngines, postgresUrl } from './postgres.ts';
import { tableKeys as copyOrder } from '../src/db/postgres/transfer.ts';

/**
 * The two definitions of the tables (src/db/tables for SQLite, src/db/postgres/tables) held together:
 * the same columns, keys, references, indexes and constraints, read from the definitions; then, on a
 * real PostgreSQL, the same rows kept and the same bad rows refused, constraint by constraint.
 */

const drizzleKit = fileURLToPath(new URL('../node_modules/drizzle-kit/bin.cjs', import.meta.url));

const tablesOf = (schema: Record<string, unknown>) =>
  new Map(
    Object.entries(schema)
      .filter(([, value]) => is(value, SQLiteTable) || is(value, PgTable))
      .map(([key, value]) => [key, value as Table]),
  );
const sqliteTables = tablesOf(sqliteSchema);
const postgresTables = tablesOf(postgresSchema);

// Each engine's column type, as the other engine's: SQLite's REAL is an 8-byte float like double precision.
const sameTypes: Record<string, string> = {
  SQLiteInteger: 'integer',
  PgInteger: 'integer',
  SQLiteText: 'text',
  PgText: 'text',
  SQLiteReal: 'double',
  PgDoublePrecision: 'double',
  SQLiteBoolean: 'boolean',
  PgBoolean: 'boolean',
  SQLiteTextJson: 'json',
  PgJson: 'json',
};

/** An index expression or a partial index's condition as written, columns by name. */
function written(sql: SQL): string {
  return sql.queryChunks
    .map((chunk) => {
      if (is(chunk, Column)) return `"${chunk.name}"`;
      if (is(chunk, SQL)) return written(chunk);
      if (is(chunk, StringChunk)) return chunk.value.join('');
      throw new Error(`unexpected ${String(chunk)} in an index`);
    })
    .join('');
}

/**
 * SQLite ends every entry of an index with the row's rowid (`id`), so an index that names `id` last
 * (PostgreSQL's, to read a page in id order) holds what one without it holds on SQLite.
 */
const withoutTrailingRowid = (on: string[], unique: boolean) =>
  !unique && on.length > 1 && on.at(-1) === '"id"' ? on.slice(0, -1) : on;

type AnyConfig = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof postgresTableConfig>;

/** A table definition in terms both engines share. */
function shape(config: AnyConfig, engine: 'sqlite' | 'postgres') {
  return {
    columns: config.columns.map((column) => ({
      name: column.name,
      type: sameTypes[column.columnType] ?? column.columnType,
      notNull: column.notNull,
      default: column.default,
      primaryKey: column.primary,
      // SQLite numbers an INTEGER PRIMARY KEY itself (the rowid); PostgreSQL needs an identity that also takes given ids.
      numbered:
        engine === 'sqlite'
          ? column.primary && column.columnType === 'SQLiteInteger'
          : (column as { generatedIdentity?: { type: string } }).generatedIdentity?.type === 'byDefault',
      values: column.enumValues ?? null,
      unique: column.isUnique,
    })),
    primaryKeys: config.primaryKeys.map((key) => key.columns.map((column) => column.name)),
    foreignKeys: config.foreignKeys
      .map((key) => {
        const reference = key.reference();
        return {
          columns: reference.columns.map((column) => column.name),
          table: getTableName(reference.foreignTable),
          foreignColumns: reference.foreignColumns.map((column) => column.name),
          onDelete: key.onDelete ?? 'no action',
          onUpdate: key.onUpdate ?? 'no action',
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    indexes: config.indexes
      .map(({ config: index }) => ({
        name: index.name,
        unique: index.unique,
        on: withoutTrailingRowid(
          index.columns.map((column) => (is(column, SQL) ? written(column) : `"${(column as { name: string }).name}"`)),
          index.unique,
        ),
        where: index.where ? written(index.where) : null,
      }))
      .sort((a, b) => a.name!.localeCompare(b.name!)),
    uniqueConstraints: config.uniqueConstraints.map((unique) => unique.columns.map((column) => column.name)),
    checks: config.checks.map((check) => check.name).sort(),
  };
}

describe('the PostgreSQL tables and the SQLite tables', () => {
  it('are the same tables', () => {
    expect([...postgresTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
  });

  for (const [key, table] of sqliteTables)
    it(`define ${key} alike, column by column and constraint by constraint`, () => {
      expect(shape(postgresTableConfig(postgresTables.get(key) as PgTable), 'postgres')).toEqual(
        shape(sqliteTableConfig(table as SQLiteTable), 'sqlite'),
      );
    });
});

type TableKey = (typeof copyOrder)[number];
type Row = Record<string, unknown>;

/**
 * One bad row per CHECK constraint: a row of the example dataset with the change that breaks it
 * (`id` left to the engine). Both engines must refuse each one, naming the constraint.
 */
const badRows: { table: TableKey; check: string; change: Row }[] = [
  { table: 'actors', check: 'actors_kind', change: { kind: 'PLANET' } },
  { table: 'actors', check: 'actors_country', change: { country: 'ua' } },
  { table: 'officials', check: 'officials_anonymous_unnamed', change: { anonymous: true } },
  { table: 'officials', check: 'officials_seniority', change: { seniority: 'MIDDLING' } },
  { table: 'officials', check: 'officials_domain', change: { domain: 'SPORT' } },
  { table: 'officials', check: 'officials_country', change: { country: 'UKR' } },
  { table: 'officials', check: 'officials_same_source_reviewed', change: { sameSourceReviewedBy: 'an editor' } },
  { table: 'roles', check: 'roles_since', change: { since: '2024-02-30' } },
  { table: 'roles', check: 'roles_until', change: { until: '2023-02-29' } },
  { table: 'roles', check: 'roles_since_before_until', change: { since: '2024-08-06', until: '2024-08-01' } },
  { table: 'regions', check: 'regions_kind', change: { kind: 'OCEAN' } },
  { table: 'regions', check: 'regions_country', change: { country: 'Russia' } },
  { table: 'articles', check: 'articles_published_on', change: { publishedOn: '2024-04-31' } },
  { table: 'articles', check: 'articles_published_at', change: { publishedAt: '2024-12-19 10:00' } },
  { table: 'claims', check: 'claims_kind', change: { kind: 'RUMOUR' } },
  { table: 'claims', check: 'claims_attribution', change: { attribution: 'WHISPERED' } },
  { table: 'claims', check: 'claims_stance', change: { stance: 'DOUBTS' } },
  { table: 'claims', check: 'claims_stated_on', change: { statedOn: '2024-04-31' } },
  { table: 'claims', check: 'claims_one_claimant', change: { claimantActorId: 1, claimantOfficialId: 1 } },
  { table: 'claims', check: 'claims_period_start', change: { periodStart: '2024-09-31' } },
  { table: 'claims', check: 'claims_period_end', change: { periodEnd: '2024-06-31' } },
  { table: 'claims', check: 'claims_period_order', change: { periodStart: '2024-12-19', periodEnd: '2024-08-06' } },
  { table: 'claimJointClaimants', check: 'claim_joint_claimants_one', change: { actorId: 1, officialId: 1 } },
  { table: 'claimHops', check: 'claim_hops_role', change: { role: 'LISTENER' } },
  { table: 'claimHops', check: 'claim_hops_one', change: { actorId: null, officialId: null } },
  { table: 'claimRelations', check: 'claim_relations_kind', change: { kind: 'ECHOES' } },
  { table: 'territoryChanges', check: 'territory_changes_sides', change: { gainedById: 1, lostById: 1 } },
  {
    table: 'territoryChanges',
    check: 'territory_changes_period_start',
    change: { periodStart: '2023-02-29', periodEnd: null },
  },
  { table: 'territoryChanges', check: 'territory_changes_period_end', change: { periodEnd: '2024-11-31' } },
  {
    table: 'territoryChanges',
    check: 'territory_changes_period_order',
    change: { periodStart: '2024-09-01', periodEnd: '2024-08-01' },
  },
  { table: 'quantities', check: 'quantities_shape', change: { shape: 'ROUGH' } },
  { table: 'quantities', check: 'quantities_per', change: { per: 'FORTNIGHT' } },
  { table: 'quantities', check: 'quantities_measure', change: { measure: 'STOCK' } },
  { table: 'quantities', check: 'quantities_modality', change: { modality: 'RUMOURED' } },
  { table: 'quantities', check: 'quantities_derivation', change: { derivation: 'PRODUCT', derivedFrom: [] } },
  { table: 'quantities', check: 'quantities_derived_from', change: { derivedFrom: [{ claimId: 1, index: 0 }] } },
  { table: 'quantities', check: 'quantities_one_owner', change: { territoryChangeId: 1 } },
  { table: 'quantities', check: 'quantities_metric', change: { metric: 'DESTROYED' } },
  { table: 'quantities', check: 'quantities_low_high', change: { low: 50, high: 40, best: null } },
  { table: 'quantities', check: 'quantities_best_in_range', change: { low: 10, high: 20, best: 30 } },
  { table: 'quantities', check: 'quantities_non_negative', change: { metric: 'KILLED', low: -5, best: null } },
  { table: 'quantities', check: 'quantities_share_fraction', change: { metric: 'SHARE', best: 40, high: null } },
];

/** Checks the definitions name but no bad row needs: a row that breaks them also breaks one above first, or cannot be written at all. */
const checksWithoutBadRows = [
  // A new row cannot point at itself: its id is not known before the insert.
  'actors_not_own_parent',
  'regions_not_own_parent',
  'officials_not_same_source_as_self',
  'claim_relations_not_self',
];

describe('the committed migrations', () => {
  // drizzle-kit compares the definitions with the last migration's snapshot; a change without its migration shows here.
  for (const [dialect, schema, folder] of [
    ['postgresql', 'src/db/postgres/schema.ts', postgresMigrationsFolder],
    ['sqlite', 'src/db/schema.ts', migrationsFolder],
  ])
    it(`build what the ${dialect} definitions say`, () => {
      const scratch = mkdtempSync(join(tmpdir(), 'claimgraph-migrations-'));
      try {
        cpSync(folder!, scratch, { recursive: true });
        const output = execFileSync(
          process.execPath,
          [drizzleKit, 'generate', `--dialect=${dialect}`, `--schema=${schema}`, `--out=${scratch}`],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        );
        expect(output).toContain('No schema changes');
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
});

describe('every CHECK constraint', () => {
  it('has a bad row below, or a reason it has none', () => {
    const named = [...sqliteTables.values()].flatMap((table) =>
      sqliteTableConfig(table as SQLiteTable).checks.map((check) => check.name),
    );
    expect([...badRows.map((row) => row.check), ...checksWithoutBadRows].sort()).toEqual(named.sort());
  });
});

describe.skipIf(!postgresUrl)('on a real PostgreSQL', () => {
  const engines = onBothEngines({ more: addRowsTheExampleLacks, copy: false });

  it('copies every row of every table in an order that keeps their references', () => {
    expect([...copyOrder].sort()).toEqual([...sqliteTables.keys()].sort());
  });

  it('keeps every row of the example dataset as SQLite keeps it, value for value', async () => {
    await copyRows(engines.sqlite, engines.postgres);
    for (const key of copyOrder) {
      const back = (await engines.postgres.select().from(postgresTables.get(key) as PgTable)) as Row[];
      expect(sortRows(back), key).toEqual(sortRows(rowsOf(engines.sqlite, key)));
    }
  });

  for (const { table, check, change } of badRows)
    it(`refuses a ${table} row that breaks ${check}, as SQLite does`, async () => {
      const [{ id: _id, ...base }] = rowsOf(engines.sqlite, table) as [Row];
      const row = { ...base, ...distinctKey(table, base, check), ...change };
      expect(() =>
        engines.sqlite
          .insert(sqliteTables.get(table) as SQLiteTable)
          .values(row as never)
          .run(),
      ).toThrow(`CHECK constraint failed: ${check}`);
      const refused = await engines.postgres
        .insert(postgresTables.get(table) as PgTable)
        .values(row as never)
        .then(
          () => null,
          (error: { cause?: { code?: string; constraint?: string } }) => error.cause,
        );
      expect(refused).toMatchObject({ code: '23514', constraint: check });
    });

  // SQLite's date() of text that is no date ('2024/08/06', month 13, day 32) is null, and a check that
  // comes out null passes; only a day past its month's end ('2024-06-31') comes back as another date.
  for (const since of ['2024/08/06', '2024-13-01', '2024-08-32'])
    it(`refuses the date ${since}, which the SQLite check lets through`, async () => {
      const [{ id: _id, ...base }] = rowsOf(engines.sqlite, 'roles') as [Row];
      const row = { ...base, since };
      expect(() =>
        engines.sqlite
          .insert(sqliteSchema.roles)
          .values(row as never)
          .run(),
      ).not.toThrow();
      await expect(engines.postgres.insert(postgresSchema.roles).values(row as never)).rejects.toMatchObject({
        cause: { code: '23514', constraint: 'roles_since' },
      });
    });

  it('refuses a second claim with the same natural key, as SQLite does', async () => {
    const [{ id: _id, ...claim }] = rowsOf(engines.sqlite, 'claims') as [Row];
    expect(() =>
      engines.sqlite
        .insert(sqliteSchema.claims)
        .values(claim as never)
        .run(),
    ).toThrow('UNIQUE constraint failed');
    await expect(engines.postgres.insert(postgresSchema.claims).values(claim as never)).rejects.toMatchObject({
      cause: { code: '23505', constraint: 'claims_natural_key' },
    });
  });
});

/** A natural key no other row has, so that a bad row meets its check and not a unique index first. */
function distinctKey(table: TableKey, row: Row, check: string): Row {
  if (table === 'claims') return { statement: `${row.statement} (${check})` };
  if (table === 'actors' || table === 'regions') return { name: `${row.name} (${check})` };
  if (table === 'articles') return { url: `${row.url}#${check}` };
  return {};
}

const rowsOf = (db: Db, key: TableKey) =>
  db
    .select()
    .from(sqliteTables.get(key) as SQLiteTable)
    .all() as Row[];

const sortRows = (rows: Row[]) => rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();

/** Rows of the kinds the example does not have (aliases, joint claimants, relations, a derived figure, a geometry). */
function addRowsTheExampleLacks(db: Db) {
  db.$client.exec(`
    insert into actor_aliases (actor_id, alias) values (1, 'Another spelling');
    insert into official_aliases (official_id, alias) values (1, 'Another spelling');
    insert into claim_regions (claim_id, region_id) values (1, 1);
    insert into claim_joint_claimants (claim_id, actor_id) values (1, 2);
    insert into claim_relations (claim_id, kind, related_claim_id, note) values (2, 'REPEATS', 1, 'said again');
    insert into quantities (claim_id, metric, best, shape, derivation, factor, derived_from)
      values (2, 'KILLED', 100, 'EXACT', 'RELATIVE', 2, '[{"claimId":1,"index":0}]');
    update regions set geometry = '{"type":"Point","coordinates":[35.1,51.2]}' where id = 1;
    insert into claim_figures (claim_id, quantity_id, summed, region_id, stance, article_date, metric, measure,
      modality, low, high, best, low_inclusive, high_inclusive)
      values (1, 1, 0, 1, 'ASSERTS', '2024-12-19', 'KILLED', 'CHANGE', 'REPORTED', 50, 50, 50, 1, 1);
  `);
}
