import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { relations } from '../db/relations.ts';

export interface Context {
  /** The database this request reads; tests hand in their own. */
  db: Db;
}

export const defaultPageSize = 20;
export const maxPageSize = 100;

const pageSize = (arg: string) =>
  z.number().int().min(0, `"${arg}" must not be negative`).max(maxPageSize, `"${arg}" must be at most ${maxPageSize}`);

export const builder = new SchemaBuilder<{
  Context: Context;
  DrizzleRelations: typeof relations;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    Date: { Input: Date; Output: string };
    DateTime: { Input: Date; Output: string };
  };
}>({
  plugins: [ValidationPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: defaultPageSize,
    maxConnectionSize: maxPageSize,
  },
  relay: {
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    firstArgOptions: { validate: pageSize('first') },
    lastArgOptions: { validate: pageSize('last') },
  },
});

export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.addScalarType('Date', DateResolver);
builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({});
