import { cellToBoundary, cellToParent } from 'h3-js';
import { ROUTE_CELL_RESOLUTION } from './route-cells.js';

export interface DensityCell {
  h3: string;
  trips: number;
  commuters: number;
}

export interface RouteDensity {
  cells: DensityCell[];
  /** Cells left out because fewer than k distinct commuters passed through them. */
  suppressedCells: number;
}

/**
 * Route density at a resolution at or coarser than the stored one: trips and distinct
 * commuters per cell, with cells of fewer than k commuters removed (DESIGN.md section 6).
 */
export function aggregateRouteDensity(rows: ReadonlyArray<{ cell: string; commuterId: string; trips: number }>, resolution: number, k: number): RouteDensity {
  const cells = new Map<string, { trips: number; commuters: Set<string> }>();
  for (const r of rows) {
    const cell = resolution === ROUTE_CELL_RESOLUTION ? r.cell : cellToParent(r.cell, resolution);
    let c = cells.get(cell);
    if (!c) cells.set(cell, (c = { trips: 0, commuters: new Set() }));
    c.trips += r.trips;
    c.commuters.add(r.commuterId);
  }
  const shown: DensityCell[] = [];
  let suppressedCells = 0;
  for (const [h3, c] of cells) {
    if (c.commuters.size < k) suppressedCells += 1;
    else shown.push({ h3, trips: c.trips, commuters: c.commuters.size });
  }
  shown.sort((a, b) => b.trips - a.trips || a.h3.localeCompare(b.h3));
  return { cells: shown, suppressedCells };
}

/** A cell as a closed GeoJSON ring of [lon, lat]. */
export function cellPolygon(h3: string): Array<[number, number]> {
  const ring = cellToBoundary(h3, true) as Array<[number, number]>;
  return ring.map(([lon, lat]) => [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]);
}
