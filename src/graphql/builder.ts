import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import DrizzlePlugin, { getSchemaConfig } from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { relations } from '../db/relations.ts';
import type { Context } from './context.ts';
import { loadNodes } from './node-loader.ts';

export type { Context };

export const defaultPageSize = 20;
export const maxPageSize = 100;

export const pageSize = (arg: string) =>
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
  // Errors first (before the ORM plugin), so mutations' typed errors catch what the others throw;
  // Directives carries the federation directives (@key, @shareable) into the subgraph SDL.
  plugins: [ErrorsPlugin, DirectivePlugin, ValidationPlugin, RelayPlugin, DrizzlePlugin, FederationPlugin],
  defaultFieldNullability: false,
  // Mutations answer invalid input with a typed ValidationError. This runs before resolvers, but
  // writes are authorized earlier still, per operation (src/server/write-auth.ts).
  errors: { unsafelyHandleInputErrors: true },
  // Every drizzle type loads all its columns, so column fields are plain fields with a resolve
  // (`t.string({ resolve: (row) => row.name })`), not `t.exposeString`: an exposed column carries a
  // column selection, and every such field resolves through the plugin's per-row plan lookups,
  // which cost a fifth of a page's time and buy nothing when the whole row is loaded anyway.
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
    // Every Relay subgraph defines PageInfo; federation composes it only where all copies are shareable.
    pageInfoTypeOptions: { shareable: true },
    nodeQueryOptions: {
      description: 'The object with this global id, or null when there is none.',
      resolve: async (_root, args, ctx, info): Promise<object | null> =>
        (await loadNodes(getSchemaConfig(builder), ctx, info, [args.id]))[0] ?? null,
    },
    nodesQueryOptions: {
      description: `The objects with these global ids, in order; null for each id with no object. At most ${maxPageSize} ids.`,
      args: { ids: { validate: z.array(z.unknown()).max(maxPageSize, `"ids" must hold at most ${maxPageSize} ids`) } },
      resolve: (_root, args, ctx, info): Promise<(object | null)[]> =>
        loadNodes(getSchemaConfig(builder), ctx, info, args.ids),
    },
    // `nodes` beside `edges`, for clients that want the page's items without cursors; the drizzle
    // plugin plans its selection like `edges.node`, so it costs no extra statement.
    nodesOnConnection: { description: "The page's items, in order: `edges` without the cursors." },
    firstArgOptions: { validate: pageSize('first') },
    lastArgOptions: { validate: pageSize('last') },
  },
});

export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
