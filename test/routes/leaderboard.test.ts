import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCommuter } from '../../server/repositories/commuters.js';
import { insertSite } from '../../server/repositories/partners.js';
import { bikeTrip, body, createTestContext, type TestContext } from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

const NOW = '2026-01-01T00:00:00.000Z';

/** `n` commuters at `siteId` of town-a, each with the given trips (via the staff API). */
async function populate(
  siteId: string,
  n: number,
  trips: (i: number) => Array<Record<string, unknown>>,
) {
  const token = await t.token('staffA');
  for (let i = 0; i < n; i++) {
    const id = `${siteId}-c${i}`;
    await insertCommuter(
      t.db.kysely,
      { id, partnerId: 'town-a', siteId, ageBand: null, weightKg: null, joinedOn: '2010-09-01' },
      NOW,
    );
    const batch = trips(i).map((trip, j) => ({ id: `${id}-t${j}`, commuterId: id, ...trip }));
    for (const trip of batch) {
      const res = await t.request('/api/v1/trips', { method: 'POST', token, json: trip });
      expect(res.status, await res.clone().text()).toBe(201);
    }
  }
}

const day = (d: number, legs: unknown[]) =>
  bikeTrip({
    startedAt: `2011-03-${String(d).padStart(2, '0')}T07:30:00+01:00`,
    endedAt: null,
    legs,
  });
const bike = (km: number) => ({ mode: 'bike', distanceKm: km });
const walk = (km: number) => ({ mode: 'walk', distanceKm: km });
const car = (km: number) => ({ mode: 'car_driver', distanceKm: km });

async function setUp() {
  await insertSite(t.db.kysely, 'town-a', { id: 'school', name: 'School', location: null }, NOW);
  await insertSite(t.db.kysely, 'town-a', { id: 'depot', name: 'Depot', location: null }, NOW);
  await insertSite(t.db.kysely, 'town-a', { id: 'tiny', name: 'Tiny', location: null }, NOW);
  // School: 5 commuters, each cycling 3 days x 4 km.
  await populate('school', 5, () => [day(1, [bike(4)]), day(2, [bike(4)]), day(3, [bike(4)])]);
  // Depot: 6 commuters, one cycling day of 2 km and a 10 km walk day; two drive only.
  await populate('depot', 6, (i) =>
    i < 4 ? [day(1, [bike(2)]), day(2, [walk(10)])] : [day(1, [car(12)])],
  );
  // Tiny: 4 commuters who cycle a lot: never shown.
  await populate('tiny', 4, () => [day(1, [bike(30)]), day(2, [bike(30)]), day(3, [bike(30)])]);
}

const url = (q: string) => `/api/v1/partners/town-a/leaderboard?${q}`;

describe('sites leaderboard', () => {
  it('ranks sites per active commuter and leaves out sites under 5 active commuters', async () => {
    await setUp();
    const res = await t.request(url('from=2011-03-01&to=2011-03-31'), {
      token: await t.token('staffA'),
    });
    expect(res.status).toBe(200);
    const b = await body(res);
    expect(b.basis).toBe('live');
    expect(b.sitesLeftOut).toBe(1);
    expect(b.sites.map((s: { siteId: string }) => s.siteId)).toEqual(['school', 'depot']);
    const [school, depot] = b.sites;
    expect(school).toMatchObject({
      name: 'School',
      activeCommuters: 5,
      cyclingDaysPerCommuter: 3,
      activeKmPerCommuter: 12,
      cyclingDaysRank: 1,
    });
    // 4 of 6 cycle one day; 4 x (2 + 10) km over 6 commuters.
    expect(depot).toMatchObject({
      activeCommuters: 6,
      cyclingDaysPerCommuter: 0.67,
      activeKmPerCommuter: 8,
      cyclingDaysRank: 2,
      activeKmRank: 2,
    });
    expect(JSON.stringify(b)).not.toContain('tiny');
  });

  it('orders by active km on request', async () => {
    await setUp();
    // One depot commuter walks 30 km more: depot leads on km, school on cycling days.
    const token = await t.token('staffA');
    await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: { ...day(4, [walk(30)]), id: 'long-walk', commuterId: 'depot-c0' },
    });
    const b = await body(
      await t.request(url('from=2011-03-01&to=2011-03-31&by=activeKm'), { token }),
    );
    expect(b.sites.map((s: { siteId: string }) => s.siteId)).toEqual(['depot', 'school']);
    expect(b.sites[0].activeKmPerCommuter).toBe(13);
    expect(b.sites[0].activeKmRank).toBe(1);
    expect(b.sites[1].cyclingDaysRank).toBe(1);
  });

  it('a commuter of the partner sees released months only, the same ranking', async () => {
    await setUp();
    const token = await t.token('commuterA');
    const b = await body(await t.request(url('from=2011-03-01&to=2011-03-31'), { token }));
    expect(b.basis).toBe('released');
    expect(b.releasedMonths).toEqual(['2011-03']);
    // The released site-months are the indicators' (issue 10): Tiny's 4 commuters would be the
    // partner's March minus School and Depot, so School (the smallest shown) is withheld too.
    expect(b.sitesLeftOut).toBe(2);
    expect(
      b.sites.map((s: { siteId: string; cyclingDaysPerCommuter: number }) => [
        s.siteId,
        s.cyclingDaysPerCommuter,
      ]),
    ).toEqual([['depot', 0.67]]);
    // A period that does not cover a whole released month shows nothing, not live days.
    const partial = await body(await t.request(url('from=2011-03-01&to=2011-03-15'), { token }));
    expect(partial.releasedMonths).toEqual([]);
    expect(partial.sites).toEqual([]);
  });

  it('the released view is frozen: a later trip in a released month does not change it', async () => {
    await setUp();
    const token = await t.token('commuterA');
    const before = await body(await t.request(url('from=2011-03-01&to=2011-03-31'), { token }));
    await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('staffA'),
      json: { ...day(9, [bike(50)]), id: 'late', commuterId: 'school-c0' },
    });
    const after = await body(await t.request(url('from=2011-03-01&to=2011-03-31'), { token }));
    expect(after.sites).toEqual(before.sites);
    const live = await body(
      await t.request(url('from=2011-03-01&to=2011-03-31'), { token: await t.token('staffA') }),
    );
    expect(live.sites[0].activeKmPerCommuter).toBe(22);
  });

  it('other partners and bad periods get clear answers', async () => {
    const commuterB = await t.token('commuterB');
    expect(
      (await t.request(url('from=2011-03-01&to=2011-03-31'), { token: commuterB })).status,
    ).toBe(404);
    const staffB = await t.token('staffB');
    expect((await t.request(url('from=2011-03-01&to=2011-03-31'), { token: staffB })).status).toBe(
      404,
    );
    const staffA = await t.token('staffA');
    const reversed = await t.request(url('from=2011-03-31&to=2011-03-01'), { token: staffA });
    expect(reversed.status).toBe(422);
    expect((await body(reversed)).error.code).toBe('validation_failed');
    expect((await t.request(url('from=2011-03-01'), { token: staffA })).status).toBe(422);
    expect((await t.request(url('from=1990-01-01&to=2011-03-01'), { token: staffA })).status).toBe(
      422,
    );
    expect((await t.request(url('from=2011-03-01&to=2011-03-31'))).status).toBe(401);
  });
});
