import { type SQL, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { keyed } from '../db/query-shape.ts';
import { builder, type Types } from './builder.ts';
import { quote } from './quote.ts';

type Direction = 'asc' | 'desc';

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Which way an ordering runs.',
  values: {
    ASC: { value: 'asc' as const, description: 'Smallest, earliest or first in the alphabet first.' },
    DESC: { value: 'desc' as const, description: 'Largest, latest or last in the alphabet first.' },
  },
});

/**
 * One way to order a connection: a column (or an extra, an SQL expression over the queried table
 * that never yields null, so that a cursor can page past every row). The drizzle plugin appends
 * the primary key, which keeps cursors stable among rows with equal values.
 */
export interface Ordering {
  description: string;
  column?: string;
  expression?: (table: any) => SQL;
}

/** The column every connection is ordered by unless asked otherwise: the order rows were recorded in. */
export const recorded: Ordering = { description: 'The order the items were recorded in (the default).', column: 'id' };

export interface OrderInput {
  field: string;
  direction?: Direction | null;
}

/** A relational query's `orderBy` (and `extras` for an expression) for the ordering asked for. */
export type QueryOrder = { orderBy: Record<string, Direction>; extras?: Record<string, (table: any) => SQL> };

/** The orderings of one node type: the `orderBy` argument and the query order each input stands for. */
export interface Orderings {
  args: { orderBy: PothosSchemaTypes.ArgumentRef<Types, OrderInput | null | undefined> };
  queryOrder: (input: OrderInput | null | undefined) => QueryOrder;
}

/**
 * The `orderBy` argument of every connection over `name` items, at the root and nested: an enum of
 * the orderings given (plus RECORDED), an input pairing one with a direction, and the query order
 * it stands for.
 */
export function orderingsOf(name: string, orderings: Record<string, Ordering>): Orderings {
  const all: Record<string, Ordering> = { RECORDED: recorded, ...orderings };
  const Field = builder.enumType(`${name}OrderField`, {
    description: `What a list of ${name} items can be ordered by.`,
    values: Object.fromEntries(
      Object.entries(all).map(([key, o]) => [key, { value: key, description: o.description }]),
    ),
  });
  const Input = builder.inputType(`${name}Order`, {
    description: `An ordering of ${name} items; equal values keep the order they were recorded in.`,
    fields: (t) => ({
      field: t.field({ type: Field, required: true, description: 'What to order by.' }),
      direction: t.field({
        type: OrderDirection,
        required: false,
        defaultValue: 'asc',
        description: 'Which way; ascending unless given.',
      }),
    }),
  });
  // Marked once, so that queries with the same ordering share the query cache's prepared statement.
  const expressions = Object.fromEntries(
    Object.entries(all).flatMap(([key, o]) =>
      o.expression ? [[key, keyed((table: any) => o.expression!(table), `${name}.${key}`)]] : [],
    ),
  );
  const queryOrder = (input: OrderInput | null | undefined): QueryOrder => {
    const key = input?.field ?? 'RECORDED';
    const direction = input?.direction ?? 'asc';
    const expression = expressions[key];
    if (expression) return { orderBy: { sortKey: direction }, extras: { sortKey: expression } };
    return { orderBy: { [all[key]!.column!]: direction } };
  };
  const args = builder.args((t) => ({
    orderBy: t.field({ type: Input, description: 'The order of the items; as recorded unless given.' }),
  }));
  return { args, queryOrder };
}

/**
 * Refuses an `after`/`before` cursor made under another ordering: the drizzle plugin would compare
 * it against the wrong columns and answer a wrong page or fail. Its cursors hold one value for the
 * recorded order (the id) and a tuple of two (the value, then the id) for every other.
 */
export function checkCursorsFit(args: { after?: string | null; before?: string | null }, ordering: QueryOrder) {
  const composite = !('id' in ordering.orderBy);
  for (const argument of ['after', 'before'] as const) {
    const cursor = args[argument];
    if (cursor == null) continue;
    const decoded = Buffer.from(cursor, 'base64').toString('utf8');
    if (decoded.startsWith('DC:') && decoded.startsWith('DC:T:') !== composite)
      throw new GraphQLError(
        `"${argument}" is a cursor from another ordering than "orderBy" asks for: ${quote(cursor)}`,
        {
          extensions: { code: 'BAD_USER_INPUT', argument },
        },
      );
  }
}

/** An expression's fallback for a missing text value: sorts before every present one. */
export const orEmpty = (value: SQL) => sql`coalesce(${value}, '')`;

/**
 * When a dated row happened, as a day: its period's start, else its end, else its article's
 * publication day, else '' (first in ascending order).
 */
export const periodDay = (row: { periodStart: unknown; periodEnd: unknown; articleId: unknown }) =>
  sql`coalesce(${row.periodStart}, ${row.periodEnd}, (select substr(articles.published_at, 1, 10) from articles where articles.id = ${row.articleId}), '')`;
