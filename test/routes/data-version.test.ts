import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bikeTrip, body, createTestContext, type TestContext } from '../helpers.js';

/**
 * The data version that live dashboards poll (issue 13, point 6): it moves with every write for
 * the partner's own staff and admins, and never with a single write for aggregate callers, who
 * see released months only (issue 10).
 */
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function versionOf(
  user: 'staffA' | 'admin' | 'analystA' | 'analystNetwork' | 'staffB',
  partner: string,
) {
  const res = await ctx.request(`/api/v1/data-version?partner=${partner}`, {
    token: await ctx.token(user),
  });
  expect(res.status).toBe(200);
  return body<{
    partner: string;
    version: string;
    basis: string;
    dataRange: { from: string; to: string } | null;
  }>(res);
}

async function postTrip(id: string): Promise<void> {
  const res = await ctx.request('/api/v1/trips', {
    method: 'POST',
    token: await ctx.token('commuterA'),
    json: bikeTrip({ id }),
  });
  expect(res.status).toBe(201);
}

describe('GET /data-version', () => {
  it("changes after a trip for the partner's staff and admins (live), also for the network", async () => {
    const staff = await versionOf('staffA', 'town-a');
    const admin = await versionOf('admin', 'network');
    expect(staff.basis).toBe('live');
    await postTrip('trip-live-1');
    const staffAfter = await versionOf('staffA', 'town-a');
    expect(staffAfter.version).not.toBe(staff.version);
    expect((await versionOf('admin', 'network')).version).not.toBe(admin.version);
    // Asking again without a write gives the same version: no change, no reload.
    expect((await versionOf('staffA', 'town-a')).version).toBe(staffAfter.version);
  });

  it('does not move with a write for callers who see released months only', async () => {
    const analyst = await versionOf('analystA', 'town-a');
    const network = await versionOf('analystNetwork', 'network');
    expect(analyst.basis).toBe('released');
    await postTrip('trip-live-2');
    expect((await versionOf('analystA', 'town-a')).version).toBe(analyst.version);
    expect((await versionOf('analystNetwork', 'network')).version).toBe(network.version);
  });

  it('does not change for another partner when one partner writes', async () => {
    const admin = await versionOf('admin', 'town-b');
    await postTrip('trip-live-3');
    expect((await versionOf('admin', 'town-b')).version).toBe(admin.version);
  });

  it('gives the data range each caller would read off GET /indicators, without computing figures', async () => {
    const cases = [
      ['staffA', 'town-a'],
      ['admin', 'network'],
      ['analystA', 'town-a'],
      ['analystNetwork', 'network'],
    ] as const;
    await postTrip('trip-range-1');
    for (const [user, partner] of cases) {
      const answer = await versionOf(user, partner);
      const res = await ctx.request(`/api/v1/indicators?partner=${partner}`, {
        token: await ctx.token(user),
      });
      expect(res.status).toBe(200);
      const indicators = await body<{ dataRange: { from: string; to: string } | null }>(res);
      expect(answer.dataRange, `${user} on ${partner}`).toEqual(indicators.dataRange);
    }
    // Live callers see the days; callers of released months see whole months or nothing.
    const day = bikeTrip().startedAt.slice(0, 10);
    expect((await versionOf('staffA', 'town-a')).dataRange).toEqual({ from: day, to: day });
    expect((await versionOf('analystA', 'town-a')).dataRange).toEqual({
      from: `${day.slice(0, 7)}-01`,
      to: `${day.slice(0, 7)}-31`,
    });
  });

  it("ends an aggregate caller's range at the last released month with trips, not at the last released month", async () => {
    // TEST_NOW is 2026-11-28: October 2026 is released (7 days' delay), November is not.
    await postTrip('trip-range-2011');
    const res = await ctx.request('/api/v1/trips', {
      method: 'POST',
      token: await ctx.token('commuterA'),
      json: bikeTrip({
        id: 'trip-range-recent',
        startedAt: '2026-11-25T07:30:00+01:00',
        endedAt: '2026-11-25T07:52:00+01:00',
      }),
    });
    expect(res.status).toBe(201);
    expect((await versionOf('staffA', 'town-a')).dataRange).toEqual({
      from: '2011-03-01',
      to: '2026-11-25',
    });
    // Nothing was recorded from April 2011 to October 2026: the released range ends in March
    // 2011, so a report builder's default year is one that holds data.
    for (const [user, partner] of [
      ['analystA', 'town-a'],
      ['analystNetwork', 'network'],
    ] as const)
      expect((await versionOf(user, partner)).dataRange, user).toEqual({
        from: '2011-03-01',
        to: '2011-03-31',
      });
  });

  it('answers 404 for an unknown partner, 403 outside the scope, 422 without a partner', async () => {
    const staff = await ctx.token('staffA');
    const unknown = await ctx.request('/api/v1/data-version?partner=nowhere', { token: staff });
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).error.code).toBe('not_found');
    const other = await ctx.request('/api/v1/data-version?partner=town-b', { token: staff });
    expect(other.status).toBe(403);
    const missing = await ctx.request('/api/v1/data-version', { token: staff });
    expect(missing.status).toBe(422);
    const commuter = await ctx.request('/api/v1/data-version?partner=town-a', {
      token: await ctx.token('commuterA'),
    });
    expect(commuter.status).toBe(403);
  });
});
