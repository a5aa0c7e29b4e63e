/**
 * Pure rules of a route drawn on the map (ms-route-draw): its length along the line, the
 * distance field it fills, and the points sent as the leg's geometry. No DOM, so
 * test/web/route-draw.test.ts covers them in Node. The length is the server's own great-circle
 * formula (server/domain/geometry.ts), so the distance the commuter sees is the one the API
 * checks the line against.
 */
import { haversineM, lineLengthKm } from '../../../server/domain/geometry.js';

export type LonLat = [number, number];

/** Taps kept per drawn leg: plenty for a commute, and a bound on the work per tap. */
export const MAX_DRAWN_POINTS = 200;

/** Length of the drawn line, km: great-circle distance per segment, summed. */
export function drawnLengthKm(points: readonly LonLat[]): number {
  return lineLengthKm(points);
}

/**
 * The leg's distance field for a drawn line: km with 2 decimals and a dot (the form accepts a
 * dot or a comma). Null when the line is too short to be a leg (under 10 m, or one point).
 */
export function distanceFieldOf(points: readonly LonLat[]): string | null {
  if (points.length < 2) return null;
  const km = drawnLengthKm(points);
  if (!Number.isFinite(km) || km < 0.01) return null;
  return km.toFixed(2);
}

/** The point a fraction `f` of the way from a to b along the great circle. */
function interpolate(a: LonLat, b: LonLat, f: number): LonLat {
  const toRad = Math.PI / 180;
  const [lon1, lat1] = [a[0] * toRad, a[1] * toRad];
  const [lon2, lat2] = [b[0] * toRad, b[1] * toRad];
  const d = haversineM(a, b) / 6_371_008.8;
  if (d === 0) return [a[0], a[1]];
  const A = Math.sin((1 - f) * d) / Math.sin(d);
  const B = Math.sin(f * d) / Math.sin(d);
  const x = A * Math.cos(lat1) * Math.cos(lon1) + B * Math.cos(lat2) * Math.cos(lon2);
  const y = A * Math.cos(lat1) * Math.sin(lon1) + B * Math.cos(lat2) * Math.sin(lon2);
  const z = A * Math.sin(lat1) + B * Math.sin(lat2);
  return [Math.atan2(y, x) / toRad, Math.atan2(z, Math.sqrt(x * x + y * y)) / toRad];
}

/**
 * The geometry sent for a drawn leg: the taps with points added along each segment, at most
 * `stepM` apart. Why: the server drops every point within its privacy radius (200 m by
 * default) of the trip's origin and destination; a line of three taps would keep only its
 * middle tap and lose its geometry, so the route would never reach the map. With points every
 * few tens of metres the part outside the radius survives. The added points lie on the great
 * circle, so the line's length does not change. Coordinates are rounded to 6 decimals (~0.1 m).
 */
export function densifyRoute(points: readonly LonLat[], stepM = 25, maxPoints = 5000): LonLat[] {
  if (points.length < 2) return points.map((p) => [p[0], p[1]]);
  const totalM = drawnLengthKm(points) * 1000;
  // Long lines get a coarser step, so the request stays under the API's point limits.
  const step = Math.max(stepM, totalM / Math.max(1, maxPoints - points.length));
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  const out: LonLat[] = [[round(points[0]![0]), round(points[0]![1])]];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const n = Math.ceil(haversineM(a, b) / step);
    for (let k = 1; k < n; k++) {
      const p = interpolate(a, b, k / n);
      out.push([round(p[0]), round(p[1])]);
    }
    out.push([round(b[0]), round(b[1])]);
  }
  return out;
}
