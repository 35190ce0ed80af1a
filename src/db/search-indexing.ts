import type Database from 'better-sqlite3';

/** The searchable tables, each with a column a no-op UPDATE can set to fire its search trigger. */
const searchable = {
  articles: 'title',
  claims: 'statement',
  officials: 'description',
  actors: 'name',
  regions: 'name',
};

/**
 * Sets the full-text insert triggers aside for a bulk insert; `resume()` puts them back and indexes
 * the rows inserted meanwhile, table by table in id order: those with ids above the largest when
 * paused, and those the caller told of with `inserted` (the importer may reuse a free lower id).
 *
 * The triggers key each row as id * 8 + kind, and FTS5 flushes its pending terms whenever a rowid
 * comes in lower than the last one: rows of several tables interleaved (an article, its claims,
 * the next article) forced a flush per article, and bulk inserts slowed as the index grew (a 1M
 * claim build fell to 3,000 rows/s). Indexing afterwards fires the migration's own update trigger
 * through a no-op UPDATE: its delete finds nothing, its insert adds the row. Updates and deletes
 * meanwhile keep their triggers. Inside a transaction all of this is part of it, so a rollback
 * restores the triggers too.
 */
export function pauseSearchIndexing(sqlite: Database.Database) {
  const triggers = sqlite
    .prepare(
      "select name, sql from sqlite_master where type = 'trigger' and name like '%\\_search\\_insert' escape '\\'",
    )
    .all() as { name: string; sql: string }[];
  const maxIdBefore = new Map(
    Object.keys(searchable).map((table) => [
      table,
      sqlite.prepare(`select coalesce(max(id), 0) from "${table}"`).pluck().get() as number,
    ]),
  );
  const reusedIds = new Map<string, number[]>();
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
  return {
    /** Tells of a row inserted meanwhile with a free id at or below the largest when paused. Others may be told too. */
    inserted(table: string, id: number) {
      const max = maxIdBefore.get(table);
      if (max === undefined || id > max) return;
      const ids = reusedIds.get(table) ?? reusedIds.set(table, []).get(table)!;
      ids.push(id);
    },
    resume() {
      for (const { sql } of triggers) sqlite.exec(sql);
      for (const [table, column] of Object.entries(searchable)) {
        const reindex = sqlite.prepare(`update "${table}" set "${column}" = "${column}" where id = ?`);
        for (const id of (reusedIds.get(table) ?? []).sort((a, b) => a - b)) reindex.run(id);
        sqlite.prepare(`update "${table}" set "${column}" = "${column}" where id > ?`).run(maxIdBefore.get(table));
      }
    },
  };
}
