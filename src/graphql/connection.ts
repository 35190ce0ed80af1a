import type { ObjectRef } from '@pothos/core';
import type { SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { builder, type Context, type Types } from './builder.ts';
import { filterWhere } from './filters.ts';
import { checkCursorsFit, type OrderInput, type QueryOrder } from './ordering.ts';

type Count = number | (() => number | Promise<number>);

/**
 * One Connection and Edge type per node type, shared by every field that pages over it.
 * Shareable, so another subgraph may define the same Connection and Edge with the same fields.
 * `relatedConnection` hands `totalCount` over as a number, `drizzleConnection` as a function.
 */
export function connectionOf<Shape>(type: ObjectRef<Types, Shape>, name: string) {
  return builder.connectionObject(
    {
      type,
      name: `${name}Connection`,
      shareable: true,
      description: `A page of ${name} items.`,
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many items match, across all pages.',
          resolve: (connection) => {
            const count = (connection as { totalCount?: Count }).totalCount;
            if (count === undefined) throw new Error(`${name}Connection.totalCount was not provided`);
            return typeof count === 'function' ? count() : count;
          },
        }),
      }),
    },
    { name: `${name}Edge`, description: `One ${name} of a page, with its cursor.`, shareable: true },
  );
}

/** A related connection's options: its rows in the order they were recorded, with their total count. */
export const inRecordedOrder = (description: string) => ({
  description,
  totalCount: true as const,
  query: { orderBy: { id: 'asc' as const } },
});

interface QueryApi {
  findMany(config: object): Promise<unknown[]>;
}

const recordedOrder: QueryOrder = { orderBy: { id: 'asc' } };

/**
 * A root connection's `totalCount` and `resolve`: the rows of `table` that `filterSql` selects from
 * the `filter` argument (all of them without one), in the order the `orderBy` argument asks for
 * (through `queryOrder`), or else in the order they were recorded.
 */
export function pagesOf<Table extends SQLiteTable, Filter = never>(
  table: Table,
  queryApi: (db: Context['db']) => object,
  filterSql?: ((table: Table, filter: Filter | null | undefined) => SQL | undefined) | null,
  queryOrder?: (input: OrderInput | null | undefined) => QueryOrder,
) {
  const filterOf = (args: object) => (args as { filter?: Filter | null }).filter;
  const orderOf = (args: object) =>
    queryOrder ? queryOrder((args as { orderBy?: OrderInput | null }).orderBy) : recordedOrder;
  return {
    totalCount: (_parent: unknown, args: object, ctx: Context) =>
      ctx.db.$count(table, filterSql?.(table, filterOf(args))),
    resolve: (query: (config: object) => object, _parent: unknown, args: object, ctx: Context) => {
      const ordering = orderOf(args);
      checkCursorsFit(args, ordering);
      // The six tables' query APIs share no call signature; each takes this config and returns its rows.
      return (queryApi(ctx.db) as QueryApi).findMany(
        query({ ...(filterSql && { where: filterWhere(filterSql, filterOf(args)) }), ...ordering }),
      ) as Promise<never[]>;
    },
  };
}
