import { GraphQLError } from 'graphql';
import type { Db } from '../db/client.ts';
import { isPostgres } from '../db/engine.ts';
import type { Context } from './context.ts';

/**
 * The request's SQLite database, for the fields whose SQL is still SQLite's own (the analysis
 * aggregates, mutations, subscriptions); on PostgreSQL they answer NOT_ON_POSTGRESQL, naming the field.
 */
export function sqliteOf(ctx: Context, field: string): Db {
  if (isPostgres(ctx.db))
    throw new GraphQLError(`"${field}" does not run on PostgreSQL yet; it runs on SQLite`, {
      extensions: { code: 'NOT_ON_POSTGRESQL', field },
    });
  return ctx.db;
}
