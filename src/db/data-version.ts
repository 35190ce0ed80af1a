import type { Db } from './client.ts';

/**
 * A string that changes whenever the data this connection sees may have changed: its own writes
 * (total_changes) and commits by any other connection to the file, an import or a second server
 * (data_version). Equal strings mean the data is the same; a few microseconds to read (the
 * statement comes from the connection's prepared-statement cache, src/db/prepared-statement-cache.ts).
 */
export function dataVersion(db: Db): string {
  const { own, others } = db.$client
    .prepare('select total_changes() as own, (select data_version from pragma_data_version) as others')
    .get() as { own: number; others: number };
  return `${own}.${others}`;
}
