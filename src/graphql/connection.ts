import type { ObjectRef } from '@pothos/core';
import type { SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { builder, type Context, type Types } from './builder.ts';
import { filterWhere } from './filters.ts';

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
    { name: `${name}Edge`, description: `One ${name} of a page, with its cursor.` },
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

/**
 * A root connection's `totalCount` and `resolve`: the rows of `table` that `filterSql` selects from
 * the `filter` argument (all of them without one), in the order they were recorded.
 */
export function pagesOf<Table extends SQLiteTable, Filter = never>(
  table: Table,
  queryApi: (db: Context['db']) => object,
  filterSql?: (table: Table, filter: Filter | null | undefined) => SQL | undefined,
) {
  const filterOf = (args: object) => (args as { filter?: Filter | null }).filter;
  return {
    totalCount: (_parent: unknown, args: object, ctx: Context) =>
      ctx.db.$count(table, filterSql?.(table, filterOf(args))),
    resolve: (query: (config: object) => object, _parent: unknown, args: object, ctx: Context) =>
      // The six tables' query APIs share no call signature; each takes this config and returns its rows.
      (queryApi(ctx.db) as QueryApi).findMany(
        query({ ...(filterSql && { where: filterWhere(filterSql, filterOf(args)) }), orderBy: { id: 'asc' } }),
      ) as Promise<never[]>,
  };
}
