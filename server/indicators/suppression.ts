/**
 * Small-cell suppression (docs/methodology.md#suppression): an aggregate below partner level
 * (site, map cell, OD pair, small time bucket, transition-matrix cell) that rests on fewer than
 * k = 5 distinct commuters is not shown, so that no one can be singled out (DESIGN.md
 * section 6).
 */

/** Minimum number of distinct commuters behind a shown aggregate below partner level. */
export const SUPPRESSION_K = 5;

export type Suppressible<T> =
  | { suppressed: false; value: T; commuters: number }
  | { suppressed: true; reason: 'fewer_than_k'; k: number };

/**
 * The value if at least `k` distinct commuters stand behind it, else a suppression marker
 * (the UI shows "fewer than 5"). The commuter count is not revealed when suppressed.
 */
export function suppressSmallCell<T>(
  value: T,
  distinctCommuters: number,
  k: number = SUPPRESSION_K,
): Suppressible<T> {
  if (distinctCommuters < k) return { suppressed: true, reason: 'fewer_than_k', k };
  return { suppressed: false, value, commuters: distinctCommuters };
}

/** True when an aggregate over `distinctCommuters` may be shown below partner level. */
export function isShowable(distinctCommuters: number, k: number = SUPPRESSION_K): boolean {
  return distinctCommuters >= k;
}
