import { brandWithType } from '@pothos/core';
import { type getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from './context.ts';

/** The query API of each node type's table. */
const tablesByType = {
  Actor: 'actors',
  Article: 'articles',
  Claim: 'claims',
  Official: 'officials',
  Region: 'regions',
  TerritoryChange: 'territoryChanges',
} as const;

type NodeType = keyof typeof tablesByType;

/** A decoded global id. */
export interface NodeId {
  typename: string;
  id: string | number;
}

/**
 * The rows the ids name, in order, each loaded with the selection made beneath `info` (or beneath
 * `path` under it, as search's `edges.node`) for its type: one query per type, and null for an id
 * that names no row (or no node type).
 *
 * This replaces the plugins' node loading, which fails a whole batch when one row is missing
 * and gathers a batch on a timer, so every `node` paid a millisecond of latency and under load
 * waited behind the whole event loop.
 */
export async function loadNodes(
  config: ReturnType<typeof getSchemaConfig>,
  ctx: Context,
  info: GraphQLResolveInfo,
  ids: readonly NodeId[],
  path?: string[],
): Promise<(object | null)[]> {
  const numbered = ids.flatMap(({ typename, id }) =>
    Number.isSafeInteger(Number(id)) ? [{ typename, id: Number(id) }] : [],
  );
  const loaded = await loadRowsByType(config, ctx, info, idsByType(numbered), path);
  return ids.map(({ typename, id }) => loaded.get(typename)?.get(Number(id)) ?? null);
}

/** The ids of each type, each once. */
export function idsByType(ids: Iterable<{ typename: string; id: number }>): Map<string, Set<number>> {
  const byType = new Map<string, Set<number>>();
  for (const { typename, id } of ids) {
    const wanted = byType.get(typename);
    if (wanted) wanted.add(id);
    else byType.set(typename, new Set([id]));
  }
  return byType;
}

/**
 * loadNodes by type: each node type's rows by id, for the ids wanted of it (other type names are
 * left out). Keyed by number, with no string made per id: an aggregate can name thousands of rows.
 */
export async function loadRowsByType(
  config: ReturnType<typeof getSchemaConfig>,
  ctx: Context,
  info: GraphQLResolveInfo,
  wantedByType: ReadonlyMap<string, ReadonlySet<number>>,
  path?: string[],
): Promise<Map<string, Map<number, object>>> {
  const loaded = new Map<string, Map<number, object>>();
  await Promise.all(
    [...wantedByType].map(async ([typename, wanted]) => {
      if (!Object.hasOwn(tablesByType, typename) || wanted.size === 0) return;
      const query = await queryFromInfo({
        config,
        context: ctx,
        info,
        typeName: typename,
        ...(path && { path }),
        awaitSelections: true,
        columns: { id: true },
        where: { id: { in: [...wanted] } },
      });
      // Six tables' query APIs have no common call signature; each takes this query.
      const table = ctx.db.query[tablesByType[typename as NodeType]] as unknown as {
        findMany(q: object): Promise<{ id: number }[]>;
      };
      const rows = new Map<number, object>();
      for (const row of await table.findMany(query)) {
        brandWithType(row, typename as never); // by name: the type refs import this module
        rows.set(row.id, row);
      }
      loaded.set(typename, rows);
    }),
  );
  return loaded;
}
