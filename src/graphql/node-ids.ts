import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { actors, articles, claims, officials, regions, territoryChanges } from '../db/schema.ts';

const tablesByType = {
  Actor: actors,
  Article: articles,
  Claim: claims,
  Official: officials,
  Region: regions,
  TerritoryChange: territoryChanges,
};

/**
 * Which decoded global ids name a row that exists, one query per type. The drizzle plugin fails
 * every node of a batch when one row is missing; `node`/`nodes` answer null for it instead.
 */
export async function existingNodeIds(db: Db, ids: readonly { typename: string; id: string | number }[]) {
  const present = new Set<string>();
  const byType = new Map<string, number[]>();
  for (const { typename, id } of ids) byType.set(typename, [...(byType.get(typename) ?? []), Number(id)]);
  for (const [typename, wanted] of byType) {
    const table = tablesByType[typename as keyof typeof tablesByType];
    if (!table) continue;
    const rows = await db.select({ id: table.id }).from(table).where(inArray(table.id, wanted));
    for (const row of rows) present.add(`${typename}:${row.id}`);
  }
  return ids.map((id) => present.has(`${id.typename}:${Number(id.id)}`));
}
