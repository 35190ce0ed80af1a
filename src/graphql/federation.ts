import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLUnionType,
} from 'graphql';
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

const withoutAst = <T extends object>(config: T): T => ({ ...config, astNode: undefined });

/**
 * The subgraph schema as served, without the syntax nodes Pothos' directives plugin mocks up to
 * carry `@key`, `@shareable` and `@link`. Those usages matter only in the subgraph SDL, which
 * `_service { sdl }` printed from the full schema before this; no client can see them otherwise
 * (introspection does not show applied directives), and the contract check reads them off the
 * syntax nodes, where it would count each one as a change. Types, fields and resolvers are kept.
 */
export function servedSchema(subgraph: GraphQLSchema): GraphQLSchema {
  const mapped = mapSchema(subgraph, {
    [MapperKind.OBJECT_TYPE]: (type) => new GraphQLObjectType(withoutAst(type.toConfig())),
    [MapperKind.INTERFACE_TYPE]: (type) => new GraphQLInterfaceType(withoutAst(type.toConfig())),
    [MapperKind.UNION_TYPE]: (type) => new GraphQLUnionType(withoutAst(type.toConfig())),
    [MapperKind.INPUT_OBJECT_TYPE]: (type) => new GraphQLInputObjectType(withoutAst(type.toConfig())),
    [MapperKind.ENUM_TYPE]: (type) => new GraphQLEnumType(withoutAst(type.toConfig())),
    [MapperKind.SCALAR_TYPE]: (type) => new GraphQLScalarType(withoutAst(type.toConfig())),
    [MapperKind.FIELD]: (field) => withoutAst(field),
    [MapperKind.ARGUMENT]: (arg) => withoutAst(arg),
    [MapperKind.ENUM_VALUE]: (value) => withoutAst(value),
  });
  return new GraphQLSchema({ ...mapped.toConfig(), astNode: undefined, extensionASTNodes: [] });
}
