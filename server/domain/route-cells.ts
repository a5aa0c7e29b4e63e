import { latLngToCell } from 'h3-js';
import { haversineM } from './geometry.js';
import type { LineGeometry } from './trips.js';

/** H3 resolution of the stored route cells: about 350 m across, street-block scale. */
export const ROUTE_CELL_RESOLUTION = 9;

/**
 * Sample spacing along a line, metres: less than a resolution-9 cell's inradius (about 175 m),
 * so a cell is only missed where a route clips its corner.
 */
const STEP_M = 150;

/**
 * Samples are snapped to a grid of 1/2000 degree (about 55 m north-south, less east-west in
 * Europe) before the H3 look-up, and look-ups are cached by grid point: commuters ride the same
 * streets day after day, so most samples hit the cache. The snap moves a sample by at most
 * about 30 m, well inside the cell size; ingestion and verification use this same function.
 */
const GRID_PER_DEGREE = 2000;
const cellCache = new Map<number, string>();

function cellAt(lat: number, lon: number, resolution: number): string {
  const gy = Math.round(lat * GRID_PER_DEGREE);
  const gx = Math.round(lon * GRID_PER_DEGREE);
  // A unique number per grid point and resolution: |gy| <= 180000, |gx| <= 360000.
  const key = ((gy + 200_000) * 1_000_000 + (gx + 400_000)) * 16 + resolution;
  let cell = cellCache.get(key);
  if (cell === undefined) {
    cell = latLngToCell(gy / GRID_PER_DEGREE, gx / GRID_PER_DEGREE, resolution);
    if (cellCache.size >= 1_000_000) cellCache.clear();
    cellCache.set(key, cell);
  }
  return cell;
}

/**
 * How many points routeCellsOf samples on these lines: an upper bound on the distinct cells it
 * returns, found in O(points) without walking the lines, so that a limit can refuse a route
 * before the walk (a short upload whose line zig-zags between the poles would be millions).
 */
export function routeSampleCount(
  geometries: ReadonlyArray<LineGeometry | null | undefined>,
): number {
  let samples = 0;
  for (const g of geometries) {
    if (!g || g.coordinates.length < 2) continue;
    samples += 1;
    for (let i = 1; i < g.coordinates.length; i++) {
      samples += Math.max(
        1,
        Math.ceil(haversineM(g.coordinates[i - 1]!, g.coordinates[i]!) / STEP_M),
      );
    }
  }
  return samples;
}

/**
 * The distinct H3 cells a trip's (already privacy-trimmed) route crosses, found by walking each
 * line in steps of at most 150 m. A trip counts once per cell however often it crosses it.
 */
export function routeCellsOf(
  geometries: ReadonlyArray<LineGeometry | null | undefined>,
  resolution = ROUTE_CELL_RESOLUTION,
): string[] {
  const cells = new Set<string>();
  for (const g of geometries) {
    if (!g || g.coordinates.length < 2) continue;
    for (let i = 1; i < g.coordinates.length; i++) {
      const a = g.coordinates[i - 1]!;
      const b = g.coordinates[i]!;
      const steps = Math.max(1, Math.ceil(haversineM(a, b) / STEP_M));
      // A segment's first point is the previous segment's last: sample it once.
      for (let s = i === 1 ? 0 : 1; s <= steps; s++) {
        const f = s / steps;
        cells.add(cellAt(a[1] + (b[1] - a[1]) * f, a[0] + (b[0] - a[0]) * f, resolution));
      }
    }
  }
  return [...cells].sort();
}
