import fc from 'fast-check';
import { cellToParent, latLngToCell } from 'h3-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { aggregateRouteDensity, parentKeyShape } from '../../server/domain/route-density.js';
import { readRouteDensity } from '../../server/repositories/route-cells.js';

/**
 * The map's density is aggregated in SQL (issue 8: a map query loaded every cell × commuter row
 * into memory and exhausted the heap). The SQL groups by a prefix of the cell's hex string; the
 * in-memory aggregation with h3-js's cellToParent is the reference it must agree with.
 */

let db: Db;
beforeEach(async () => {
  db = openSqlite(':memory:');
  await migrateToLatest(db.kysely);
});
afterEach(() => db.close());

const scope = { partnerId: 'town-a', siteId: null, from: '2011-01-01', to: '2011-12-31' };

interface Row {
  cell: string;
  commuterId: string;
  month: string;
  trips: number;
}

async function store(rows: Row[]): Promise<void> {
  // The primary key is (partner, month, site, cell, commuter): merge duplicates as the rollup does.
  const merged = new Map<string, Row>();
  for (const r of rows) {
    const key = `${r.month}|${r.cell}|${r.commuterId}`;
    const m = merged.get(key);
    if (m) m.trips += r.trips;
    else merged.set(key, { ...r });
  }
  for (const r of merged.values()) {
    await db.kysely
      .insertInto('rollup_cell_month')
      .values({
        partner_id: 'town-a',
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
    fc.double({ min: -0.3, max: 0.3, noNaN: true }),
  ),
  dLon: fc.oneof(
    fc.constant(0),
    fc.double({ min: -0.003, max: 0.003, noNaN: true }),
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

describe('readRouteDensity', () => {
  it('agrees with the in-memory aggregation at every resolution from 6 to 9', async () => {
    let runsWithShownCells = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 40, maxLength: 150, size: 'max' }),
        fc.integer({ min: 6, max: 9 }),
        async (generated, resolution) => {
          await db.kysely.deleteFrom('rollup_cell_month').execute();
          const rows = generated.map((g) => ({
            cell: latLngToCell(g.place[0]! + g.dLat, g.place[1]! + g.dLon, 9),
            commuterId: `c${g.commuter}`,
            month: g.month,
            trips: g.trips,
          }));
          await store(rows);
          const inScope = rows.filter((r) => r.month.startsWith('2011'));
          const expected = aggregateRouteDensity(inScope, resolution, 5);
          const got = await readRouteDensity(db.kysely, scope, {
            resolution,
            k: 5,
            maxCells: 10_000,
          });
          expect(got.cells).toEqual(expected.cells);
          expect(got.suppressedCells).toBe(expected.suppressedCells);
          expect(got.truncated).toBe(false);
          if (got.cells.length > 0) runsWithShownCells += 1;
        },
      ),
      { numRuns: 60, seed: 8 },
    );
    // Both sides of the k rule were exercised, not only empty answers.
    expect(runsWithShownCells).toBeGreaterThan(10);
  });

  it('returns at most maxCells cells, the busiest, and says it cut the answer', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 8; i++) {
      const cell = latLngToCell(47.2, 15.6 + i * 0.01, 9);
      for (let c = 0; c < 5; c++)
        rows.push({ cell, commuterId: `c${c}`, month: '2011-03', trips: i + 1 });
    }
    await store(rows);
    const got = await readRouteDensity(db.kysely, scope, { resolution: 9, k: 5, maxCells: 3 });
    expect(got.truncated).toBe(true);
    expect(got.cells.map((c) => c.trips)).toEqual([40, 35, 30]);
    const all = await readRouteDensity(db.kysely, scope, { resolution: 9, k: 5, maxCells: 8 });
    expect(all.truncated).toBe(false);
    expect(all.cells).toHaveLength(8);
  });
});
