import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { bikeTrip, createTestContext, expectClose, type TestContext } from '../helpers.js';

/**
 * `npm run rollups -- --verify` is what an operator runs after a restore or a crash: it must
 * name a stored month row that is off, missing or extra, not only agree when all is well.
 */

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

describe('verifyRollups', () => {
  it('names the commuter-month rows that differ from the day rows recomputed from raw legs', async () => {
    const token = await t.token('commuterA');
    for (const [id, day] of [
      ['v-1', '2011-03-01'],
      ['v-2', '2011-03-02'],
      ['v-3', '2011-04-05'],
    ] as const) {
      const res = await t.request('/api/v1/trips', {
        method: 'POST',
        token,
        json: bikeTrip({
          id,
          startedAt: `${day}T07:30:00+01:00`,
          endedAt: `${day}T07:52:00+01:00`,
        }),
      });
      expect(res.status).toBe(201);
    }
    const k = t.db.kysely;
    expect(await verifyRollups(k)).toEqual([]);

    await k
      .updateTable('rollup_commuter_month')
      .set({ days: 5 })
      .where('commuter_id', '=', 'cmt-a1')
      .where('local_month', '=', '2011-03')
      .where('mode', '=', '_cycling')
      .execute();
    await k
      .deleteFrom('rollup_commuter_month')
      .where('commuter_id', '=', 'cmt-a1')
      .where('local_month', '=', '2011-04')
      .where('mode', '=', 'bike')
      .execute();
    const diffs = await verifyRollups(k);
    expect(diffs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          table: 'rollup_commuter_month',
          key: 'cmt-a1|2011-03|_cycling',
          stored: expect.objectContaining({ days: 5 }),
          recomputed: expect.objectContaining({ days: 2 }),
        }),
        expect.objectContaining({
          table: 'rollup_commuter_month',
          key: 'cmt-a1|2011-04|bike',
          stored: null,
          recomputed: expect.objectContaining({ days: 1, legs: 1 }),
        }),
      ]),
    );
    expect(diffs).toHaveLength(2);
  });
});

describe('verifyRollups compares every table in the database', () => {
  /** A 3 km line east along 47.2° N, one point every 100 m: a route crossing several cells. */
  const kmPerDegLon = 111.32 * Math.cos((47.2 * Math.PI) / 180);
  const route = Array.from({ length: 31 }, (_, i) => [15.6 + (i * 0.1) / kmPerDegLon, 47.2]);
  const trip = (id: string, day: string) =>
    bikeTrip({
      id,
      startedAt: `${day}T07:30:00+01:00`,
      endedAt: `${day}T07:52:00+01:00`,
      legs: [
        {
          mode: 'bike',
          distanceKm: 3,
          durationMin: 12,
          geometry: { type: 'LineString', coordinates: route },
        },
        { mode: 'walk', distanceKm: 0.4, durationMin: 5 },
      ],
    });

  it('names a changed, a missing and an extra row in each kind of rollup, route cells included, and keeps to one partner when asked', async () => {
    const tokenA = await t.token('commuterA');
    for (const [id, day] of [
      ['w-1', '2011-03-01'],
      ['w-2', '2011-04-05'],
    ] as const)
      expect(
        (await t.request('/api/v1/trips', { method: 'POST', token: tokenA, json: trip(id, day) }))
          .status,
      ).toBe(201);
    const tokenB = await t.token('commuterB');
    expect(
      (
        await t.request('/api/v1/trips', {
          method: 'POST',
          token: tokenB,
          json: trip('w-b', '2011-03-02'),
        })
      ).status,
    ).toBe(201);
    const k = t.db.kysely;
    expect(await verifyRollups(k)).toEqual([]);
    const cells = await k
      .selectFrom('rollup_cell_month')
      .selectAll()
      .where('commuter_id', '=', 'cmt-a1')
      .orderBy('cell')
      .execute();
    expect(cells.length).toBeGreaterThan(2);

    // A changed sum, a missing row and an extra row, in one table of each kind.
    await k
      .updateTable('rollup_leg_day')
      .set({ distance_km: 4 })
      .where('partner_id', '=', 'town-a')
      .where('local_day', '=', '2011-03-01')
      .where('mode', '=', 'bike')
      .execute();
    await k
      .deleteFrom('rollup_trip_month')
      .where('partner_id', '=', 'town-a')
      .where('local_month', '=', '2011-04')
      .execute();
    await k
      .insertInto('rollup_commuter_day')
      .values({
        commuter_id: 'cmt-a1',
        local_day: '2011-05-01',
        mode: 'walk',
        partner_id: 'town-a',
        site_id: 'site-a',
        main_trips: 1,
        legs: 1,
        commute_legs: 1,
        distance_km: 1,
        timed_distance_km: 1,
        duration_min: 10,
      })
      .execute();
    await k
      .updateTable('rollup_commuter_cum')
      .set({ is_last: 0 })
      .where('commuter_id', '=', 'cmt-a1')
      .where('mode', '=', 'walk')
      .where('is_last', '=', 1)
      .execute();
    await k
      .updateTable('rollup_cell_month')
      .set({ trips: 2 })
      .where('commuter_id', '=', 'cmt-a1')
      .where('cell', '=', cells[0]!.cell)
      .where('local_month', '=', cells[0]!.local_month)
      .execute();
    // A cell row of a commuter without any trip is found too.
    await k
      .insertInto('rollup_cell_month')
      .values({ ...cells[1]!, commuter_id: 'cmt-a2', trips: 1 })
      .execute();
    // Another partner's row: reported by the full check only.
    await k
      .updateTable('rollup_leg_day')
      .set({ legs: 7 })
      .where('partner_id', '=', 'town-b')
      .where('mode', '=', 'walk')
      .execute();

    const cellKey = (c: (typeof cells)[number], commuter: string) =>
      `${c.partner_id}|${c.local_month}|${c.site_id}|${c.cell}|${commuter}`;
    const townA = [
      {
        table: 'rollup_leg_day',
        key: 'town-a|site-a|2011-03-01|bike|car_driver',
        stored: { legs: 1, distance_km: 4, timed_distance_km: 3, duration_min: 12 },
        recomputed: { legs: 1, distance_km: 3, timed_distance_km: 3, duration_min: 12 },
      },
      {
        table: 'rollup_trip_month',
        key: 'town-a|site-a|2011-04|bike',
        stored: null,
        recomputed: { trips: 1, distance_km: 3.4 },
      },
      {
        table: 'rollup_commuter_day',
        key: 'cmt-a1|2011-05-01|walk',
        stored: {
          main_trips: 1,
          legs: 1,
          commute_legs: 1,
          distance_km: 1,
          timed_distance_km: 1,
          duration_min: 10,
        },
        recomputed: null,
      },
      {
        table: 'rollup_commuter_cum',
        key: 'cmt-a1|walk: is_last wrong at 2011-04',
        stored: null,
        recomputed: null,
      },
      {
        table: 'rollup_cell_month',
        key: cellKey(cells[0]!, 'cmt-a1'),
        stored: { trips: 2 },
        recomputed: { trips: 1 },
      },
      {
        table: 'rollup_cell_month',
        key: cellKey(cells[1]!, 'cmt-a2'),
        stored: { trips: 1 },
        recomputed: null,
      },
    ];
    const scoped = await verifyRollups(k, { partnerId: 'town-a' });
    expectClose(scoped, townA);

    const all = await verifyRollups(k);
    expect(all).toHaveLength(townA.length + 1);
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          table: 'rollup_leg_day',
          key: 'town-b|site-b|2011-03-02|walk|car_driver',
          stored: expect.objectContaining({ legs: 7 }),
          recomputed: expect.objectContaining({ legs: 1 }),
        }),
      ]),
    );
  });
});
