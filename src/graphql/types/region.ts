import { regions } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { columnField } from '../column-field.ts';
import { pagesOf, relatedPagesOf } from '../connection.ts';
import { filteredClaims } from './claim-filter.ts';
import { RegionKind } from './enums.ts';
import { ClaimConnection, Region, RegionConnection, TerritoryChangeConnection } from './nodes.ts';
import { regionOrder, territoryChangeOrder } from './orders.ts';

export { RegionKind };

builder.drizzleObjectFields(Region, (t) => ({
  name: columnField(t, 'name', "The place's name: 'Donetsk Oblast', 'Bakhmut'."),
  kind: columnField(t, 'kind', 'The level of the place: country, province, settlement.', RegionKind),
  country: columnField(t, 'country', 'ISO 3166-1 alpha-2 code of the country the region lies in.'),
  parent: t.relation('parent', { nullable: true, description: 'The region this one lies in.' }),
  geometry: t.field({
    type: 'JSON',
    nullable: true,
    description:
      "The region's shape as a GeoJSON geometry object (RFC 7946; longitude, latitude in WGS 84 degrees), when recorded. `claimgraph export --format geojson` writes every region that has one.",
    select: { columns: { geometry: true } },
    resolve: (region) => region.geometry ?? null,
  }),
  children: t.relatedConnection(
    'children',
    relatedPagesOf('The regions directly inside this one.', { order: regionOrder }),
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
    relatedPagesOf('Changes of control recorded in this region itself.', { order: territoryChangeOrder }),
    TerritoryChangeConnection,
  ),
}));

builder.queryField('regions', (t) =>
  t.drizzleConnection(
    {
      type: 'regions',
      description: 'Every region, in the order they were recorded unless `orderBy` says otherwise.',
      ...pagesOf(regions, (db) => db.query.regions, { order: regionOrder }),
    },
    RegionConnection,
  ),
);
