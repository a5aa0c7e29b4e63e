import { cellToBoundary, cellToParent } from 'h3-js';
import { quarterOfMonth } from './release-units.js';
import { ROUTE_CELL_RESOLUTION } from './route-cells.js';

export interface DensityCell {
  h3: string;
  trips: number;
  commuters: number;
}

export interface RouteDensity {
  cells: DensityCell[];
  /** Release units withheld because fewer than k distinct commuters crossed them. */
  suppressedCells: number;
}

/** A release unit: one partner's cell at a unit resolution in one quarter. */
export interface ReleaseUnit {
  partnerId: string;
  quarter: string;
  cell: string;
  trips: number;
  commuters: number;
}

/**
 * The map's rule in plain code (issue 10, release-units.ts). Stored rows (a commuter's trips
 * through a resolution-9 cell in a month) are gathered into release units of two nested
 * layers: partner x quarter x cell at `coarse` and at `fine` resolution. A unit of fewer than k
 * distinct commuters is withheld. A coarse unit's total is shown, so the fine units withheld
 * inside it are known together (the total minus the fine units shown): when the commuters of
 * those withheld fine units number 1 to k-1, the smallest shown fine unit inside it (fewest
 * trips, then lowest cell) is withheld too, and they number k or more. In memory, so only
 * for small row sets: the map releases units in SQL (`releaseUnits`, repositories), tested
 * against this function.
 */
export function releaseUnitLayers(
  rows: ReadonlyArray<{
    partnerId: string;
    cell: string;
    commuterId: string;
    month: string;
    trips: number;
  }>,
  coarse: number,
  fine: number,
  k: number,
): { coarse: ReleaseUnit[]; fine: ReleaseUnit[]; withheld: { coarse: number; fine: number } } {
  type Acc = ReleaseUnit & { ids: Set<string>; parent: string };
  const gather = (resolution: number) => {
    const units = new Map<string, Acc>();
    for (const r of rows) {
      const cell = cellToParent(r.cell, resolution);
      const quarter = quarterOfMonth(r.month).id;
      const key = `${r.partnerId}|${quarter}|${cell}`;
      let u = units.get(key);
      if (!u) {
        const parent = `${r.partnerId}|${quarter}|${cellToParent(r.cell, coarse)}`;
        u = {
          partnerId: r.partnerId,
          quarter,
          cell,
          trips: 0,
          commuters: 0,
          ids: new Set(),
          parent,
        };
        units.set(key, u);
      }
      u.trips += r.trips;
      u.ids.add(r.commuterId);
      u.commuters = u.ids.size;
    }
    return [...units.values()];
  };
  const coarseUnits = gather(coarse);
  const fineUnits = gather(fine);
  const shownCoarse = coarseUnits.filter((u) => u.commuters >= k);
  const shownFine = new Set(fineUnits.filter((u) => u.commuters >= k));
  const byParent = new Map<string, Acc[]>();
  for (const u of fineUnits) byParent.set(u.parent, [...(byParent.get(u.parent) ?? []), u]);
  for (const children of byParent.values()) {
    const rest = new Set<string>();
    for (const c of children) if (!shownFine.has(c)) for (const id of c.ids) rest.add(id);
    if (rest.size === 0 || rest.size >= k) continue;
    const smallest = children
      .filter((c) => shownFine.has(c))
      .sort((a, b) => a.trips - b.trips || (a.cell < b.cell ? -1 : 1))[0];
    if (smallest) shownFine.delete(smallest);
  }
  const strip = ({ ids: _ids, parent: _parent, ...u }: Acc): ReleaseUnit => u;
  return {
    coarse: shownCoarse.map(strip),
    fine: [...shownFine].map(strip),
    withheld: {
      coarse: coarseUnits.length - shownCoarse.length,
      fine: fineUnits.length - shownFine.size,
    },
  };
}

/**
 * A map answer from released units of one layer: per cell at `resolution` (at or coarser than
 * the layer's), the trips of the units inside it and the most commuters of one of them (a lower
 * bound of the people, never a distinct count over quarters or partners, whose differences could
 * count fewer than k people).
 */
export function densityOfUnits(units: readonly ReleaseUnit[], resolution: number): DensityCell[] {
  const cells = new Map<string, DensityCell>();
  for (const u of units) {
    const h3 = cellToParent(u.cell, resolution);
    const c = cells.get(h3);
    if (c) {
      c.trips += u.trips;
      c.commuters = Math.max(c.commuters, u.commuters);
    } else cells.set(h3, { h3, trips: u.trips, commuters: u.commuters });
  }
  return [...cells.values()].sort((a, b) => b.trips - a.trips || a.h3.localeCompare(b.h3));
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
