import type Database from 'better-sqlite3';
import { encodeGlobalID } from '@pothos/plugin-relay';

/**
 * Regions and territory changes as one GeoJSON FeatureCollection (RFC 7946), for a map: every
 * region with a recorded geometry, and every territory change in such a region, drawn with its
 * region's shape. Nothing without a geometry is dropped silently: the collection's foreign member
 * `skipped` counts the regions and the territory changes left out for want of one.
 */

const pageSize = 500;

/** Rows of a query taking (after id, limit), a page at a time, in id order. */
function* paged<Row extends { id: number }>(statement: Database.Statement): Generator<Row> {
  for (let after = 0; ;) {
    const rows = statement.all(after, pageSize) as Row[];
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.id;
  }
}

interface RegionRow {
  id: number;
  name: string;
  kind: string;
  country: string | null;
  geometry: string;
}

interface ChangeRow {
  id: number;
  region: string;
  geometry: string;
  gainedBy: string | null;
  lostBy: string | null;
  claimId: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  periodText: string | null;
  amount: string;
}

// The geometry is stored as JSON text already checked on write: spliced in as it is, never re-parsed.
const feature = (geometry: string, properties: Record<string, unknown>) =>
  `{"type":"Feature","geometry":${geometry},"properties":${JSON.stringify(properties)}}`;

const periodOf = (row: ChangeRow) =>
  row.periodStart === null && row.periodEnd === null && row.periodText === null
    ? null
    : { start: row.periodStart, end: row.periodEnd, text: row.periodText };

/** The GeoJSON text in pieces: the collection's head, one piece per feature, its tail. */
export function* geojsonPieces(sqlite: Database.Database): Generator<string> {
  const skipped = sqlite
    .prepare(
      `select (select count(*) from regions where geometry is null) as regions,
        (select count(*) from territory_changes t join regions r on r.id = t.region_id where r.geometry is null)
          as territoryChanges`,
    )
    .get() as { regions: number; territoryChanges: number };
  yield `{"type":"FeatureCollection","skipped":${JSON.stringify(skipped)},"features":[`;
  let first = true;
  const separator = () => (first ? ((first = false), '\n') : ',\n');

  const regions = sqlite.prepare(
    `select id, name, kind, country, geometry from regions where geometry is not null and id > ? order by id limit ?`,
  );
  for (const r of paged<RegionRow>(regions))
    yield (
      separator() +
      feature(r.geometry, {
        featureType: 'Region',
        id: encodeGlobalID('Region', String(r.id)),
        name: r.name,
        kind: r.kind,
        country: r.country,
      })
    );

  const changes = sqlite.prepare(
    `select t.id, r.name as region, r.geometry, g.name as gainedBy, l.name as lostBy, t.claim_id as claimId,
       t.period_start as periodStart, t.period_end as periodEnd, t.period_text as periodText,
       (select json_group_array(json_object('metric', q.metric, 'unit', q.unit, 'best', q.best, 'low', q.low,
          'high', q.high, 'phrase', q.phrase, 'shape', q.shape))
        from (select * from quantities where territory_change_id = t.id order by id) q) as amount
     from territory_changes t join regions r on r.id = t.region_id
     left join actors g on g.id = t.gained_by_id left join actors l on l.id = t.lost_by_id
     where r.geometry is not null and t.id > ? order by t.id limit ?`,
  );
  for (const c of paged<ChangeRow>(changes))
    yield (
      separator() +
      feature(c.geometry, {
        featureType: 'TerritoryChange',
        id: encodeGlobalID('TerritoryChange', String(c.id)),
        region: c.region,
        gainedBy: c.gainedBy,
        lostBy: c.lostBy,
        period: periodOf(c),
        amount: JSON.parse(c.amount) as unknown[],
        claimId: c.claimId === null ? null : encodeGlobalID('Claim', String(c.claimId)),
      })
    );
  yield '\n]}\n';
}
