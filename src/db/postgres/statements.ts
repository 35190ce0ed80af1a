import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Answer, Statement, Work } from '../statements.ts';
import type { PostgresDb } from './client.ts';
import { inTransaction } from './transfer.ts';

/**
 * Runs the write path's statements (SQLite's text, src/db/statements.ts) on PostgreSQL: the
 * parameters are numbered, SQLite's few own forms are spelled PostgreSQL's way, and json columns
 * come back as text, as SQLite gives them, for the tables' decoders.
 */

/**
 * Taken by every write transaction (a mutation, an import) for its length: writes from any number
 * of servers go one at a time, as on SQLite, so a natural key checked before an insert is still
 * free at the insert and a long import never interleaves with a mutation.
 */
export const writeLock = 0x636c6932; // "cli2"

const dialect = new PgDialect();
const translations = new Map<string, { text: string; names: string[] | undefined }>();

/** `?` and `@name` parameters become `$1`...; json_each and `is ?` become PostgreSQL's. */
function translate(sql: string) {
  let translation = translations.get(sql);
  if (translation) return translation;
  const spelled = sql
    .replace(/json_each\(([^)]*)\)/g, 'json_array_elements_text(cast($1 as json))')
    .replace(/\bis (\?|@\w+)/g, 'is not distinct from $1');
  const names: string[] = [];
  let count = 0;
  const text = spelled.replace(/\?|@(\w+)/g, (_, name: string | undefined) => {
    if (name === undefined) return `$${++count}`;
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  translations.set(sql, (translation = { text, names: names.length > 0 ? names : undefined }));
  return translation;
}

const textJson = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.JSON ? (value: string) => value : pg.types.getTypeParser(oid, format)) as never,
};

function query(statement: Statement) {
  if ('query' in statement) {
    const { sql, params } = dialect.sqlToQuery(statement.query);
    return { text: sql, values: params };
  }
  const { text, names } = translate(statement.sql);
  const named = statement.params[0] as Record<string, unknown>;
  const values = names ? names.map((name) => named[name]) : statement.params;
  return { text: statement.answer === 'insertedId' ? `${text} returning id` : text, values };
}

function answerOf(rows: Record<string, unknown>[], answer: Answer): unknown {
  switch (answer) {
    case 'row':
      return rows[0];
    case 'rows':
      return rows;
    case 'insertedId':
      return rows[0]!.id;
    case 'none':
      return undefined;
  }
}

/** Runs `work` on one connection, awaiting each statement; the caller owns the transaction. */
export async function runOnPostgres<T>(client: pg.ClientBase, work: Work<T>): Promise<T> {
  let step = work.next();
  while (!step.done) {
    const { text, values } = query(step.value);
    let rows: Record<string, unknown>[];
    try {
      ({ rows } = await client.query({ text, values: values as unknown[], types: textJson }));
    } catch (error) {
      // As on SQLite (src/db/statements.ts): the work sees the refusal where it yielded the statement.
      step = work.throw(error);
      continue;
    }
    step = work.next(answerOf(rows, step.value.answer));
  }
  return step.value;
}

/** Runs `work` in a transaction of its own that holds the write lock; rolled back if it throws. */
export function writeOnPostgres<T>(postgres: PostgresDb, work: Work<T>): Promise<T> {
  return inTransaction(postgres, 'begin', async ({ client }) => {
    await client.query('select pg_advisory_xact_lock($1)', [writeLock]);
    return runOnPostgres(client, work);
  });
}
