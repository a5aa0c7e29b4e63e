import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/connection.js';
import { openTestDatabase } from '../engine.js';
import { cellToParent, latLngToCell } from 'h3-js';
import { readMapCellShares, readMapGrainShare } from '../../server/repositories/privacy-report.js';

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

async function crossed(partner: string, month: string, cell: string, commuters: string[]) {
  for (const c of commuters)
    await db.kysely
      .insertInto('rollup_cell_month')
      .values({
        partner_id: partner,
        site_id: '',
        local_month: month,
        cell,
        commuter_id: c,
        trips: 2,
      })
      .execute();
}

describe('readMapCellShares (npm run privacy-report)', () => {
  it('counts cells the old per-answer rule showed and cells holding a released unit', async () => {
    const five = ['a0', 'a1', 'a2', 'a3', 'a4'];
    // X: five of town A in June, released in both rules.
    await crossed('town-a', '2011-06', 'x', five);
    // Y: three in June, the other two in July: 5 over the range (old rule), no released unit.
    await crossed('town-a', '2011-06', 'y', five.slice(0, 3));
    await crossed('town-a', '2011-07', 'y', five.slice(3));
    // Z: three of town A and two of town B in July: 5 in the old network map, no partner unit.
    await crossed('town-a', '2011-07', 'z', five.slice(0, 3));
    await crossed('town-b', '2011-07', 'z', ['b0', 'b1']);
    expect(await readMapCellShares(db.kysely, 5)).toEqual([
      { label: '2011-06', total: 2, before: 1, after: 1 },
      { label: '2011-07', total: 2, before: 1, after: 0 },
      { label: 'all', total: 3, before: 3, after: 1 },
    ]);
  });
});

describe('readMapGrainShare (npm run privacy-report)', () => {
  it('counts units released at a grain and the route cells and crossings they cover', async () => {
    const five = ['a0', 'a1', 'a2', 'a3', 'a4'];
    // Two resolution-9 cells of one resolution-8 cell: 3 commuters in one, 2 others in the other.
    const a = latLngToCell(47.2, 15.6, 9);
    const sibling = latLngToCell(47.2, 15.6 + 0.004, 9);
    expect(cellToParent(sibling, 8)).toBe(cellToParent(a, 8));
    expect(sibling).not.toBe(a);
    await crossed('town-a', '2011-04', a, five.slice(0, 3));
    await crossed('town-a', '2011-05', sibling, five.slice(3));
    // Far away: 4 commuters, never released.
    await crossed('town-a', '2011-04', latLngToCell(47.5, 15.9, 9), five.slice(0, 4));
    const month9 = await readMapGrainShare(db.kysely, 5, { resolution: 9, time: 'month' });
    expect(month9).toMatchObject({
      units: 3,
      releasedUnits: 0,
      routeCells: 3,
      routeCellsCovered: 0,
    });
    const quarter8 = await readMapGrainShare(db.kysely, 5, { resolution: 8, time: 'quarter' });
    // The two neighbours make one unit of 5 in the quarter: 2 of 3 route cells, 10 of 18 crossings.
    expect(quarter8).toMatchObject({
      units: 2,
      releasedUnits: 1,
      routeCells: 3,
      routeCellsCovered: 2,
      crossings: 18,
      crossingsCovered: 10,
    });
  });
});
