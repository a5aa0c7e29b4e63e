/**
 * Small-cell suppression (docs/methodology.md#suppression): an aggregate below partner level
 * (site, map cell, OD pair, small time bucket, transition-matrix cell) that rests on fewer than
 * k = 5 distinct commuters is not shown, so that no one can be singled out (DESIGN.md
 * section 6).
 */

/** Minimum number of distinct commuters behind a shown aggregate below partner level. */
export const SUPPRESSION_K = 5;

/**
 * What an answer's `suppressed[]` item says, as a code: the item's `reason` is English prose for
 * API readers; clients and the report translate by this code (with the item's `count` and
 * `modes` where the code needs them).
 */
export const SUPPRESSION_CODES = [
  /** No calendar month of the period is released yet: every figure is withheld. */
  'no_released_month',
  /** The scope (network, partner or site) has fewer than k active commuters. */
  'scope_below_k',
  /** `count` partner-months left out: fewer than k active commuters in the month. */
  'partner_months_left_out',
  /** `count` site-months left out: as above, or the site would give away the rest of its partner. */
  'site_months_left_out',
  /** `modes` of the follow-up split pooled as hidden, in `count` unit-months. */
  'modal_split_modes',
  /** `modes` of the baseline split pooled as hidden, in `count` unit-months. */
  'baseline_modes',
  /** `count` cells of the transition matrix hidden. */
  'transition_cells',
  /** HEAT for cycling: fewer than k cyclists (with `count`: in that many unit-months). */
  'heat_cycling',
  /** HEAT for walking: fewer than k walkers (with `count`: in that many unit-months). */
  'heat_walking',
  /** Cycling days and cyclists: fewer than k commuters with cycling days. */
  'cycling_days',
  /** Car-replacement rate: fewer than k baseline car drivers with trips. */
  'car_replacement',
  /** Survey-based car-km: fewer than k commuters with car-driver km. */
  'survey_car_km',
  /** Survey-based figures: fewer than k commuters with a baseline survey. */
  'survey_figures',
  /** Distinct-commuter counts over several months rounded to the nearest 5. */
  'distinct_counts_rounded',
] as const;
export type SuppressionCode = (typeof SUPPRESSION_CODES)[number];

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

/** One cell of a two-way table of distinct commuters (e.g. baseline mode × follow-up mode). */
export interface TableCell<R extends string = string, C extends string = string> {
  row: R;
  col: C;
  commuters: number;
}

/**
 * Complementary suppression (docs/methodology.md#privacy-what-is-released): which cells of a
 * table to hide so that no hidden cell of 1..k-1 commuters can be solved from what is shown
 * and the totals (the grand total, and each row's and column's total, which other answers may
 * give away). Cells below k are hidden first; then, while some line (row, column or the whole
 * table) has a pool of hidden commuters of 1..k-1, its smallest shown cell is hidden too. At the
 * end every line's total minus its shown cells is 0 or at least k, unless the line has no shown
 * cell left (then nothing in the table tells its total apart from the hidden cells).
 * Returns the indexes of the cells to hide. Pure, deterministic (ties: first cell in order).
 */
export function complementarySuppression(
  cells: readonly TableCell[],
  k: number = SUPPRESSION_K,
): Set<number> {
  const hidden = new Set<number>();
  cells.forEach((c, i) => {
    if (c.commuters > 0 && c.commuters < k) hidden.add(i);
  });
  const lines: number[][] = [cells.map((_, i) => i)];
  const group = (key: (c: TableCell) => string) => {
    const by = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const list = by.get(key(c)) ?? [];
      list.push(i);
      by.set(key(c), list);
    });
    lines.push(...by.values());
  };
  group((c) => c.row);
  group((c) => c.col);
  // Each pass hides at least one more cell or stops: at most cells.length passes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const pool = line.reduce((s, i) => s + (hidden.has(i) ? cells[i]!.commuters : 0), 0);
      if (pool === 0 || pool >= k) continue;
      let next = -1;
      for (const i of line)
        if (
          !hidden.has(i) &&
          cells[i]!.commuters > 0 &&
          (next < 0 || cells[i]!.commuters < cells[next]!.commuters)
        )
          next = i;
      if (next >= 0) {
        hidden.add(next);
        changed = true;
      }
    }
  }
  return hidden;
}
