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
 * In memory, so only for small row sets: the map reads `readRouteDensity` (repositories), which
 * does the same in SQL and is tested against this function.
 */
export function aggregateRouteDensity(
  rows: ReadonlyArray<{ cell: string; commuterId: string; trips: number }>,
  resolution: number,
  k: number,
): RouteDensity {
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

/**
 * Which leading part of a stored cell's hex string names its parent at a coarser resolution,
 * so that the database can group by parent without an H3 library. An H3 index is 64 bits: from
 * the top, 1 reserved, 4 mode, 3 reserved, 4 resolution, 7 base cell, then 3 bits per
 * resolution digit. A resolution-9 cell is written as 15 hex digits (its top 4 bits are 0), so
 * the parent at resolution r is fixed by the top 15 + 3r of the 60 written bits: `chars` whole
 * hex digits and the `topBits` high bits of the next one (the resolution field is the same,
 * 9, in every stored cell and does no harm in the key).
 */
export function parentKeyShape(resolution: number): { chars: number; topBits: number } {
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > ROUTE_CELL_RESOLUTION) {
    throw new RangeError(`resolution ${resolution} is not 0-${ROUTE_CELL_RESOLUTION}`);
  }
  const bits = 15 + 3 * resolution;
  return { chars: Math.floor(bits / 4), topBits: bits % 4 };
}

/** Hex digits (lowercase, as H3 writes them) grouped by their `topBits` high bits. */
export function hexDigitGroups(topBits: number): string[][] {
  const size = 16 >> topBits;
  const group = (g: number) => Array.from({ length: size }, (_, i) => (g * size + i).toString(16));
  return Array.from({ length: 1 << topBits }, (_, g) => group(g));
}

/** A cell as a closed GeoJSON ring of [lon, lat]. */
export function cellPolygon(h3: string): Array<[number, number]> {
  const ring = cellToBoundary(h3, true) as Array<[number, number]>;
  return ring.map(([lon, lat]) => [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]);
}
