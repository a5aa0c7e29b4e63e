/**
 * The pure half of `npm run rollups -- --verify`: what a difference is and how rows are compared.
 * The repository (repositories/rollup-verify.ts) recomputes the rollups from raw legs in SQL,
 * the month tables from the legs too, never from the stored day tables, so a mistake in the
 * write-time deltas shows up as a difference.
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
