import type { InputRef, ObjectRef } from '@pothos/core';
import { countRows } from '../db/engine.ts';
import type { SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { builder, type Context, type Types } from './builder.ts';
import { filterWhere } from './filters.ts';
import { checkCursorsFit, type OrderInput, type Orderings } from './ordering.ts';

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

/** A filter of one node type: the `filter` argument and its condition on the type's table. */
export interface Filtering<Table, Filter> {
  args: { filter: PothosSchemaTypes.ArgumentRef<Types, Filter | null | undefined> };
  sql: (table: Table, filter: Filter | null | undefined) => SQL | undefined;
}

/**
 * The `filter` argument of the input type given, with the SQL condition it stands for: `conditions`
 * of the filter given (`and(...)` of one condition per field set), none without a filter.
 */
export function filterOf<Table, Filter>(
  type: InputRef<Filter>,
  description: string,
  conditions: (table: Table, filter: Filter) => SQL | undefined,
): Filtering<Table, Filter> {
  return {
    args: builder.args((t) => ({ filter: t.field({ type, description }) })),
    sql: (table, filter) => (filter ? conditions(table, filter) : undefined),
  };
}

interface Paging<Table, Filter> {
  order: Orderings;
  filter?: Filtering<Table, Filter>;
}

type PagingArgs<Filter> = {
  filter?: Filter | null;
  orderBy?: OrderInput | null;
  after?: string | null;
  before?: string | null;
};

/** `filter` (when the paging has a filtering) and `orderBy`. */
function argsOf<Table, Filter>({ order, filter }: Paging<Table, Filter>) {
  return { ...filter?.args, ...order.args } as Orderings['args'] &
    ([Filter] extends [never] ? unknown : Filtering<Table, Filter>['args']);
}

/** The relational query's `where` and order for a page under these arguments, its cursors checked against the order. */
function pageQuery<Table, Filter>({ order, filter }: Paging<Table, Filter>, args: PagingArgs<Filter>) {
  const ordering = order.queryOrder(args.orderBy);
  checkCursorsFit(args, ordering);
  return { ...(filter && { where: filterWhere(filter.sql, args.filter) }), ...ordering };
}

/**
 * A nested connection's options (for `t.relatedConnection`): the `orderBy` argument, and `filter`
 * when a filtering is given, applied to the page and its `totalCount` alike.
 */
export function relatedPagesOf<Table, Filter = never>(description: string, paging: Paging<Table, Filter>) {
  return {
    description,
    totalCount: true as const,
    args: argsOf(paging),
    query: (args: PagingArgs<Filter>) => pageQuery(paging, args),
  };
}

interface QueryApi {
  findMany(config: object): Promise<unknown[]>;
}

/**
 * A root connection's arguments, `totalCount` and `resolve`: the rows of `table` that the `filter`
 * argument selects (all of them without one), in the order the `orderBy` argument asks for, or
 * else in the order they were recorded.
 */
export function pagesOf<Table extends SQLiteTable, Filter = never>(
  table: Table,
  queryApi: (db: Context['db']) => object,
  paging: Paging<Table, Filter>,
) {
  return {
    args: argsOf(paging),
    totalCount: (_parent: unknown, args: PagingArgs<Filter>, ctx: Context) =>
      countRows(ctx.db, table, paging.filter?.sql(table, args.filter)),
    resolve: (query: (config: object) => object, _parent: unknown, args: PagingArgs<Filter>, ctx: Context) =>
      // The six tables' query APIs share no call signature; each takes this config and returns its rows.
      (queryApi(ctx.db) as QueryApi).findMany(query(pageQuery(paging, args))) as Promise<never[]>,
  };
}
