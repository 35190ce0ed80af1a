import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';
import { getTableName } from 'drizzle-orm';
import { models, type RecordType, recordTypes, type StoredRow } from '../model/index.ts';
import { columnsOf, layouts, rowDecoder, tableName } from '../store/layout.ts';
import { type DatasetRecordInput, formatName, formatVersion } from './format.ts';
import type { DatasetFormat } from './read.ts';

/**
 * Writes the whole database in the dataset format, streaming: rows are read a page at a time
 * and written as they come, so memory does not grow with the database. Records come type by type
 * (every reference points back), in id order (actors and regions: parents before children), each
 * with its row id, so importing the export into an empty database gives back the same rows with
 * the same global ids. Keys are the type and the id (`claim-17`); values the record leaves out
 * (null, empty lists, `approximate: false`) are left out.
 */

const pageSize = 1000;

export const exportKey = (type: RecordType, id: number) =>
  `${type === 'territoryChange' ? 'territory-change' : type}-${id}`;

type Row = StoredRow & { id: number };

/** Drops nulls, empty lists and false flags, at every level, as a hand-written record would. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = compact(v);
  }
  return out;
}

/** Rows of a table a page at a time, by id, decoded to the table's typed rows. */
function* pages(sqlite: Database.Database, type: RecordType): Generator<Row[]> {
  const statement = sqlite.prepare(`select * from ${tableName(type)} where id > ? order by id limit ?`);
  const decode = rowDecoder(layouts[type].table);
  for (let after = 0; ;) {
    const rows = (statement.all(after, pageSize) as Record<string, unknown>[]).map(decode) as Row[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** Fills in each row's child lists (subjects, quantities, roles, aliases, cited sources) for a page of rows. */
function withChildren(sqlite: Database.Database, type: RecordType, rows: Row[]) {
  for (const child of layouts[type].children) {
    const owner = child.owner.name;
    const order = child.value ? child.value.name : 'id';
    const raw = sqlite
      .prepare(
        `select * from ${getTableName(child.table)} where ${owner} in (select value from json_each(?)) order by ${owner}, ${order}`,
      )
      .all(JSON.stringify(rows.map((row) => row.id))) as Record<string, unknown>[];
    const decode = rowDecoder(child.table);
    const valueKey = child.value && columnsOf(child.table).find(([, c]) => c === child.value)![0];
    const byOwner = new Map<number, unknown[]>();
    for (const item of raw) {
      let list = byOwner.get(item[owner] as number);
      if (!list) byOwner.set(item[owner] as number, (list = []));
      const decoded = decode(item);
      list.push(valueKey ? decoded[valueKey] : decoded);
    }
    for (const row of rows) row[child.field] = byOwner.get(row.id) ?? [];
  }
  return rows;
}

/** Rows of a self-referencing table, parents first, otherwise in id order. */
function treeOrder(sqlite: Database.Database, type: 'actor' | 'region') {
  const table = tableName(type);
  const decode = rowDecoder(layouts[type].table);
  // A row's place is the largest id on its way up to the root: a row after its parent stays in id order.
  const rows = sqlite
    .prepare(
      `with recursive chain(id, place, depth) as (
         select id, id, 0 from ${table} where parent_id is null
         union all
         select t.id, max(t.id, chain.place), chain.depth + 1 from ${table} t join chain on t.parent_id = chain.id
       )
       select t.* from chain join ${table} t using (id) order by chain.place, chain.depth, t.id`,
    )
    .iterate() as IterableIterator<Record<string, unknown>>;
  return (function* () {
    for (const raw of rows) yield decode(raw) as Row;
  })();
}

function* inPages(rows: Iterable<Row>): Generator<Row[]> {
  let page: Row[] = [];
  for (const row of rows) {
    page.push(row);
    if (page.length === pageSize) yield page.splice(0);
  }
  if (page.length > 0) yield page;
}

const asRecord = (type: RecordType, row: Row) =>
  compact({
    type,
    key: exportKey(type, row.id),
    id: row.id,
    ...models[type].toRecord(row, exportKey),
  }) as DatasetRecordInput;

export function* exportRecords(sqlite: Database.Database): Generator<DatasetRecordInput> {
  for (const type of recordTypes) {
    if (type === 'actor' || type === 'region') {
      for (const page of inPages(treeOrder(sqlite, type)))
        for (const row of withChildren(sqlite, type, page)) yield asRecord(type, row);
      continue;
    }
    for (const page of pages(sqlite, type))
      for (const row of withChildren(sqlite, type, page)) yield asRecord(type, row);
  }
}

export interface ExportOptions {
  format?: DatasetFormat;
  /** Called after every record written. */
  onRecord?: (written: number) => void;
}

/**
 * Writes every record to `out` in one read transaction (a consistent snapshot, even while a
 * server writes). Uses the connection alone while it runs: give it its own.
 */
export async function exportDataset(db: Db | Database.Database, out: Writable, options: ExportOptions = {}) {
  const sqlite = '$client' in db ? db.$client : db;
  const format = options.format ?? 'ndjson';
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const header = JSON.stringify({ format: formatName, version: formatVersion });
  let written = 0;
  sqlite.exec('begin');
  try {
    const counts = sqlite
      .prepare(`select (select count(*) from actors) as actors, (select count(*) from regions) as regions`)
      .get() as { actors: number; regions: number };
    const treeRows = { actor: 0, region: 0 };
    await write(format === 'json' ? `${header.slice(0, -1)},"records":[` : `${header}\n`);
    for (const record of exportRecords(sqlite)) {
      if (record.type === 'actor' || record.type === 'region') treeRows[record.type]++;
      const line = JSON.stringify(record);
      await write(format === 'json' ? `${written === 0 ? '\n' : ',\n'}${line}` : `${line}\n`);
      written++;
      options.onRecord?.(written);
    }
    await write(format === 'json' ? '\n]}\n' : '');
    // A parent cycle (which the API refuses to make) would hide rows from the tree walk: never drop them silently.
    if (treeRows.actor !== counts.actors || treeRows.region !== counts.regions)
      throw new Error('some actors or regions are their own ancestors; the export would be incomplete');
  } finally {
    sqlite.exec('commit');
  }
  return written;
}
