import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pseudonymOf } from '../../server/domain/enrolment.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { bikeTrip, body, createTestContext, type TestContext } from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

describe('staff list of commuters', () => {
  it('shows pseudonyms, join date and last trip; a shared name once the commuter chooses', async () => {
    const mine = await t.token('commuterA');
    await t.request('/api/v1/trips', {
      method: 'POST',
      token: mine,
      json: bikeTrip({ id: 'x1', startedAt: '2011-03-04T07:30:00+01:00', endedAt: null }),
    });
    const staff = await t.token('staffA');
    const list = async () =>
      (await body(await t.request('/api/v1/commuters', { token: staff }))).items as Array<{
        id: string;
        name: string;
        pseudonymous: boolean;
        joinedOn: string;
        lastTripOn: string | null;
      }>;
    const before = await list();
    expect(before.map((c) => c.id)).toEqual(['cmt-a1', 'cmt-a2']);
    expect(before[0]).toMatchObject({
      name: pseudonymOf('cmt-a1'),
      pseudonymous: true,
      joinedOn: '2010-09-01',
      lastTripOn: '2011-03-04',
    });
    expect(before[1]!.lastTripOn).toBeNull();
    expect(before[0]!.name).not.toBe(before[1]!.name);

    const patch = await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token: mine,
      json: { shareName: true, displayName: 'Anna Berg' },
    });
    expect(patch.status).toBe(200);
    const after = await list();
    expect(after[0]).toMatchObject({ name: 'Anna Berg', pseudonymous: false });
    // Sharing without a name on the account stays pseudonymous.
    await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token: mine,
      json: { displayName: null },
    });
    expect((await list())[0]).toMatchObject({ name: pseudonymOf('cmt-a1'), pseudonymous: true });
    // Taking it back hides the name again.
    await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token: mine,
      json: { shareName: false, displayName: 'Anna Berg' },
    });
    expect((await list())[0]!.pseudonymous).toBe(true);
  });

  it('only the commuter changes shareName and displayName', async () => {
    const staff = await t.token('staffA');
    const res = await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token: staff,
      json: { shareName: true },
    });
    expect(res.status).toBe(403);
    expect((await body(res)).error.code).toBe('forbidden');
    const other = await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token: await t.token('commuterA2'),
      json: { displayName: 'Not me' },
    });
    expect(other.status).toBe(404);
    // Staff still edit the profile fields.
    const ok = await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token: staff,
      json: { ageBand: '40-49' },
    });
    expect(ok.status).toBe(200);
    const bad = await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token: await t.token('commuterA'),
      json: { shareName: 'yes' },
    });
    expect(bad.status).toBe(422);
  });
});

describe('staff correct a trip leg by leg', () => {
  const trip = {
    id: 'multi',
    startedAt: '2011-03-01T07:30:00+01:00',
    endedAt: null,
    purpose: 'commute',
    replacedMode: 'car_driver',
    legs: [
      { mode: 'bike', distanceKm: 3 },
      { mode: 'train', distanceKm: 20 },
    ],
  };

  it('adds and removes legs with exact rollups, every correction audited', async () => {
    await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: trip,
    });
    const staff = await t.token('staffA');
    const added = await t.request('/api/v1/trips/multi', {
      method: 'PATCH',
      token: staff,
      json: { legs: [...trip.legs, { mode: 'walk', distanceKm: 0.8 }] },
    });
    expect(added.status).toBe(200);
    const a = await body(added);
    expect(a.legs.map((l: { mode: string }) => l.mode)).toEqual(['bike', 'train', 'walk']);
    expect(a.distanceKm).toBeCloseTo(23.8, 6);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);

    const removed = await t.request('/api/v1/trips/multi', {
      method: 'PATCH',
      token: staff,
      json: { legs: [{ mode: 'bike', distanceKm: 3 }] },
    });
    const r = await body(removed);
    expect(r.legs).toHaveLength(1);
    expect(r.mainMode).toBe('bike');
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
    const walkKm = await t.db.kysely
      .selectFrom('rollup_leg_day')
      .select('distance_km')
      .where('mode', 'in', ['walk', 'train'])
      .execute();
    expect(walkKm.reduce((s, x) => s + x.distance_km, 0)).toBe(0);

    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'trip.correct')
      .orderBy('at')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((e) => e.account_id === 'acc-staffA' && e.target_id === 'cmt-a1')).toBe(
      true,
    );
    const [first, second] = audit.map((e) => JSON.parse(e.details!));
    expect(first).toMatchObject({
      tripId: 'multi',
      by: 'staff',
      legsBefore: 2,
      legsAfter: 3,
      addedLegs: [{ seq: 2, mode: 'walk', distanceKm: 0.8 }],
      removedLegs: [],
    });
    expect(second).toMatchObject({
      legsBefore: 3,
      legsAfter: 1,
      removedLegs: [
        { seq: 1, mode: 'train', distanceKm: 20 },
        { seq: 2, mode: 'walk', distanceKm: 0.8 },
      ],
    });
    // The commuter sees the corrections in their export.
    const exported = await body(
      await t.request('/api/v1/commuters/cmt-a1/export', { token: await t.token('commuterA') }),
    );
    expect(
      exported.auditEntries.filter((e: { action: string }) => e.action === 'trip.correct'),
    ).toHaveLength(2);
  });

  it('a trip keeps at least one leg and at most 20; other partners cannot correct it', async () => {
    await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: trip,
    });
    const staff = await t.token('staffA');
    const none = await t.request('/api/v1/trips/multi', {
      method: 'PATCH',
      token: staff,
      json: { legs: [] },
    });
    expect(none.status).toBe(422);
    const many = await t.request('/api/v1/trips/multi', {
      method: 'PATCH',
      token: staff,
      json: { legs: Array.from({ length: 21 }, () => ({ mode: 'walk', distanceKm: 0.2 })) },
    });
    expect(many.status).toBe(422);
    const foreign = await t.request('/api/v1/trips/multi', {
      method: 'PATCH',
      token: await t.token('staffB'),
      json: { legs: [{ mode: 'walk', distanceKm: 1 }] },
    });
    expect([403, 404]).toContain(foreign.status);
    const still = await body(
      await t.request('/api/v1/trips/multi', { token: await t.token('commuterA') }),
    );
    expect(still.legs).toHaveLength(2);
    expect(
      await t.db.kysely
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'trip.correct')
        .execute(),
    ).toEqual([]);
  });
});
