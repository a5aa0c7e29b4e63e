import { monthOfDay } from './period.js';
import { isCyclingMode } from './rollup-deltas.js';

/**
 * The pure half of `npm run rollups -- --verify`: the repository recomputes the rollups from raw
 * legs with SQL, and these functions derive the month table and compare with what is stored.
 * The month table is derived here from recomputed day rows, independently of the deltas that
 * keep it at write time, so a mistake in those deltas shows up as a difference.
 */

export interface RollupDifference {
  table:
    | 'rollup_leg_day'
    | 'rollup_trip_day'
    | 'rollup_commuter_day'
    | 'rollup_commuter_month'
    | 'rollup_cell_month'
    | 'rollup_leg_month'
    | 'rollup_trip_month'
    | 'rollup_commuter_cum';
  key: string;
  stored: Record<string, number> | null;
  recomputed: Record<string, number> | null;
}

/** Tolerance for float sums that were built up by additions and subtractions in another order. */
export const ROLLUP_TOLERANCE = 1e-6;

const DAY_SUMS = [
  'main_trips',
  'legs',
  'commute_legs',
  'distance_km',
  'timed_distance_km',
  'duration_min',
] as const;

/** One commuter-day-mode row as SQL sums it (PostgreSQL may answer sums as strings). */
export type CommuterDaySums = { commuter_id: string; local_day: string; mode: string } & Record<
  (typeof DAY_SUMS)[number],
  number | string
>;

/**
 * The commuter-month table of these day rows: sums per month and mode with the number of days
 * the mode was used, plus `_any` (days with any trip) and `_cycling` (days with a commute leg by
 * a cycling mode) rows that carry only the day count.
 */
export function commuterMonthsFromDays(
  days: Iterable<CommuterDaySums>,
): Array<Record<string, number | string>> {
  const months = new Map<string, Record<string, number | string>>();
  const dayFlags = new Map<string, { cycling: boolean }>();
  const blank = (commuterId: string, month: string, mode: string) => ({
    commuter_id: commuterId,
    local_month: month,
    mode,
    main_trips: 0,
    legs: 0,
    commute_legs: 0,
    distance_km: 0,
    timed_distance_km: 0,
    duration_min: 0,
    days: 0,
  });
  for (const r of days) {
    const month = monthOfDay(r.local_day);
    const key = `${r.commuter_id}|${month}|${r.mode}`;
    const m = months.get(key) ?? blank(r.commuter_id, month, r.mode);
    for (const f of DAY_SUMS) m[f] = Number(m[f]) + Number(r[f]);
    m.days = Number(m.days) + 1;
    months.set(key, m);
    const dayKey = `${r.commuter_id}|${r.local_day}`;
    const flags = dayFlags.get(dayKey) ?? { cycling: false };
    if (isCyclingMode(r.mode) && Number(r.commute_legs) > 0) flags.cycling = true;
    dayFlags.set(dayKey, flags);
  }
  for (const [dayKey, flags] of dayFlags) {
    const [commuterId, day] = dayKey.split('|') as [string, string];
    for (const mode of flags.cycling ? ['_any', '_cycling'] : ['_any']) {
      const key = `${commuterId}|${monthOfDay(day)}|${mode}`;
      const m = months.get(key) ?? blank(commuterId, monthOfDay(day), mode);
      m.days = Number(m.days) + 1;
      months.set(key, m);
    }
  }
  return [...months.values()];
}

/**
 * Adds to `diffs` every key whose fields differ (beyond float noise) between the recomputed and
 * the stored rows of one table, and every key present on one side only.
 */
export function compareRollupRows<R extends Record<string, unknown>>(
  diffs: RollupDifference[],
  table: RollupDifference['table'],
  recomputed: R[],
  stored: R[],
  keyOf: (r: R) => string,
  fields: string[],
): void {
  const pick = (r: R) => Object.fromEntries(fields.map((f) => [f, Number(r[f] ?? 0)]));
  const want = new Map(recomputed.map((r) => [keyOf(r), pick(r)]));
  const have = new Map(stored.map((r) => [keyOf(r), pick(r)]));
  for (const [key, w] of want) {
    const h = have.get(key);
    const differs = !h || fields.some((f) => Math.abs(h[f]! - w[f]!) > ROLLUP_TOLERANCE);
    if (differs) diffs.push({ table, key, stored: h ?? null, recomputed: w });
  }
  for (const [key, h] of have)
    if (!want.has(key)) diffs.push({ table, key, stored: h, recomputed: null });
}
