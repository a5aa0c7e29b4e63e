import type { LineGeometry } from './trips.js';

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two [lon, lat] points (haversine). */
export function haversineM(a: readonly [number, number], b: readonly [number, number]): number {
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLon = (b[0] - a[0]) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function lineLengthKm(coordinates: ReadonlyArray<readonly [number, number]>): number {
  let m = 0;
  for (let i = 1; i < coordinates.length; i++)
    m += haversineM(coordinates[i - 1]!, coordinates[i]!);
  return m / 1000;
}

/**
 * Privacy trimming (DESIGN.md section 6): drop the points of a trip's line that lie within
 * `radiusM` of its origin or its destination, so that homes and exact workplaces cannot be read
 * off a map. Works on the trip's legs in order: the origin is the first point of the first leg
 * with geometry, the destination the last point of the last. A leg left with fewer than two
 * points loses its geometry.
 */
export function trimTripGeometries(
  geometries: ReadonlyArray<LineGeometry | null | undefined>,
  radiusM: number,
): Array<LineGeometry | null> {
  const withLines = geometries.map((g) => (g && g.coordinates.length >= 2 ? g : null));
  const first = withLines.find((g) => g !== null);
  const last = [...withLines].reverse().find((g) => g !== null);
  if (!first || !last || radiusM <= 0)
    return withLines.map((g) =>
      g
        ? {
            type: 'LineString',
            coordinates: g.coordinates.map((c) => [c[0], c[1]] as [number, number]),
          }
        : null,
    );
  const origin = first.coordinates[0]!;
  const destination = last.coordinates[last.coordinates.length - 1]!;
  return withLines.map((g) => {
    if (!g) return null;
    const kept = g.coordinates.filter(
      (c) => haversineM(c, origin) > radiusM && haversineM(c, destination) > radiusM,
    );
    return kept.length >= 2
      ? { type: 'LineString', coordinates: kept.map((c) => [c[0], c[1]] as [number, number]) }
      : null;
  });
}
