import { eq, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { RecordType, StoredRow } from '../model/index.ts';
import { type Answer, runQuery, type Work } from '../db/statements.ts';
import { refillClaimFigures } from './claim-figures.ts';
import { type ChildList, columnsOf, itemColumns, layouts, type Rows } from './layout.ts';

/**
 * Single-record writes (the API's mutations) through drizzle's insert, update and delete on the
 * tables of src/db/schema.ts, as statements either engine runs (src/db/statements.ts). Callers run
 * them inside one transaction. On SQLite, triggers keep claim_figures in step; PostgreSQL has none,
 * so there the writes refill the figures of the claims they touch themselves.
 */

// Builds statements only; each engine's runner executes them.
const builder = drizzle.mock();

function* built<T>(query: { toSQL(): { sql: string; params: unknown[] } }, answer: Answer): Work<T> {
  const { sql, params } = query.toSQL();
  return (yield { sql, params, answer }) as T;
}

/**
 * An insert of `rows` (typed as the table types them). drizzle's own insert
 * writes `null` for the id it leaves to the database, which PostgreSQL refuses for an identity
 * column: this one names only the columns given, on either engine.
 */
function insertInto(table: SQLiteTable, rows: StoredRow[]): SQL {
  const columns = columnsOf(table).filter(([key]) => key in rows[0]!);
  const names = sql.join(
    columns.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  const values = rows.map(
    (row) =>
      sql`(${sql.join(
        columns.map(([key, c]) => sql.param(row[key] ?? null, c)),
        sql`, `,
      )})`,
  );
  return sql`insert into ${table} (${names}) values ${sql.join(values, sql`, `)}`;
}

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

const claimsOfArticle = (id: number) => sql`(select id from claims where article_id = ${id})`;

export class RecordWrites {
  /** `figuresByHand`: the database has no triggers keeping claim_figures (PostgreSQL). */
  constructor(private readonly figuresByHand: boolean) {}

  *insert<T extends RecordType>(type: T, row: Rows[T]): Work<number> {
    const { table } = layouts[type];
    const { id } = (yield* runQuery(
      sql`${insertInto(table, [columnsOnly(type, row)])} returning ${table.id}`,
      'row',
    )) as { id: number };
    yield* this.insertChildren(type, id, row);
    if (type === 'claim') yield* this.refillFigures(sql`(${id})`);
    return id;
  }

  *update<T extends RecordType>(type: T, id: number, row: Rows[T]): Work<void> {
    const { table, children } = layouts[type];
    yield* built(
      builder
        .update(table)
        .set(columnsOnly(type, row) as never)
        .where(eq(table.id, id)),
      'none',
    );
    for (const child of children) yield* built(builder.delete(child.table).where(eq(child.owner, id)), 'none');
    yield* this.insertChildren(type, id, row);
    if (type === 'claim') yield* this.refillFigures(sql`(${id})`);
    if (type === 'article') yield* this.refillFigures(claimsOfArticle(id));
  }

  *delete(type: RecordType, id: number): Work<void> {
    const { table } = layouts[type];
    if (this.figuresByHand && (type === 'claim' || type === 'article'))
      yield* runQuery(
        sql`delete from claim_figures where claim_id in ${type === 'claim' ? sql`(${id})` : claimsOfArticle(id)}`,
      );
    yield* built(builder.delete(table).where(eq(table.id, id)), 'none');
  }

  private *insertChildren(type: RecordType, id: number, row: StoredRow): Work<void> {
    for (const child of layouts[type].children) {
      const rows = childRows(child, id, row[child.field] as unknown[]);
      if (rows.length > 0) yield* runQuery(insertInto(child.table, rows), 'none');
    }
  }

  private *refillFigures(claimIds: SQL): Work<void> {
    if (this.figuresByHand) for (const statement of refillClaimFigures(claimIds, true)) yield* runQuery(statement);
  }
}
