import { cellToBoundary, cellToParent } from 'h3-js';
import { ROUTE_CELL_RESOLUTION } from './route-cells.js';

export interface DensityCell {
  h3: string;
  trips: number;
  commuters: number;
}

export interface RouteDensity {
  cells: DensityCell[];
  /** Release units (cell x month x partner [x site]) withheld: fewer than k commuters in them. */
  suppressedCells: number;
}

/**
 * Route density by released units (issue 10). A release unit is one stored cell (resolution 9)
 * in one calendar month of one partner (and one site for a site map); it is released when at
 * least k distinct commuters crossed it, and is withheld otherwise. An answer is only ever a sum
 * of released units: per cell at the asked resolution, trips are the sum of its released units'
 * trips and `commuters` is the largest commuter count of one of them (a lower bound of the
 * people, never a distinct count over the period, whose differences between two periods or two
 * resolutions would name fewer than k people). So a longer period minus a shorter one, a parent
 * cell minus its children, or the network minus its partners leaves sums of released units only.
 * In memory, so only for small row sets: the map reads `readRouteDensity` (repositories), which
 * does the same in SQL and is tested against this function.
 */
export function aggregateRouteDensity(
  rows: ReadonlyArray<{
    cell: string;
    commuterId: string;
    trips: number;
    month: string;
    partnerId?: string;
    siteId?: string;
  }>,
  resolution: number,
  k: number,
): RouteDensity {
  const units = new Map<string, { cell: string; trips: number; commuters: Set<string> }>();
  for (const r of rows) {
    const key = `${r.partnerId ?? ''}|${r.siteId ?? ''}|${r.month}|${r.cell}`;
    let u = units.get(key);
    if (!u) units.set(key, (u = { cell: r.cell, trips: 0, commuters: new Set() }));
    u.trips += r.trips;
    u.commuters.add(r.commuterId);
  }
  const cells = new Map<string, DensityCell>();
  let suppressedCells = 0;
  for (const u of units.values()) {
    if (u.commuters.size < k) {
      suppressedCells += 1;
      continue;
    }
    const h3 = resolution === ROUTE_CELL_RESOLUTION ? u.cell : cellToParent(u.cell, resolution);
    const c = cells.get(h3);
    if (c) {
      c.trips += u.trips;
      c.commuters = Math.max(c.commuters, u.commuters.size);
    } else cells.set(h3, { h3, trips: u.trips, commuters: u.commuters.size });
  }
  const shown = [...cells.values()];
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
