import fc from 'fast-check';
import { cellToParent, latLngToCell } from 'h3-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/connection.js';
import { openTestDatabase } from '../engine.js';
import {
  MAP_UNIT_LAYERS,
  MAP_UNIT_RESOLUTION,
  quarterById,
} from '../../server/domain/release-units.js';
import {
  densityOfUnits,
  parentKeyShape,
  type ReleaseUnit,
  releaseUnitLayers,
} from '../../server/domain/route-density.js';
import { readReleasedDensity, releaseUnits } from '../../server/repositories/route-cells.js';

/**
 * The map's density is aggregated in SQL (issue 8: a map query loaded every cell × commuter row
 * into memory and exhausted the heap). The SQL groups by a prefix of the cell's hex string; the
 * in-memory aggregation with h3-js's cellToParent is the reference it must agree with.
 */

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

interface Row {
  partnerId?: string;
  cell: string;
  commuterId: string;
  month: string;
  trips: number;
}

async function store(rows: Row[]): Promise<void> {
  // The primary key is (partner, month, site, cell, commuter): merge duplicates as the rollup does.
  const merged = new Map<string, Row>();
  for (const r of rows) {
    const key = `${r.partnerId ?? 'town-a'}|${r.month}|${r.cell}|${r.commuterId}`;
    const m = merged.get(key);
    if (m) m.trips += r.trips;
    else merged.set(key, { ...r });
  }
  for (const r of merged.values()) {
    await db.kysely
      .insertInto('rollup_cell_month')
      .values({
        partner_id: r.partnerId ?? 'town-a',
        site_id: '',
        local_month: r.month,
        cell: r.cell,
        commuter_id: r.commuterId,
        trips: r.trips,
      })
      .execute();
  }
}

/** Cells near a few points in Europe, so that coarser parents are shared and k is reached. */
const rowArb = fc.record({
  place: fc.constantFrom(
    [47.2, 15.62],
    [56.04, 9.93],
    [45.45, 8.62],
    [-33.9, 151.2],
    [0.01, -0.01],
    [64.1, -21.9],
  ),
  // Mostly on top of each other (cells shared by 5 or more), sometimes far apart.
  dLat: fc.oneof(
    fc.constant(0),
    fc.double({ min: -0.003, max: 0.003, noNaN: true }),
    // Another resolution-8 cell inside the same resolution-7 cell, often.
    fc.constantFrom(0.006, -0.006),
    fc.double({ min: -0.3, max: 0.3, noNaN: true }),
  ),
  dLon: fc.oneof(
    fc.constant(0),
    fc.double({ min: -0.003, max: 0.003, noNaN: true }),
    // Another resolution-8 cell inside the same resolution-7 cell, often.
    fc.constantFrom(0.006, -0.006),
    fc.double({ min: -0.3, max: 0.3, noNaN: true }),
  ),
  commuter: fc.integer({ min: 0, max: 12 }),
  month: fc.constantFrom('2011-03', '2011-04', '2012-01'),
  trips: fc.integer({ min: 1, max: 40 }),
});

describe('parentKeyShape', () => {
  it('names exactly the parent: two cells share the key if and only if they share the parent', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.integer({ min: 0, max: 8 }),
        (lat, lon, d, res) => {
          const a = latLngToCell(lat, lon, 9);
          const b = latLngToCell(lat + d, lon - d, 9);
          const { chars, topBits } = parentKeyShape(res);
          const key = (c: string) =>
            `${c.slice(0, chars)}${parseInt(c[chars] ?? '0', 16) >> (4 - topBits)}`;
          expect(a).toHaveLength(15);
          expect(key(a) === key(b)).toBe(cellToParent(a, res) === cellToParent(b, res));
        },
      ),
      { numRuns: 2000, seed: 8 },
    );
  });
});

const Q1 = quarterById('2011-Q1')!;
const Q2 = quarterById('2011-Q2')!;
const layers = { ...MAP_UNIT_LAYERS, k: 5 };
const NOW = '2026-01-01T00:00:00.000Z';

describe('releaseUnits and readReleasedDensity', () => {
  it('release what the in-memory rule releases, and answer every resolution from 6 to 8 from it', async () => {
    let runsWithShownCells = 0;
    let runsWithComplementary = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ row: rowArb, partner: fc.constantFrom('town-a', 'town-b') }), {
          minLength: 40,
          maxLength: 150,
          size: 'max',
        }),
        fc.integer({ min: 6, max: MAP_UNIT_RESOLUTION }),
        fc.constantFrom<string | null>('town-a', null),
        async (generated, resolution, partnerId) => {
          for (const table of [
            'rollup_cell_month',
            'map_release_periods',
            'map_release_units',
          ] as const)
            await db.kysely.deleteFrom(table).execute();
          const rows = generated.map(({ row: g, partner }) => ({
            partnerId: partner,
            cell: latLngToCell(g.place[0]! + g.dLat, g.place[1]! + g.dLon, 9),
            commuterId: `c${g.commuter}`,
            month: g.month,
            trips: g.trips,
          }));
          await store(rows);
          await releaseUnits(db.kysely, ['town-a', 'town-b'], null, [Q1, Q2], layers, NOW);
          // 2012-01 is outside the released quarters: it must not count.
          const inScope = rows.filter(
            (r) => r.month.startsWith('2011') && (partnerId === null || r.partnerId === partnerId),
          );
          const expected = releaseUnitLayers(inScope, 7, 8, 5);
          const stored = await db.kysely
            .selectFrom('map_release_units')
            .selectAll()
            .where('partner_id', 'in', partnerId === null ? ['town-a', 'town-b'] : [partnerId])
            .execute();
          const asUnits = (r: number) =>
            stored
              .filter((u) => u.resolution === r)
              .map((u) => `${u.partner_id}|${u.time_unit}|${u.cell}|${u.trips}|${u.commuters}`)
              .sort();
          const key = (u: ReleaseUnit) =>
            `${u.partnerId}|${u.quarter}|${u.cell}|${u.trips}|${u.commuters}`;
          expect(asUnits(7)).toEqual(expected.coarse.map(key).sort());
          expect(asUnits(8)).toEqual(expected.fine.map(key).sort());
          const naive = releaseUnitLayers(inScope, 8, 8, 5).coarse.length;
          if (naive > expected.fine.length) runsWithComplementary += 1;

          const got = await readReleasedDensity(
            db.kysely,
            { partnerId, siteId: null },
            [Q1, Q2],
            layers,
            { resolution, maxCells: 10_000 },
          );
          const layer = resolution === 8 ? expected.fine : expected.coarse;
          expect(got.cells).toEqual(densityOfUnits(layer, resolution));
          expect(got.suppressedCells).toBe(
            resolution === 8 ? expected.withheld.fine : expected.withheld.coarse,
          );
          expect(got.truncated).toBe(false);
          if (got.cells.length > 0) runsWithShownCells += 1;
        },
      ),
      { numRuns: 60, seed: 8 },
    );
    // Both sides of the k rule and the complementary rule were exercised.
    expect(runsWithShownCells).toBeGreaterThan(10);
    expect(runsWithComplementary).toBeGreaterThan(3);
  });

  it('names unit cells exactly as h3-js does', async () => {
    const rows: Row[] = [];
    for (let c = 0; c < 5; c++)
      rows.push({
        cell: latLngToCell(-33.9, 151.2, 9),
        commuterId: `c${c}`,
        month: '2011-02',
        trips: 1,
      });
    await store(rows);
    await releaseUnits(db.kysely, ['town-a'], null, [Q1], layers, NOW);
    const stored = await db.kysely
      .selectFrom('map_release_units')
      .selectAll()
      .orderBy('resolution')
      .execute();
    expect(stored.map((u) => [u.resolution, u.cell])).toEqual([
      [7, cellToParent(latLngToCell(-33.9, 151.2, 9), 7)],
      [8, cellToParent(latLngToCell(-33.9, 151.2, 9), 8)],
    ]);
    expect(stored[1]).toMatchObject({ time_unit: '2011-Q1', trips: 5, commuters: 5 });
  });

  it('freezes a released quarter: later trips and deletions do not change its answer', async () => {
    const cell = latLngToCell(47.2, 15.6, 9);
    const rows: Row[] = [];
    for (let c = 0; c < 5; c++)
      rows.push({ cell, commuterId: `c${c}`, month: '2011-03', trips: 2 });
    // A unit of 4 commuters: withheld.
    const other = latLngToCell(47.3, 15.7, 9);
    for (let c = 0; c < 4; c++)
      rows.push({ cell: other, commuterId: `c${c}`, month: '2011-03', trips: 1 });
    await store(rows);
    const scopeA = { partnerId: 'town-a', siteId: null };
    const q = { resolution: 8, maxCells: 100 };
    expect(await releaseUnits(db.kysely, ['town-a'], null, [Q1], layers, NOW)).toBe(1);
    const before = await readReleasedDensity(db.kysely, scopeA, [Q1], layers, q);
    expect(before.cells).toEqual([{ h3: cellToParent(cell, 8), trips: 10, commuters: 5 }]);
    expect(before.suppressedCells).toBe(1);
    // A late trip into the released unit, a fifth commuter in the withheld one, a deletion.
    await store([
      { cell, commuterId: 'c9', month: '2011-03', trips: 1 },
      { cell: other, commuterId: 'c8', month: '2011-03', trips: 1 },
    ]);
    await db.kysely.deleteFrom('rollup_cell_month').where('commuter_id', '=', 'c0').execute();
    expect(await releaseUnits(db.kysely, ['town-a'], null, [Q1], layers, NOW)).toBe(0);
    expect(await readReleasedDensity(db.kysely, scopeA, [Q1], layers, q)).toEqual(before);
    // A quarter released for the first time afterwards sees the data as it is then.
    await store([{ cell, commuterId: 'c1', month: '2011-04', trips: 1 }]);
    expect(await releaseUnits(db.kysely, ['town-a'], null, [Q1, Q2], layers, NOW)).toBe(1);
  });

  it('returns at most maxCells cells, the busiest, and says it cut the answer', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 8; i++) {
      const cell = latLngToCell(47.2, 15.6 + i * 0.03, 9);
      for (let c = 0; c < 5; c++)
        rows.push({ cell, commuterId: `c${c}`, month: '2011-03', trips: i + 1 });
    }
    await store(rows);
    await releaseUnits(db.kysely, ['town-a'], null, [Q1], layers, NOW);
    const scopeA = { partnerId: 'town-a', siteId: null };
    const got = await readReleasedDensity(db.kysely, scopeA, [Q1], layers, {
      resolution: 8,
      maxCells: 3,
    });
    expect(got.truncated).toBe(true);
    expect(got.cells.map((c) => c.trips)).toEqual([40, 35, 30]);
    const all = await readReleasedDensity(db.kysely, scopeA, [Q1], layers, {
      resolution: 8,
      maxCells: 8,
    });
    expect(all.truncated).toBe(false);
    expect(all.cells).toHaveLength(8);
  });
});
