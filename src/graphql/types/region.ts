import { regionKinds, regions } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { connectionOf } from '../connection.ts';
import { filteredClaims } from './claim-filter.ts';
import { ClaimConnection } from './claim.ts';
import { TerritoryChangeConnection } from './territory-change.ts';

export const RegionKind = builder.enumType('RegionKind', {
  description: 'The level of a place.',
  values: {
    COUNTRY: {},
    PROVINCE: { description: 'An oblast, state or governorate.' },
    DISTRICT: {},
    SETTLEMENT: { description: 'A city, town or village.' },
    OTHER: {},
  } satisfies Record<(typeof regionKinds)[number], { description?: string }>,
});

export const Region = builder.drizzleNode('regions', {
  name: 'Region',
  description: 'A place: a country, a province inside it, and so on down.',
  id: { column: (r) => r.id },
});

builder.drizzleObjectFields(Region, (t) => ({
  name: t.string({ resolve: (row) => row.name }),
  kind: t.field({ type: RegionKind, resolve: (row) => row.kind }),
  country: t.string({
    nullable: true,
    description: 'ISO 3166-1 alpha-2 code of the country the region lies in.',
    resolve: (row) => row.country,
  }),
  parent: t.relation('parent', { nullable: true, description: 'The region this one lies in.' }),
  children: t.relatedConnection(
    'children',
    { totalCount: true, query: { orderBy: { id: 'asc' } }, description: 'The regions directly inside this one.' },
    RegionConnection,
  ),
  claims: t.relatedConnection(
    'claims',
    filteredClaims(
      'Claims placed in this region itself. To include the regions inside it, use `Query.claims(filter: { regionId })`.',
    ),
    ClaimConnection,
  ),
  territoryChanges: t.relatedConnection(
    'territoryChanges',
    {
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
      description: 'Changes of control recorded in this region itself.',
    },
    TerritoryChangeConnection,
  ),
}));

export const RegionConnection = connectionOf(Region, 'Region');

builder.queryField('regions', (t) =>
  t.drizzleConnection(
    {
      type: 'regions',
      description: 'Every region, in the order they were recorded.',
      totalCount: (_parent, _args, ctx) => ctx.db.$count(regions),
      resolve: (query, _parent, _args, ctx) => ctx.db.query.regions.findMany(query({ orderBy: { id: 'asc' } })),
    },
    RegionConnection,
  ),
);
