import type Database from 'better-sqlite3';

/**
 * drizzle prepares every statement anew, each time it runs; preparing took a tenth of the
 * server's time under load. The statements of the last `size` distinct SQL texts are kept and
 * handed out again, reset to plain row mode (drizzle switches some to raw arrays). A statement
 * still iterating is busy, so the caller gets a fresh one instead.
 */
export function reusePreparedStatements(sqlite: Database.Database, size = 500) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      // Most recently used last, so the first entry is the one to evict.
      cache.delete(source);
      cache.set(source, cached);
      return cached.reader ? cached.raw(false) : cached;
    }
    const statement = prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
    }
    return statement;
  }) as typeof sqlite.prepare;
}
