import { afterEach, describe, expect, it } from 'vitest';
import { releaseDue, rereleaseMonth, warmReleasedMonths } from '../../server/services/releases.js';
import { bikeTrip, createTestContext, type TestContext } from '../helpers.js';

/**
 * Issue 10, work off the request path: releaseDue (npm run release, the server's start-up and
 * its timer) freezes the due months and releases every partner's due map quarters, so that an
 * analyst's map and indicator requests afterwards only read frozen units. The clock stands at
 * 2011-06-01: March 2011 and the first quarter of 2011 are due, June is not.
 */
const NOW = Date.parse('2011-06-01T12:00:00Z');
const NOW_ISO = new Date(NOW).toISOString();
let t: TestContext;
afterEach(() => t.close());

async function withTrips(): Promise<TestContext> {
  const ctx = await createTestContext({ now: () => NOW });
  const admin = await ctx.token('admin');
  for (const commuterId of ['cmt-a1', 'cmt-a2', 'cmt-b1']) {
    const res = await ctx.request('/api/v1/trips', {
      method: 'POST',
      token: admin,
      json: { ...bikeTrip(), id: `due-${commuterId}`, commuterId },
    });
    expect(res.status).toBe(201);
  }
  return ctx;
}

/** What a request could have released: every frozen month and map period, with its time. */
async function releasedRows(ctx: TestContext) {
  const k = ctx.db.kysely;
  const months = await k.selectFrom('release_months').selectAll().orderBy('month').execute();
  const map = await k
    .selectFrom('map_release_periods')
    .selectAll()
    .orderBy(['partner_id', 'site_id', 'time_unit', 'resolution'])
    .execute();
  return { months, map };
}

async function analystReads(ctx: TestContext) {
  const token = await ctx.token('analystNetwork');
  for (const path of [
    '/api/v1/map/density?partner=network&from=2011-01-01&to=2011-03-31',
    '/api/v1/map/density?partner=town-a',
    '/api/v1/indicators?partner=network&from=2011-03-01&to=2011-03-31',
    '/api/v1/indicators/monthly?partner=town-b&from=2011-03-01&to=2011-03-31',
  ]) {
    const res = await ctx.request(path, { token });
    expect(res.status, path).toBe(200);
  }
}

describe('releaseDue: releases ahead of the requests', () => {
  it('without it, the first map and indicator requests release in the request (the fallback)', async () => {
    t = await withTrips();
    expect(await releasedRows(t)).toEqual({ months: [], map: [] });
    await analystReads(t);
    const after = await releasedRows(t);
    expect(after.months.map((m) => m.month)).toEqual(['2011-03']);
    expect(after.map.length).toBeGreaterThan(0);
  });

  it('after it, map and indicator requests freeze nothing', async () => {
    t = await withTrips();
    const r = await releaseDue(t.db.kysely, t.config.releaseDelayDays, NOW_ISO);
    // March, the month with data; two partners x 2011-Q1.
    expect(r).toEqual({ monthsDue: 1, monthsFrozen: 1, mapPeriodsDue: 2, mapPeriodsReleased: 2 });
    const before = await releasedRows(t);
    expect(before.months.map((m) => m.month)).toEqual(['2011-03']);
    // Both layers of both partners' 2011-Q1, the partner maps ('' site).
    expect(before.map.map((m) => `${m.partner_id}|${m.site_id}|${m.time_unit}`)).toEqual([
      'town-a||2011-Q1',
      'town-a||2011-Q1',
      'town-b||2011-Q1',
      'town-b||2011-Q1',
    ]);
    await analystReads(t);
    expect(await releasedRows(t)).toEqual(before);
    // A second run finds nothing left to do.
    expect(await releaseDue(t.db.kysely, t.config.releaseDelayDays, NOW_ISO)).toEqual({
      ...r,
      monthsFrozen: 0,
      mapPeriodsReleased: 0,
    });
  });

  it('releases nothing that is not due', async () => {
    t = await withTrips();
    const early = '2011-04-05T12:00:00.000Z'; // March ended 5 days ago: not due under 7 days
    expect(await releaseDue(t.db.kysely, 7, early)).toEqual({
      monthsDue: 0,
      monthsFrozen: 0,
      mapPeriodsDue: 0,
      mapPeriodsReleased: 0,
    });
    expect(await releasedRows(t)).toEqual({ months: [], map: [] });
  });

  it('decides each released month once ahead of the first answer, a new month when it is frozen', async () => {
    t = await withTrips();
    const delay = t.config.releaseDelayDays;
    // Nothing frozen yet: nothing to decide.
    expect(await warmReleasedMonths(t.db.kysely, delay, NOW_ISO)).toBe(0);
    await releaseDue(t.db.kysely, delay, NOW_ISO);
    expect(await warmReleasedMonths(t.db.kysely, delay, NOW_ISO)).toBe(1);
    // Kept: the next run (the server's timer) decides nothing.
    expect(await warmReleasedMonths(t.db.kysely, delay, NOW_ISO)).toBe(0);
    const token = await t.token('analystNetwork');
    const path = (to: string) => `/api/v1/indicators?partner=network&from=2011-03-01&to=${to}`;
    const march = await (await t.request(path('2011-03-31'), { token })).json();
    // A re-release that changes nothing keeps March's decision.
    expect((await rereleaseMonth(t.db.kysely, '2011-03', NOW_ISO)).status).toBe('unchanged');
    expect(await warmReleasedMonths(t.db.kysely, delay, NOW_ISO)).toBe(0);
    // April's trips: April is frozen by the next release, and only April is decided.
    const admin = await t.token('admin');
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: admin,
      json: {
        ...bikeTrip({
          startedAt: '2011-04-04T07:30:00+02:00',
          endedAt: '2011-04-04T07:52:00+02:00',
        }),
        id: 'due-april',
        commuterId: 'cmt-a1',
      },
    });
    expect(res.status).toBe(201);
    await releaseDue(t.db.kysely, delay, NOW_ISO);
    expect(await warmReleasedMonths(t.db.kysely, delay, NOW_ISO)).toBe(1);
    const both = await (await t.request(path('2011-04-30'), { token })).json();
    expect(both.release.months).toEqual(['2011-03', '2011-04']);
    expect(march.release.months).toEqual(['2011-03']);
  });
});
