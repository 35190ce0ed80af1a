import { getSchemaConfig } from '@pothos/plugin-drizzle';
import { sql } from 'drizzle-orm';
import { allRows, idList } from '../db/engine.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { loadNodes } from './node-loader.ts';
import { batchedByPath } from './batch-load.ts';

/** Revision chains are short; the bound stops a cycle of REVISES (which writes do not forbid) from looping. */
const maxRevisionDepth = 100;

/**
 * The newest revision of each claim id: the claim a chain of REVISES relations leads to from it
 * (the longest chain, then the highest id when revisions branch), or the claim itself. Every id
 * asked for in one turn of the event loop is answered by one recursive query.
 */
async function latestRevisions(ctx: Context, ids: number[]): Promise<Map<number, number>> {
  const rows = await allRows<{ start: number; latest: number }>(
    ctx.db,
    sql`
    with recursive walk(start, id, depth) as (
      select value, value, 0 from ${idList(ctx.db, ids)}
      union
      select walk.start, claim_relations.claim_id, walk.depth + 1
      from walk join claim_relations
        on claim_relations.related_claim_id = walk.id and claim_relations.kind = 'REVISES'
      where walk.depth < ${maxRevisionDepth}
    )
    select start, id as latest from (
      select start, id, row_number() over (partition by start order by depth desc, id desc) as rank from walk
    ) as ranked where rank = 1`,
  );
  return new Map(rows.map((row) => [row.start, row.latest]));
}

/**
 * The newest revisions of the claims asked for in one turn, each loaded with the selection made
 * beneath `info` (every claim of a page selects the same fields there): two statements a batch.
 */
async function loadLatest(ctx: Context, info: GraphQLResolveInfo, ids: number[]): Promise<Map<number, object>> {
  const latest = await latestRevisions(ctx, ids);
  const rows = await loadClaims(ctx, info, [...new Set(latest.values())]);
  return new Map(ids.map((id) => [id, rows.get(latest.get(id) ?? id)!]));
}

/** Claims by id, loaded with the selection made beneath `info`, in one query; a missing id has no entry. */
export async function loadClaims(ctx: Context, info: GraphQLResolveInfo, ids: number[]): Promise<Map<number, object>> {
  const rows = await loadNodes(
    getSchemaConfig(builder),
    ctx,
    info,
    ids.map((id) => ({ typename: 'Claim', id })),
  );
  return new Map(rows.filter((r): r is { id: number } => r !== null).map((r) => [r.id, r]));
}

/**
 * A claim's newest revision (the claim itself when nothing revises it), loaded with the selection
 * beneath `info`; batched per request and field path.
 */
export const latestRevisionOf = batchedByPath(loadLatest);

/** A claim by id, loaded with the selection beneath `info`; batched per request and field path. */
export const claimById = batchedByPath(loadClaims);
