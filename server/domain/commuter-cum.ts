import type { CommuterMonthDelta } from './rollup-deltas.js';

/**
 * The running-total rollup rollup_commuter_cum (migrations/0015_period_rollups.sql): per
 * commuter, mode (and the day-count rows '_any' and '_cycling') and month, the sum of the
 * commuter-month rollup from the first month of that commuter and mode up to and including the
 * month. A run of whole months is the row at its last month minus the row at the month before
 * its first, so a partner-year reads two rows per commuter and mode instead of twelve. Each
 * (commuter, mode) has a row for every month from its first to its last (dense), the last one
 * marked is_last. Pure arithmetic: the write plan and what `rollups --verify` compares.
 */

/** The summed columns, as in rollup_commuter_month. */
export const CUM_SUMS = [
  'main_trips',
  'legs',
  'distance_km',
  'timed_distance_km',
  'duration_min',
  'days',
] as const;

/** Months as integers (year * 12 + month - 1), so that the SQL can count them portably. */
export function monthNo(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthOfNo(n: number): string {
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** One running total: a commuter and a mode (or '_any', '_cycling'). */
export const chainKey = (commuterId: string, mode: string) => `${commuterId}|${mode}`;

/** First and last month of one running total's stored rows. */
export interface CumBounds {
  first: number;
  last: number;
}

/** Rows to insert before a write's month deltas are added, so that every total stays dense. */
export interface CumPlan {
  /** A new row: a copy of the row at month `copyOf` (the total carried forward), or zeros. */
  fill: Array<{
    commuterId: string;
    mode: string;
    partnerId: string;
    monthNo: number;
    copyOf: number | null;
  }>;
  /** A running total whose last month moves from `from` (null: a new total) to `to`. */
  lastMoves: Array<{ commuterId: string; mode: string; from: number | null; to: number }>;
}

/**
 * Which rows a write must add before each month delta is added to its total's rows from that
 * month on: months before a total's first row start at zero, months after its last carry the
 * last row forward, and a new total gets zeros from the first to the last month written.
 */
export function planCumWrites(
  months: readonly CommuterMonthDelta[],
  bounds: ReadonlyMap<string, CumBounds>,
): CumPlan {
  const span = new Map<
    string,
    { commuterId: string; mode: string; partnerId: string; min: number; max: number }
  >();
  for (const d of months) {
    const no = monthNo(d.local_month);
    const key = chainKey(d.commuter_id, d.mode);
    const s = span.get(key);
    if (!s)
      span.set(key, {
        commuterId: d.commuter_id,
        mode: d.mode,
        partnerId: d.partner_id,
        min: no,
        max: no,
      });
    else {
      s.min = Math.min(s.min, no);
      s.max = Math.max(s.max, no);
    }
  }
  const plan: CumPlan = { fill: [], lastMoves: [] };
  for (const [key, s] of span) {
    const { commuterId, mode, partnerId } = s;
    const b = bounds.get(key);
    if (!b) {
      for (let m = s.min; m <= s.max; m++)
        plan.fill.push({ commuterId, mode, partnerId, monthNo: m, copyOf: null });
      plan.lastMoves.push({ commuterId, mode, from: null, to: s.max });
      continue;
    }
    for (let m = s.min; m < b.first; m++)
      plan.fill.push({ commuterId, mode, partnerId, monthNo: m, copyOf: null });
    for (let m = b.last + 1; m <= s.max; m++)
      plan.fill.push({ commuterId, mode, partnerId, monthNo: m, copyOf: b.last });
    if (s.max > b.last) plan.lastMoves.push({ commuterId, mode, from: b.last, to: s.max });
  }
  return plan;
}

/**
 * Float residue of a difference of two running totals: a sum that went up and down by the same
 * km is not always bit for bit where it was. Far below any measured km or minute.
 */
const RESIDUE = 1e-9;
export const withoutResidue = (x: number) => (Math.abs(x) < RESIDUE ? 0 : x);
