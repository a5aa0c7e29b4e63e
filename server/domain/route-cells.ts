import { latLngToCell } from 'h3-js';
import { haversineM } from './geometry.js';
import type { LineGeometry } from './trips.js';

/** H3 resolution of the stored route cells: about 200 m across, street-block scale. */
export const ROUTE_CELL_RESOLUTION = 9;

/** Sample spacing along a line, metres: well under a cell's size, so no crossed cell is skipped. */
const STEP_M = 50;

/**
 * The distinct H3 cells a trip's (already privacy-trimmed) route crosses, found by walking each
 * line in steps of 50 m. A trip counts once per cell however often it crosses it.
 */
export function routeCellsOf(geometries: ReadonlyArray<LineGeometry | null | undefined>, resolution = ROUTE_CELL_RESOLUTION): string[] {
  const cells = new Set<string>();
  for (const g of geometries) {
    if (!g || g.coordinates.length < 2) continue;
    for (let i = 1; i < g.coordinates.length; i++) {
      const a = g.coordinates[i - 1]!;
      const b = g.coordinates[i]!;
      const steps = Math.max(1, Math.ceil(haversineM(a, b) / STEP_M));
      for (let s = 0; s <= steps; s++) {
        const f = s / steps;
        cells.add(latLngToCell(a[1] + (b[1] - a[1]) * f, a[0] + (b[0] - a[0]) * f, resolution));
      }
    }
  }
  return [...cells].sort();
}
