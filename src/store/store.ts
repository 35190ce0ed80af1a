import { getTableName } from 'drizzle-orm';
import type { RecordType, StoredRow } from '../model/index.ts';
import {
  type ChildList,
  columnsOf,
  driverValues,
  itemColumns,
  layouts,
  type Rows,
  rowDecoder,
  tableName,
} from './layout.ts';
import { naturalKeys } from './natural-keys.ts';
import { insertRow, row as get, rows, run, type Work } from '../db/statements.ts';
import { quantities as quantitiesTable } from '../db/schema.ts';

/**
 * Finds, reads and bulk-writes whole records (a row with its child lists) through statements
 * generated from the table definitions (src/store/layout.ts), on either engine. The importer
 * writes hundreds of thousands of rows here (on SQLite, each statement prepared once per
 * connection): drizzle's per-call query building cost more than the inserts. Single-record writes
 * from the API go through drizzle instead (src/store/record-writes.ts). Callers own the transaction.
 */

export interface Usage {
  /** GraphQL type of the referring objects. */
  type: string;
  /** Their field that refers. */
  field: string;
  count: number;
}

/** A child list's SQL and how its items map to and from child rows. */
function childStatements(child: ChildList) {
  const name = getTableName(child.table);
  const columns = itemColumns(child);
  const decode = rowDecoder(child.table);
  const value = child.value && columnsOf(child.table).find(([, c]) => c === child.value)![0];
  return {
    insert: `insert into ${name} (${[child.owner.name, ...columns.map(([, c]) => c.name)].join(', ')}) values (${[child.owner, ...columns].map(() => '?').join(', ')})`,
    select: `select * from ${name} where ${child.owner.name} = ? order by ${child.value?.name ?? 'id'}`,
    delete: `delete from ${name} where ${child.owner.name} = ?`,
    params: (item: unknown) => (value ? [item] : driverValues(columns, item as StoredRow)),
    item: (raw: Record<string, unknown>) => {
      const row = decode(raw);
      return value ? row[value] : Object.fromEntries(columns.map(([key]) => [key, row[key]]));
    },
  };
}

function recordStatements(type: RecordType) {
  const { table, children } = layouts[type];
  const name = tableName(type);
  const columns = columnsOf(table, [table.id]);
  return {
    // The id after the largest unless one is given: what SQLite picks by itself, written out so
    // that PostgreSQL's imports pick the same (its identity would hand out ids an import took).
    insert: `insert into ${name} (id, ${columns.map(([, c]) => c.name).join(', ')}) values (coalesce(?, (select coalesce(max(id), 0) + 1 from ${name}))${', ?'.repeat(columns.length)})`,
    update: `update ${name} set ${columns.map(([, c]) => `${c.name} = ?`).join(', ')} where id = ?`,
    select: `select * from ${name} where id = ?`,
    params: (row: StoredRow) => driverValues(columns, row),
    decode: rowDecoder(table, [table.id]),
    children: children.map((child) => ({ field: child.field, ...childStatements(child) })),
  };
}

const statementsOf = Object.fromEntries(
  Object.keys(layouts).map((type) => [type, recordStatements(type as RecordType)]),
) as Record<RecordType, ReturnType<typeof recordStatements>>;

/** Each reads or writes through the statements it yields, on either engine (src/db/statements.ts). */
export const store = {
  /** The row with the same natural key, if any. */
  *find<T extends RecordType>(type: T, row: Rows[T]): Work<number | undefined> {
    const { sql, params } = naturalKeys[type].find(row);
    return (yield* get<{ id: number }>(sql, ...params))?.id;
  },

  /** The natural key in words, for error messages. */
  describeKey<T extends RecordType>(type: T, row: Rows[T]): string {
    return naturalKeys[type].describe(row);
  },

  *read<T extends RecordType>(type: T, id: number): Work<Rows[T] | undefined> {
    const statements = statementsOf[type];
    const raw = yield* get<Record<string, unknown>>(statements.select, id);
    if (!raw) return undefined;
    const row = statements.decode(raw);
    for (const child of statements.children)
      row[child.field] = (yield* rows<Record<string, unknown>>(child.select, id)).map(child.item);
    return row as Rows[T];
  },

  /**
   * Inserts with `preferredId` when that id is free, else with a fresh one; natural keys were
   * checked before. (A plain insert and the last rowid: an upsert clause or `returning`
   * measurably slows the importer's hot path.)
   */
  *insert<T extends RecordType>(type: T, row: Rows[T], preferredId?: number): Work<number> {
    const statements = statementsOf[type];
    const free = preferredId !== undefined && !(yield* store.exists(type, preferredId));
    const id = yield* insertRow(statements.insert, free ? preferredId : null, ...statements.params(row));
    yield* insertChildren(type, id, row);
    return id;
  },

  *update<T extends RecordType>(type: T, id: number, row: Rows[T]): Work<void> {
    const statements = statementsOf[type];
    yield* run(statements.update, ...statements.params(row), id);
    for (const child of statements.children) yield* run(child.delete, id);
    yield* insertChildren(type, id, row);
  },

  *exists(type: RecordType, id: number): Work<boolean> {
    return (yield* get(`select 1 from ${tableName(type)} where id = ?`, id)) !== undefined;
  },

  /** Whether making `parentId` the parent of `id` would put `id` among its own ancestors. */
  *wouldCycle(type: 'actor' | 'region', id: number, parentId: number): Work<boolean> {
    const table = tableName(type);
    const found = yield* get(
      `with recursive up(id) as (
         select cast(? as integer) union select t.parent_id from ${table} t join up on t.id = up.id where t.parent_id is not null
       ) select 1 from up where id = ?`,
      parentId,
      id,
    );
    return found !== undefined;
  },

  /** The quantity at `index` (0-based, in the order given) of a claim. */
  *quantityAt(claimId: number, index: number) {
    const raw = yield* get<Record<string, unknown>>(
      'select * from quantities where claim_id = ? order by id limit 1 offset ?',
      claimId,
      index,
    );
    return raw && decodeQuantity(raw);
  },

  /** The columns of a claim that the rules of relations look at. */
  *claimHead(id: number) {
    return yield* get<{ articleId: number; claimantActorId: number | null; claimantOfficialId: number | null }>(
      'select article_id as "articleId", claimant_actor_id as "claimantActorId", claimant_official_id as "claimantOfficialId" from claims where id = ?',
      id,
    );
  },

  /** Whether following REVISES from claim `from` (it, what it revises, and so on) reaches claim `to`. */
  *revisionReaches(from: number, to: number): Work<boolean> {
    const found = yield* get(
      `with recursive back(id) as (
         select cast(? as integer) union select r.related_claim_id from claim_relations r join back on r.claim_id = back.id where r.kind = 'REVISES'
       ) select 1 from back where id = ?`,
      from,
      to,
    );
    return found !== undefined;
  },

  /** What still refers to a row that is about to be deleted (only restricting references). */
  *usages(type: 'actor' | 'official' | 'region', id: number): Work<Usage[]> {
    const usages: Usage[] = [];
    for (const { type: referrer, field, sql } of usageChecks[type]) {
      const { n } = (yield* get<{ n: number }>(sql, id))!;
      if (n > 0) usages.push({ type: referrer, field, count: n });
    }
    return usages;
  },

  /** Rows that deleting an article or claim takes with it, counted before the delete. */
  *cascadeCounts(type: 'article' | 'claim', id: number) {
    const counts =
      type === 'article'
        ? yield* get<{ claims: number; territoryChanges: number }>(
            `select (select count(*) from claims where article_id = @id) as claims,
               (select count(*) from territory_changes where article_id = @id
                  or claim_id in (select id from claims where article_id = @id)) as "territoryChanges"`,
            { id },
          )
        : yield* get<{ claims: number; territoryChanges: number }>(
            `select 1 as claims, (select count(*) from territory_changes where claim_id = ?) as "territoryChanges"`,
            id,
          );
    return counts!;
  },
};

function* insertChildren(type: RecordType, id: number, row: StoredRow): Work<void> {
  for (const child of statementsOf[type].children)
    for (const item of row[child.field] as unknown[]) yield* run(child.insert, id, ...child.params(item));
}

const decodeQuantity = rowDecoder(quantitiesTable);

const count = (table: string, where: string) => `select count(*) as n from ${table} where ${where}`;
const usageChecks = {
  actor: [
    { type: 'Actor', field: 'parent', sql: count('actors', 'parent_id = ?') },
    { type: 'Official', field: 'roles', sql: count('roles', 'actor_id = ?') },
    { type: 'Article', field: 'outlet', sql: count('articles', 'outlet_id = ?') },
    { type: 'Article', field: 'citedSources', sql: count('article_cited_sources', 'actor_id = ?') },
    { type: 'Official', field: 'body', sql: count('officials', 'body_id = ?') },
    { type: 'Claim', field: 'claimant', sql: count('claims', 'claimant_actor_id = ?') },
    { type: 'Claim', field: 'jointClaimants', sql: count('claim_joint_claimants', 'actor_id = ?') },
    { type: 'Claim', field: 'chain', sql: count('claim_hops', 'actor_id = ?') },
    { type: 'Claim', field: 'subjects', sql: count('claim_subjects', 'actor_id = ?') },
    { type: 'TerritoryChange', field: 'gainedBy', sql: count('territory_changes', 'gained_by_id = ?') },
    { type: 'TerritoryChange', field: 'lostBy', sql: count('territory_changes', 'lost_by_id = ?') },
  ],
  official: [
    { type: 'Claim', field: 'claimant', sql: count('claims', 'claimant_official_id = ?') },
    { type: 'Claim', field: 'jointClaimants', sql: count('claim_joint_claimants', 'official_id = ?') },
    { type: 'Claim', field: 'chain', sql: count('claim_hops', 'official_id = ?') },
  ],
  region: [
    { type: 'Region', field: 'parent', sql: count('regions', 'parent_id = ?') },
    { type: 'Claim', field: 'region', sql: count('claims', 'region_id = ?') },
    { type: 'Claim', field: 'otherRegions', sql: count('claim_regions', 'region_id = ?') },
    { type: 'TerritoryChange', field: 'region', sql: count('territory_changes', 'region_id = ?') },
  ],
};
