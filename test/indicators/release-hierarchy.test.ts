import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellKey,
  hierarchicalHiddenCells,
  networkCellScope,
  partitionCellScope,
  partnerCellScope,
  type HierarchyMember,
} from '../../server/indicators/release-hierarchy.js';

const K = 5;
const M = '2012-05';

/** `n` commuters of a partition in one mode, by trips and km (ids unique per partition, `tag`). */
function cell(partition: string, mode: string, n: number, tag = mode): HierarchyMember[] {
  return Array.from({ length: n }, (_, i) =>
    (['trips', 'km'] as const).map((kind) => ({
      partition,
      mode,
      commuterId: `${partition}:${tag}${i}`,
      kind,
    })),
  ).flat();
}
const S = (partner: string, site: string) => `${partner}|${site}|${M}`;
const hiddenAt = (hidden: Set<string>, scope: string) =>
  [...hidden]
    .filter((k) => k.startsWith(`${scope}#`))
    .map((k) => k.split('#')[1])
    .sort();

describe('hierarchicalHiddenCells (unit rules)', () => {
  it('shows every cell of 5 or more commuters and hides nothing else', () => {
    const hidden = hierarchicalHiddenCells([
      ...cell(S('a', 's1'), 'bike', 6),
      ...cell(S('a', 's1'), 'car_driver', 5),
      ...cell(S('b', 's1'), 'bike', 7),
    ]);
    expect(hidden.size).toBe(0);
  });

  it('a small mode in a site hides the next smallest mode of that row too (pool of 5+)', () => {
    const hidden = hierarchicalHiddenCells([
      ...cell(S('a', 's1'), 'walk', 2),
      ...cell(S('a', 's1'), 'bike', 6),
      ...cell(S('a', 's1'), 'car_driver', 9),
      ...cell(S('a', 's2'), 'walk', 6),
      ...cell(S('a', 's2'), 'bike', 6),
      ...cell(S('a', 's2'), 'car_driver', 6),
    ]);
    // Site s1: walk (2) and then bike (6, the smallest shown) pooled; the partner column of
    // walk and of bike then has s1 hidden alone, so s2's walk and bike are hidden as well; the
    // partner and the network cells stay shown.
    expect(hiddenAt(hidden, partitionCellScope(S('a', 's1')))).toEqual(['bike', 'walk']);
    expect(hiddenAt(hidden, partitionCellScope(S('a', 's2')))).toEqual(['bike', 'walk']);
    expect(hiddenAt(hidden, partnerCellScope('a', M))).toEqual([]);
    expect(hiddenAt(hidden, networkCellScope(M))).toEqual([]);
  });

  it('counts distinct commuters, by trips and by km: one person in two small modes is one', () => {
    const p = S('a', 's1');
    const hidden = hierarchicalHiddenCells([
      ...cell(p, 'bike', 6),
      ...cell(p, 'car_driver', 7),
      { partition: p, mode: 'walk', commuterId: 'x', kind: 'km' },
      { partition: p, mode: 'bus', commuterId: 'x', kind: 'km' },
      { partition: p, mode: 'bus', commuterId: 'x', kind: 'trips' },
    ]);
    // walk and bus rest on commuter x alone (1 < 5): bike (6, the smallest shown) goes too.
    expect(hiddenAt(hidden, partitionCellScope(p))).toEqual(['bike', 'bus', 'walk']);
  });

  it('a partner cell of 5 or more stays shown when all its sites hide the mode', () => {
    // Three sites with 2 cyclists each: every site hides bike, the partner shows 6 cyclists.
    const members = ['s1', 's2', 's3'].flatMap((s) => [
      ...cell(S('a', s), 'bike', 2),
      ...cell(S('a', s), 'car_driver', 8),
      ...cell(S('a', s), 'bus', 6),
    ]);
    const hidden = hierarchicalHiddenCells(members);
    expect(hiddenAt(hidden, partnerCellScope('a', M))).toEqual([]);
    expect(hiddenAt(hidden, networkCellScope(M))).toEqual([]);
    for (const s of ['s1', 's2', 's3'])
      expect(hiddenAt(hidden, partitionCellScope(S('a', s)))).toEqual(['bike', 'bus']);
  });

  it('a small partner cell hides a second partner in the network column', () => {
    const town = (p: string, ebike: number) => [
      ...cell(S(p, '~rest'), 'ebike', ebike),
      ...cell(S(p, '~rest'), 'bike', 6),
      ...cell(S(p, '~rest'), 'car_driver', 9),
    ];
    const hidden = hierarchicalHiddenCells([...town('a', 3), ...town('b', 6), ...town('c', 8)]);
    // a's e-bike (3) is hidden and its bike with it (row pool). In the network's e-bike column
    // b's (6, the next smallest) is hidden too, and then b's bike in b's row. The network shows
    // every mode: network minus the partners shown is a + b, 9 e-bike and 12 bike commuters.
    expect(hiddenAt(hidden, networkCellScope(M))).toEqual([]);
    expect(hiddenAt(hidden, partnerCellScope('a', M))).toEqual(['bike', 'ebike']);
    expect(hiddenAt(hidden, partnerCellScope('b', M))).toEqual(['bike', 'ebike']);
    expect(hiddenAt(hidden, partnerCellScope('c', M))).toEqual([]);
  });

  it('a mode only one partner has is hidden in the network when that partner hides it', () => {
    const hidden = hierarchicalHiddenCells([
      ...cell(S('a', '~rest'), 'ebike', 3),
      ...cell(S('a', '~rest'), 'bike', 6),
      ...cell(S('a', '~rest'), 'car_driver', 9),
      ...cell(S('b', '~rest'), 'ebike', 6),
      ...cell(S('b', '~rest'), 'car_driver', 9),
    ]);
    // Bike is a's alone: network bike = a's bike, so once a pools it the network must too,
    // and the network's row then pools a second mode (e-bike, the smaller shown one).
    expect(hiddenAt(hidden, networkCellScope(M))).toEqual(['bike', 'ebike']);
  });

  it('a forced row (a withheld subgroup) starts hidden and its parent hides around it', () => {
    // Site s1's survey subgroup is withheld: all its cells start hidden, although each has 5
    // or more; the partner's column then hides s2's cell of each mode too, the partner stays.
    const members = ['s1', 's2'].flatMap((s) => [
      ...cell(S('a', s), 'bike', 6),
      ...cell(S('a', s), 'car_driver', 7),
    ]);
    const hidden = hierarchicalHiddenCells(members, K, new Set([partitionCellScope(S('a', 's1'))]));
    expect(hiddenAt(hidden, partitionCellScope(S('a', 's1')))).toEqual(['bike', 'car_driver']);
    expect(hiddenAt(hidden, partitionCellScope(S('a', 's2')))).toEqual(['bike', 'car_driver']);
    expect(hiddenAt(hidden, partnerCellScope('a', M))).toEqual([]);
  });

  it('decides each month on its own', () => {
    const may = [...cell(S('a', 's1'), 'walk', 2), ...cell(S('a', 's1'), 'bike', 9)];
    const june = may.map((m) => ({ ...m, partition: m.partition.replace(M, '2012-06') }));
    const both = hierarchicalHiddenCells([...may, ...june]);
    const alone = hierarchicalHiddenCells(may);
    expect([...both].filter((k) => k.includes(M)).sort()).toEqual([...alone].sort());
  });
});

/**
 * The brute-force checker (issue 10): for random small hierarchies (1 to 3 partners of 1 to 3
 * partitions, 5 to 12 commuters each as released partitions have, 4 modes), what a caller can write down with the shown
 * figures is a system of linear equations in the hidden partition cells (the leaves): every
 * scope's total (partition, partner, network), and every shown cell at every level. A hidden
 * cell (leaf, partner or network) is disclosed when its value is determined by those equations,
 * i.e. when its indicator vector lies in the row space of the system restricted to the hidden
 * leaves (rank test). Every hidden leaf here holds at least one trip, so a cell that is not
 * determined linearly can move by a small step along the null space while every hidden leaf
 * stays non-negative: its LP interval given the shown cells and non-negativity has positive
 * width, i.e. it has at least two feasible values. We test that condition (exact, not the
 * weaker "a hidden partner in each equation"), and that every sum of hidden cells an equation
 * gives (a row's pool, a column under a shown parent) rests on 0 or at least 5 commuters.
 */
interface Table {
  members: HierarchyMember[];
  /** Leaf value (trips) per partition cell key. */
  value: Map<string, number>;
}

const MODES4 = ['walk', 'bike', 'bus', 'car_driver'];
/**
 * Random hierarchies: 1 to 3 partners of 1 to 3 partitions of k to `maxCommuters` commuters,
 * each commuter with the cells (mode and trips) `commuter` draws.
 */
function hierarchyArb(
  commuter: fc.Arbitrary<Array<{ mode: string; trips: number }>>,
  maxCommuters: number,
): fc.Arbitrary<Table> {
  return fc
    .array(
      fc.array(
        // A released partition (a shown site-month, or a partner's rest) has at least k.
        fc.array(commuter, { minLength: K, maxLength: maxCommuters }),
        { minLength: 1, maxLength: 3 },
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((partners) => {
      const members: HierarchyMember[] = [];
      const value = new Map<string, number>();
      for (const [p, partitions] of partners.entries())
        for (const [s, commuters] of partitions.entries()) {
          const partition = `p${p}|${s === partitions.length - 1 ? '~rest' : `s${s}`}|${M}`;
          for (const [c, cells] of commuters.entries())
            for (const { mode, trips } of cells) {
              members.push({ partition, mode, commuterId: `${partition}:c${c}`, kind: 'trips' });
              const key = cellKey(partitionCellScope(partition), mode);
              value.set(key, (value.get(key) ?? 0) + trips);
            }
        }
      return { members, value };
    });
}

/** One mode per commuter, 1 to 3 trips. */
const tableArb = hierarchyArb(
  fc
    .record({ mode: fc.constantFrom(...MODES4), trips: fc.integer({ min: 1, max: 3 }) })
    .map((cell) => [cell]),
  12,
);

/** Rank of a set of row vectors (Gaussian elimination; entries are small integers). */
function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    let pivot = -1;
    for (let i = r; i < m.length; i++) if (Math.abs(m[i]![c]!) > 1e-9) pivot = i;
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      if (f !== 0) for (let j = c; j < cols; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r += 1;
  }
  return r;
}

/** The leaf cells (partition cell keys) of a scope, in one mode or (null) in all. */
function leavesUnder(scope: string, mode: string | null, leaves: readonly string[]): string[] {
  const parts = scope.split('|');
  return leaves.filter((leaf) => {
    const [ls, lm] = leaf.split('#') as [string, string];
    if (mode !== null && lm !== mode) return false;
    if (parts[0] === 'S') return ls === scope;
    if (parts[0] === 'P') return ls.split('|')[1] === parts[1];
    return true;
  });
}
const leavesOfCell = (key: string, leaves: readonly string[]) => {
  const [scope, mode] = key.split('#') as [string, string];
  return leavesUnder(scope, mode, leaves);
};

/**
 * What a caller can write down with the shown figures: the hidden leaves (the unknowns), every
 * scope's total and every shown cell of every level as rows over them, and the system's rank.
 */
function callerSystem(t: Table, hidden: Set<string>) {
  const leaves = [...t.value.keys()].sort();
  const hiddenLeaves = leaves.filter((l) => hidden.has(l));
  const vector = (under: readonly string[]) => hiddenLeaves.map((l) => (under.includes(l) ? 1 : 0));
  const scopes = new Set<string>();
  const allCells = new Set<string>();
  for (const leaf of leaves) {
    const [ls, mode] = leaf.split('#') as [string, string];
    const [, partner, , month] = ls.split('|') as [string, string, string, string];
    for (const scope of [ls, partnerCellScope(partner, month), networkCellScope(month)]) {
      scopes.add(scope);
      allCells.add(cellKey(scope, mode));
    }
  }
  const system: number[][] = [];
  for (const scope of scopes) system.push(vector(leavesUnder(scope, null, leaves)));
  for (const c of allCells) if (!hidden.has(c)) system.push(vector(leavesOfCell(c, leaves)));
  // A vector's value is known exactly when adding it leaves the rank as it is.
  const base = hiddenLeaves.length === 0 ? 0 : rank(system);
  const known = (under: readonly string[]) => rank([...system, vector(under)]) === base;
  return { leaves, hiddenLeaves, allCells, known };
}

function disclosures(t: Table, hidden: Set<string>): string[] {
  const { leaves, hiddenLeaves, allCells, known } = callerSystem(t, hidden);
  if (hiddenLeaves.length === 0) return [];
  return [...allCells].filter((c) => hidden.has(c)).filter((c) => known(leavesOfCell(c, leaves)));
}

/** Equations whose hidden cells' sum is known (a row; a column under a shown parent) and rests on 1 to k-1 commuters. */
function smallPools(t: Table, hidden: Set<string>): string[] {
  const commuters = new Map<string, Set<string>>();
  for (const m of t.members) {
    const [partner, , month] = m.partition.split('|') as [string, string, string];
    for (const scope of [
      partitionCellScope(m.partition),
      partnerCellScope(partner, month),
      networkCellScope(month),
    ]) {
      const key = cellKey(scope, m.mode);
      const set = commuters.get(key) ?? new Set<string>();
      set.add(m.commuterId);
      commuters.set(key, set);
    }
  }
  const groups = new Map<string, string[]>();
  const add = (eq: string, cell: string) => groups.set(eq, [...(groups.get(eq) ?? []), cell]);
  for (const key of commuters.keys()) {
    const [scope, mode] = key.split('#') as [string, string];
    add(`row ${scope}`, key);
    const parts = scope.split('|');
    const parent =
      parts[0] === 'S'
        ? partnerCellScope(parts[1]!, parts[3]!)
        : parts[0] === 'P'
          ? networkCellScope(parts[2]!)
          : null;
    if (parent !== null && !hidden.has(cellKey(parent, mode))) add(`column ${parent} ${mode}`, key);
  }
  const out: string[] = [];
  for (const [eq, cells] of groups) {
    const ids = new Set(cells.filter((c) => hidden.has(c)).flatMap((c) => [...commuters.get(c)!]));
    if (ids.size > 0 && ids.size < K) out.push(`${eq}: ${ids.size}`);
  }
  return out;
}

/**
 * Groups of hidden leaves whose sum the shown figures determine although they rest on 1 to k-1
 * distinct commuters together (any number of leaves: the search grows a group while its
 * commuters stay under k), e.g. one town's bus trips plus another town's car trips.
 */
function smallGroups(t: Table, hidden: Set<string>): string[] {
  const { hiddenLeaves, known } = callerSystem(t, hidden);
  if (hiddenLeaves.length === 0) return [];
  const who = new Map<string, Set<string>>();
  for (const m of t.members) {
    const key = cellKey(partitionCellScope(m.partition), m.mode);
    const set = who.get(key) ?? new Set<string>();
    set.add(m.commuterId);
    who.set(key, set);
  }
  const out: string[] = [];
  const walk = (start: number, chosen: string[], union: Set<string>) => {
    if (chosen.length > 0 && known(chosen)) out.push(`${chosen.join('+')}: ${union.size}`);
    for (let i = start; i < hiddenLeaves.length; i++) {
      const u = new Set([...union, ...who.get(hiddenLeaves[i]!)!]);
      if (u.size >= K) continue;
      walk(i + 1, [...chosen, hiddenLeaves[i]!], u);
    }
  };
  walk(0, [], new Set());
  return out;
}

/** As tableArb, one trip per mode, but a commuter may use 1 to 3 modes (cells share commuters). */
const multiModeArb = hierarchyArb(
  fc
    .uniqueArray(fc.constantFrom(...MODES4), { minLength: 1, maxLength: 3 })
    .map((modes) => modes.map((mode) => ({ mode, trips: 1 }))),
  10,
);

describe('hierarchicalHiddenCells (brute-force checker on random hierarchies)', () => {
  it('no hidden cell of any level is determined by the shown cells and totals', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const hidden = hierarchicalHiddenCells(t.members, K);
        expect(disclosures(t, hidden)).toEqual([]);
        expect(smallPools(t, hidden)).toEqual([]);
        expect(smallGroups(t, hidden)).toEqual([]);
      }),
      {
        numRuns: Number(process.env.CHECK_RUNS ?? 300),
        seed: process.env.CHECK_RUNS ? undefined : 10,
      },
    );
  });

  it('no group of hidden cells on 1 to k-1 commuters has a known sum, commuters in several modes', () => {
    fc.assert(
      fc.property(multiModeArb, (t) => {
        const hidden = hierarchicalHiddenCells(t.members, K);
        expect(disclosures(t, hidden)).toEqual([]);
        expect(smallGroups(t, hidden)).toEqual([]);
      }),
      {
        numRuns: Number(process.env.CHECK_RUNS ?? 300),
        seed: process.env.CHECK_RUNS ? undefined : 10,
      },
    );
  });
});
