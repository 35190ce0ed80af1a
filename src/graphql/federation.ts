import { getSchemaConfig } from '@pothos/plugin-drizzle';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { builder, type Context } from './builder.ts';
import { loadNodes, type NodeId } from './node-loader.ts';
import { quote, withArticle } from './quote.ts';
import { Actor, Article, Claim, Official, Region, TerritoryChange } from './types/nodes.ts';

/**
 * claimgraph as an Apollo Federation v2 subgraph: every node type is an entity keyed by its
 * global id, so other subgraphs can extend it (`type Article @key(fields: "id")`) and the
 * gateway can fetch it back through `_entities`.
 */

const entities = [Actor, Article, Claim, Official, Region, TerritoryChange];
const entityNames = new Set(entities.map((ref) => ref.name));

/** Why a representation cannot name a claimgraph entity, or null when it can. */
function representationProblem(representation: unknown): string | null {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation))
    return 'a representation must be an object with "__typename" and "id"';
  const { __typename: typename, id } = representation as Record<string, unknown>;
  if (typeof typename !== 'string') return 'a representation must have a "__typename"';
  if (typename !== 'Node' && !entityNames.has(typename))
    return `${quote(typename)} is not a claimgraph entity (${[...entityNames].join(', ')} or Node)`;
  if (typeof id !== 'string') return `${withArticle(typename)} representation must have a string "id"`;
  let decoded: NodeId;
  try {
    decoded = decodeGlobalID(id);
  } catch {
    return `${quote(id)} is not a claimgraph global id`;
  }
  const wrongType = typename === 'Node' ? !entityNames.has(decoded.typename) : decoded.typename !== typename;
  if (wrongType || !/^\d+$/.test(String(decoded.id))) return `${quote(id)} is not the id of ${withArticle(typename)}`;
  return null;
}

/**
 * Apollo's `_entities` resolver maps the representations one by one and throws on an unknown
 * `__typename` midway, leaving the promises it already started for earlier references unobserved;
 * a rejected one then ended the process. Every representation is checked before any is resolved:
 * a bad one becomes a user error at its own index, and only the good ones reach Apollo.
 */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return schema;
  field.resolve = (source, args: { representations: unknown[] }, ctx, info) => {
    const problems = args.representations.map(representationProblem);
    if (problems.every((problem) => problem === null)) return resolve(source, args, ctx, info);
    const valid = args.representations.filter((_, index) => problems[index] === null);
    const resolved = valid.length ? (resolve(source, { representations: valid }, ctx, info) as unknown[]) : [];
    let next = 0;
    // graphql-js reports an Error in a list as that item's error, with its index in the path.
    return problems.map((problem) =>
      problem === null ? resolved[next++] : new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT' } }),
    );
  };
  return schema;
}

/**
 * Loads one entity the way `Query.nodes` loads a node. The gateway sends every reference of a
 * fetch in one `_entities` call and Apollo calls this once per reference in one synchronous pass;
 * the references gathered until the next microtask load together, one SQL statement per type,
 * selecting exactly what the gateway's selection set under `... on <Type>` needs. The reference
 * was checked by `guardEntities` before this runs.
 */
function resolveEntity(globalId: string, ctx: Context, info: GraphQLResolveInfo) {
  let batch = pendingBatches.get(ctx);
  if (!batch) {
    const ids: NodeId[] = [];
    const rows = Promise.resolve().then(() => {
      pendingBatches.delete(ctx);
      return loadNodes(getSchemaConfig(builder), ctx, info, ids);
    });
    batch = { ids, rows };
    pendingBatches.set(ctx, batch);
  }
  const index = batch.ids.push(decodeGlobalID(globalId)) - 1;
  return batch.rows.then((rows) => rows[index]);
}

const pendingBatches = new WeakMap<Context, { ids: NodeId[]; rows: Promise<(object | null)[]> }>();

/** Every node type is an entity keyed by its global id: the one id clients already hold. */
const key = builder.selection<{ id: string }>('id');

/**
 * `Node` is an entity interface (Federation 2.3): another subgraph may declare
 * `type Node @key(fields: "id") @interfaceObject` to add fields to every claimgraph node, and the
 * gateway then asks `_entities` for `{ __typename: "Node", id }`; the global id names the type.
 */
builder.asEntity(
  builder.nodeInterfaceRef() as never,
  {
    key,
    resolveReference: ({ id }: { id: string }, ctx: Context, info: GraphQLResolveInfo) => resolveEntity(id, ctx, info),
  } as never,
);

for (const ref of entities) {
  // One ref type stands for all six: each is a drizzle node ref, and the resolver is the same.
  builder.asEntity(ref as typeof Article, {
    key,
    resolveReference: ({ id }, ctx, info) => resolveEntity(id, ctx, info) as never,
  });
}
