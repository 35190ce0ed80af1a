import { type SQL, sql } from 'drizzle-orm';
import { regionSubtree } from '../filters.ts';
import type { ClaimFilterInput } from '../types/claim-filter.ts';

/**
 * The table an aggregate reads the claims a filter matches from (`from <this> <alias>`); the
 * filter's condition still decides which of its rows match.
 *
 * On PostgreSQL with a region filter: only the region's claims, in two parts put together, those
 * whose first region is in the region's subtree (one range of the covering index
 * claims_region_figures per region, no table row read), then those that name one of its regions
 * only among their other regions. The filter's own condition, an OR of the two, PostgreSQL reads
 * through a bitmap of table rows at best: for the largest province at a million claims, 8,000
 * scattered pages, and claimStats took 680 ms. SQLite reads that OR from the covering index itself
 * (MULTI-INDEX OR), where a compound subquery would make it read the table: it reads `claims`.
 */
export function claimsRead(filter: ClaimFilterInput | null | undefined, postgres: boolean): SQL {
  if (!postgres || !filter?.regionId) return sql`claims`;
  const regions = regionSubtree(filter.regionId.id);
  return sql`(select * from claims where region_id in ${regions}
    union all
    select * from claims where id in (select claim_id from claim_regions where region_id in ${regions})
      and (region_id is null or region_id not in ${regions}))`;
}
