import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import type { RecordType, StoredRow } from '../model/index.ts';
import { type ChildList, columnsOf, itemColumns, layouts, type Rows } from './layout.ts';

/**
 * Single-record writes (the API's mutations) through drizzle's insert, update and delete on the
 * tables of src/db/schema.ts. Callers run them inside one transaction. This handle has no logger:
 * the statements a request's selection costs are counted on the request's own handle.
 */

const handles = new WeakMap<Database.Database, BetterSQLite3Database>();
const handleOf = (sqlite: Database.Database) => {
  let db = handles.get(sqlite);
  if (!db) handles.set(sqlite, (db = drizzle({ client: sqlite })));
  return db;
};

const columnsOnly = (type: RecordType, row: StoredRow) => {
  const { table } = layouts[type];
  return Object.fromEntries(columnsOf(table, [table.id]).map(([key]) => [key, row[key]]));
};

function childRows(child: ChildList, ownerId: number, items: unknown[]) {
  const ownerKey = columnsOf(child.table).find(([, c]) => c === child.owner)![0];
  const valueKey = child.value && columnsOf(child.table).find(([, c]) => c === child.value)![0];
  const columns = itemColumns(child);
  return items.map((item) => ({
    [ownerKey]: ownerId,
    ...(valueKey ? { [valueKey]: item } : Object.fromEntries(columns.map(([key]) => [key, (item as StoredRow)[key]]))),
  }));
}

export class RecordWrites {
  private readonly db: BetterSQLite3Database;

  constructor(sqlite: Database.Database) {
    this.db = handleOf(sqlite);
  }

  insert<T extends RecordType>(type: T, row: Rows[T]): number {
    const { table } = layouts[type];
    const { id } = this.db
      .insert(table)
      .values(columnsOnly(type, row) as never)
      .returning({ id: table.id })
      .get() as { id: number };
    this.insertChildren(type, id, row);
    return id;
  }

  update<T extends RecordType>(type: T, id: number, row: Rows[T]) {
    const { table, children } = layouts[type];
    this.db
      .update(table)
      .set(columnsOnly(type, row) as never)
      .where(eq(table.id, id))
      .run();
    for (const child of children) this.db.delete(child.table).where(eq(child.owner, id)).run();
    this.insertChildren(type, id, row);
  }

  delete(type: RecordType, id: number): boolean {
    const { table } = layouts[type];
    return this.db.delete(table).where(eq(table.id, id)).run().changes > 0;
  }

  private insertChildren(type: RecordType, id: number, row: StoredRow) {
    for (const child of layouts[type].children) {
      const rows = childRows(child, id, row[child.field] as unknown[]);
      if (rows.length > 0)
        this.db
          .insert(child.table)
          .values(rows as never)
          .run();
    }
  }
}
