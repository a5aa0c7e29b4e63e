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
    for (const key of hideMonth(cells, k, forcedScopes)) hidden.add(key);
  return hidden;
}

function hideMonth(
  cells: Map<string, Cell>,
  k: number,
  forcedScopes: ReadonlySet<string>,
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
  // A cell, or a group of hidden leaves on 1 to k-1 commuters, that the shown figures determine.
  const disclosed = (): Cell | null => {
    const system = monthSystem(sorted, leaves, rows, hidden);
    return (
      determinedCells(sorted, hidden, system)[0] ?? determinedSmallGroup(system, k)?.[0] ?? null
    );
  };
  for (;;) {
    const c = disclosed();
    if (c === null) break;
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
      const fix = shown.find((x) => {
        hidden.add(x.key);
        const still = disclosed() === c;
        hidden.delete(x.key);
        return !still;
      });
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
  return { unknowns, vectorOf, basis: reducedBasis(system, unknowns.length) };
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

/** Groups of hidden leaves searched for a known sum: 2 to this many cells. */
const MAX_GROUP = 4;

/**
 * A group of 2 to MAX_GROUP hidden leaves whose sum the shown figures determine although the
 * group rests on 1 to k-1 distinct commuters (say, one town's bus trips plus another town's car
 * trips: two people), or null. A sum is determined when its vector lies in the row space;
 * reduction by the row space is linear, so each leaf gets a signature (its unit vector's
 * residue) and a group is determined exactly when its signatures sum to zero: pairs by lookup,
 * groups of three and four by meeting pair sums in a hash (quadratic in the small leaves, not
 * exponential). Only leaves of 1 to k-1 commuters can be in such a group. Deterministic.
 */
function determinedSmallGroup(system: MonthSystem, k: number): Cell[] | null {
  const { unknowns, basis } = system;
  const small = unknowns.filter((cell) => size(cell) > 0 && size(cell) < k);
  if (small.length < 2) return null;
  const index = new Map(unknowns.map((cell, i) => [cell, i]));
  // Sparse signatures: [column, value] pairs in column order, without zeros.
  type Sig = Array<[number, number]>;
  const sigs: Sig[] = small.map((cell) => {
    const v = new Array<number>(unknowns.length).fill(0);
    v[index.get(cell)!] = 1;
    const out: Sig = [];
    residue(basis, v).forEach((x, j) => {
      if (Math.abs(x) > EPS) out.push([j, x]);
    });
    return out;
  });
  const keyOf = (v: Sig, sign: 1 | -1) =>
    v.map(([j, x]) => `${j}:${Math.round(sign * x * 1e6)}`).join(',');
  const add = (a: Sig, b: Sig): Sig => {
    const m = new Map<number, number>(a);
    for (const [j, x] of b) m.set(j, (m.get(j) ?? 0) + x);
    return [...m].filter(([, x]) => Math.abs(x) > EPS).sort(([i], [j]) => i - j);
  };
  // The group's commuters are counted only for a group whose sum is known.
  const found = (ids: number[]): Cell[] | null => {
    const trips = new Set<string>();
    const km = new Set<string>();
    for (const id of ids) {
      for (const c of small[id]!.trips) trips.add(c);
      for (const c of small[id]!.km) km.add(c);
    }
    const n = Math.max(trips.size, km.size);
    return n > 0 && n < k ? ids.map((id) => small[id]!) : null;
  };
  const bySig = new Map<string, number[]>();
  sigs.forEach((sig, a) => {
    const key = keyOf(sig, 1);
    bySig.set(key, [...(bySig.get(key) ?? []), a]);
  });
  // Pairs: a signature and its opposite. Pair sums are kept for the groups of three and four;
  // a pair already on k or more commuters cannot be part of a small group.
  const pairs: Array<[number, number, Sig]> = [];
  const sizes = small.map(size);
  for (let a = 0; a < sigs.length; a++)
    for (let b = a + 1; b < sigs.length; b++) {
      if (Math.max(sizes[a]!, sizes[b]!) >= k) continue;
      const sum = add(sigs[a]!, sigs[b]!);
      if (sum.length === 0) {
        const g = found([a, b]);
        if (g) return g;
        continue;
      }
      pairs.push([a, b, sum]);
    }
  const byPairSig = new Map<string, Array<[number, number]>>();
  for (const [a, b, sum] of pairs) {
    const key = keyOf(sum, 1);
    byPairSig.set(key, [...(byPairSig.get(key) ?? []), [a, b]]);
  }
  // Three: a pair and a single that cancel.
  for (let c = 0; c < sigs.length; c++)
    for (const [a, b] of byPairSig.get(keyOf(sigs[c]!, -1)) ?? [])
      if (c !== a && c !== b) {
        const g = found([a, b, c].sort((x, y) => x - y));
        if (g) return g;
      }
  if (MAX_GROUP < 4) return null;
  // Four: two disjoint pairs that cancel.
  for (const [c, d, sum] of pairs)
    for (const [a, b] of byPairSig.get(keyOf(sum, -1)) ?? [])
      if (a !== c && a !== d && b !== c && b !== d) {
        const g = found([a, b, c, d].sort((x, y) => x - y));
        if (g) return g;
      }
  return null;
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
