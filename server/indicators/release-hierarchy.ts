import { SUPPRESSION_K } from './suppression.js';

/**
 * Hierarchical release of per-mode cells (docs/methodology.md#release-units, issue 10): the
 * way statistical offices protect linked tables (cell suppression with complementary
 * suppression over a hierarchy, as in tau-Argus's hierarchical modular method; Hundepool et
 * al., Statistical Disclosure Control, 2012, ch. 4). Per released month, a figure family
 * (trips and km by mode, the baseline split) has cells at three levels: the network-month, each
 * partner-month, and each partition of a partner-month (a shown site-month, or the partner's
 * rest). Each level is answered from its own cells, so the network analyst's modal split no
 * longer inherits every site's small modes. Pure.
 */

/** One commuter in one mode cell of one partition of a month ('trips' or 'km'). */
export interface HierarchyMember {
  /** unitKey(partnerId, siteId or '~rest', month): 'partner|site|month'. */
  partition: string;
  mode: string;
  commuterId: string;
  kind: 'trips' | 'km';
}

/** Key of a scope's cell row: one per month and level. */
export const networkCellScope = (month: string) => `N|${month}`;
export const partnerCellScope = (partnerId: string, month: string) => `P|${partnerId}|${month}`;
export const partitionCellScope = (partition: string) => `S|${partition}`;
/** Key of one cell: a scope's row and a mode. */
export const cellKey = (scope: string, mode: string) => `${scope}#${mode}`;

interface Cell {
  key: string;
  trips: Set<string>;
  km: Set<string>;
}

/** An equation the caller can write with shown values: its cells and whether its side is known. */
interface Equation {
  /** The cells summed (a scope's modes; or a parent's children in one mode). */
  cells: Cell[];
  /**
   * The cell the others sum to, when it is itself a cell (a column: the parent's cell of the
   * mode); null for a row, whose total (the scope's trips and km) is always shown.
   */
  parent: Cell | null;
}

const size = (c: Cell) => Math.max(c.trips.size, c.km.size);

/**
 * Which cells are hidden (cellKey), month by month:
 * 1. a cell whose trips or km rest on 1 to k-1 distinct commuters is hidden, and every cell of
 *    a row in `forcedScopes` (a scope whose subgroup is withheld, e.g. 1 to k-1 survey
 *    commuters);
 * 2. complementary, to a fixed point, in every equation a caller can write with shown figures —
 *    a scope's row (its modes sum to its shown total) and a parent's column in one mode (a
 *    partner-month's partitions, or the network-month's partners, sum to the parent's cell) —
 *    if exactly one cell is hidden, or the hidden cells whose sum the equation gives (a row's
 *    pool, a column under a shown parent) rest on 1 to k-1 commuters together, the smallest
 *    shown cell of the equation (fewest commuters, then key) is hidden too.
 * So no shown figure minus other shown figures is one hidden cell or a group of 1 to k-1
 * commuters. Each month is decided on its own, so a month's cells are the same whatever period
 * is asked. Deterministic: equations in a fixed order, one cell hidden per step.
 */
export function hierarchicalHiddenCells(
  members: readonly HierarchyMember[],
  k: number = SUPPRESSION_K,
  forcedScopes: ReadonlySet<string> = new Set(),
  searchStates: number = MONTH_SEARCH_STATES,
): Set<string> {
  // month -> cells of that month
  const byMonth = new Map<string, Map<string, Cell>>();
  const cellOf = (cells: Map<string, Cell>, key: string) => {
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { key, trips: new Set(), km: new Set() }));
    return c;
  };
  for (const m of members) {
    const [partnerId, , month] = m.partition.split('|') as [string, string, string];
    let cells = byMonth.get(month);
    if (!cells) byMonth.set(month, (cells = new Map()));
    for (const scope of [
      partitionCellScope(m.partition),
      partnerCellScope(partnerId, month),
      networkCellScope(month),
    ])
      cellOf(cells, cellKey(scope, m.mode))[m.kind].add(m.commuterId);
  }
  const hidden = new Set<string>();
  for (const [, cells] of [...byMonth].sort(([a], [b]) => a.localeCompare(b)))
    for (const key of hideMonth(cells, k, forcedScopes, searchStates)) hidden.add(key);
  return hidden;
}

function hideMonth(
  cells: Map<string, Cell>,
  k: number,
  forcedScopes: ReadonlySet<string>,
  searchStates: number,
): Set<string> {
  const small = (n: number) => n > 0 && n < k;
  const hidden = new Set<string>();
  for (const c of cells.values())
    if (small(c.trips.size) || small(c.km.size) || forcedScopes.has(c.key.split('#')[0]!))
      hidden.add(c.key);

  // The equations of the month, in a fixed order: rows (partitions, partners, network), then
  // columns (partners over their partitions, the network over its partners).
  const rows = new Map<string, Cell[]>();
  const columns = new Map<string, Equation>();
  const sorted = [...cells.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const c of sorted) {
    const [scope, mode] = c.key.split('#') as [string, string];
    const row = rows.get(scope) ?? [];
    row.push(c);
    rows.set(scope, row);
    const parts = scope.split('|');
    // The parent's cell of the same mode: a partition's partner, a partner's network.
    let parentScope: string | null = null;
    if (parts[0] === 'S') parentScope = partnerCellScope(parts[1]!, parts[3]!);
    else if (parts[0] === 'P') parentScope = networkCellScope(parts[2]!);
    if (parentScope === null) continue;
    const parentKey = cellKey(parentScope, mode);
    const col = columns.get(parentKey) ?? { cells: [], parent: cells.get(parentKey)! };
    col.cells.push(c);
    columns.set(parentKey, col);
  }
  const equations: Equation[] = [
    ...[...rows.values()].map((r) => ({ cells: r, parent: null })),
    ...columns.values(),
  ];

  const rowOf = new Map<string, Cell[]>();
  for (const row of rows.values()) for (const c of row) rowOf.set(c.key, row);
  // A cell alone in its row (a scope with one mode) is, hidden, still its row's shown total:
  // hiding it protects nothing. A column then hides its parent's cell instead, and such a cell
  // is taken only when nothing else is left.
  const viable = (c: Cell) => rowOf.get(c.key)!.length > 1;
  // Hides the smallest shown viable cell of `candidates`, else the parent's cell, else any
  // shown candidate; false when none is left.
  const hideSmallest = (candidates: readonly Cell[], fallback: Cell | null) => {
    let next: Cell | null = null;
    for (const c of candidates)
      if (!hidden.has(c.key) && viable(c) && (next === null || size(c) < size(next))) next = c;
    if (next === null && fallback !== null && !hidden.has(fallback.key)) next = fallback;
    if (next === null)
      for (const c of candidates)
        if (!hidden.has(c.key) && (next === null || size(c) < size(next))) next = c;
    if (next === null) return false;
    hidden.add(next.key);
    return true;
  };
  const unionSmall = (list: readonly Cell[]) => {
    const trips = new Set<string>();
    const km = new Set<string>();
    for (const c of list) {
      for (const id of c.trips) trips.add(id);
      for (const id of c.km) km.add(id);
    }
    return small(trips.size) || small(km.size);
  };
  const localFixedPoint = () => {
    // Each step hides one more cell or the loop ends: at most as many passes as cells.
    for (let changed = true; changed; ) {
      changed = false;
      for (const eq of equations) {
        const hiddenCells = eq.cells.filter((c) => hidden.has(c.key));
        const parentHidden = eq.parent !== null && hidden.has(eq.parent.key);
        const count = hiddenCells.length + (parentHidden ? 1 : 0);
        // The sum of the hidden cells is known when the equation's other side is shown.
        const poolKnown = !parentHidden && hiddenCells.length > 0;
        if (count === 1 || (poolKnown && unionSmall(hiddenCells))) {
          if (hideSmallest(eq.cells, eq.parent)) changed = true;
        }
      }
    }
  };
  localFixedPoint();
  // The local rules leave a hidden cell in two equations or more, but chains of equations can
  // still pin one down (a "bridge" of the suppression pattern). So the month's whole system is
  // solved: while some hidden cell is determined by the shown cells and totals, the smallest
  // shown cell of an equation it is in is hidden too, and the local rules run again. Each pass
  // hides at least one cell: at most as many passes as cells.
  const leaves = sorted.filter((c) => c.key.startsWith('S|'));
  const columnOf = new Map<string, Equation>();
  for (const eq of columns.values()) for (const c of eq.cells) columnOf.set(c.key, eq);
  // A cell, or a combination of hidden leaves on 1 to k-1 commuters, that the shown figures
  // determine; 'over' when the month's search budget is spent.
  const budget: SearchBudget = { states: searchStates };
  // Whether the last disclosure was a combination on 1 to k-1 commuters (not a single cell).
  let lastSmall = false;
  const disclosed = (): Cell | null | 'over' => {
    const system = monthSystem(sorted, leaves, rows, hidden);
    const cell = determinedCells(sorted, hidden, system)[0];
    lastSmall = false;
    if (cell !== undefined) return cell;
    const group = smallDependency(system, k, budget);
    lastSmall = group !== null && group !== 'over';
    return group === 'over' ? group : (group?.[0] ?? null);
  };
  // Safe fallback when the budget is spent: every mode cell of the month is hidden, so a caller
  // can combine only scope totals, and each released partition's total rests on k or more.
  const hideAll = () => {
    for (const c of sorted) hidden.add(c.key);
    return hidden;
  };
  for (;;) {
    const c = disclosed();
    if (c === 'over') return hideAll();
    if (c === null) break;
    const smallGroup = lastSmall;
    const scope = c.key.split('#')[0]!;
    const col = columnOf.get(c.key);
    const own = columns.get(c.key);
    const near = [...rows.get(scope)!, ...(col?.cells ?? []), ...(own?.cells ?? [])];
    if (!hideSmallest(near, col?.parent ?? null)) {
      // Every cell of its own equations is hidden: the one shown cell, smallest first, whose
      // hiding ends this disclosure (rare; each try solves the month's system once more).
      const shown = sorted
        .filter((x) => !hidden.has(x.key))
        .sort((a, b) => size(a) - size(b) || a.key.localeCompare(b.key));
      let over = false;
      const fix = shown.find((x) => {
        hidden.add(x.key);
        const now = disclosed();
        hidden.delete(x.key);
        over = now === 'over';
        return over || now !== c;
      });
      if (over) return hideAll();
      // No single cell ends it: a known combination on 1 to k-1 commuters must not stay, so
      // the month falls back to its totals; a single determined cell keeps the old stop.
      if (fix === undefined && smallGroup) return hideAll();
      if (fix === undefined) break;
      hidden.add(fix.key);
    }
    localFixedPoint();
  }
  return hidden;
}

/**
 * The month's system as the caller can write it: the unknowns are the hidden partition cells
 * (leaves); every scope's total and every shown cell of any level is one linear equation in
 * them. `vectorOf` gives a cell's (or a scope's) vector over the unknowns.
 */
interface MonthSystem {
  /** The hidden leaves, in key order: the unknowns. */
  unknowns: Cell[];
  vectorOf: (key: string) => number[];
  basis: Array<{ pivot: number; row: number[] }>;
  /** Partition rows (scopes) whose every cell is hidden: their pool is their shown total. */
  closedRows: Set<string>;
}

function monthSystem(
  sorted: readonly Cell[],
  leaves: readonly Cell[],
  rows: ReadonlyMap<string, Cell[]>,
  hidden: ReadonlySet<string>,
): MonthSystem {
  const unknowns = leaves.filter((l) => hidden.has(l.key));
  // The hidden leaves under each row (scope) and each cell of every level, by index.
  const members = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  };
  unknowns.forEach((l, i) => {
    const [scope, mode] = l.key.split('#') as [string, string];
    const [, partnerId, , month] = scope.split('|') as [string, string, string, string];
    for (const row of [scope, partnerCellScope(partnerId, month), networkCellScope(month)]) {
      add(row, i);
      add(cellKey(row, mode), i);
    }
  });
  const vectorOf = (key: string) => {
    const v = new Array<number>(unknowns.length).fill(0);
    for (const i of members.get(key) ?? []) v[i] = 1;
    return v;
  };
  const system: number[][] = [];
  for (const scope of rows.keys()) if (members.has(scope)) system.push(vectorOf(scope));
  for (const c of sorted)
    if (!hidden.has(c.key) && members.has(c.key)) system.push(vectorOf(c.key));
  const closedRows = new Set<string>();
  for (const [scope, row] of rows)
    if (scope.startsWith('S|') && row.every((c) => hidden.has(c.key))) closedRows.add(scope);
  return { unknowns, vectorOf, basis: reducedBasis(system, unknowns.length), closedRows };
}

/**
 * The hidden cells whose value follows from the shown ones: a hidden cell (a sum of leaves) is
 * determined when its vector lies in the row space of the month's system (Gauss-Jordan
 * elimination; coefficients are 0 and 1, so floating point with a tolerance is exact enough at
 * these sizes).
 */
function determinedCells(
  sorted: readonly Cell[],
  hidden: ReadonlySet<string>,
  system: MonthSystem,
): Cell[] {
  if (system.unknowns.length === 0) return [];
  const { vectorOf, basis } = system;
  const out: Cell[] = [];
  for (const c of sorted) if (hidden.has(c.key) && inRowSpace(basis, vectorOf(c.key))) out.push(c);
  return out;
}

/**
 * Search states (sets of 1 to k-1 commuters) one month's decision may try in all, across its
 * passes, before the safe fallback (every cell of the month hidden). The demo's busiest month
 * needs far fewer (docs/methodology.md#release-units, "Limits"); the bound is for adversarial
 * tables, where the number of small commuter sets grows like the 4th power of the month's
 * small-cell commuters.
 */
export const MONTH_SEARCH_STATES = 400_000;

/** What is left of one month's search budget (states), shared by its passes. */
interface SearchBudget {
  states: number;
}

/** A sparse vector: column -> nonzero value. */
type Sparse = Map<number, number>;

/** Zero below this: the signatures are rationals with small denominators, so a looser tolerance
 * than the elimination's can only find more dependencies (more hiding), never fewer. */
const DEP_EPS = 1e-7;

/** Rows with distinct pivots, each zero at the earlier rows' pivots, each with its combination
 * of leaves (the row = sum of coefficient x leaf signature). */
type Echelon = Array<{ pivot: number; vec: Sparse; combo: Sparse }>;

/**
 * Adds `vec` (= `combo` over the leaves) to the echelon; returns the combination when it reduces
 * to zero (a dependency among the leaves), else null.
 */
function insertRow(echelon: Echelon, vec: Sparse, combo: Sparse): Sparse | null {
  const v = new Map(vec);
  const c = new Map(combo);
  const axpy = (x: Sparse, y: Sparse, g: number) => {
    for (const [j, a] of y) {
      const b = (x.get(j) ?? 0) - g * a;
      if (Math.abs(b) > DEP_EPS) x.set(j, b);
      else x.delete(j);
    }
  };
  for (const row of echelon) {
    const g = v.get(row.pivot);
    if (g === undefined) continue;
    axpy(v, row.vec, g);
    axpy(c, row.combo, g);
  }
  if (v.size === 0) return c;
  let pivot = -1;
  for (const [j, x] of v) if (pivot < 0 || Math.abs(x) > Math.abs(v.get(pivot)!)) pivot = j;
  const f = v.get(pivot)!;
  for (const [j, x] of v) v.set(j, x / f);
  for (const [j, x] of c) c.set(j, x / f);
  echelon.push({ pivot, vec: v, combo: c });
  return null;
}

/** The leaves whose signature is nonzero in each column, in the order of `leaves`. */
function leavesByColumn(
  leaves: readonly number[],
  signatures: ReadonlyMap<number, Sparse>,
): Map<number, number[]> {
  const byColumn = new Map<number, number[]>();
  for (const i of leaves)
    for (const j of signatures.get(i)!.keys()) {
      const list = byColumn.get(j);
      if (list) list.push(i);
      else byColumn.set(j, [i]);
    }
  return byColumn;
}

/**
 * The exact group check: hidden leaves whose values, combined with any weights (a sum, a
 * difference), the shown figures determine although the combination's trips or km rest on 1 to
 * k-1 distinct commuters, or null; 'over' when the month's search budget ran out first.
 *
 * A combination of leaves is determined exactly when the same combination of their signatures
 * (each unit vector's residue after reduction by the caller's row space) is zero. So the
 * condition is: for every set S of 1 to k-1 commuters, the signatures of the hidden leaves whose
 * commuters (of one kind: trips, or km) all lie in S are linearly independent. A leaf with no
 * commuter of that kind is 0 in it, so its signature is taken as known (quotiented out first;
 * conservative). A minimal dependency (circuit) is connected through shared nonzero signature
 * columns, else it would split into two smaller ones; so the sets S are grown from each small
 * leaf's commuters by adding a leaf that shares a column with the leaves already inside, while S
 * stays under k. Every circuit on 1 to k-1 commuters is reached that way, so the search is exact;
 * each distinct S is tried once, and leaves of k or more commuters are never inside. Deterministic.
 */
function smallDependency(
  system: MonthSystem,
  k: number,
  budget: SearchBudget,
): Cell[] | null | 'over' {
  const { unknowns, basis, closedRows } = system;
  const sigOf = new Map<number, Sparse>();
  const sig = (i: number): Sparse => {
    let out = sigOf.get(i);
    if (out) return out;
    const v = new Array<number>(unknowns.length).fill(0);
    v[i] = 1;
    out = new Map();
    residue(basis, v).forEach((x, j) => {
      if (Math.abs(x) > DEP_EPS) out!.set(j, x);
    });
    sigOf.set(i, out);
    return out;
  };
  for (const kind of ['trips', 'km'] as const) {
    const small: number[] = [];
    const large: number[] = [];
    const empty: number[] = [];
    unknowns.forEach((cell, i) => {
      const n = cell[kind].size;
      if (n === 0) empty.push(i);
      else if (n < k) small.push(i);
      else large.push(i);
    });
    if (small.length === 0) continue;
    let candidates = leakSupport(basis, unknowns.length, large, small, empty);
    if (candidates.length === 0) continue;
    // Signatures modulo the known (empty) leaves'.
    const known: Echelon = [];
    for (const i of empty) insertRow(known, sig(i), new Map());
    const reduced = new Map<number, Sparse>();
    for (const i of candidates) {
      const v = new Map(sig(i));
      for (const row of known) {
        const g = v.get(row.pivot);
        if (g === undefined) continue;
        for (const [j, a] of row.vec) {
          const b = (v.get(j) ?? 0) - g * a;
          if (Math.abs(b) > DEP_EPS) v.set(j, b);
          else v.delete(j);
        }
      }
      if (v.size === 0) return [unknowns[i]!];
      reduced.set(i, v);
    }
    // Commuters as small integers; each leaf's commuters sorted.
    const idOf = new Map<string, number>();
    const who = new Map<number, number[]>();
    for (const i of candidates)
      who.set(
        i,
        [...unknowns[i]![kind]]
          .map((id) => {
            let n = idOf.get(id);
            if (n === undefined) idOf.set(id, (n = idOf.size));
            return n;
          })
          .sort((a, b) => a - b),
      );
    const unionSize = (a: readonly number[], b: readonly number[]) => {
      let n = a.length;
      for (const x of b) if (!a.includes(x)) n += 1;
      return n;
    };
    // Peeling: in a circuit every signature column of a leaf is nonzero in another of its
    // leaves, and any two of its leaves have at most k-1 commuters together. A leaf with a
    // column no such partner covers is in no small circuit; drop it, and repeat.
    for (let changed = true; changed; ) {
      changed = false;
      const byColumn = leavesByColumn(candidates, reduced);
      const keep = candidates.filter((i) => {
        for (const j of reduced.get(i)!.keys())
          if (!byColumn.get(j)!.some((m) => m !== i && unionSize(who.get(i)!, who.get(m)!) < k))
            return false;
        return true;
      });
      changed = keep.length < candidates.length;
      candidates = keep;
    }
    if (candidates.length === 0) continue;
    // Neighbours: candidates sharing a signature column and fitting under k together.
    const byColumn = leavesByColumn(candidates, reduced);
    const neighbours = new Map<number, number[]>();
    for (const i of candidates) {
      const set = new Set<number>();
      for (const j of reduced.get(i)!.keys())
        for (const m of byColumn.get(j)!)
          if (m !== i && unionSize(who.get(i)!, who.get(m)!) < k) set.add(m);
      neighbours.set(
        i,
        [...set].sort((a, b) => a - b),
      );
    }
    const byCommuter = new Map<number, number[]>();
    for (const i of candidates)
      for (const id of who.get(i)!) {
        const list = byCommuter.get(id);
        if (list) list.push(i);
        else byCommuter.set(id, [i]);
      }
    // A partition whose every cell is hidden gives its cells' sum through its total alone: that
    // is the release unit's own figure, which no hiding of cells can change. So a dependency
    // that combines such whole rows (equal weights within each; a leaf without commuters of
    // this kind takes any weight) is not a leak. Any other is. (The local rules leave no small
    // pool in a row with a shown cell.)
    const rowOfLeaf = (i: number) => unknowns[i]!.key.split('#')[0]!;
    const rowLeaves = new Map<string, number[]>();
    unknowns.forEach((cell, i) => {
      if (cell[kind].size === 0) return;
      const row = rowOfLeaf(i);
      const list = rowLeaves.get(row);
      if (list) list.push(i);
      else rowLeaves.set(row, [i]);
    });
    const isTotals = (dep: Sparse) => {
      for (const i of dep.keys()) {
        if (!closedRows.has(rowOfLeaf(i))) return false;
        const w = dep.get(i)!;
        for (const m of rowLeaves.get(rowOfLeaf(i))!)
          if (Math.abs((dep.get(m) ?? 0) - w) > 1e-6) return false;
      }
      return true;
    };
    const leak = (dep: Sparse) => [...dep.keys()].sort((a, b) => a - b).map((j) => unknowns[j]!);
    // A set of at most k-1 commuter numbers (sorted) as one number, for the set of seen states.
    const base = idOf.size + 1;
    // Exact only while base^(k-1) is a safe integer (8,191 commuters at k = 5); a string past it.
    const exact = base ** (k - 1) < Number.MAX_SAFE_INTEGER;
    const keyOf = (S: readonly number[]): number | string =>
      exact ? S.reduce((acc, x) => acc * base + x + 1, 0) : S.join(',');
    const seen = new Set<number | string>();
    interface State {
      S: number[];
      inside: Set<number>;
      echelon: Echelon;
    }
    // Adds `leaves` to a copy of `echelon`: the dependency that is a leak, or the new echelon.
    const extend = (
      echelon: Echelon,
      leaves: readonly number[],
    ): { leak: Cell[] } | { echelon: Echelon } => {
      const out = echelon.slice();
      for (const i of leaves) {
        const dep = insertRow(out, reduced.get(i)!, new Map([[i, 1]]));
        if (dep !== null && !isTotals(dep)) return { leak: leak(dep) };
      }
      return { echelon: out };
    };
    const stack: State[] = [];
    for (const start of candidates) {
      const S0 = who.get(start)!;
      if (seen.has(keyOf(S0))) continue;
      seen.add(keyOf(S0));
      const inside0 = [...new Set(S0.flatMap((id) => byCommuter.get(id)!))]
        .filter((i) => who.get(i)!.every((x) => S0.includes(x)))
        .sort((a, b) => a - b);
      const e0 = extend([], inside0);
      if ('leak' in e0) return e0.leak;
      stack.push({ S: S0, inside: new Set(inside0), echelon: e0.echelon });
      while (stack.length > 0) {
        const { S, inside, echelon } = stack.pop()!;
        const next = new Set<number>();
        for (const i of inside) for (const m of neighbours.get(i)!) if (!inside.has(m)) next.add(m);
        for (const m of [...next].sort((a, b) => b - a)) {
          const add = who.get(m)!.filter((x) => !S.includes(x));
          if (S.length + add.length >= k) continue;
          const S2 = [...S, ...add].sort((a, b) => a - b);
          const key = keyOf(S2);
          if (seen.has(key)) continue;
          seen.add(key);
          if (--budget.states < 0) return 'over';
          // The new leaves inside: those with an added commuter and all others in S2.
          const fresh = [...new Set(add.flatMap((id) => byCommuter.get(id)!))]
            .filter((i) => !inside.has(i) && who.get(i)!.every((x) => S2.includes(x)))
            .sort((a, b) => a - b);
          const e = extend(echelon, fresh);
          if ('leak' in e) return e.leak;
          // A set of k-1 commuters has no larger set to grow into.
          if (S2.length < k - 1)
            stack.push({ S: S2, inside: new Set([...inside, ...fresh]), echelon: e.echelon });
        }
      }
    }
  }
  return null;
}

/**
 * The small leaves that can be in a leak at all: the support, on `small`, of the row space's
 * vectors that are zero on every `large` leaf (a leak's support holds no leaf of k or more;
 * the `empty` leaves are free). Gauss-Jordan with the large leaves' columns first, the small
 * ones next, the empty ones last: a reduced row is zero left of its pivot, so the rows whose
 * pivot is a small leaf span exactly those vectors (projected on the small leaves). On the
 * demo this space is small, and most months' searches end here or grow from a few leaves.
 */
function leakSupport(
  basis: ReadonlyArray<{ pivot: number; row: number[] }>,
  width: number,
  large: readonly number[],
  small: readonly number[],
  empty: readonly number[],
): number[] {
  const order = [...large, ...small, ...empty];
  const from = large.length;
  const to = large.length + small.length;
  const reduced = reducedBasis(
    basis.map(({ row }) => order.map((j) => row[j]!)),
    width,
  );
  const out = new Set<number>();
  for (const { pivot, row } of reduced)
    if (pivot >= from && pivot < to)
      for (let p = from; p < to; p++) if (Math.abs(row[p]!) > DEP_EPS) out.add(order[p]!);
  return [...out].sort((a, b) => a - b);
}

const EPS = 1e-9;

/** Gauss-Jordan: the nonzero rows of the reduced row echelon form, with their pivot columns. */
function reducedBasis(rows: number[][], width: number): Array<{ pivot: number; row: number[] }> {
  const m = rows.filter((r) => r.some((x) => x !== 0)).map((r) => [...r]);
  const basis: Array<{ pivot: number; row: number[] }> = [];
  let r = 0;
  for (let c = 0; c < width && r < m.length; c++) {
    let p = -1;
    for (let i = r; i < m.length; i++)
      if (Math.abs(m[i]![c]!) > EPS && (p < 0 || Math.abs(m[i]![c]!) > Math.abs(m[p]![c]!))) p = i;
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    const pivotRow = m[r]!;
    const f = pivotRow[c]!;
    for (let j = c; j < width; j++) pivotRow[j]! /= f;
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const g = m[i]![c]!;
      if (Math.abs(g) > EPS) for (let j = c; j < width; j++) m[i]![j]! -= g * pivotRow[j]!;
    }
    basis.push({ pivot: c, row: pivotRow });
    r += 1;
  }
  return basis;
}

/** What is left of `v` after reduction by the rows: linear in `v`, zero iff `v` is in their span. */
function residue(basis: ReadonlyArray<{ pivot: number; row: number[] }>, v: number[]): number[] {
  const x = [...v];
  for (const { pivot, row } of basis) {
    const g = x[pivot]!;
    if (Math.abs(g) > EPS) for (let j = pivot; j < x.length; j++) x[j]! -= g * row[j]!;
  }
  return x;
}

/** True when `v` is a linear combination of the reduced rows. */
function inRowSpace(basis: ReadonlyArray<{ pivot: number; row: number[] }>, v: number[]) {
  return residue(basis, v).every((y) => Math.abs(y) <= EPS);
}

/** Cells of one level of the hierarchy over some months: how many exist and how many are hidden. */
export interface LevelCellCount {
  cells: number;
  hidden: number;
}

/**
 * How many mode cells each level has and hides (npm run privacy-report: the cost of the rule).
 * Pure.
 */
export function countCellsByLevel(
  members: readonly HierarchyMember[],
  hidden: ReadonlySet<string>,
): Record<'network' | 'partner' | 'partition', LevelCellCount> {
  const out = {
    network: { cells: 0, hidden: 0 },
    partner: { cells: 0, hidden: 0 },
    partition: { cells: 0, hidden: 0 },
  };
  const seen = new Set<string>();
  for (const m of members) {
    const [partnerId, , month] = m.partition.split('|') as [string, string, string];
    const levels = [
      ['partition', partitionCellScope(m.partition)],
      ['partner', partnerCellScope(partnerId, month)],
      ['network', networkCellScope(month)],
    ] as const;
    for (const [level, scope] of levels) {
      const key = cellKey(scope, m.mode);
      if (seen.has(key)) continue;
      seen.add(key);
      out[level].cells += 1;
      if (hidden.has(key)) out[level].hidden += 1;
    }
  }
  return out;
}
