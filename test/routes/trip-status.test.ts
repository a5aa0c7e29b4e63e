import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/roles.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { prepareTrips, storeTrips } from '../../server/services/trips.js';
import { body, createTestContext, TEST_NOW, type TestContext } from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

const staffA: Actor = { role: 'staff', accountId: 'acc-staff-a', partnerId: 'town-a' };

/** Stores an inferred trip the way the import and tracker paths do: unconfirmed. */
async function storeInferred(id: string, startedAt = '2011-03-01T07:00:00Z'): Promise<void> {
  const { writes } = await prepareTrips(
    t.db.kysely,
    staffA,
    [
      {
        id,
        commuterId: 'cmt-a1',
        startedAt,
        legs: [{ mode: 'bike', distanceKm: 4, durationMin: 15 }],
      },
    ],
    { source: 'import', nowMs: TEST_NOW, privacyRadiusM: 0 },
  );
  await t.db.kysely.transaction().execute((trx) =>
    storeTrips(
      trx,
      writes.map((w) => ({ ...w, status: 'unconfirmed' as const, origin: 'file:abc' })),
      new Date(TEST_NOW).toISOString(),
    ),
  );
}

async function rollupTrips(): Promise<number> {
  const r = await t.db.kysely
    .selectFrom('rollup_trip_day')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('trips'), eb.lit(0)).as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('unconfirmed trips', () => {
  it('are listed with status and source but stay out of the rollups until confirmed', async () => {
    await storeInferred('imp-1');
    const token = await t.token('commuterA');
    const list = await body(
      await t.request('/api/v1/trips?status=unconfirmed&source=import', { token }),
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      id: 'imp-1',
      status: 'unconfirmed',
      source: 'import',
      origin: 'file:abc',
      confirmedAt: null,
    });
    expect(await rollupTrips()).toBe(0);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);

    const res = await t.request('/api/v1/trips/imp-1/confirm', { method: 'POST', token });
    expect(res.status).toBe(200);
    const confirmed = await body(res);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.confirmedAt).toBe(new Date(TEST_NOW).toISOString());
    expect(await rollupTrips()).toBe(1);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);

    // A second tap changes nothing: the trip is counted once.
    const again = await t.request('/api/v1/trips/imp-1/confirm', { method: 'POST', token });
    expect(again.status).toBe(200);
    expect(await rollupTrips()).toBe(1);
    const unconfirmed = await body(await t.request('/api/v1/trips?status=unconfirmed', { token }));
    expect(unconfirmed.items).toHaveLength(0);
  });

  it('a correction (PATCH) confirms the trip with the corrected modes', async () => {
    await storeInferred('imp-2');
    const token = await t.token('commuterA');
    const res = await t.request('/api/v1/trips/imp-2', {
      method: 'PATCH',
      token,
      json: {
        replacedMode: 'car_driver',
        legs: [{ mode: 'ebike', distanceKm: 4, durationMin: 15 }],
      },
    });
    expect(res.status).toBe(200);
    const trip = await body(res);
    expect(trip).toMatchObject({ status: 'confirmed', mainMode: 'ebike', source: 'import' });
    expect(trip.origin).toBe('file:abc');
    expect(await rollupTrips()).toBe(1);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });

  it('deleting an unconfirmed trip leaves the rollups exact', async () => {
    await storeInferred('imp-3');
    const token = await t.token('commuterA');
    const res = await t.request('/api/v1/trips/imp-3', { method: 'DELETE', token });
    expect(res.status).toBe(204);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });

  it("another partner's commuter or staff cannot confirm it", async () => {
    await storeInferred('imp-4');
    for (const user of ['commuterB', 'staffB', 'commuterA2'] as const) {
      const res = await t.request('/api/v1/trips/imp-4/confirm', {
        method: 'POST',
        token: await t.token(user),
      });
      expect(res.status).toBe(404);
    }
    const analyst = await t.request('/api/v1/trips/imp-4/confirm', {
      method: 'POST',
      token: await t.token('analystA'),
    });
    expect(analyst.status).toBe(403);
    expect(await rollupTrips()).toBe(0);
  });

  it('trips entered by people are confirmed', async () => {
    const token = await t.token('commuterA');
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: { startedAt: '2011-03-02T07:00:00Z', legs: [{ mode: 'walk', distanceKm: 1 }] },
    });
    expect((await body(res)).status).toBe('confirmed');
  });
});

describe('unconfirmed trips in the indicators answer', () => {
  it('count in no figure; own staff and admins are told how many wait', async () => {
    const qs = 'partner=town-a&from=2011-03-01&to=2011-03-31';
    const staff = await t.token('staffA');
    const before = await body(await t.request(`/api/v1/indicators?${qs}`, { token: staff }));
    await storeInferred('imp-ind-1', '2011-03-02T07:00:00Z');
    await storeInferred('imp-ind-2', '2011-03-03T07:00:00Z');
    await storeInferred('imp-ind-out', '2011-04-03T07:00:00Z'); // outside the period
    const after = await body(await t.request(`/api/v1/indicators?${qs}`, { token: staff }));
    expect(after.trips).toBe(before.trips);
    expect(after.distanceKm).toBe(before.distanceKm);
    expect(after.unconfirmedTrips).toBe((before.unconfirmedTrips ?? 0) + 2);
    const admin = await body(
      await t.request(`/api/v1/indicators?${qs}`, { token: await t.token('admin') }),
    );
    expect(admin.unconfirmedTrips).toBe(after.unconfirmedTrips);
    // Confirmed, the trip counts and leaves the waiting count.
    const token = await t.token('commuterA');
    await t.request('/api/v1/trips/imp-ind-1/confirm', { method: 'POST', token });
    const done = await body(await t.request(`/api/v1/indicators?${qs}`, { token: staff }));
    expect(done.trips).toBe(before.trips + 1);
    expect(done.unconfirmedTrips).toBe(after.unconfirmedTrips - 1);
  });
});
