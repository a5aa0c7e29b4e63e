import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { bikeTrip, body, createTestContext, type TestContext } from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

async function tripCount(): Promise<number> {
  const r = await t.db.kysely
    .selectFrom('trips')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('POST /api/v1/trips', () => {
  it('stores a multi-leg trip and derives its main mode from the longest leg', async () => {
    const token = await t.token('staffA');
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: {
        commuterId: 'cmt-a1',
        startedAt: '2011-03-01T07:00:00+01:00',
        endedAt: '2011-03-01T07:50:00+01:00',
        replacedMode: 'car_driver',
        legs: [
          { mode: 'bike', distanceKm: 2, durationMin: 8, startedAt: '2011-03-01T07:00:00+01:00' },
          {
            mode: 'train',
            distanceKm: 18,
            durationMin: 25,
            startedAt: '2011-03-01T07:12:00+01:00',
            replacedMode: 'bus',
          },
          { mode: 'walk', distanceKm: 0.5, durationMin: 6, startedAt: '2011-03-01T07:40:00+01:00' },
        ],
      },
    });
    expect(res.status).toBe(201);
    const trip = await body(res);
    expect(trip).toMatchObject({
      commuterId: 'cmt-a1',
      partnerId: 'town-a',
      siteId: 'site-a',
      mainMode: 'train',
      distanceKm: 20.5,
      durationMin: 50,
      localDay: '2011-03-01',
      startedAt: '2011-03-01T06:00:00.000Z',
    });
    expect(trip.legs.map((l: { mode: string }) => l.mode)).toEqual(['bike', 'train', 'walk']);
    expect(trip.legs[1].replacedMode).toBe('bus');
    expect(res.headers.get('idempotent-replayed')).toBeNull();
  });

  it('counts the local day in the partner time zone', async () => {
    // 23:30 UTC on 28 Feb is already 1 March in Vienna.
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: bikeTrip({ startedAt: '2011-02-28T23:30:00Z', endedAt: '2011-02-28T23:55:00Z' }),
    });
    expect((await body(res)).localDay).toBe('2011-03-01');
  });

  it('is idempotent with a client id: the same trip twice is stored once and answered the same way', async () => {
    const token = await t.token('commuterA');
    const trip = bikeTrip({ id: 'phone-42' });
    const first = await t.request('/api/v1/trips', { method: 'POST', token, json: trip });
    const second = await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: { ...trip, legs: [...trip.legs] },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await body(second)).toEqual(await body(first));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await tripCount()).toBe(1);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });

  it('refuses the same id with different content, and keeps the stored trip', async () => {
    const token = await t.token('commuterA');
    await t.request('/api/v1/trips', { method: 'POST', token, json: bikeTrip({ id: 'phone-43' }) });
    const clash = await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: bikeTrip({ id: 'phone-43', legs: [{ mode: 'walk', distanceKm: 1 }] }),
    });
    expect(clash.status).toBe(409);
    expect((await body(clash)).error.code).toBe('id_conflict');
    const stored = await body(await t.request('/api/v1/trips/phone-43', { token }));
    expect(stored.mainMode).toBe('bike');
  });

  it('a commuter logs their own trips; staff name the commuter', async () => {
    const own = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: bikeTrip(),
    });
    expect((await body(own)).commuterId).toBe('cmt-a1');
    const other = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: bikeTrip({ commuterId: 'cmt-a2' }),
    });
    expect(other.status).toBe(422);
    const staffNoCommuter = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('staffA'),
      json: bikeTrip(),
    });
    expect(staffNoCommuter.status).toBe(422);
    expect((await body(staffNoCommuter)).error.details[0].path).toBe('commuterId');
  });

  it('trims stored geometry near origin and destination', async () => {
    // A straight line east along a parallel, 2 km long, 21 points 100 m apart.
    const coordinates = Array.from({ length: 21 }, (_, i) => [
      15.6 + (i * 0.1) / (111.32 * Math.cos((47.2 * Math.PI) / 180)),
      47.2,
    ]);
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: bikeTrip({
        legs: [
          {
            mode: 'bike',
            distanceKm: 2,
            durationMin: 8,
            geometry: { type: 'LineString', coordinates },
          },
        ],
      }),
    });
    const stored = (await body(res)).legs[0].geometry.coordinates as number[][];
    // Points within 200 m of either end are gone: 0-200 m and 1800-2000 m.
    expect(stored.length).toBeGreaterThanOrEqual(15);
    expect(stored.length).toBeLessThanOrEqual(17);
    expect(stored[0]![0]).toBeGreaterThan(coordinates[2]![0]!);
    expect(stored[stored.length - 1]![0]).toBeLessThan(coordinates[18]![0]!);
  });
});

describe('POST /api/v1/trips/batch', () => {
  const day = (d: number) =>
    bikeTrip({
      id: `b-${d}`,
      commuterId: 'cmt-a1',
      startedAt: `2011-03-${String(d).padStart(2, '0')}T07:30:00+01:00`,
      endedAt: `2011-03-${String(d).padStart(2, '0')}T07:52:00+01:00`,
    });

  it('stores all trips of a good batch in one go', async () => {
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { trips: [day(1), day(2), day(3)] },
    });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ created: 3, replayed: 0 });
    expect(await tripCount()).toBe(3);
  });

  it('is all or nothing: one bad trip rejects the batch with an error for that item', async () => {
    const bad = { ...day(2), legs: [{ mode: 'walk', distanceKm: 20, durationMin: 20 }] };
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { trips: [day(1), bad, day(3)] },
    });
    expect(res.status).toBe(422);
    const e = (await body(res)).error;
    expect(e.details).toHaveLength(1);
    expect(e.details[0]).toMatchObject({
      index: 1,
      path: 'trips[1].legs[0].durationMin',
      code: 'too_fast',
    });
    expect(await tripCount()).toBe(0);
  });

  it('reports schema errors per item too', async () => {
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { trips: [day(1), { ...day(2), legs: [{ mode: 'hovercraft', distanceKm: 1 }] }] },
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.details[0]).toMatchObject({
      index: 1,
      path: 'trips[1].legs[0].mode',
    });
    expect(await tripCount()).toBe(0);
  });

  it('a conflict on one id rolls back the whole batch', async () => {
    const token = await t.token('staffA');
    await t.request('/api/v1/trips', { method: 'POST', token, json: day(2) });
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token,
      json: { trips: [day(1), { ...day(2), replacedMode: 'bus' }, day(3)] },
    });
    expect(res.status).toBe(409);
    expect(await tripCount()).toBe(1);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });

  it('replays a batch sent twice without storing anything again', async () => {
    const token = await t.token('staffA');
    await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token,
      json: { trips: [day(1), day(2)] },
    });
    const again = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token,
      json: { trips: [day(1), day(2), day(3)] },
    });
    expect(await body(again)).toMatchObject({ created: 1, replayed: 2 });
    expect(await tripCount()).toBe(3);
  });

  it('accepts at most 1000 trips', async () => {
    const trips = Array.from({ length: 1001 }, (_, i) => ({ ...day(1), id: `x-${i}` }));
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { trips },
    });
    expect(res.status).toBe(422);
  });
});

describe('GET /api/v1/trips', () => {
  beforeEach(async () => {
    const token = await t.token('admin');
    const trips = [];
    for (let d = 1; d <= 9; d++) {
      const dd = String(d).padStart(2, '0');
      trips.push(
        bikeTrip({
          id: `a1-${d}`,
          commuterId: 'cmt-a1',
          startedAt: `2011-04-${dd}T07:30:00+02:00`,
          endedAt: `2011-04-${dd}T07:52:00+02:00`,
        }),
      );
      trips.push({
        ...bikeTrip({
          id: `a2-${d}`,
          commuterId: 'cmt-a2',
          startedAt: `2011-04-${dd}T08:00:00+02:00`,
          endedAt: `2011-04-${dd}T08:30:00+02:00`,
        }),
        legs: [{ mode: 'car_driver', distanceKm: 12, durationMin: 20 }],
        replacedMode: null,
      });
      trips.push(
        bikeTrip({
          id: `b1-${d}`,
          commuterId: 'cmt-b1',
          startedAt: `2011-04-${dd}T07:00:00+02:00`,
          endedAt: `2011-04-${dd}T07:20:00+02:00`,
        }),
      );
    }
    const res = await t.request('/api/v1/trips/batch', { method: 'POST', token, json: { trips } });
    expect(res.status).toBe(200);
  });

  it('pages through every trip once, newest first', async () => {
    const token = await t.token('admin');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.request(
        `/api/v1/trips?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      const page = await body(res);
      seen.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(27);
    expect(new Set(seen).size).toBe(27);
    expect(seen[0]).toBe('a2-9');
  });

  it('filters by commuter, mode, site and local dates', async () => {
    const token = await t.token('admin');
    const q = async (qs: string) =>
      (await body(await t.request(`/api/v1/trips?limit=100&${qs}`, { token }))).items as Array<{
        id: string;
      }>;
    expect((await q('commuterId=cmt-a2')).every((x) => x.id.startsWith('a2-'))).toBe(true);
    expect(await q('mode=car_driver')).toHaveLength(9);
    expect(await q('siteId=site-b')).toHaveLength(9);
    expect((await q('from=2011-04-03&to=2011-04-04')).map((x) => x.id).sort()).toEqual([
      'a1-3',
      'a1-4',
      'a2-3',
      'a2-4',
      'b1-3',
      'b1-4',
    ]);
    expect(await q('partnerId=town-b')).toHaveLength(9);
  });

  it('staff see only their partner; a commuter only themself', async () => {
    const staff = (
      await body(await t.request('/api/v1/trips?limit=100', { token: await t.token('staffB') }))
    ).items;
    expect(staff).toHaveLength(9);
    expect(staff.every((x: { partnerId: string }) => x.partnerId === 'town-b')).toBe(true);
    const mine = (
      await body(await t.request('/api/v1/trips?limit=100', { token: await t.token('commuterA') }))
    ).items;
    expect(mine.every((x: { commuterId: string }) => x.commuterId === 'cmt-a1')).toBe(true);
    expect(
      (await t.request('/api/v1/trips?partnerId=town-a', { token: await t.token('staffB') }))
        .status,
    ).toBe(403);
  });
});

describe('PATCH and DELETE /api/v1/trips/:id', () => {
  it('a correction is checked again, and keeps the rollups exact', async () => {
    const token = await t.token('commuterA');
    await t.request('/api/v1/trips', { method: 'POST', token, json: bikeTrip({ id: 'fix-me' }) });
    const bad = await t.request('/api/v1/trips/fix-me', {
      method: 'PATCH',
      token,
      json: { legs: [{ mode: 'walk', distanceKm: 5.2, durationMin: 10 }] },
    });
    expect(bad.status).toBe(422);
    const ok = await t.request('/api/v1/trips/fix-me', {
      method: 'PATCH',
      token,
      json: { replacedMode: 'bus', legs: [{ mode: 'ebike', distanceKm: 5.2, durationMin: 15 }] },
    });
    expect(ok.status).toBe(200);
    expect(await body(ok)).toMatchObject({ mainMode: 'ebike', replacedMode: 'bus' });
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
    const rows = await t.db.kysely.selectFrom('rollup_leg_day').selectAll().execute();
    expect(rows).toEqual([
      expect.objectContaining({ mode: 'ebike', replaced_mode: 'bus', legs: 1, distance_km: 5.2 }),
    ]);
  });

  it('delete removes the trip and its rollup rows', async () => {
    const token = await t.token('commuterA');
    await t.request('/api/v1/trips', { method: 'POST', token, json: bikeTrip({ id: 'gone' }) });
    expect((await t.request('/api/v1/trips/gone', { method: 'DELETE', token })).status).toBe(204);
    expect((await t.request('/api/v1/trips/gone', { token })).status).toBe(404);
    expect(await t.db.kysely.selectFrom('rollup_commuter_day').selectAll().execute()).toEqual([]);
    expect(await t.db.kysely.selectFrom('rollup_trip_day').selectAll().execute()).toEqual([]);
  });
});
