import { afterEach, describe, expect, it } from 'vitest';
import { body, createTestContext, TEST_NOW, type TestContext } from '../helpers.js';

let t: TestContext;
let now = TEST_NOW;
afterEach(() => t?.close());

async function setup(config: Record<string, string> = {}) {
  now = TEST_NOW;
  t = await createTestContext({ now: () => now, config });
}

async function addDevice(kind: 'owntracks' | 'osmand' | 'gpslogger', user = 'commuterA' as const) {
  const res = await t.request('/api/v1/devices', {
    method: 'POST',
    token: await t.token(user),
    json: { kind, name: `my ${kind}` },
  });
  expect(res.status).toBe(201);
  return body(res);
}

function basic(user: string, password: string) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function pointCount(): Promise<number> {
  const r = await t.db.kysely
    .selectFrom('track_points')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An OwnTracks location every 10 s moving east at `speedMps`, starting at `t0Ms`. */
function owntracksRun(t0Ms: number, lon0: number, speedMps: number, seconds: number) {
  const out = [];
  for (let s = 0; s <= seconds; s += 10)
    out.push({
      _type: 'location',
      tst: Math.round(t0Ms / 1000) + s,
      lat: 55.68,
      lon: lon0 + (speedMps * s) / 62_700,
      acc: 8,
      vel: Math.round(speedMps * 3.6),
      tid: 'ab',
    });
  return out;
}

describe('tracker devices', () => {
  it('a commuter adds a device and gets its token once, with a setup to paste', async () => {
    await setup();
    const d = await addDevice('owntracks');
    expect(d.token).toMatch(/^mst_/);
    expect(d.setup.url).toMatch(/\/api\/v1\/track\/owntracks$/);
    expect(d.setup.auth.password).toBe(d.token);
    expect(d.setup.qrPayload).toMatch(/^owntracks:\/\/\/config\?inline=/);
    const list = await body(
      await t.request('/api/v1/devices', { token: await t.token('commuterA') }),
    );
    expect(list.devices).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(d.token);
    const stored = await t.db.kysely.selectFrom('tracker_devices').selectAll().execute();
    expect(stored[0]!.token_hash).not.toBe(d.token);
  });

  it('staff list and revoke their partner devices; other partners and analysts cannot', async () => {
    await setup();
    const d = await addDevice('gpslogger');
    const staffB = await t.request(`/api/v1/devices/${d.id}`, {
      method: 'DELETE',
      token: await t.token('staffB'),
    });
    expect(staffB.status).toBe(404);
    expect((await t.request('/api/v1/devices', { token: await t.token('analystA') })).status).toBe(
      403,
    );
    const staffList = await body(
      await t.request('/api/v1/devices', { token: await t.token('staffA') }),
    );
    expect(staffList.devices.map((x: { id: string }) => x.id)).toEqual([d.id]);
    const staffCreate = await t.request('/api/v1/devices', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { kind: 'osmand', name: 'x' },
    });
    expect(staffCreate.status).toBe(403);
    const revoke = await t.request(`/api/v1/devices/${d.id}`, {
      method: 'DELETE',
      token: await t.token('staffA'),
    });
    expect(revoke.status).toBe(204);
    const after = await t.request(
      '/api/v1/track/gpslogger?lat=55.6&lon=12.5&time=2026-11-28T11:00:00Z',
      {
        headers: { authorization: `Bearer ${d.token}` },
      },
    );
    expect(after.status).toBe(401);
    expect((await body(after)).error.code).toBe('unauthenticated');
  });

  it('refuses an unknown kind and an empty name with 422', async () => {
    await setup();
    const res = await t.request('/api/v1/devices', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: { kind: 'garmin', name: '' },
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('validation_failed');
  });
});

describe('OwnTracks HTTP', () => {
  it('stores locations with Basic auth, answers [], ignores other types and empty bodies, stores a resend once', async () => {
    await setup();
    const d = await addDevice('owntracks');
    const msgs = [
      { _type: 'location', tst: 1764320000, lat: 55.68, lon: 12.55, acc: 10, vel: 18 },
      { _type: 'transition', event: 'leave', tst: 1764320001 },
    ];
    const send = (payload: string) =>
      t.request('/api/v1/track/owntracks', {
        method: 'POST',
        body: payload,
        headers: { authorization: basic(d.id, d.token), 'content-type': 'application/json' },
      });
    const res = await send(JSON.stringify(msgs));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    expect((await send(JSON.stringify(msgs))).status).toBe(200);
    expect((await send('')).status).toBe(200);
    expect(await pointCount()).toBe(1);
    const p = await t.db.kysely.selectFrom('track_points').selectAll().executeTakeFirstOrThrow();
    expect(Number(p.t_ms)).toBe(1764320000 * 1000);
    expect(p.speed_mps).toBeCloseTo(5, 5); // 18 km/h
  });

  it('refuses a wrong token with 401, broken JSON with 400 and a message without _type with 422', async () => {
    await setup();
    const d = await addDevice('owntracks');
    const post = (auth: string, payload: string) =>
      t.request('/api/v1/track/owntracks', {
        method: 'POST',
        body: payload,
        headers: { authorization: auth, 'content-type': 'application/json' },
      });
    expect((await post(basic('x', 'mst_wrong'), '{"_type":"location"}')).status).toBe(401);
    const broken = await post(`Bearer ${d.token}`, '{"_type":');
    expect(broken.status).toBe(400);
    expect((await body(broken)).error.code).toBe('malformed_json');
    const noType = await post(`Bearer ${d.token}`, '{"some":"thing"}');
    expect(noType.status).toBe(422);
    expect((await body(noType)).error.message).toMatch(/_type/);
  });

  it('closes a trip when a point arrives after a stop, as an unconfirmed tracker trip', async () => {
    await setup();
    const d = await addDevice('owntracks');
    const t0 = TEST_NOW - 2_500_000; // the walk's last point is now: its trip stays open
    const ride = owntracksRun(t0, 12.5, 5, 1200); // 20 min by bike, 6 km
    const endLon = ride[ride.length - 1]!.lon;
    const dwell = owntracksRun(t0 + 1_210_000, endLon, 0, 900); // 15 min standing
    const walk = owntracksRun(t0 + 2_200_000, endLon, 1.4, 300);
    for (const batch of [ride, dwell, walk]) {
      now += 60_000; // the processing after a request runs at most every 30 s a device
      const res = await t.request('/api/v1/track/owntracks', {
        method: 'POST',
        json: batch,
        headers: { authorization: `Bearer ${d.token}` },
      });
      expect(res.status).toBe(200);
    }
    const trips = await body(
      await t.request('/api/v1/trips', { token: await t.token('commuterA') }),
    );
    const items = (trips.items ?? trips.trips ?? trips).filter(
      (x: { source: string }) => x.source === 'tracker',
    );
    expect(items).toHaveLength(1);
    expect(items[0].source).toBe('tracker');
    expect(items[0].status).toBe('unconfirmed');
    expect(items[0].legs[0].mode).toBe('bike');
    expect(items[0].distanceKm).toBeGreaterThan(5.5);
    expect(items[0].distanceKm).toBeLessThan(6.5);
    // The walk after the stop is still open; process-points --flush (processAllDevices) closes it.
    const { processAllDevices } = await import('../../server/services/trackers.js');
    const opts = {
      nowMs: now,
      flush: true,
      silenceMinutes: 15,
      privacyRadiusM: 200,
      retentionDays: 30,
    };
    expect((await processAllDevices(t.db.kysely, opts)).tripsWritten).toBe(1);
    // Idempotent: a second flush finds nothing new.
    expect((await processAllDevices(t.db.kysely, opts)).tripsWritten).toBe(0);
    const after = await t.db.kysely
      .selectFrom('trips')
      .select('id')
      .where('source', '=', 'tracker')
      .execute();
    expect(after).toHaveLength(2);
  });

  it('closes a trip once its device has been silent long enough, and deletes points past retention', async () => {
    await setup();
    const d = await addDevice('owntracks');
    const t0 = TEST_NOW - 1_300_000;
    const res = await t.request('/api/v1/track/owntracks', {
      method: 'POST',
      json: owntracksRun(t0, 12.5, 5, 1200), // 20 min by bike, its last point 100 s ago
      headers: { authorization: `Bearer ${d.token}` },
    });
    expect(res.status).toBe(200);
    const stored = await pointCount();
    expect(stored).toBeGreaterThan(100);
    const { processAllDevices } = await import('../../server/services/trackers.js');
    const opts = { flush: false, silenceMinutes: 15, privacyRadiusM: 200, retentionDays: 30 };
    // Silent 10 minutes: the ride may go on, so it stays open and its points stay.
    const early = await processAllDevices(t.db.kysely, { ...opts, nowMs: TEST_NOW + 500_000 });
    expect(early.tripsWritten).toBe(0);
    // Silent past 15 minutes: the ride is a trip, without a flush.
    const late = await processAllDevices(t.db.kysely, { ...opts, nowMs: TEST_NOW + 1_000_000 });
    expect(late.tripsWritten).toBe(1);
    expect(late.pointsDeleted).toBe(0);
    expect(await pointCount()).toBe(stored);
    // 31 days after they were received the raw points are gone; the trip stays.
    const month = await processAllDevices(t.db.kysely, {
      ...opts,
      nowMs: TEST_NOW + 31 * 24 * 3_600_000,
    });
    expect(month.pointsDeleted).toBe(stored);
    expect(await pointCount()).toBe(0);
    const trips = await t.db.kysely
      .selectFrom('trips')
      .select('id')
      .where('source', '=', 'tracker')
      .execute();
    expect(trips).toHaveLength(1);
  });

  it('starts a trip the phone slept through at the place it left, though an earlier run closed the trip before', async () => {
    await setup();
    const d = await addDevice('owntracks');
    const t0 = TEST_NOW - 2_500_000;
    const ride = owntracksRun(t0, 12.5, 5, 1200); // 20 min by bike, 6 km
    const rideEnd = ride[ride.length - 1]!;
    // The phone lies still and silent for 6 minutes, then wakes 150 m on, walking at 1.4 m/s.
    const walk = owntracksRun(t0 + 1_560_000, rideEnd.lon + 150 / 62_700, 1.4, 600);
    const send = async (batch: unknown[]) => {
      now += 60_000;
      const res = await t.request('/api/v1/track/owntracks', {
        method: 'POST',
        json: batch,
        headers: { authorization: `Bearer ${d.token}` },
      });
      expect(res.status).toBe(200);
    };
    await send(ride);
    // Silent for longer than the configured time: the ride is closed in a run of its own.
    const { processAllDevices } = await import('../../server/services/trackers.js');
    const opts = {
      nowMs: now,
      flush: true,
      silenceMinutes: 15,
      privacyRadiusM: 200,
      retentionDays: 30,
    };
    await processAllDevices(t.db.kysely, opts);
    const tracker = () =>
      t.db.kysely.selectFrom('trips').select('id').where('source', '=', 'tracker').execute();
    expect(await tracker()).toHaveLength(1);
    await send(walk);
    expect((await processAllDevices(t.db.kysely, { ...opts, nowMs: now })).tripsWritten).toBe(1);
    const rows = await t.db.kysely
      .selectFrom('trips')
      .select(['started_at', 'distance_km'])
      .where('source', '=', 'tracker')
      .orderBy('started_at')
      .execute();
    expect(rows).toHaveLength(2);
    const walkStart = Date.parse(String(rows[1]!.started_at));
    // 150 m at 1.4 m/s before the first fix, not before the ride's last fix.
    expect(Math.abs(walkStart - (walk[0]!.tst * 1000 - (150 / 1.4) * 1000))).toBeLessThan(2000);
    expect(walkStart).toBeGreaterThanOrEqual(rideEnd.tst * 1000);
    expect(Number(rows[1]!.distance_km)).toBeGreaterThan(0.15 + 0.8);
  });
});

describe('Traccar Client / OsmAnd', () => {
  it('takes the query form with speed in knots and several timestamp forms', async () => {
    await setup();
    const d = await addDevice('osmand');
    const forms = [
      `id=${d.token}&lat=55.68&lon=12.55&timestamp=1764320000&speed=10`,
      `deviceid=${d.token}&location=55.681,12.551&timestamp=1764320010000`,
      `id=${d.token}&lat=55.682&lon=12.552&timestamp=2025-11-28T09:00:20Z`,
      `id=${d.token}&lat=55.683&lon=12.553&timestamp=${encodeURIComponent('2025-11-28 09:00:30')}`,
    ];
    for (const q of forms) expect((await t.request(`/api/v1/track/osmand?${q}`)).status).toBe(200);
    const post = await t.request('/api/v1/track/osmand', {
      method: 'POST',
      body: `id=${d.token}&lat=55.684&lon=12.554&timestamp=1764320040`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(200);
    expect(await pointCount()).toBe(5);
    const first = await t.db.kysely
      .selectFrom('track_points')
      .selectAll()
      .where('t_ms', '=', 1764320000 * 1000)
      .executeTakeFirstOrThrow();
    expect(first.speed_mps).toBeCloseTo(5.144, 2);
  });

  it('takes the JSON body of Traccar Client 9 with its activity as a hint', async () => {
    await setup();
    const d = await addDevice('osmand');
    const res = await t.request('/api/v1/track/osmand', {
      method: 'POST',
      json: {
        location: {
          timestamp: '2025-06-15T13:45:12.862Z',
          coords: { latitude: 37.42, longitude: -122.08, accuracy: 5, speed: 4.2, heading: -1 },
          is_moving: true,
          activity: { type: 'on_bicycle', confidence: 80 },
          battery: { level: 0.5 },
        },
        device_id: d.token,
      },
    });
    expect(res.status).toBe(200);
    const p = await t.db.kysely.selectFrom('track_points').selectAll().executeTakeFirstOrThrow();
    expect(p.speed_mps).toBeCloseTo(4.2, 5);
    expect(p.hint_mode).toBe('bike');
    expect(p.hint_confidence).toBeCloseTo(0.8, 5);
  });

  it('refuses a missing position with 422 and an unknown id with 401', async () => {
    await setup();
    const d = await addDevice('osmand');
    const noPos = await t.request(`/api/v1/track/osmand?id=${d.token}&timestamp=1764320000`);
    expect(noPos.status).toBe(422);
    const badTime = await t.request(
      `/api/v1/track/osmand?id=${d.token}&lat=1&lon=2&timestamp=yesterday`,
    );
    expect(badTime.status).toBe(422);
    expect((await t.request('/api/v1/track/osmand?id=nobody&lat=1&lon=2')).status).toBe(401);
  });
});

describe('GPSLogger', () => {
  it('takes the documented URL template with a token parameter, speed in m/s', async () => {
    await setup();
    const d = await addDevice('gpslogger');
    const url = `/api/v1/track/gpslogger?lat=55.68&lon=12.55&time=2025-11-28T09:00:00.000Z&s=3.5&acc=6&alt=12&batt=80&ser=abc&token=${d.token}`;
    const res = await t.request(url);
    expect(res.status).toBe(200);
    expect((await body(res)).stored).toBe(1);
    const p = await t.db.kysely.selectFrom('track_points').selectAll().executeTakeFirstOrThrow();
    expect(p.speed_mps).toBe(3.5);
    expect(p.accuracy_m).toBe(6);
    const missing = await t.request(`/api/v1/track/gpslogger?lat=55.68&lon=12.55&token=${d.token}`);
    expect(missing.status).toBe(422);
  });

  it('answers 429 when a device sends more than its per-minute limit', async () => {
    await setup({ TRACKER_REQUESTS_PER_MINUTE: '3' });
    const d = await addDevice('gpslogger');
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.request(
        `/api/v1/track/gpslogger?lat=55.68&lon=12.55&timestamp=${1764320000 + i}`,
        { headers: { authorization: `Bearer ${d.token}` } },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another device of the same commuter has its own count.
    const other = await addDevice('gpslogger');
    const send = (token: string, i: number) =>
      t.request(`/api/v1/track/gpslogger?lat=55.68&lon=12.55&timestamp=${1764320000 + i}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await send(other.token, 10)).status).toBe(200);
    // A minute after the window opened, the first device may send again.
    now += 59_000;
    expect((await send(d.token, 11)).status).toBe(429);
    now += 1_000;
    expect((await send(d.token, 12)).status).toBe(200);
  });
});
