import { type Column, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { columnsOf } from '../db/rows.ts';
import * as t from '../db/schema.ts';
import type { RecordType } from '../model/index.ts';

/**
 * Where each record type's stored row lives: its table, and the child tables its lists go to.
 * Rows are the tables' own types (drizzle's `$inferSelect`) without the id, plus the child lists.
 * The SQL the importer prepares is generated from these definitions, column by column, so a new
 * column needs no SQL of its own.
 */

export interface ChildList {
  /** The row's field that holds the list. */
  field: string;
  table: SQLiteTable;
  /** The child's column that points at the owner. */
  owner: Column;
  /** For a list of ids (a link table): the column that holds the id; the list is ascending. */
  value?: Column;
  /** Columns of the child table that are not part of a list item (besides id and owner). */
  exclude?: Column[];
}

export interface RecordLayout {
  table: SQLiteTable & { id: Column };
  children: ChildList[];
}

const quantityList = (field: string, owner: Column, other: Column): ChildList => ({
  field,
  table: t.quantities,
  owner,
  exclude: [other],
});

export const layouts: Record<RecordType, RecordLayout> = {
  actor: {
    table: t.actors,
    children: [{ field: 'aliases', table: t.actorAliases, owner: t.actorAliases.actorId, value: t.actorAliases.alias }],
  },
  official: {
    table: t.officials,
    children: [
      { field: 'roles', table: t.roles, owner: t.roles.officialId },
      {
        field: 'aliases',
        table: t.officialAliases,
        owner: t.officialAliases.officialId,
        value: t.officialAliases.alias,
      },
    ],
  },
  region: { table: t.regions, children: [] },
  article: {
    table: t.articles,
    children: [
      {
        field: 'citedSourceIds',
        table: t.articleCitedSources,
        owner: t.articleCitedSources.articleId,
        value: t.articleCitedSources.actorId,
      },
    ],
  },
  claim: {
    table: t.claims,
    children: [
      { field: 'subjectIds', table: t.claimSubjects, owner: t.claimSubjects.claimId, value: t.claimSubjects.actorId },
      { field: 'otherRegionIds', table: t.claimRegions, owner: t.claimRegions.claimId, value: t.claimRegions.regionId },
      { field: 'jointClaimants', table: t.claimJointClaimants, owner: t.claimJointClaimants.claimId },
      { field: 'chain', table: t.claimHops, owner: t.claimHops.claimId },
      { field: 'relations', table: t.claimRelations, owner: t.claimRelations.claimId },
      quantityList('quantities', t.quantities.claimId, t.quantities.territoryChangeId),
    ],
  },
  territoryChange: {
    table: t.territoryChanges,
    children: [quantityList('amount', t.quantities.territoryChangeId, t.quantities.claimId)],
  },
};

type Without<Row, Keys extends string> = Omit<Row, Keys>;
type QuantityRow = Without<typeof t.quantities.$inferSelect, 'id' | 'claimId' | 'territoryChangeId'>;
/** Stored rows by record type. */
export interface Rows {
  actor: Without<typeof t.actors.$inferSelect, 'id'> & { aliases: string[] };
  official: Without<typeof t.officials.$inferSelect, 'id'> & {
    roles: Without<typeof t.roles.$inferSelect, 'id' | 'officialId'>[];
    aliases: string[];
  };
  region: Without<typeof t.regions.$inferSelect, 'id'>;
  article: Without<typeof t.articles.$inferSelect, 'id'> & { citedSourceIds: number[] };
  claim: Without<typeof t.claims.$inferSelect, 'id'> & {
    subjectIds: number[];
    otherRegionIds: number[];
    jointClaimants: Without<typeof t.claimJointClaimants.$inferSelect, 'id' | 'claimId'>[];
    chain: Without<typeof t.claimHops.$inferSelect, 'id' | 'claimId'>[];
    relations: Without<typeof t.claimRelations.$inferSelect, 'id' | 'claimId'>[];
    quantities: QuantityRow[];
  };
  territoryChange: Without<typeof t.territoryChanges.$inferSelect, 'id'> & { amount: QuantityRow[] };
}

// Rows between the driver and the typed tables: shared with the copies between engines (src/db/postgres/transfer.ts).
export { columnsOf, driverValues, rowDecoder } from '../db/rows.ts';

export const tableName = (type: RecordType) => getTableName(layouts[type].table);
/** A child list's item columns: the id of a link table, else the child row without its id and owner. */
export const itemColumns = (child: ChildList) =>
  columnsOf(child.table, [child.owner, ...(child.exclude ?? [])]).filter(([key]) => key !== 'id');
