import { getSchemaConfig } from '@pothos/plugin-drizzle';
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { loadNodes } from '../node-loader.ts';

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

/**
 * The rows behind an aggregate (claims, claimants), each loaded with the selection made under
 * `path`: one query per type however many groups or points there are, none when not selected.
 */
export async function loadBehind(
  ctx: Context,
  info: GraphQLResolveInfo,
  path: string[],
  ids: { typename: 'Claim' | 'Actor' | 'Official' | 'Region' | 'Article' | 'TerritoryChange'; id: number }[],
): Promise<Map<string, object>> {
  if (ids.length === 0 || !selects(info, path)) return new Map();
  const unique = [...new Map(ids.map((id) => [`${id.typename}:${id.id}`, id])).values()];
  const rows = await loadNodes(getSchemaConfig(builder), ctx, info, unique, path);
  return new Map(unique.flatMap((id, i) => (rows[i] ? [[`${id.typename}:${id.id}`, rows[i]]] : [])));
}

/** The global-id key of a claimant (an official first, as claims store at most one of the two). */
export const claimantKey = ({ actorId, officialId }: ClaimantKey) =>
  officialId !== null
    ? { typename: 'Official' as const, id: officialId }
    : actorId !== null
      ? { typename: 'Actor' as const, id: actorId }
      : null;
