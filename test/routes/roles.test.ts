import { describe, expect, it } from 'vitest';
import { bikeTrip, createTestContext, USERS, type FixtureUser } from '../helpers.js';

/**
 * The role × route matrix (DESIGN.md section 6): every route against every role, on a fresh
 * database each time. "anon" sends no credentials. Out-of-scope single records answer 404 so
 * that ids of other partners' people do not leak; a role that never may is told 403.
 */
type Who = FixtureUser | 'anon';
const ALL: Who[] = ['anon', ...(Object.keys(USERS) as FixtureUser[])];

interface RouteCase {
  name: string;
  method: string;
  path: string;
  json?: unknown;
  expect: Partial<Record<Who, number>> & { default: number };
}

const newCommuterAccount = (email: string) => ({
  email,
  password: 'long enough password',
  role: 'commuter',
  partnerId: 'town-a',
});

const routes: RouteCase[] = [
  { name: 'health', method: 'GET', path: '/api/v1/health', expect: { default: 200 } },
  { name: 'liveness', method: 'GET', path: '/api/v1/health/live', expect: { default: 200 } },
  { name: 'readiness', method: 'GET', path: '/api/v1/health/ready', expect: { default: 200 } },
  { name: 'openapi', method: 'GET', path: '/api/v1/openapi.json', expect: { default: 200 } },
  { name: 'me', method: 'GET', path: '/api/v1/auth/me', expect: { anon: 401, default: 200 } },
  {
    name: 'list own API tokens',
    method: 'GET',
    path: '/api/v1/auth/tokens',
    expect: { anon: 401, default: 200 },
  },
  {
    name: 'create an API token',
    method: 'POST',
    path: '/api/v1/auth/tokens',
    json: { name: 'script' },
    expect: { anon: 401, default: 201 },
  },
  {
    name: 'revoke a token that is not yours',
    method: 'DELETE',
    path: '/api/v1/auth/tokens/tok_someone_elses',
    expect: { anon: 401, default: 404 },
  },
  {
    name: 'list partners',
    method: 'GET',
    path: '/api/v1/partners',
    expect: { anon: 401, default: 200 },
  },
  {
    name: 'sites leaderboard of town A (analysts of other partners and other towns: 404)',
    method: 'GET',
    path: '/api/v1/partners/town-a/leaderboard?from=2011-01-01&to=2011-12-31',
    expect: { anon: 401, staffB: 404, commuterB: 404, default: 200 },
  },
  {
    name: 'share a name on behalf of a commuter (only the commuter may)',
    method: 'PATCH',
    path: '/api/v1/commuters/cmt-a1',
    json: { shareName: true },
    expect: {
      anon: 401,
      commuterA: 200,
      commuterA2: 404,
      commuterB: 404,
      staffB: 404,
      analystA: 403,
      analystNetwork: 403,
      default: 403,
    },
  },
  {
    name: 'read own partner',
    method: 'GET',
    path: '/api/v1/partners/town-a',
    expect: { anon: 401, staffB: 404, commuterB: 404, default: 200 },
  },
  {
    name: 'read another partner',
    method: 'GET',
    path: '/api/v1/partners/town-b',
    expect: {
      anon: 401,
      admin: 200,
      analystNetwork: 200,
      staffB: 200,
      commuterB: 200,
      default: 404,
    },
  },
  {
    name: 'create partner',
    method: 'POST',
    path: '/api/v1/partners',
    json: {
      id: 'town-c',
      name: 'Town C',
      country: 'IT',
      timezone: 'Europe/Rome',
      locale: 'it',
      center: [8.6, 45.4],
    },
    expect: { anon: 401, admin: 201, default: 403 },
  },
  {
    name: 'edit partner',
    method: 'PATCH',
    path: '/api/v1/partners/town-a',
    json: { name: 'Town A (renamed)' },
    expect: { anon: 401, admin: 200, default: 403 },
  },
  {
    name: "edit a partner's HEAT data",
    method: 'PATCH',
    path: '/api/v1/partners/town-a',
    json: {
      heat: {
        vsl: {
          amount: 3_000_000,
          currency: 'EUR',
          year: 2023,
          source: 'national appraisal guidance',
        },
      },
    },
    expect: { anon: 401, admin: 200, staffA: 200, default: 403 },
  },
  {
    name: 'list sites',
    method: 'GET',
    path: '/api/v1/partners/town-a/sites',
    expect: { anon: 401, staffB: 404, commuterB: 404, default: 200 },
  },
  {
    name: 'create site',
    method: 'POST',
    path: '/api/v1/partners/town-a/sites',
    json: { id: 'site-a2', name: 'School A' },
    expect: { anon: 401, admin: 201, staffA: 201, default: 403 },
  },
  {
    name: 'list accounts',
    method: 'GET',
    path: '/api/v1/accounts',
    expect: { anon: 401, admin: 200, staffA: 200, staffB: 200, default: 403 },
  },
  {
    name: 'create commuter account',
    method: 'POST',
    path: '/api/v1/accounts',
    json: newCommuterAccount('new.commuter@test.example'),
    expect: { anon: 401, admin: 201, staffA: 201, default: 403 },
  },
  {
    name: 'create staff account',
    method: 'POST',
    path: '/api/v1/accounts',
    json: {
      email: 'new.staff@test.example',
      password: 'long enough password',
      role: 'staff',
      partnerId: 'town-a',
    },
    expect: { anon: 401, admin: 201, default: 403 },
  },
  {
    name: 'disable a commuter account',
    method: 'PATCH',
    path: '/api/v1/accounts/acc-commuterA2',
    json: { disabled: true },
    expect: { anon: 401, admin: 200, staffA: 200, staffB: 404, default: 403 },
  },
  {
    name: 'list commuters',
    method: 'GET',
    path: '/api/v1/commuters',
    expect: { anon: 401, analystNetwork: 403, analystA: 403, default: 200 },
  },
  {
    name: 'read a commuter',
    method: 'GET',
    path: '/api/v1/commuters/cmt-a1',
    expect: {
      anon: 401,
      admin: 200,
      staffA: 200,
      commuterA: 200,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: 'edit a commuter',
    method: 'PATCH',
    path: '/api/v1/commuters/cmt-a1',
    json: { weightKg: 75 },
    expect: {
      anon: 401,
      admin: 200,
      staffA: 200,
      commuterA: 200,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: 'export a commuter',
    method: 'GET',
    path: '/api/v1/commuters/cmt-a1/export',
    expect: {
      anon: 401,
      admin: 200,
      staffA: 200,
      commuterA: 200,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: 'delete a commuter',
    method: 'DELETE',
    path: '/api/v1/commuters/cmt-a1',
    expect: {
      anon: 401,
      admin: 204,
      staffA: 204,
      commuterA: 204,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: 'create a commuter',
    method: 'POST',
    path: '/api/v1/commuters',
    json: { partnerId: 'town-a' },
    expect: { anon: 401, admin: 201, staffA: 201, default: 403 },
  },
  {
    name: 'record a survey',
    method: 'POST',
    path: '/api/v1/commuters/cmt-a1/surveys',
    json: {
      kind: 'baseline',
      takenOn: '2010-09-01',
      usualMode: 'car_driver',
      oneWayKm: 5,
      daysPerWeek: 5,
    },
    expect: {
      anon: 401,
      admin: 201,
      staffA: 201,
      commuterA: 201,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: 'list surveys',
    method: 'GET',
    path: '/api/v1/commuters/cmt-a1/surveys',
    expect: {
      anon: 401,
      admin: 200,
      staffA: 200,
      commuterA: 200,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: 'log a trip for cmt-a1',
    method: 'POST',
    path: '/api/v1/trips',
    json: bikeTrip({ commuterId: 'cmt-a1' }),
    expect: {
      anon: 401,
      admin: 201,
      staffA: 201,
      commuterA: 201,
      analystNetwork: 403,
      analystA: 403,
      default: 422,
    },
  },
  {
    name: 'log a batch for cmt-a1',
    method: 'POST',
    path: '/api/v1/trips/batch',
    json: { trips: [bikeTrip({ commuterId: 'cmt-a1' })] },
    expect: {
      anon: 401,
      admin: 200,
      staffA: 200,
      commuterA: 200,
      analystNetwork: 403,
      analystA: 403,
      default: 422,
    },
  },
  {
    name: 'list trips',
    method: 'GET',
    path: '/api/v1/trips',
    expect: { anon: 401, analystNetwork: 403, analystA: 403, default: 200 },
  },
  {
    name: "read cmt-a1's trip",
    method: 'GET',
    path: '/api/v1/trips/trip-a1',
    expect: {
      anon: 401,
      admin: 200,
      staffA: 200,
      commuterA: 200,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: "correct cmt-a1's trip",
    method: 'PATCH',
    path: '/api/v1/trips/trip-a1',
    json: { replacedMode: 'bus' },
    expect: {
      anon: 401,
      admin: 200,
      staffA: 200,
      commuterA: 200,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  {
    name: "delete cmt-a1's trip",
    method: 'DELETE',
    path: '/api/v1/trips/trip-a1',
    expect: {
      anon: 401,
      admin: 204,
      staffA: 204,
      commuterA: 204,
      analystNetwork: 403,
      analystA: 403,
      default: 404,
    },
  },
  { name: 'config', method: 'GET', path: '/api/v1/config', expect: { default: 200 } },
  { name: 'methodology', method: 'GET', path: '/api/v1/methodology', expect: { default: 200 } },
  {
    name: "own partner's indicators",
    method: 'GET',
    path: '/api/v1/indicators?partner=town-a',
    expect: {
      anon: 401,
      admin: 200,
      analystNetwork: 200,
      analystA: 200,
      staffA: 200,
      staffB: 403,
      commuterA: 403,
      commuterA2: 403,
      commuterB: 403,
      default: 403,
    },
  },
  {
    name: 'network indicators',
    method: 'GET',
    path: '/api/v1/indicators?partner=network',
    expect: { anon: 401, admin: 200, analystNetwork: 200, default: 403 },
  },
  {
    name: 'data version of town A (live dashboards)',
    method: 'GET',
    path: '/api/v1/data-version?partner=town-a',
    expect: {
      anon: 401,
      admin: 200,
      analystNetwork: 200,
      analystA: 200,
      staffA: 200,
      default: 403,
    },
  },
  {
    name: 'data version of the network',
    method: 'GET',
    path: '/api/v1/data-version?partner=network',
    expect: { anon: 401, admin: 200, analystNetwork: 200, default: 403 },
  },
  {
    name: 'monthly series',
    method: 'GET',
    path: '/api/v1/indicators/monthly?partner=town-a',
    expect: {
      anon: 401,
      admin: 200,
      analystNetwork: 200,
      analystA: 200,
      staffA: 200,
      default: 403,
    },
  },
  {
    name: 'partner comparison',
    method: 'GET',
    path: '/api/v1/indicators/partners',
    expect: { anon: 401, admin: 200, analystNetwork: 200, default: 403 },
  },
  {
    name: 'factor sets',
    method: 'GET',
    path: '/api/v1/factor-sets',
    expect: { anon: 401, default: 200 },
  },
  {
    name: 'HEAT calculator',
    method: 'POST',
    path: '/api/v1/calculators/heat',
    json: { mode: 'walk', people: 10, minutesPerWeek: 100, country: 'AT' },
    expect: { anon: 401, default: 200 },
  },
  {
    name: 'HEAT calculator defaults',
    method: 'GET',
    path: '/api/v1/calculators/heat/defaults',
    expect: { anon: 401, default: 200 },
  },
  {
    name: 'route density map',
    method: 'GET',
    path: '/api/v1/map/density?partner=town-a',
    expect: {
      anon: 401,
      admin: 200,
      analystNetwork: 200,
      analystA: 200,
      staffA: 200,
      default: 403,
    },
  },
  {
    name: 'data quality',
    method: 'GET',
    path: '/api/v1/data-quality?partner=town-a',
    expect: { anon: 401, admin: 200, staffA: 200, default: 403 },
  },
];

const matrix = routes.flatMap((r) =>
  ALL.map((who) => ({ route: r, who, status: r.expect[who] ?? r.expect.default })),
);

describe('role × route matrix', () => {
  it.each(matrix)('$route.name as $who → $status', async ({ route, who, status }) => {
    const t = await createTestContext();
    try {
      // Every case starts with one trip of cmt-a1 stored.
      const seed = await t.request('/api/v1/trips', {
        method: 'POST',
        token: await t.token('admin'),
        json: bikeTrip({
          id: 'trip-a1',
          commuterId: 'cmt-a1',
          startedAt: '2011-05-02T07:30:00+02:00',
          endedAt: '2011-05-02T07:52:00+02:00',
        }),
      });
      expect(seed.status).toBe(201);
      const token = who === 'anon' ? undefined : await t.token(who);
      const res = await t.request(route.path, {
        method: route.method,
        ...(token ? { token } : {}),
        ...(route.json !== undefined ? { json: route.json } : {}),
      });
      expect(res.status).toBe(status);
      if (status >= 400) expect((await res.json()).error.code).toBeTypeOf('string');
      // What a role may read must hold only what it may see.
      if (status === 200 && route.path === '/api/v1/trips' && who !== 'admin') {
        const items = (await res.json()).items as Array<{ partnerId: string; commuterId: string }>;
        const u = USERS[who as FixtureUser];
        for (const item of items) {
          expect(item.partnerId).toBe(u.partnerId);
          if (u.commuterId) expect(item.commuterId).toBe(u.commuterId);
        }
      }
    } finally {
      await t.close();
    }
  });
});
