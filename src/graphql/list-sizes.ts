import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.ts';

/**
 * How many items each unpaged list can hold in this database, by schema coordinate, for the cost of
 * an operation: the most rows any one parent has (a claim's subjects, an article's territory
 * changes), and for `claimStats.byClaimant` one group per claimant there is. Measured from the
 * data (grouped counts over the foreign-key indexes, tens of milliseconds at 100,000 claims) and
 * measured again at most once a minute, so writes move the prices without each request paying.
 * It runs on the SQLite handle, beside drizzle's logger: it belongs to no request, and the
 * statement counts tests keep per request stay those of the request.
 */
const mostPerParent = (table: string, parent: string) =>
  sql.raw(
    `(select coalesce(max(n), 0) from (select count(*) as n from ${table} where ${parent} is not null group by ${parent}))`,
  );

const claimantGroups = sql`((select count(*) from actors) + (select count(*) from officials) + 1)`;

const measuredLists = {
  'Claim.subjects': mostPerParent('claim_subjects', 'claim_id'),
  'Claim.quantities': mostPerParent('quantities', 'claim_id'),
  'Claim.territoryChanges': mostPerParent('territory_changes', 'claim_id'),
  'Article.citedSources': mostPerParent('article_cited_sources', 'article_id'),
  'Article.territoryChanges': mostPerParent('territory_changes', 'article_id'),
  'Official.roles': mostPerParent('roles', 'official_id'),
  'TerritoryChange.amount': mostPerParent('quantities', 'territory_change_id'),
  'ClaimStats.byClaimant': claimantGroups,
  // A comparison lists one figure per claimant (its pairs come a page at a time).
  'FigureComparison.figures': claimantGroups,
  'ClaimantFigure.reports': sql.raw(
    `(select coalesce(max(n), 0) + 1 from (select count(*) as n from claim_relations where kind = 'REPEATS' group by related_claim_id))`,
  ),
  'ClaimantFigure.history': sql.raw(
    `(select coalesce(max(n), 0) from (select count(*) as n from claims group by claimant_actor_id, claimant_official_id))`,
  ),
  'ClaimComparison.comparisons': sql.raw(
    `(select coalesce(max(n), 0) from (select count(*) as n from (select distinct metric, unit, per, measure, modality from quantities) group by metric))`,
  ),
};

export const listSizesMaxAgeMs = 60_000;

const measured = new WeakMap<Db, { at: number; sizes: ReadonlyMap<string, number> }>();

function measure(db: Db): ReadonlyMap<string, number> {
  const coordinates = Object.keys(measuredLists);
  const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(
    sql`select ${sql.join(
      Object.values(measuredLists).map((size, i) => sql`${size} as ${sql.identifier(`s${i}`)}`),
      sql`, `,
    )}`,
  );
  const row = db.$client.prepare(text).get(...params) as Record<string, number>;
  return new Map(coordinates.map((coordinate, i) => [coordinate, row[`s${i}`] ?? 0]));
}

export function listSizesOf(db: Db, now = performance.now()): ReadonlyMap<string, number> {
  const known = measured.get(db);
  if (known && now - known.at < listSizesMaxAgeMs) return known.sizes;
  let sizes: ReadonlyMap<string, number>;
  try {
    sizes = measure(db);
  } catch {
    // A database that cannot be measured (a table gone) fails its requests where they read it;
    // until the next measurement its lists keep their last prices, or the floor of ten.
    sizes = known?.sizes ?? new Map();
  }
  measured.set(db, { at: now, sizes });
  return sizes;
}
