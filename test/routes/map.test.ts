import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { body, createTestContext, type TestContext } from '../helpers.js';

let t: TestContext;
/** A 3 km line east along 47.2° N from 15.60° E, one point every 100 m. */
const KM_PER_DEG_LON = 111.32 * Math.cos((47.2 * Math.PI) / 180);
const line = (startLon: number, lat: number) =>
  Array.from({ length: 31 }, (_, i) => [startLon + (i * 0.1) / KM_PER_DEG_LON, lat]);
const shared = line(15.6, 47.2);
const lonely = line(15.6, 47.25);

beforeAll(async () => {
  t = await createTestContext();
  const admin = await t.token('admin');
  const trips = [];
  for (let i = 0; i < 6; i++) {
    await t.request('/api/v1/commuters', {
      method: 'POST',
      token: admin,
      json: { id: `m${i}`, partnerId: 'town-a' },
    });
    trips.push({
      id: `m${i}-t`,
      commuterId: `m${i}`,
      startedAt: '2011-05-10T07:00:00+02:00',
      legs: [
        { mode: 'bike', distanceKm: 3, geometry: { type: 'LineString', coordinates: shared } },
      ],
    });
  }
  trips.push({
    id: 'lonely-t',
    commuterId: 'cmt-a1',
    startedAt: '2011-05-11T07:00:00+02:00',
    legs: [{ mode: 'bike', distanceKm: 3, geometry: { type: 'LineString', coordinates: lonely } }],
  });
  expect(
    (await t.request('/api/v1/trips/batch', { method: 'POST', token: admin, json: { trips } }))
      .status,
  ).toBe(200);
});
afterAll(() => t.close());

const Q2 = 'from=2011-04-01&to=2011-06-30';

describe('GET /api/v1/map/density', () => {
  it('shows release units crossed by at least 5 commuters in a closed quarter, and hides the rest', async () => {
    const res = await t.request(`/api/v1/map/density?partner=town-a&${Q2}`, {
      token: await t.token('staffA'),
    });
    expect(res.status).toBe(200);
    const fc = await body(res);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.resolution).toBe(8);
    expect(fc.releasedPeriod).toEqual({
      from: '2011-04-01',
      to: '2011-06-30',
      quarters: ['2011-Q2'],
      reason: 'whole_units',
    });
    expect(fc.releaseUnit).toEqual({ grain: 'quarter', resolutions: [7, 8], releaseDelayDays: 7 });
    // A 3 km line crosses a few resolution-8 cells (about 1 km across).
    expect(fc.features.length).toBeGreaterThanOrEqual(3);
    for (const f of fc.features) {
      expect(f.properties.commuters).toBe(6);
      // Six trips through each resolution-9 street cell of the unit.
      expect(f.properties.trips % 6).toBe(0);
      expect(f.geometry.type).toBe('Polygon');
    }
    // The lonely commuter's units are withheld, not shown.
    expect(fc.suppressedCells).toBeGreaterThanOrEqual(3);
    const lonelyMiddle = latLngToCell(47.25, 15.6 + 1.5 / KM_PER_DEG_LON, 8);
    expect(fc.features.map((f: { properties: { h3: string } }) => f.properties.h3)).not.toContain(
      lonelyMiddle,
    );
  });

  it('answers whole closed quarters only, and says why a period has none', async () => {
    const may = await body(
      await t.request('/api/v1/map/density?partner=town-a&from=2011-05-01&to=2011-05-31', {
        token: await t.token('staffA'),
      }),
    );
    expect(may.features).toEqual([]);
    expect(may.releasedPeriod).toEqual({
      from: null,
      to: null,
      quarters: [],
      reason: 'no_whole_unit',
    });
    // A quarter that ended 3 days before "now" is still open (RELEASE_DELAY_DAYS = 7).
    const recent = await createTestContext({ now: () => Date.parse('2011-07-03T12:00:00Z') });
    try {
      const admin = await recent.token('admin');
      await recent.request('/api/v1/trips/batch', {
        method: 'POST',
        token: admin,
        json: {
          trips: ['cmt-a1'].map((commuterId) => ({
            commuterId,
            startedAt: '2011-05-10T07:00:00+02:00',
            legs: [
              {
                mode: 'bike',
                distanceKm: 3,
                geometry: { type: 'LineString', coordinates: shared },
              },
            ],
          })),
        },
      });
      const open = await body(
        await recent.request(`/api/v1/map/density?partner=town-a&${Q2}`, {
          token: await recent.token('staffA'),
        }),
      );
      expect(open.releasedPeriod.reason).toBe('no_closed_unit');
      expect(open.features).toEqual([]);
    } finally {
      await recent.close();
    }
  });

  it('offers nothing finer than the release units, and no home: origins are trimmed before storing', async () => {
    const res = await t.request(`/api/v1/map/density?partner=town-a&${Q2}&resolution=9`, {
      token: await t.token('staffA'),
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('validation_failed');
    const stored = await t.db.kysely.selectFrom('rollup_cell_month').select('cell').execute();
    const cells = stored.map((r) => r.cell);
    expect(cells).not.toContain(latLngToCell(47.2, 15.6, 9));
    expect(cells).toContain(latLngToCell(47.2, 15.6 + 1.5 / KM_PER_DEG_LON, 9));
  });

  it('aggregates released units to coarser resolutions', async () => {
    const fine = await body(
      await t.request('/api/v1/map/density?partner=town-a&resolution=8', {
        token: await t.token('staffA'),
      }),
    );
    const coarse = await body(
      await t.request('/api/v1/map/density?partner=town-a&resolution=7', {
        token: await t.token('staffA'),
      }),
    );
    expect(coarse.features.length).toBeLessThan(fine.features.length);
    expect(coarse.resolution).toBe(7);
    // Without dates: every quarter the data touches.
    expect(fine.releasedPeriod.quarters).toEqual(['2011-Q2']);
    const total = (fc: { features: Array<{ properties: { trips: number } }> }) =>
      fc.features.reduce((n, f) => n + f.properties.trips, 0);
    expect(total(coarse)).toBe(total(fine));
  });

  it('keeps other partners out, the rollup exact, and a released quarter frozen', async () => {
    expect(
      (await t.request('/api/v1/map/density?partner=town-a', { token: await t.token('staffB') }))
        .status,
    ).toBe(403);
    expect(
      (await t.request('/api/v1/map/density?partner=town-a', { token: await t.token('commuterA') }))
        .status,
    ).toBe(403);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
    const before = await body(
      await t.request(`/api/v1/map/density?partner=town-a&${Q2}`, {
        token: await t.token('staffA'),
      }),
    );
    expect(before.features.length).toBeGreaterThan(0);
    // Deleting two shared-route trips drops those units below k in the rollup, but the quarter
    // was released: its map stays as it was, or the difference would be those two trips.
    await t.request('/api/v1/trips/m0-t', { method: 'DELETE', token: await t.token('admin') });
    await t.request('/api/v1/trips/m1-t', { method: 'DELETE', token: await t.token('admin') });
    const after = await body(
      await t.request(`/api/v1/map/density?partner=town-a&${Q2}`, {
        token: await t.token('staffA'),
      }),
    );
    expect(after).toEqual(before);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });
});

describe('GET /api/v1/data-quality', () => {
  it('flags a fast walk, a trip replacing its own mode and a duplicate start; counts commuters without baseline', async () => {
    const staff = await t.token('staffA');
    const trips = [
      {
        id: 'dq-fast',
        commuterId: 'cmt-a2',
        startedAt: '2011-06-01T07:00:00+02:00',
        legs: [{ mode: 'walk', distanceKm: 3, durationMin: 18 }],
      },
      {
        id: 'dq-self',
        commuterId: 'cmt-a2',
        startedAt: '2011-06-02T07:00:00+02:00',
        replacedMode: 'bike',
        legs: [{ mode: 'bike', distanceKm: 3 }],
      },
      {
        id: 'dq-dup1',
        commuterId: 'cmt-a2',
        startedAt: '2011-06-03T07:00:00+02:00',
        legs: [{ mode: 'bike', distanceKm: 3 }],
      },
      {
        id: 'dq-dup2',
        commuterId: 'cmt-a2',
        startedAt: '2011-06-03T07:00:00+02:00',
        legs: [{ mode: 'bike', distanceKm: 3.1 }],
      },
    ];
    expect(
      (await t.request('/api/v1/trips/batch', { method: 'POST', token: staff, json: { trips } }))
        .status,
    ).toBe(200);
    const res = await t.request('/api/v1/data-quality?partner=town-a', { token: staff });
    expect(res.status).toBe(200);
    const r = await body(res);
    expect(r.implausibleTrips.byReason).toEqual({
      fast_for_mode: 1,
      replaced_by_itself: 1,
      duplicate_start: 1,
    });
    expect(r.implausibleTrips.examples.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining(['dq-fast', 'dq-self', 'dq-dup1']),
    );
    // None of the fixture or map commuters has a baseline survey.
    expect(r.commutersWithoutBaseline.count).toBe(8);
    expect(r.unlabelledKmShare).toBeGreaterThan(0);
    expect(
      (await t.request('/api/v1/data-quality?partner=town-a', { token: await t.token('staffB') }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.request('/api/v1/data-quality?partner=town-a', {
          token: await t.token('analystNetwork'),
        })
      ).status,
    ).toBe(403);
  });
});

describe('public endpoints', () => {
  it('GET /config and /methodology need no login', async () => {
    const config = await body(await t.request('/api/v1/config'));
    expect(config).toMatchObject({ mapStyleUrl: null, defaultLocale: 'en' });
    const md = await t.request('/api/v1/methodology');
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await md.text()).toContain('id="co2-avoided"');
  });
});

describe('GET /api/v1/map/density with MAP_MAX_CELLS', () => {
  it('answers at most MAP_MAX_CELLS cells, the busiest, and says it was cut', async () => {
    const small = await createTestContext({ config: { MAP_MAX_CELLS: '2' } });
    try {
      const admin = await small.token('admin');
      const trips = [];
      for (let i = 0; i < 5; i++) {
        await small.request('/api/v1/commuters', {
          method: 'POST',
          token: admin,
          json: { id: `n${i}`, partnerId: 'town-a' },
        });
        trips.push({
          commuterId: `n${i}`,
          startedAt: '2011-05-10T07:00:00+02:00',
          legs: [
            { mode: 'bike', distanceKm: 3, geometry: { type: 'LineString', coordinates: shared } },
          ],
        });
      }
      // resolution 8 by default: the line crosses more than two release units.
      expect(
        (
          await small.request('/api/v1/trips/batch', {
            method: 'POST',
            token: admin,
            json: { trips },
          })
        ).status,
      ).toBe(200);
      const fc = await body(
        await small.request('/api/v1/map/density?partner=town-a', {
          token: await small.token('staffA'),
        }),
      );
      expect(fc.features).toHaveLength(2);
      expect(fc.truncated).toBe(true);
      expect(fc.maxCells).toBe(2);
      const coarse = await body(
        await small.request('/api/v1/map/density?partner=town-a&resolution=6', {
          token: await small.token('staffA'),
        }),
      );
      expect(coarse.truncated).toBe(false);
    } finally {
      await small.close();
    }
  });
});
