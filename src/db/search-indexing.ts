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
 * Sets the full-text insert triggers aside for a bulk insert that appends rows; `resume()` puts
 * them back and indexes the rows with ids above those present when paused, table by table in id
 * order. (An insert that reuses a free lower id, as the importer may, would be missed.)
 *
 * The triggers key each row as id * 8 + kind, and FTS5 flushes its pending terms whenever a rowid
 * comes in lower than the last one: rows of several tables interleaved (an article, its claims,
 * the next article) forced a flush per article, and bulk inserts slowed as the index grew (a 1M
 * claim build fell to 3,000 rows/s). Indexing afterwards fires the migration's own update trigger
 * through a no-op UPDATE: its delete finds nothing, its insert adds the row. Inside a transaction
 * the triggers' removal is part of it, so a rollback restores them too.
 */
export function pauseSearchIndexing(sqlite: Database.Database) {
  const triggers = sqlite
    .prepare(
      "select name, sql from sqlite_master where type = 'trigger' and name like '%\\_search\\_insert' escape '\\'",
    )
    .all() as { name: string; sql: string }[];
  const maxIdBefore = Object.fromEntries(
    Object.keys(searchable).map((table) => [
      table,
      sqlite.prepare(`select coalesce(max(id), 0) from "${table}"`).pluck().get() as number,
    ]),
  );
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
  return {
    resume() {
      for (const { sql } of triggers) sqlite.exec(sql);
      for (const [table, column] of Object.entries(searchable))
        sqlite.prepare(`update "${table}" set "${column}" = "${column}" where id > ?`).run(maxIdBefore[table]);
    },
  };
}
