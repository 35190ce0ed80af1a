import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { builder, type Context } from './builder.ts';
import { loadNodes, type NodeId } from './node-loader.ts';
import { Actor } from './types/actor.ts';
import { Article } from './types/article.ts';
import { Claim } from './types/claim.ts';
import { Official } from './types/official.ts';
import { Region } from './types/region.ts';
import { TerritoryChange } from './types/territory-change.ts';

/**
 * claimgraph as an Apollo Federation v2 subgraph: every node type is an entity keyed by its
 * global id, so other subgraphs can extend it (`type Article @key(fields: "id")`) and the
 * gateway can fetch it back through `_entities`.
 */

/**
 * Loads one entity the way `Query.nodes` loads a node. The gateway sends every reference of a
 * fetch in one `_entities` call and Apollo calls this once per reference in one synchronous pass;
 * the references gathered until the next microtask load together, one SQL statement per type,
 * selecting exactly what the gateway's selection set under `... on <Type>` needs.
 */
async function resolveEntity(typename: string, globalId: string, ctx: Context, info: GraphQLResolveInfo) {
  let decoded: NodeId;
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw new GraphQLError(`"${globalId}" is not a claimgraph global id`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  if (decoded.typename !== typename || !/^\d+$/.test(String(decoded.id))) {
    throw new GraphQLError(`"${globalId}" is not the id of a ${typename}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  let batch = pendingBatches.get(ctx);
  if (!batch) {
    const ids: NodeId[] = [];
    const rows = Promise.resolve().then(() => {
      pendingBatches.delete(ctx);
      return loadNodes(ctx, info, ids);
    });
    batch = { ids, rows };
    pendingBatches.set(ctx, batch);
  }
  const index = batch.ids.push(decoded) - 1;
  return batch.rows.then((rows) => rows[index]);
}

const pendingBatches = new WeakMap<Context, { ids: NodeId[]; rows: Promise<(object | null)[]> }>();

/** Every node type is an entity keyed by its global id: the one id clients already hold. */
const key = builder.selection<{ id: string }>('id');

for (const ref of [Actor, Article, Claim, Official, Region, TerritoryChange]) {
  // One ref type stands for all six: each is a drizzle node ref, and the resolver is the same.
  builder.asEntity(ref as typeof Article, {
    key,
    resolveReference: ({ id }, ctx, info) => resolveEntity(ref.name, id, ctx, info) as never,
  });
}
