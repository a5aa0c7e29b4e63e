import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { bikeTrip, createTestContext, type TestContext } from '../helpers.js';

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
