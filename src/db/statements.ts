import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';

/**
 * Database work written once for both engines: a generator that yields the statements it needs
 * and gets back their answers. SQLite runs it synchronously inside its write transaction (no other
 * request's statement can slip in between); PostgreSQL runs it on one connection of a transaction,
 * awaiting each answer (src/db/postgres/statements.ts). The statements are SQLite's text, with `?`
 * or `@name` parameters; a drizzle `SQL` is rendered by each engine's own dialect.
 */
export type Statement = { sql: string; params: unknown[]; answer: Answer } | { query: SQL; answer: Answer };

/** What a statement answers: its first row, all its rows, nothing, or the id of the row it inserted. */
export type Answer = 'row' | 'rows' | 'none' | 'insertedId';

export type Work<T> = Generator<Statement, T, unknown>;

/** The first row of a statement, if any. */
export function* row<T>(sql: string, ...params: unknown[]): Work<T | undefined> {
  return (yield { sql, params, answer: 'row' }) as T | undefined;
}

export function* rows<T>(sql: string, ...params: unknown[]): Work<T[]> {
  return (yield { sql, params, answer: 'rows' }) as T[];
}

/** Runs an insert, answering the new row's id. */
export function* insertRow(sql: string, ...params: unknown[]): Work<number> {
  return (yield { sql, params, answer: 'insertedId' }) as number;
}

export function* run(sql: string, ...params: unknown[]): Work<void> {
  yield { sql, params, answer: 'none' };
}

/** A drizzle query: its table and column names render for either engine. */
export function* runQuery(query: SQL, answer: Answer = 'none'): Work<unknown> {
  return yield { query, answer };
}

/**
 * Each connection's statements, prepared once. The connection's own cache (prepared-statement-cache.ts)
 * would hand them out too, but its bookkeeping on every call cost the importer's hot path 7% (20,000
 * synthetic claims: 6,100 against 6,600 claims/s).
 */
const statementCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const dialect = new SQLiteSyncDialect();

/** Runs `work` on SQLite, synchronously; the caller owns the transaction. */
export function runOnSqlite<T>(sqlite: Database.Database, work: Work<T>): T {
  let cache = statementCaches.get(sqlite);
  if (!cache) statementCaches.set(sqlite, (cache = new Map()));
  let step = work.next();
  while (!step.done) {
    const statement = step.value;
    const { sql, params } = 'query' in statement ? dialect.sqlToQuery(statement.query) : statement;
    let prepared = cache.get(sql);
    if (!prepared) cache.set(sql, (prepared = sqlite.prepare(sql)));
    let answer: unknown;
    try {
      answer = answerOnSqlite(prepared, params, statement.answer);
    } catch (error) {
      // The work sees a refused statement where it yielded it (the importer rejects that record and goes on).
      step = work.throw(error);
      continue;
    }
    step = work.next(answer);
  }
  return step.value;
}

function answerOnSqlite(prepared: Database.Statement, params: unknown[], answer: Answer): unknown {
  switch (answer) {
    case 'row':
      return prepared.get(...params);
    case 'rows':
      return prepared.all(...params);
    case 'insertedId':
      return Number(prepared.run(...params).lastInsertRowid);
    case 'none':
      prepared.run(...params);
      return undefined;
  }
}
