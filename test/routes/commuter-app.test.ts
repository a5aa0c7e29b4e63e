import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, createTestContext, type TestContext } from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

/** Bike to the station, train, walk: the multimodal commute issue 11 is about. */
const THREE_LEGS = {
  id: 'app-3legs',
  startedAt: '2026-11-26T07:10:00+01:00',
  purpose: 'commute',
  replacedMode: 'car_driver',
  legs: [
    { mode: 'bike', distanceKm: 2.4, durationMin: 9 },
    { mode: 'train', distanceKm: 18, durationMin: 16, replacedMode: 'car_driver' },
    { mode: 'walk', distanceKm: 0.6, durationMin: 8 },
  ],
};

async function countTrips(commuterId: string): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('trips')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('commuter_id', '=', commuterId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('a 3-leg trip and the usual commute', () => {
  it('a commuter logs bike + train + walk; its main mode is the longest leg', async () => {
    const token = await t.token('commuterA');
    const res = await t.request('/api/v1/trips', { method: 'POST', token, json: THREE_LEGS });
    expect(res.status).toBe(201);
    const trip = await body(res);
    expect(trip.legs.map((l: { mode: string }) => l.mode)).toEqual(['bike', 'train', 'walk']);
    expect(trip).toMatchObject({ mainMode: 'train', distanceKm: 21, commuterId: 'cmt-a1' });
  });

  it('saves the usual commute from a trip, then logs "both" with one tap, exactly once', async () => {
    const token = await t.token('commuterA');
    const trip = await body(
      await t.request('/api/v1/trips', { method: 'POST', token, json: THREE_LEGS }),
    );
    const put = await t.request('/api/v1/commuters/cmt-a1/usual-commute', {
      method: 'PUT',
      token,
      json: {
        legs: trip.legs.map((l: Record<string, unknown>) => ({
          mode: l.mode,
          distanceKm: l.distanceKm,
          durationMin: l.durationMin,
        })),
        replacedMode: 'car_driver',
        departToWork: '07:10',
        departBack: '16:05',
      },
    });
    expect(put.status).toBe(200);
    const usual = await body(await t.request('/api/v1/commuters/cmt-a1/usual-commute', { token }));
    expect(usual.legs).toHaveLength(3);
    expect(usual.departToWork).toBe('07:10');

    const tap = { date: '2026-11-27', direction: 'both', clientIds: ['tap-27-to', 'tap-27-back'] };
    const before = await countTrips('cmt-a1');
    const first = await t.request('/api/v1/commuters/cmt-a1/usual-commute/log', {
      method: 'POST',
      token,
      json: tap,
    });
    expect(first.status).toBe(201);
    const logged = await body(first);
    expect(logged.replayed).toBe(0);
    const [to, back] = logged.trips;
    expect(to.legs.map((l: { mode: string }) => l.mode)).toEqual(['bike', 'train', 'walk']);
    expect(back.legs.map((l: { mode: string }) => l.mode)).toEqual(['walk', 'train', 'bike']);
    // 07:10 in Vienna in November is 06:10 UTC; the local day is the date asked for.
    expect(to.startedAt).toBe('2026-11-27T06:10:00.000Z');
    expect(to.localDay).toBe('2026-11-27');
    expect(back.startedAt).toBe('2026-11-27T15:05:00.000Z');
    expect(to.replacedMode).toBe('car_driver');
    expect(await countTrips('cmt-a1')).toBe(before + 2);

    // The same tap again (a lost answer, a queue sent twice) stores nothing new.
    const again = await t.request('/api/v1/commuters/cmt-a1/usual-commute/log', {
      method: 'POST',
      token,
      json: tap,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await body(again)).replayed).toBe(2);
    expect(await countTrips('cmt-a1')).toBe(before + 2);
  });

  it('logs "back" tapped before the usual time of day as starting now, not in the future', async () => {
    const token = await t.token('commuterA');
    await t.request('/api/v1/commuters/cmt-a1/usual-commute', {
      method: 'PUT',
      token,
      json: {
        legs: [{ mode: 'bike', distanceKm: 4 }],
        replacedMode: 'car_driver',
        departBack: '16:05',
      },
    });
    // Now is 2026-11-28 12:00 UTC (13:00 in Vienna): 16:05 today has not come yet.
    const res = await t.request('/api/v1/commuters/cmt-a1/usual-commute/log', {
      method: 'POST',
      token,
      json: { date: '2026-11-28', direction: 'both', clientIds: ['early-to', 'early-back'] },
    });
    expect(res.status).toBe(201);
    const [to, back] = (await body(res)).trips;
    expect(to.startedAt).toBe('2026-11-28T07:00:00.000Z');
    expect(back.startedAt).toBe('2026-11-28T12:00:00.000Z');
  });

  it('refuses a tap with the wrong number of ids, and one before any usual commute', async () => {
    const token = await t.token('commuterA');
    const wrong = await t.request('/api/v1/commuters/cmt-a1/usual-commute/log', {
      method: 'POST',
      token,
      json: { date: '2026-11-27', direction: 'both', clientIds: ['only-one'] },
    });
    expect(wrong.status).toBe(422);
    const none = await t.request('/api/v1/commuters/cmt-a1/usual-commute/log', {
      method: 'POST',
      token,
      json: { date: '2026-11-27', direction: 'to_work', clientIds: ['x-1'] },
    });
    expect(none.status).toBe(404);
  });

  it("a commuter can neither read nor change another commuter's usual commute or trip", async () => {
    const own = await t.token('commuterA2');
    await t.request('/api/v1/commuters/cmt-a2/usual-commute', {
      method: 'PUT',
      token: own,
      json: { legs: [{ mode: 'bus', distanceKm: 4 }], replacedMode: 'car_driver' },
    });
    const trip = await body(
      await t.request('/api/v1/trips', {
        method: 'POST',
        token: own,
        json: { ...THREE_LEGS, id: 'a2-trip' },
      }),
    );
    const other = await t.token('commuterA');
    expect(
      (await t.request('/api/v1/commuters/cmt-a2/usual-commute', { token: other })).status,
    ).toBe(404);
    const put = await t.request('/api/v1/commuters/cmt-a2/usual-commute', {
      method: 'PUT',
      token: other,
      json: { legs: [{ mode: 'car_driver', distanceKm: 4 }], replacedMode: null },
    });
    expect(put.status).toBe(404);
    const log = await t.request('/api/v1/commuters/cmt-a2/usual-commute/log', {
      method: 'POST',
      token: other,
      json: { date: '2026-11-27', direction: 'to_work', clientIds: ['stolen-1'] },
    });
    expect(log.status).toBe(404);
    expect((await t.request(`/api/v1/trips/${trip.id}`, { token: other })).status).toBe(404);
    const patch = await t.request(`/api/v1/trips/${trip.id}`, {
      method: 'PATCH',
      token: other,
      json: { replacedMode: 'none' },
    });
    expect(patch.status).toBe(404);
    const del = await t.request(`/api/v1/trips/${trip.id}`, { method: 'DELETE', token: other });
    expect(del.status).toBe(404);
    // Nothing changed.
    const usual = await body(
      await t.request('/api/v1/commuters/cmt-a2/usual-commute', { token: own }),
    );
    expect(usual.legs).toEqual([{ mode: 'bus', distanceKm: 4 }]);
    expect(
      (await body(await t.request(`/api/v1/trips/${trip.id}`, { token: own }))).replacedMode,
    ).toBe('car_driver');
    // Staff of the partner may correct it, and that is audited.
    const staff = await t.request('/api/v1/commuters/cmt-a2/usual-commute', {
      method: 'PUT',
      token: await t.token('staffA'),
      json: { legs: [{ mode: 'bus', distanceKm: 4.2 }], replacedMode: 'car_driver' },
    });
    expect(staff.status).toBe(200);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', 'cmt-a2')
      .execute();
    expect(audit.map((a) => a.action)).toContain('usual_commute.update');
  });
});

describe('follow-up surveys', () => {
  it('are due 3 and 6 months after joining, and a follow-up survey marks the first done', async () => {
    const token = await t.token('commuterA');
    const before = await body(await t.request('/api/v1/commuters/cmt-a1', { token }));
    // cmt-a1 joined on 2010-09-01 (fixtures); today is 2026-11-28.
    expect(before.followUpsDue).toEqual([
      { kind: 'followup_3m', dueOn: '2010-12-01', done: false, due: true },
      { kind: 'followup_6m', dueOn: '2011-03-01', done: false, due: true },
    ]);
    const survey = await t.request('/api/v1/commuters/cmt-a1/surveys', {
      method: 'POST',
      token,
      json: {
        kind: 'followup',
        takenOn: '2010-12-03',
        usualMode: 'bike',
        oneWayKm: 5,
        daysPerWeek: 5,
      },
    });
    expect(survey.status).toBe(201);
    const after = await body(await t.request('/api/v1/commuters/cmt-a1', { token }));
    expect(after.followUpsDue.map((f: { done: boolean }) => f.done)).toEqual([true, false]);
  });
});

describe('my impact', () => {
  it('changes after a trip, computed like the dashboard, with streak and daily series', async () => {
    const token = await t.token('commuterA');
    const empty = await body(
      await t.request('/api/v1/commuters/cmt-a1/impact?period=week', { token }),
    );
    // 2026-11-28 is a Saturday: the week runs from Monday the 23rd.
    expect(empty).toMatchObject({ period: 'week', from: '2026-11-23', to: '2026-11-28', trips: 0 });
    expect(empty.co2.co2AvoidedKg).toBe(0);
    expect(empty.series.points).toHaveLength(6);

    const trip = {
      startedAt: '2026-11-26T07:30:00+01:00',
      purpose: 'commute',
      replacedMode: 'car_driver',
      legs: [{ mode: 'bike', distanceKm: 5, durationMin: 20 }],
    };
    expect(
      (await t.request('/api/v1/trips', { method: 'POST', token, json: { ...trip, id: 'imp-1' } }))
        .status,
    ).toBe(201);
    const after = await body(await t.request('/api/v1/commuters/cmt-a1/impact', { token }));
    expect(after.trips).toBe(1);
    expect(after.kmByMode.bike).toBe(5);
    // DESNZ 2025 direct, average car per vehicle-km: 5 × 0.16725.
    expect(after.co2.factorSet.id).toBe('desnz-2025-direct');
    expect(after.co2.co2AvoidedKg).toBeCloseTo(5 * 0.16725, 6);
    expect(after.co2.methodologyAnchor).toBe('co2-avoided');
    expect(after.activity.activeMinutes).toBe(20);
    expect(after.activity.whoTargetMinutesPerWeek).toBe(150);
    // 20 minutes in 6 days = 23.3 min/week.
    expect(after.activity.activeMinutesPerWeek).toBeCloseTo((20 * 7) / 6, 6);
    // 72 kg (fixture), cycling to work 6.8 MET unless a measured 15 km/h picks a band: net kcal > 0.
    expect(after.activity.netKcal).toBeGreaterThan(0);
    expect(after.cyclingDays).toBe(1);
    expect(after.currentStreakDays).toBe(1);
    const day = after.series.points.find((p: { bucket: string }) => p.bucket === '2026-11-26');
    expect(day).toMatchObject({ distanceKm: 5, activeKm: 5, activeMinutes: 20 });

    // A walking commute the next day lengthens the streak; a car commute after it ends it.
    await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: {
        ...trip,
        id: 'imp-2',
        startedAt: '2026-11-27T07:30:00+01:00',
        legs: [{ mode: 'walk', distanceKm: 1.2, durationMin: 15 }],
      },
    });
    expect(
      (await body(await t.request('/api/v1/commuters/cmt-a1/impact', { token }))).currentStreakDays,
    ).toBe(2);
    await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: {
        ...trip,
        id: 'imp-3',
        replacedMode: null,
        startedAt: '2026-11-28T07:30:00+01:00',
        legs: [{ mode: 'car_driver', distanceKm: 5, durationMin: 10 }],
      },
    });
    expect(
      (await body(await t.request('/api/v1/commuters/cmt-a1/impact', { token }))).currentStreakDays,
    ).toBe(0);

    // All time goes back to joining (2010-09-01) and is monthly.
    const all = await body(
      await t.request('/api/v1/commuters/cmt-a1/impact?period=all', { token }),
    );
    expect(all.from).toBe('2010-09-01');
    expect(all.series.bucketSize).toBe('month');
    expect(all.trips).toBe(3);
  });

  it("is the commuter's own: another commuter gets 404, an analyst 403, the partner's staff see it", async () => {
    expect(
      (await t.request('/api/v1/commuters/cmt-a1/impact', { token: await t.token('commuterA2') }))
        .status,
    ).toBe(404);
    expect(
      (await t.request('/api/v1/commuters/cmt-a1/impact', { token: await t.token('analystA') }))
        .status,
    ).toBe(403);
    expect(
      (await t.request('/api/v1/commuters/cmt-a1/impact', { token: await t.token('staffA') }))
        .status,
    ).toBe(200);
    expect(
      (await t.request('/api/v1/commuters/cmt-a1/impact', { token: await t.token('staffB') }))
        .status,
    ).toBe(404);
    const bad = await t.request('/api/v1/commuters/cmt-a1/impact?from=2026-11-10', {
      token: await t.token('commuterA'),
    });
    expect(bad.status).toBe(422);
  });
});
