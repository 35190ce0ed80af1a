import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { builder, type Context } from './builder.ts';
import { existingNodeIds } from './node-ids.ts';
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
 * fetch in one `_entities` call and Apollo calls this once per reference in the same tick; the
 * drizzle plugin's node loader gathers those calls into one SQL statement per type, selecting
 * exactly what the gateway's selection set under `... on <Type>` needs (relations included).
 */
async function resolveEntity(typename: string, globalId: string, ctx: Context, info: GraphQLResolveInfo) {
  let decoded: DecodedId;
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw new GraphQLError(`"${globalId}" is not a claimgraph global id`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  if (decoded.typename !== typename || !/^\d+$/.test(decoded.id)) {
    throw new GraphQLError(`"${globalId}" is not the id of a ${typename}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  try {
    const [loaded] = await resolveNodes(builder, ctx, info, [decoded]);
    return await loaded;
  } catch (error) {
    // The batched load fails the references it found no row for; an id that names no row
    // (deleted, or from before a re-seed) is an entity that does not exist: null, as in `nodes`.
    // Only this failure path pays for the check.
    if (!(await rowExists(ctx, decoded))) return null;
    throw error;
  }
}

type DecodedId = { typename: string; id: string };
const pendingChecks = new WeakMap<Context, { ids: DecodedId[]; found: Promise<boolean[]> }>();

/** Whether a row exists, checked together with every other check of the same tick (one query per type). */
function rowExists(ctx: Context, id: DecodedId): Promise<boolean> {
  let batch = pendingChecks.get(ctx);
  if (!batch) {
    const ids: DecodedId[] = [];
    const found = new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
      pendingChecks.delete(ctx);
      return existingNodeIds(ctx.db, ids);
    });
    batch = { ids, found };
    pendingChecks.set(ctx, batch);
  }
  const index = batch.ids.push(id) - 1;
  return batch.found.then((found) => found[index]!);
}

/** Every node type is an entity keyed by its global id: the one id clients already hold. */
const key = builder.selection<{ id: string }>('id');

for (const ref of [Actor, Article, Claim, Official, Region, TerritoryChange]) {
  // One ref type stands for all six: each is a drizzle node ref, and the resolver is the same.
  builder.asEntity(ref as typeof Article, {
    key,
    resolveReference: ({ id }, ctx, info) => resolveEntity(ref.name, id, ctx, info) as never,
  });
}
