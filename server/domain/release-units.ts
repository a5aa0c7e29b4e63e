import { lastDayOf, shiftDay, shiftMonth } from './period.js';
import { parentKeyShape } from './route-density.js';

/**
 * Release units of the route-density map (issue 10, docs/methodology.md#map-release-units).
 *
 * A unit is (partner, H3 cell, calendar quarter), in two nested layers: cells at resolution 7
 * (about 5 km2, a town's quarter) and at resolution 8 (about 0.7 km2, a corridor). A unit is
 * released when at least k distinct commuters crossed it, and only once its quarter has
 * closed; a resolution-7 unit's fine units are complementarily suppressed so that its total
 * minus the fine units shown is about 0 or at least k commuters (route-density.ts). Every
 * answer is a sum of released units of one layer, so any difference of answers (periods,
 * resolutions, partner and network) is a sum of released units or such a remainder.
 *
 * Why quarters and these cells: on the demo, (res 9, month) units showed 0.5 % of the route
 * cells; quarters and res-7/8 cells gather the commuters of a town's corridors (figures in the
 * methodology). Why no year layer: a year unit minus the quarters shown inside it would be the
 * withheld quarters, which would need suppression across time as well.
 */
export const MAP_UNIT_LAYERS = { coarse: 7, fine: 8 } as const;

/** The finest resolution a map answer may have: the fine layer's. */
export const MAP_UNIT_RESOLUTION = MAP_UNIT_LAYERS.fine;

/** The time grain of a unit: calendar quarters, in local months. */
export const MAP_UNIT_GRAIN = 'quarter' as const;

export interface TimeUnit {
  /** e.g. `2011-Q3` */
  id: string;
  /** First and last local day, inclusive. */
  from: string;
  to: string;
  /** First and last local month 'YYYY-MM', inclusive. */
  firstMonth: string;
  lastMonth: string;
}

/** The quarter holding a local month 'YYYY-MM'. */
export function quarterOfMonth(month: string): TimeUnit {
  const year = month.slice(0, 4);
  const q = Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
  const firstMonth = `${year}-${String(q * 3 - 2).padStart(2, '0')}`;
  const lastMonth = shiftMonth(firstMonth, 2);
  return {
    id: `${year}-Q${q}`,
    from: `${firstMonth}-01`,
    to: lastDayOf(lastMonth),
    firstMonth,
    lastMonth,
  };
}

/** A quarter from its id `YYYY-Qn`, or null when the id is not one. */
export function quarterById(id: string): TimeUnit | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(id);
  if (!m) return null;
  return quarterOfMonth(`${m[1]}-${String(Number(m[2]) * 3 - 2).padStart(2, '0')}`);
}

/** The quarters lying wholly inside an inclusive period of local days, oldest first. */
export function quartersInside(from: string, to: string): TimeUnit[] {
  const out: TimeUnit[] = [];
  for (let u = quarterOfMonth(from.slice(0, 7)); u.from <= to; ) {
    if (u.from >= from && u.to <= to) out.push(u);
    u = quarterOfMonth(shiftMonth(u.lastMonth, 1));
  }
  return out;
}

/**
 * A unit is closed when it ended at least `delayDays` days before `today` (a local day): trips
 * are often logged a few days late, and a unit released before they arrive would change
 * afterwards (the snapshot freezes it anyway; the delay makes the frozen figure complete).
 */
export function isClosed(unit: TimeUnit, today: string, delayDays: number): boolean {
  return shiftDay(unit.to, 1 + delayDays) <= today;
}

export type ReleasedPeriodReason =
  /** the period holds whole quarters, all closed */
  | 'whole_units'
  /** some whole quarters inside the period are not closed yet: left out */
  | 'open_units_left_out'
  /** no whole quarter lies inside the period */
  | 'no_whole_unit'
  /** whole quarters lie inside, but none is closed yet */
  | 'no_closed_unit';

export interface ReleasedPeriod {
  /** The closed quarters inside the asked period: the answer is their released units only. */
  units: TimeUnit[];
  /** First and last day of those units, or null when there is none. */
  from: string | null;
  to: string | null;
  reason: ReleasedPeriodReason;
}

/**
 * Which time units answer a period: the closed quarters wholly inside it. Days before the first
 * or after the last whole quarter are not answered (a map of June 1 to day D and one to day D+1
 * are the same map), and neither are quarters still open.
 */
export function releasedPeriod(
  from: string,
  to: string,
  today: string,
  delayDays: number,
): ReleasedPeriod {
  const inside = quartersInside(from, to);
  const units = inside.filter((u) => isClosed(u, today, delayDays));
  const reason: ReleasedPeriodReason =
    inside.length === 0
      ? 'no_whole_unit'
      : units.length === 0
        ? 'no_closed_unit'
        : units.length < inside.length
          ? 'open_units_left_out'
          : 'whole_units';
  return {
    units,
    from: units[0]?.from ?? null,
    to: units[units.length - 1]?.to ?? null,
    reason,
  };
}

/**
 * How to write the H3 index of a stored (resolution-9) cell's parent at `resolution` from the
 * stored hex string alone, so that the database can name unit cells without an H3 library. The
 * parent keeps the top 15 + 3r written bits (parentKeyShape) with its own resolution in the
 * resolution field (the second hex digit), and every digit below r is 7 (binary 111): the kept
 * prefix, then one hex digit whose low bits are set (`orMask`), then 'f's.
 */
export function parentCellShape(resolution: number): {
  /** Whole hex digits kept from the child, the resolution digit (2nd) replaced. */
  chars: number;
  /** When the kept bits end inside a digit: that digit is OR'd with this mask; else 0. */
  orMask: number;
  /** Trailing 'f' digits. */
  fill: number;
  /** The resolution digit, hex. */
  resolutionDigit: string;
} {
  const { chars, topBits } = parentKeyShape(resolution);
  const orMask = topBits === 0 ? 0 : (1 << (4 - topBits)) - 1;
  return {
    chars,
    orMask,
    fill: 15 - chars - (topBits === 0 ? 0 : 1),
    resolutionDigit: resolution.toString(16),
  };
}

/** The parent's hex string by parentCellShape, in plain code: what the SQL must agree with. */
export function parentCellByShape(cell: string, resolution: number): string {
  const s = parentCellShape(resolution);
  let out = cell[0]! + s.resolutionDigit + cell.slice(2, s.chars);
  if (s.orMask !== 0) out += (Number.parseInt(cell[s.chars]!, 16) | s.orMask).toString(16);
  return out + 'f'.repeat(s.fill);
}
