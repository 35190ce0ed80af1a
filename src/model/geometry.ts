import { z } from 'zod';

/**
 * A region's shape as a GeoJSON geometry object (RFC 7946, section 3.1): longitude and latitude
 * in WGS 84 degrees. Checked here, on import and in mutations alike, so that a GeoJSON export
 * never carries a geometry a map would refuse. A GeometryCollection holds no further collection
 * (RFC 7946 advises against nesting them).
 */

/** Big enough for a province's outline, small enough that one region cannot swell every export. */
export const maxGeometryCharacters = 1_000_000;

const position = z
  .array(z.number().finite())
  .min(2, 'a position is [longitude, latitude] or [longitude, latitude, altitude]')
  .max(3, 'a position is [longitude, latitude] or [longitude, latitude, altitude]')
  .refine((p) => p.length < 2 || (Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90), {
    message: 'longitude must be within [-180, 180] and latitude within [-90, 90] (WGS 84 degrees, longitude first)',
  });

const lineCoordinates = z.array(position).min(2, 'a line string needs at least 2 positions');
const samePosition = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const ring = z
  .array(position)
  .min(4, 'a linear ring needs at least 4 positions')
  .refine((r) => r.length === 0 || samePosition(r[0]!, r[r.length - 1]!), {
    message: 'a linear ring must end where it starts (its first and last positions equal)',
  });
const polygonCoordinates = z.array(ring).min(1, 'a polygon needs at least its outer ring');

// A region's shape is never empty (RFC 7946 allows empty collections, but they draw nothing, and
// the dataset export leaves empty lists out, which would make the record invalid on the way back).
const nonEmpty = <T extends z.ZodType>(member: T) => z.array(member).min(1, 'must hold at least one member');

const geometryOf = <T extends string, C extends z.ZodType>(type: T, coordinates: C) =>
  z.object({ type: z.literal(type), coordinates, bbox: z.array(z.number().finite()).optional() }).strict();

const singleGeometries = [
  geometryOf('Point', position),
  geometryOf('MultiPoint', nonEmpty(position)),
  geometryOf('LineString', lineCoordinates),
  geometryOf('MultiLineString', nonEmpty(lineCoordinates)),
  geometryOf('Polygon', polygonCoordinates),
  geometryOf('MultiPolygon', nonEmpty(polygonCoordinates)),
] as const;

const geometryCollection = z
  .object({
    type: z.literal('GeometryCollection'),
    geometries: nonEmpty(z.discriminatedUnion('type', [...singleGeometries])),
    bbox: z.array(z.number().finite()).optional(),
  })
  .strict();

export const geometry = z
  .discriminatedUnion('type', [...singleGeometries, geometryCollection], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'must be a GeoJSON geometry object: a type of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection'
        : undefined,
  })
  .refine((g) => JSON.stringify(g).length <= maxGeometryCharacters, {
    message: `must be at most ${maxGeometryCharacters} characters as JSON`,
  })
  .describe(
    "The region's shape as a GeoJSON geometry object (RFC 7946): longitude, latitude in WGS 84 degrees. Regions with one appear in the GeoJSON export.",
  );

export type Geometry = z.infer<typeof geometry>;
