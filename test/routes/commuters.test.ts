import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import {
  bikeTrip,
  body,
  createTestContext,
  USERS,
  PASSWORD,
  type TestContext,
} from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

describe('a commuter owns their data', () => {
  it('exports everything stored about them', async () => {
    const token = await t.token('commuterA');
    await t.request('/api/v1/commuters/cmt-a1/surveys', {
      method: 'POST',
      token,
      json: {
        kind: 'baseline',
        takenOn: '2010-09-01',
        usualLegs: [
          { mode: 'walk', distanceKm: 0.5 },
          { mode: 'bus', distanceKm: 6 },
        ],
        daysPerWeek: 5,
      },
    });
    await t.request('/api/v1/trips', { method: 'POST', token, json: bikeTrip({ id: 'mine-1' }) });
    const res = await t.request('/api/v1/commuters/cmt-a1/export', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const data = await body(res);
    expect(data.commuter.id).toBe('cmt-a1');
    expect(data.surveys).toHaveLength(1);
    expect(data.surveys[0]).toMatchObject({ usualMode: 'bus', oneWayKm: 6.5 });
    expect(data.trips.map((x: { id: string }) => x.id)).toEqual(['mine-1']);
  });

  it('deleting their account removes trips, rollup contributions, surveys, sessions and the login', async () => {
    const token = await t.token('commuterA');
    await t.request('/api/v1/trips', { method: 'POST', token, json: bikeTrip({ id: 'gone-1' }) });
    await t.request('/api/v1/trips', {
      method: 'POST',
      token: await t.token('commuterA2'),
      json: bikeTrip({ id: 'stays-1' }),
    });
    expect((await t.request('/api/v1/commuters/cmt-a1', { method: 'DELETE', token })).status).toBe(
      204,
    );
    expect((await t.request('/api/v1/auth/me', { token })).status).toBe(401);
    const login = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.commuterA.email, password: PASSWORD },
    });
    expect(login.status).toBe(401);
    const k = t.db.kysely;
    expect(await k.selectFrom('trips').select('id').execute()).toEqual([{ id: 'stays-1' }]);
    expect(
      await k
        .selectFrom('rollup_commuter_day')
        .select('commuter_id')
        .where('commuter_id', '=', 'cmt-a1')
        .execute(),
    ).toEqual([]);
    expect(
      await k
        .selectFrom('rollup_commuter_month')
        .select('commuter_id')
        .where('commuter_id', '=', 'cmt-a1')
        .execute(),
    ).toEqual([]);
    expect(await verifyRollups(k)).toEqual([]);
  });

  it('a survey given as usual legs takes the longest leg as its usual mode', async () => {
    const res = await t.request('/api/v1/commuters/cmt-a1/surveys', {
      method: 'POST',
      token: await t.token('staffA'),
      json: {
        kind: 'baseline',
        takenOn: '2010-09-01',
        usualLegs: [
          { mode: 'bike', distanceKm: 2 },
          { mode: 'train', distanceKm: 18 },
        ],
        daysPerWeek: 4,
      },
    });
    expect(res.status).toBe(201);
    expect(await body(res)).toMatchObject({ usualMode: 'train', oneWayKm: 20, daysPerWeek: 4 });
    const mismatch = await t.request('/api/v1/commuters/cmt-a1/surveys', {
      method: 'POST',
      token: await t.token('staffA'),
      json: {
        kind: 'baseline',
        takenOn: '2010-09-01',
        usualMode: 'bike',
        usualLegs: [
          { mode: 'bike', distanceKm: 2 },
          { mode: 'train', distanceKm: 18 },
        ],
        daysPerWeek: 4,
      },
    });
    expect(mismatch.status).toBe(422);
  });

  it('staff create a commuter account with its profile; the answer carries the commuterId', async () => {
    const res = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: await t.token('staffA'),
      json: {
        email: 'new@test.example',
        password: 'long enough password',
        role: 'commuter',
        commuter: { ageBand: '30-39', siteId: 'site-a' },
      },
    });
    expect(res.status).toBe(201);
    const account = await body(res);
    expect(account).toMatchObject({ role: 'commuter', partnerId: 'town-a' });
    expect(account.commuterId).toMatch(/^cmt_/);
    const profile = await body(
      await t.request(`/api/v1/commuters/${account.commuterId}`, {
        token: await t.token('staffA'),
      }),
    );
    expect(profile).toMatchObject({ partnerId: 'town-a', siteId: 'site-a', ageBand: '30-39' });
    const duplicate = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: await t.token('admin'),
      json: { email: 'NEW@test.example', password: 'long enough password', role: 'analyst' },
    });
    expect(duplicate.status).toBe(409);
  });
});
