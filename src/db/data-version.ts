import type { Statement } from 'better-sqlite3';
import type { Db } from './client.ts';

const statements = new WeakMap<Db, Statement>();

/**
 * A string that changes whenever the data this connection sees may have changed: its own writes
 * (total_changes) and commits by any other connection to the file, an import or a second server
 * (data_version). Equal strings mean the data is the same; a few microseconds to read.
 */
export function dataVersion(db: Db): string {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.$client
      .prepare('select total_changes() as own, (select data_version from pragma_data_version) as others')
      .raw();
    statements.set(db, statement);
  }
  const [own, others] = statement.get() as [number, number];
  return `${own}.${others}`;
}
