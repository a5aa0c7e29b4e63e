import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bikeTrip, body, createTestContext, type TestContext } from '../helpers.js';

/**
 * Issue 8, point 4: no request may cost more than its size. A few hundred bytes of trip whose
 * line zig-zags between the poles used to block the server for seconds and write millions of
 * map-cell rows; these tests pin that such a trip is refused before any of that work.
 */

async function countRows(t: TestContext, table: 'rollup_cell_month' | 'trips'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
    t.db.kysely,
  );
  return Number(r.rows[0]!.n);
}

/** A straight line east from (15.6, 47.2), `km` long, with `points` points. */
function lineEast(km: number, points: number): Array<[number, number]> {
  const kmPerDegLon = 111.32 * Math.cos((47.2 * Math.PI) / 180);
  return Array.from(
    { length: points },
    (_, i) => [15.6 + (km * i) / (points - 1) / kmPerDegLon, 47.2] as [number, number],
  );
}

describe('route geometry with the default limits', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('refuses a small trip whose line zig-zags pole to pole, naming the leg, and writes no cells', async () => {
    const coordinates = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? [0, -89] : [180, 89]));
    const trip = bikeTrip({
      legs: [
        {
          mode: 'bike',
          distanceKm: 2,
          durationMin: 10,
          geometry: { type: 'LineString', coordinates },
        },
      ],
    });
    expect(JSON.stringify(trip).length).toBeLessThan(500);
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: trip,
    });
    expect(res.status).toBe(422);
    const err = (await body(res)).error;
    expect(err.code).toBe('implausible_trip');
    expect(err.details).toContainEqual(
      expect.objectContaining({ path: 'legs[0].geometry', code: 'geometry_too_long' }),
    );
    expect(err.message).toMatch(/line is \d+.* km long but the leg only 2 km/);
    expect(await countRows(t, 'rollup_cell_month')).toBe(0);
    expect(await countRows(t, 'trips')).toBe(0);
  });

  it('refuses the same line when the leg claims a matching distance but no time for it', async () => {
    // 1000 km claimed (the most any leg may have), covered by a 20,000 km line: still refused.
    const coordinates = [
      [0, -89],
      [180, 89],
      [0, -89],
    ];
    const trip = bikeTrip({
      endedAt: null,
      legs: [{ mode: 'train', distanceKm: 1000, geometry: { type: 'LineString', coordinates } }],
    });
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: trip,
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.details).toContainEqual(
      expect.objectContaining({ path: 'legs[0].geometry', code: 'geometry_too_long' }),
    );
    expect(await countRows(t, 'rollup_cell_month')).toBe(0);
  });

  it('refuses a line that is faster than the mode allows over the leg duration', async () => {
    // 1 km in 8 min is a brisk walk, but the 1.9 km line it sends means 14 km/h.
    const trip = bikeTrip({
      endedAt: null,
      legs: [
        {
          mode: 'walk',
          distanceKm: 1,
          durationMin: 8,
          geometry: { type: 'LineString', coordinates: lineEast(1.9, 20) },
        },
      ],
    });
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: trip,
    });
    expect(res.status).toBe(422);
    const err = (await body(res)).error;
    expect(err.details).toContainEqual(
      expect.objectContaining({ path: 'legs[0].geometry', code: 'too_fast' }),
    );
    expect(err.message).toMatch(/walk/);
  });

  it('refuses a line fast for the trip time when the single leg has no duration of its own', async () => {
    const trip = bikeTrip({
      endedAt: '2011-03-01T07:38:00+01:00',
      legs: [
        {
          mode: 'walk',
          distanceKm: 1,
          geometry: { type: 'LineString', coordinates: lineEast(1.9, 20) },
        },
      ],
    });
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: trip,
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.details).toContainEqual(
      expect.objectContaining({ path: 'legs[0].geometry', code: 'too_fast' }),
    );
  });

  it('still stores a plausible tracked commute and its map cells', async () => {
    const trip = bikeTrip({
      legs: [
        {
          mode: 'bike',
          distanceKm: 5.2,
          durationMin: 21,
          geometry: { type: 'LineString', coordinates: lineEast(5.5, 60) },
        },
      ],
    });
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: trip,
    });
    expect(res.status).toBe(201);
    expect(await countRows(t, 'rollup_cell_month')).toBeGreaterThan(5);
  });
});

describe('route geometry with configured limits', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({
      config: {
        MAX_POINTS_PER_LEG: '50',
        MAX_POINTS_PER_TRIP: '80',
        MAX_POINTS_PER_REQUEST: '100',
        MAX_ROUTE_CELLS_PER_TRIP: '100',
        MAX_ROUTE_CELLS_PER_REQUEST: '150',
      },
    });
  });
  afterAll(() => t.close());

  const geometryTrip = (id: string, points: number, km = 5) =>
    bikeTrip({
      id,
      commuterId: 'cmt-a1',
      endedAt: null,
      legs: [
        {
          mode: 'bike',
          distanceKm: km,
          durationMin: km * 4,
          geometry: { type: 'LineString', coordinates: lineEast(km, points) },
        },
      ],
    });

  it('refuses a leg with more points than MAX_POINTS_PER_LEG', async () => {
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('staffA'),
      json: geometryTrip('p51', 51),
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.details).toContainEqual(
      expect.objectContaining({ path: 'legs[0].geometry', code: 'too_many_points' }),
    );
    const ok = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('staffA'),
      json: geometryTrip('p50', 50),
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a trip whose legs together exceed MAX_POINTS_PER_TRIP', async () => {
    const leg = {
      mode: 'bike',
      distanceKm: 2,
      durationMin: 8,
      geometry: { type: 'LineString', coordinates: lineEast(2, 45) },
    };
    const trip = bikeTrip({
      commuterId: 'cmt-a1',
      endedAt: null,
      legs: [leg, { ...leg, startedAt: null }],
    });
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('staffA'),
      json: trip,
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.details).toContainEqual(
      expect.objectContaining({ path: 'legs', code: 'too_many_points' }),
    );
  });

  it('refuses a batch whose trips together exceed MAX_POINTS_PER_REQUEST, storing none of them', async () => {
    const trips = [geometryTrip('r1', 40), geometryTrip('r2', 40), geometryTrip('r3', 40)];
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { trips },
    });
    expect(res.status).toBe(422);
    const err = (await body(res)).error;
    expect(err.code).toBe('validation_failed');
    expect(err.message).toMatch(/at most 100/);
    const listed = await body(
      await t.request('/api/v1/trips?commuter=cmt-a1', { token: await t.token('staffA') }),
    );
    expect(listed.items.map((x: { id: string }) => x.id)).not.toContain('r1');
  });

  it('refuses a route that would cross more map cells than MAX_ROUTE_CELLS_PER_TRIP, before walking it', async () => {
    // 30 km at 150 m a sample is about 200 samples: over the limit of 100.
    const before = await countRows(t, 'rollup_cell_month');
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('staffA'),
      json: geometryTrip('long', 20, 30),
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.details).toContainEqual(
      expect.objectContaining({ path: 'legs', code: 'too_many_cells' }),
    );
    expect(await countRows(t, 'rollup_cell_month')).toBe(before);
  });

  it('refuses a batch whose routes together would cross more cells than MAX_ROUTE_CELLS_PER_REQUEST', async () => {
    // Three trips of 10 km, about 70 samples each: each within the trip limit, 210 together.
    const before = await countRows(t, 'rollup_cell_month');
    const trips = [geometryTrip('c1', 5, 10), geometryTrip('c2', 5, 10), geometryTrip('c3', 5, 10)];
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { trips },
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.details).toContainEqual(
      expect.objectContaining({ code: 'too_many_cells' }),
    );
    expect(await countRows(t, 'rollup_cell_month')).toBe(before);
    const two = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { trips: trips.slice(0, 2) },
    });
    expect(two.status).toBe(200);
  });
});
