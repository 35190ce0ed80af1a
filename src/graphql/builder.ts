import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import DrizzlePlugin, { getSchemaConfig } from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin, { InputValidationError } from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { relations } from '../db/relations.ts';
import { type AnyDb } from '../db/engine.ts';
import type { Db } from '../db/client.ts';
import type { Context } from './context.ts';
import { loadNodes } from './node-loader.ts';

export type { Context };

const relationalClient = (db: AnyDb) => db as Db;

export const defaultPageSize = 20;
export const maxPageSize = 100;

export const pageSize = (arg: string) =>
  z.number().int().min(0, `"${arg}" must not be negative`).max(maxPageSize, `"${arg}" must be at most ${maxPageSize}`);

/**
 * pageSize's check inside a resolver, for a field resolved once per list item: the validation
 * plugin maps every argument through zod on each call (4 MB a request for compareClaims' 1,803
 * `pairs` at 1M claims). A bad size fails exactly as the plugin would fail it.
 */
export function checkedPageSize(arg: string, value: number): number {
  if (Number.isInteger(value) && value >= 0 && value <= maxPageSize) return value;
  const { error } = pageSize(arg).safeParse(value);
  throw new InputValidationError({ issues: error!.issues.map((issue) => ({ ...issue, path: [arg] })) });
}

/** What the paging arguments mean; every connection field has them, hand-declared ones included. */
export const pageArgDescriptions = {
  first: `How many items from the start (or after \`after\`): ${defaultPageSize} unless given, at most ${maxPageSize}.`,
  last: `How many items from the end (or before \`before\`), at most ${maxPageSize}.`,
  after: 'Start after the item with this cursor (an `endCursor` or edge `cursor`).',
  before: 'End before the item with this cursor (a `startCursor` or edge `cursor`).',
};

export const builder = new SchemaBuilder<{
  Context: Context;
  DrizzleRelations: typeof relations;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    Date: { Input: Date; Output: string };
    DateTime: { Input: Date; Output: string };
    JSON: { Input: unknown; Output: unknown };
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
  // (`columnField` in column-field.ts), not `t.exposeString`: an exposed column carries a
  // column selection, and every such field resolves through the plugin's per-row plan lookups,
  // which cost a fifth of a page's time and buy nothing when the whole row is loaded anyway.
  drizzle: {
    // Typed as SQLite's; PostgreSQL's takes the same relational queries (src/db/engine.ts).
    client: (ctx) => relationalClient(ctx.db),
    getTableConfig,
    relations,
    defaultConnectionSize: defaultPageSize,
    maxConnectionSize: maxPageSize,
  },
  relay: {
    nodeTypeOptions: { description: 'An object with a global id, which `node` and `nodes` fetch it back by.' },
    idFieldOptions: {
      description: 'The global id: opaque and stable; `node`, `nodes` and the mutations take it.',
    },
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Where this item is: pass it as `after` or `before` to page on from here.' },
    pageInfoFieldOptions: { description: 'Where this page is in the whole list, and the cursors to page on.' },
    // Every Relay subgraph defines PageInfo; federation composes it only where all copies are shareable.
    pageInfoTypeOptions: { shareable: true, description: 'Where a page is in the whole list.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items come before this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of this page; null on an empty page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of this page; null on an empty page.' },
    afterArgOptions: { description: pageArgDescriptions.after },
    beforeArgOptions: { description: pageArgDescriptions.before },
    nodeQueryOptions: {
      description: 'The object with this global id, or null when there is none.',
      args: { id: { description: 'A global id, as any `id` field answers it.' } },
      resolve: async (_root, args, ctx, info): Promise<object | null> =>
        (await loadNodes(getSchemaConfig(builder), ctx, info, [args.id]))[0] ?? null,
    },
    nodesQueryOptions: {
      description: `The objects with these global ids, in order; null for each id with no object. At most ${maxPageSize} ids.`,
      args: {
        ids: {
          description: `Global ids, at most ${maxPageSize}.`,
          validate: z.array(z.unknown()).max(maxPageSize, `"ids" must hold at most ${maxPageSize} ids`),
        },
      },
      resolve: (_root, args, ctx, info): Promise<(object | null)[]> =>
        loadNodes(getSchemaConfig(builder), ctx, info, args.ids),
    },
    // `nodes` beside `edges`, for clients that want the page's items without cursors; the drizzle
    // plugin plans its selection like `edges.node`, so it costs no extra statement.
    nodesOnConnection: { description: "The page's items, in order: `edges` without the cursors." },
    firstArgOptions: { description: pageArgDescriptions.first, validate: pageSize('first') },
    lastArgOptions: { description: pageArgDescriptions.last, validate: pageSize('last') },
  },
});

export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
