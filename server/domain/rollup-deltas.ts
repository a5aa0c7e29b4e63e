import { CYCLING_MODES, type Mode } from './modes.js';
import { monthOfDay } from './period.js';
import { routeCellsOf } from './route-cells.js';
import type { LineGeometry } from './trips.js';

/**
 * What one trip adds to (sign +1) or takes from (sign -1) each rollup (migrations/0002_rollups.sql
 * and later): pure arithmetic, so that its invariants can be tested without a database. The
 * rollup repository writes these deltas in the transaction of the trip write.
 *
 * The delta rows carry the rollup tables' column names: they are inserted as they are, on the
 * hottest write path, without a mapping step.
 */

/** What the rollups need of one stored trip. */
export interface RollupTrip {
  commuterId: string;
  partnerId: string;
  siteId: string | null;
  localDay: string;
  purpose: string | null;
  replacedMode: string | null;
  mainMode: Mode;
  distanceKm: number;
  legs: ReadonlyArray<{
    mode: Mode;
    distanceKm: number;
    durationMin: number | null;
    replacedMode: string | null;
    geometry?: LineGeometry | null;
  }>;
}

/** The summed columns of the leg rollups (day and month), written and checked alike. */
export const LEG_ROLLUP_SUMS: readonly string[] = [
  'legs',
  'distance_km',
  'timed_distance_km',
  'duration_min',
];
/** The summed columns of the trip rollups (day and month). */
export const TRIP_ROLLUP_SUMS: readonly string[] = ['trips', 'distance_km'];
/** The per-commuter sums of the commuter-day and commuter-month rollups. */
export const COMMUTER_ROLLUP_SUMS: readonly string[] = [
  'main_trips',
  'legs',
  'commute_legs',
  'distance_km',
  'timed_distance_km',
  'duration_min',
];

/** A stored trip row, as the route-cell rebuild and check read it. */
export interface StoredTripForCells {
  commuter_id: string;
  partner_id: string;
  site_id: string | null;
  local_day: string;
  purpose: string | null;
  replaced_mode: string | null;
  main_mode: string;
  distance_km: number;
}

/**
 * A stored trip as its route cells see it: the legs carry their geometry alone (distance 0, no
 * duration), so only the cell rollup may be taken from its deltas.
 */
export function tripForRouteCells(
  t: StoredTripForCells,
  geometries: readonly LineGeometry[],
): RollupTrip {
  return {
    commuterId: t.commuter_id,
    partnerId: t.partner_id,
    siteId: t.site_id,
    localDay: t.local_day,
    purpose: t.purpose,
    replacedMode: t.replaced_mode,
    mainMode: t.main_mode as Mode,
    distanceKm: t.distance_km,
    legs: geometries.map((geometry) => ({
      mode: t.main_mode as Mode,
      distanceKm: 0,
      durationMin: null,
      replacedMode: null,
      geometry,
    })),
  };
}

/** partner × site × local day × leg mode × effective replaced mode ('' for none given). */
export interface LegDayDelta {
  partner_id: string;
  site_id: string;
  local_day: string;
  mode: string;
  replaced_mode: string;
  legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
}

/** partner × site × local day × main mode. */
export interface TripDayDelta {
  partner_id: string;
  site_id: string;
  local_day: string;
  main_mode: string;
  trips: number;
  distance_km: number;
}

/** commuter × local day × leg mode. */
export interface CommuterDayDelta {
  commuter_id: string;
  local_day: string;
  mode: string;
  partner_id: string;
  site_id: string;
  main_trips: number;
  legs: number;
  commute_legs: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
}

/** commuter × month × mode, plus the day-count rows `_any` and `_cycling`. */
export interface CommuterMonthDelta extends Omit<CommuterDayDelta, 'local_day'> {
  local_month: string;
  days: number;
}

/** partner × site × month × H3 cell × commuter. */
export interface CellMonthDelta {
  partner_id: string;
  site_id: string;
  local_month: string;
  cell: string;
  commuter_id: string;
  trips: number;
}

export interface RollupDeltas {
  legDay: Map<string, LegDayDelta>;
  tripDay: Map<string, TripDayDelta>;
  commuterDay: Map<string, CommuterDayDelta>;
  cellMonth: Map<string, CellMonthDelta>;
}

export function emptyDeltas(): RollupDeltas {
  return { legDay: new Map(), tripDay: new Map(), commuterDay: new Map(), cellMonth: new Map() };
}

/** Commute trips are those with purpose commute or none given (the programme logs commutes). */
export function isCommutePurpose(purpose: string | null): boolean {
  return purpose === null || purpose === 'commute';
}

/** Key of one commuter-day: the grain at which day counts are decided. */
export function commuterDayKey(commuterId: string, localDay: string): string {
  return `${commuterId}|${localDay}`;
}

/** Adds one trip's contribution, times sign, to the deltas. */
export function addTripToDeltas(d: RollupDeltas, t: RollupTrip, sign: 1 | -1): void {
  const site = t.siteId ?? '';
  const tripKey = `${t.partnerId}|${site}|${t.localDay}|${t.mainMode}`;
  const tripRow = d.tripDay.get(tripKey) ?? {
    partner_id: t.partnerId,
    site_id: site,
    local_day: t.localDay,
    main_mode: t.mainMode,
    trips: 0,
    distance_km: 0,
  };
  tripRow.trips += sign;
  tripRow.distance_km += sign * t.distanceKm;
  d.tripDay.set(tripKey, tripRow);

  const commute = isCommutePurpose(t.purpose);
  let mainCounted = false;
  for (const leg of t.legs) {
    const replaced = leg.replacedMode ?? t.replacedMode ?? '';
    const timedKm = leg.durationMin !== null ? leg.distanceKm : 0;
    const minutes = leg.durationMin ?? 0;

    const legKey = `${t.partnerId}|${site}|${t.localDay}|${leg.mode}|${replaced}`;
    const legRow = d.legDay.get(legKey) ?? {
      partner_id: t.partnerId,
      site_id: site,
      local_day: t.localDay,
      mode: leg.mode,
      replaced_mode: replaced,
      legs: 0,
      distance_km: 0,
      timed_distance_km: 0,
      duration_min: 0,
    };
    legRow.legs += sign;
    legRow.distance_km += sign * leg.distanceKm;
    legRow.timed_distance_km += sign * timedKm;
    legRow.duration_min += sign * minutes;
    d.legDay.set(legKey, legRow);

    const cKey = `${commuterDayKey(t.commuterId, t.localDay)}|${leg.mode}`;
    const cRow = d.commuterDay.get(cKey) ?? {
      commuter_id: t.commuterId,
      local_day: t.localDay,
      mode: leg.mode,
      partner_id: t.partnerId,
      site_id: site,
      main_trips: 0,
      legs: 0,
      commute_legs: 0,
      distance_km: 0,
      timed_distance_km: 0,
      duration_min: 0,
    };
    // The first leg of the main mode carries the trip's count, so trips by main mode per
    // commuter add up to the trip-day rollup.
    if (!mainCounted && leg.mode === t.mainMode) {
      cRow.main_trips += sign;
      mainCounted = true;
    }
    cRow.legs += sign;
    if (commute) cRow.commute_legs += sign;
    cRow.distance_km += sign * leg.distanceKm;
    cRow.timed_distance_km += sign * timedKm;
    cRow.duration_min += sign * minutes;
    d.commuterDay.set(cKey, cRow);
  }

  const month = monthOfDay(t.localDay);
  for (const cell of routeCellsOf(t.legs.map((l) => l.geometry))) {
    const key = `${t.partnerId}|${month}|${site}|${cell}|${t.commuterId}`;
    const row = d.cellMonth.get(key) ?? {
      partner_id: t.partnerId,
      site_id: site,
      local_month: month,
      cell,
      commuter_id: t.commuterId,
      trips: 0,
    };
    row.trips += sign;
    d.cellMonth.set(key, row);
  }
}

/** Partners whose figures the deltas change. */
export function partnersOf(d: RollupDeltas): Set<string> {
  const out = new Set<string>();
  for (const r of d.tripDay.values()) out.add(r.partner_id);
  for (const r of d.legDay.values()) out.add(r.partner_id);
  return out;
}

/** The commuters whose rows the deltas touch, by partner (the data-change log's entries). */
export function commutersOf(d: RollupDeltas): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of d.commuterDay.values()) {
    let set = out.get(r.partner_id);
    if (!set) out.set(r.partner_id, (set = new Set()));
    set.add(r.commuter_id);
  }
  return out;
}

/** Modes present on one commuter-day, with their commute legs. */
export type DayModes = Map<string, { legs: number; commuteLegs: number }>;

/** The distinct (commuter, local day) pairs the rows touch. */
export function dayPairsOf(
  rows: ReadonlyArray<{ commuter_id: string; local_day: string }>,
): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const r of rows)
    seen.set(commuterDayKey(r.commuter_id, r.local_day), [r.commuter_id, r.local_day]);
  return [...seen.values()];
}

/**
 * The modes of each commuter-day after adding `dayDeltas` (additions only) to `before`: what a
 * second read of the rows would return, without the read. Removals can empty a row, which only
 * the database knows how it was settled, so they read again instead.
 */
export function dayModesAfterAdding(
  before: ReadonlyMap<string, DayModes>,
  dayDeltas: ReadonlyArray<CommuterDayDelta>,
): Map<string, DayModes> {
  const after = new Map<string, DayModes>();
  for (const [key, modes] of before) after.set(key, new Map(modes));
  for (const d of dayDeltas) {
    const key = commuterDayKey(d.commuter_id, d.local_day);
    let modes = after.get(key);
    if (!modes) after.set(key, (modes = new Map()));
    const was = modes.get(d.mode);
    modes.set(d.mode, {
      legs: (was?.legs ?? 0) + d.legs,
      commuteLegs: (was?.commuteLegs ?? 0) + d.commute_legs,
    });
  }
  return after;
}

/** Whether a mode counts for "cycling days" (DESIGN.md section 2). */
export function isCyclingMode(mode: string): boolean {
  return (CYCLING_MODES as readonly string[]).includes(mode);
}

/** A cycling day has at least one commute leg by a cycling mode. */
export function isCyclingDay(modes: DayModes | undefined): boolean {
  return (
    !!modes &&
    [...modes].some(([mode, v]) => isCyclingMode(mode) && v.commuteLegs > 0 && v.legs > 0)
  );
}

/**
 * Month-table deltas from commuter-day deltas and each touched day's modes before and after
 * the write: sums carry over as they are; `days` rises when a mode (or any trip, or cycling)
 * appears on a day and falls when it disappears, so month day counts stay distinct-day exact.
 */
export function commuterMonthDeltas(
  dayDeltas: ReadonlyArray<CommuterDayDelta>,
  before: ReadonlyMap<string, DayModes>,
  after: ReadonlyMap<string, DayModes>,
): Map<string, CommuterMonthDelta> {
  const out = new Map<string, CommuterMonthDelta>();
  const row = (
    commuterId: string,
    month: string,
    mode: string,
    partnerId: string,
    siteId: string,
  ) => {
    const key = `${commuterId}|${month}|${mode}`;
    let r = out.get(key);
    if (!r) {
      r = {
        commuter_id: commuterId,
        local_month: month,
        mode,
        partner_id: partnerId,
        site_id: siteId,
        main_trips: 0,
        legs: 0,
        commute_legs: 0,
        distance_km: 0,
        timed_distance_km: 0,
        duration_min: 0,
        days: 0,
      };
      out.set(key, r);
    }
    return r;
  };
  const touched = new Map<string, CommuterDayDelta>();
  for (const d of dayDeltas) {
    const r = row(d.commuter_id, monthOfDay(d.local_day), d.mode, d.partner_id, d.site_id);
    r.main_trips += d.main_trips;
    r.legs += d.legs;
    r.commute_legs += d.commute_legs;
    r.distance_km += d.distance_km;
    r.timed_distance_km += d.timed_distance_km;
    r.duration_min += d.duration_min;
    const key = commuterDayKey(d.commuter_id, d.local_day);
    const had = before.get(key)?.has(d.mode) ?? false;
    const has = after.get(key)?.has(d.mode) ?? false;
    r.days += Number(has) - Number(had);
    touched.set(key, d);
  }
  for (const [key, d] of touched) {
    const month = monthOfDay(d.local_day);
    const b = before.get(key);
    const a = after.get(key);
    const anyDelta = Number(!!a && a.size > 0) - Number(!!b && b.size > 0);
    if (anyDelta !== 0) row(d.commuter_id, month, '_any', d.partner_id, d.site_id).days += anyDelta;
    const cyclingDelta = Number(isCyclingDay(a)) - Number(isCyclingDay(b));
    if (cyclingDelta !== 0)
      row(d.commuter_id, month, '_cycling', d.partner_id, d.site_id).days += cyclingDelta;
  }
  return out;
}

/** partner × site × month × leg mode × effective replaced mode (migration 0015). */
export interface LegMonthDelta extends Omit<LegDayDelta, 'local_day'> {
  local_month: string;
}

/** partner × site × month × main mode (migration 0015). */
export interface TripMonthDelta extends Omit<TripDayDelta, 'local_day'> {
  local_month: string;
}

/** The leg and trip day deltas summed by month: what the partner-month rollups add. */
export function monthDeltasOf(d: Pick<RollupDeltas, 'legDay' | 'tripDay'>): {
  legMonth: LegMonthDelta[];
  tripMonth: TripMonthDelta[];
} {
  const legs = new Map<string, LegMonthDelta>();
  for (const { local_day, ...r } of d.legDay.values()) {
    const local_month = monthOfDay(local_day);
    const key = `${r.partner_id}|${r.site_id}|${local_month}|${r.mode}|${r.replaced_mode}`;
    const m = legs.get(key);
    if (!m) legs.set(key, { ...r, local_month });
    else {
      m.legs += r.legs;
      m.distance_km += r.distance_km;
      m.timed_distance_km += r.timed_distance_km;
      m.duration_min += r.duration_min;
    }
  }
  const trips = new Map<string, TripMonthDelta>();
  for (const { local_day, ...r } of d.tripDay.values()) {
    const local_month = monthOfDay(local_day);
    const key = `${r.partner_id}|${r.site_id}|${local_month}|${r.main_mode}`;
    const m = trips.get(key);
    if (!m) trips.set(key, { ...r, local_month });
    else {
      m.trips += r.trips;
      m.distance_km += r.distance_km;
    }
  }
  return {
    legMonth: [...legs.values()].filter((r) => r.legs !== 0 || Math.abs(r.distance_km) > 0),
    tripMonth: [...trips.values()].filter((r) => r.trips !== 0),
  };
}
