import { getSchemaConfig } from '@pothos/plugin-drizzle';
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { idsByType, loadRowsByType } from '../node-loader.ts';

/** Whether the request selects `path` (field names, through lists and fragments) beneath the field resolving. */
export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  const fieldsIn = (set: SelectionSetNode | undefined, name: string): FieldNode[] =>
    (set?.selections ?? []).flatMap((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === name ? [s] : [];
      if (s.kind === Kind.INLINE_FRAGMENT) return fieldsIn(s.selectionSet, name);
      return fieldsIn(info.fragments[s.name.value]?.selectionSet, name);
    });
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) level = level.flatMap((f) => fieldsIn(f.selectionSet, name));
  return level.length > 0;
}

export type ClaimantKey = { actorId: number | null; officialId: number | null };

type NodeKey = { typename: 'Claim' | 'Actor' | 'Official' | 'Region' | 'Article' | 'TerritoryChange'; id: number };

/** The rows behind an aggregate, by type and id. */
export class RowsBehind {
  constructor(private readonly byType: ReadonlyMap<string, ReadonlyMap<number, object>>) {}

  /** The row of type `typename` and id `id`; null when not loaded (or `id` is null). */
  get(typename: NodeKey['typename'], id: number | null): object | null {
    return id === null ? null : (this.byType.get(typename)?.get(id) ?? null);
  }

  /** The row a key names (as claimantKey gives), or null. */
  of(key: NodeKey | null): object | null {
    return key ? this.get(key.typename, key.id) : null;
  }
}

/**
 * The rows behind an aggregate (claims, claimants), each loaded with the selection made under
 * `path`: one query per type however many groups or points there are, none when not selected.
 */
export async function loadBehind(
  ctx: Context,
  info: GraphQLResolveInfo,
  path: string[],
  ids: Iterable<NodeKey>,
): Promise<RowsBehind> {
  if (!selects(info, path)) return new RowsBehind(new Map());
  return new RowsBehind(await loadRowsByType(getSchemaConfig(builder), ctx, info, idsByType(ids), path));
}

/** The global-id key of a claimant (an official first, as claims store at most one of the two). */
export const claimantKey = ({ actorId, officialId }: ClaimantKey) =>
  officialId !== null
    ? { typename: 'Official' as const, id: officialId }
    : actorId !== null
      ? { typename: 'Actor' as const, id: actorId }
      : null;
