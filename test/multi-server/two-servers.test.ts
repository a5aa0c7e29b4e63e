import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { silentLogger } from '../../server/logger.js';
import { openSharedTestDatabases, TEST_ENGINE } from '../engine.js';
import {
  bikeTrip,
  body,
  PASSWORD,
  requesterOf,
  seedFixtures,
  TEST_NOW,
  testConfig,
  USERS,
  type TestContext,
} from '../helpers.js';

/**
 * Two app servers on one database (issue 14, point 2): each app has its own in-process caches
 * (resolved tokens, commuters' scopes, computed answers), as two processes behind a load
 * balancer have, and its own connection (SQLite: the same file opened twice; PostgreSQL: a
 * second pool; `npm run test:pg` runs this file there). Whatever one server is told must hold
 * on the other at once: the fixed clock means no cache entry ever expires by itself here, so
 * only the shared state in the database can make these pass.
 */

let closeAll: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeAll?.();
  closeAll = null;
});

type Request = TestContext['request'];

async function twoServers(
  config: Record<string, string> = {},
): Promise<{ a: Request; b: Request; maxFailures: number; fresh: () => Request }> {
  const shared = await openSharedTestDatabases();
  closeAll = shared.close;
  const cfg = testConfig(config);
  await seedFixtures(shared.first, cfg);
  const deps = { config: cfg, logger: silentLogger, now: () => TEST_NOW };
  const a = requesterOf(createApp({ ...deps, db: shared.first }));
  const b = requesterOf(createApp({ ...deps, db: shared.second }));
  // A server started now, with no cache at all: what any answer must equal.
  const fresh = () => requesterOf(createApp({ ...deps, db: shared.second }));
  return { a, b, maxFailures: cfg.loginRateLimit.maxFailures, fresh };
}

async function login(server: Request, email: string, extra: Record<string, unknown> = {}) {
  const res = await server('/api/v1/auth/login', {
    method: 'POST',
    json: { email, password: PASSWORD, ...extra },
  });
  expect(res.status).toBe(200);
  return res;
}

async function tokenOn(server: Request, email: string): Promise<string> {
  return (await body(await login(server, email))).token;
}

function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

const me = (server: Request, token: string) => server('/api/v1/auth/me', { token });

describe('two app servers on one database', () => {
  it('logging out on A refuses the token and the cookie on B at once', async () => {
    const { a, b } = await twoServers();
    const token = await tokenOn(a, USERS.staffA.email);
    // B resolves the token once: from now on it is in B's auth cache.
    expect((await me(b, token)).status).toBe(200);
    expect((await a('/api/v1/auth/logout', { method: 'POST', token })).status).toBe(204);
    const refused = await me(b, token);
    expect(refused.status).toBe(401);
    expect((await body(refused)).error.code).toBe('unauthenticated');

    // The browser's way: a cookie session opened on B, used on A, ended on B.
    const cookies = cookiesOf(await login(b, USERS.staffB.email, { session: 'cookie' }));
    const cookie = `ms_session=${cookies.ms_session}; ms_csrf=${cookies.ms_csrf}`;
    expect((await a('/api/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    const out = await b('/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': cookies.ms_csrf! },
    });
    expect(out.status).toBe(204);
    expect((await a('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('an API token revoked on A is refused on B at once', async () => {
    const { a, b } = await twoServers();
    const login = await tokenOn(a, USERS.staffA.email);
    const created = await a('/api/v1/auth/tokens', {
      method: 'POST',
      token: login,
      json: { name: 'nightly export' },
    });
    expect(created.status).toBe(201);
    const { id, token } = await body(created);
    expect((await me(b, token)).status).toBe(200);
    const revoked = await a(`/api/v1/auth/tokens/${id}`, { method: 'DELETE', token: login });
    expect(revoked.status).toBe(204);
    expect((await me(b, token)).status).toBe(401);
    // The login token that revoked it still works on both.
    expect((await me(b, login)).status).toBe(200);
  });

  it('an account disabled on A, or given a temporary password, is refused on B at once', async () => {
    const { a, b } = await twoServers();
    const admin = await tokenOn(a, USERS.admin.email);
    const staff = await tokenOn(b, USERS.staffA.email);
    const commuter = await tokenOn(b, USERS.commuterA.email);
    expect((await me(b, staff)).status).toBe(200);
    expect((await me(b, commuter)).status).toBe(200);
    const patch = (id: string, json: unknown) =>
      a(`/api/v1/accounts/${id}`, { method: 'PATCH', token: admin, json });
    expect((await patch('acc-staffA', { disabled: true })).status).toBe(200);
    expect((await me(b, staff)).status).toBe(401);
    // A temporary password ends the account's sessions on every server.
    const temporaryPassword = 'Brand-new temporary 41 owls';
    expect((await patch('acc-commuterA', { temporaryPassword })).status).toBe(200);
    expect((await me(b, commuter)).status).toBe(401);
    // Enabled again on A: B lets the staff account log in and work at once.
    expect((await patch('acc-staffA', { disabled: false })).status).toBe(200);
    expect((await me(b, await tokenOn(b, USERS.staffA.email))).status).toBe(200);
  });

  it('wrong guesses spread over A and B meet the limit at the same count as on one server', async () => {
    const { a, b, maxFailures } = await twoServers();
    const guess = (server: Request, i: number) =>
      server('/api/v1/auth/login', {
        method: 'POST',
        json: { email: USERS.staffA.email, password: `guess ${i}` },
        remoteAddress: '203.0.113.66',
      });
    // One by one, alternating: the first maxFailures are checked (401), then both refuse.
    const statuses: number[] = [];
    for (let i = 0; i < maxFailures + 2; i++) statuses.push((await guess(i % 2 ? b : a, i)).status);
    expect(statuses).toEqual([...Array.from({ length: maxFailures }, () => 401), 429, 429]);
    // Bursts in parallel from a second address: still exactly maxFailures checked in all.
    const burst = (server: Request, from: number) =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          server('/api/v1/auth/login', {
            method: 'POST',
            json: { email: USERS.staffB.email, password: `guess ${from + i}` },
            remoteAddress: '198.51.100.99',
          }),
        ),
      );
    // On SQLite the two connections live in one event loop here, and better-sqlite3 waits for
    // the other's write lock synchronously, blocking the loop that would release it (separate
    // processes do not): one server's burst, then the other's. PostgreSQL takes them at once.
    const answers =
      TEST_ENGINE === 'postgres'
        ? (await Promise.all([burst(a, 0), burst(b, 20)])).flat()
        : [...(await burst(a, 0)), ...(await burst(b, 20))];
    const checked = answers.filter((r) => r.status !== 429);
    expect(checked).toHaveLength(maxFailures);
    expect(checked.every((r) => r.status === 401)).toBe(true);
    // The owner, from another address, still logs in on either server.
    const owner = await b('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email, password: PASSWORD },
      remoteAddress: '192.0.2.10',
    });
    expect(owner.status).toBe(200);
  });

  it("a trip written through A shows at once in B's indicators for the partner's staff", async () => {
    const { a, b, fresh } = await twoServers();
    const staff = await tokenOn(b, USERS.staffA.email);
    const commuter = await tokenOn(a, USERS.commuterA.email);
    const url = '/api/v1/indicators?partner=town-a&from=2011-01-01&to=2011-12-31';
    const before = await body(await b(url, { token: staff }));
    // Asked twice: the second answer comes from B's result cache.
    expect((await body(await b(url, { token: staff }))).trips).toBe(before.trips);
    const written = await a('/api/v1/trips', {
      method: 'POST',
      token: commuter,
      json: bikeTrip({ commuterId: 'cmt-a1' }),
    });
    expect(written.status).toBe(201);
    const after = await body(await b(url, { token: staff }));
    expect(after.trips).toBe(before.trips + 1);
    expect(after.distanceKm).toBeCloseTo(before.distanceKm + 5.2, 6);
    // B kept its per-commuter inputs and re-read only cmt-a1, named in the database's change
    // log by A's write: its whole answer is the one a server without any cache computes.
    expect(after.activity.kcalNet).not.toBe(before.activity.kcalNet);
    expect(after).toStrictEqual(await body(await fresh()(url, { token: staff })));
  });

  it("a partner renamed on A shows at once in B's released answers for a network analyst", async () => {
    const { a, b } = await twoServers();
    const analyst = await tokenOn(b, USERS.analystNetwork.email);
    const admin = await tokenOn(a, USERS.admin.email);
    const url = '/api/v1/indicators/partners?from=2011-01-01&to=2011-12-31';
    const nameOf = async () =>
      (await body(await b(url, { token: analyst }))).items.find(
        (p: { partnerId: string }) => p.partnerId === 'town-a',
      ).name;
    expect(await nameOf()).toBe('Town A');
    const renamed = await a('/api/v1/partners/town-a', {
      method: 'PATCH',
      token: admin,
      json: { name: 'Weiz an der Raab' },
    });
    expect(renamed.status).toBe(200);
    expect(await nameOf()).toBe('Weiz an der Raab');
  });

  it('a commuter deleted on A cannot be written to through B, whose scope cache knew it', async () => {
    const { a, b } = await twoServers();
    const staff = await tokenOn(b, USERS.staffA.email);
    const trip = (startedAt: string, endedAt: string) =>
      b('/api/v1/trips', {
        method: 'POST',
        token: staff,
        json: bikeTrip({ commuterId: 'cmt-a2', startedAt, endedAt }),
      });
    // B caches cmt-a2's partner, site and time zone with this write.
    expect((await trip('2011-03-01T07:30:00+01:00', '2011-03-01T07:52:00+01:00')).status).toBe(201);
    const admin = await tokenOn(a, USERS.admin.email);
    expect((await a('/api/v1/commuters/cmt-a2', { method: 'DELETE', token: admin })).status).toBe(
      204,
    );
    const refused = await trip('2011-03-02T07:30:00+01:00', '2011-03-02T07:52:00+01:00');
    // As for a commuter that never existed (not a foreign-key failure, not a trip stored).
    expect(refused.status).toBe(422);
    expect((await body(refused)).error.details).toEqual([
      expect.objectContaining({ path: 'commuterId', code: 'unknown_commuter' }),
    ]);
  });
  it("a tracker device's requests spread over A and B meet its per-minute limit at the same count", async () => {
    const { a, b } = await twoServers({ TRACKER_REQUESTS_PER_MINUTE: '4' });
    const commuter = await tokenOn(a, USERS.commuterA.email);
    const created = await a('/api/v1/devices', {
      method: 'POST',
      token: commuter,
      json: { kind: 'gpslogger', name: 'phone' },
    });
    expect(created.status).toBe(201);
    const device = (await body(created)).token;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await (i % 2 ? b : a)(
        `/api/v1/track/gpslogger?lat=55.68&lon=12.55&timestamp=${1764320000 + i}`,
        { headers: { authorization: `Bearer ${device}` } },
      );
      statuses.push(res.status);
    }
    // Per process, each server would have counted 3 and let all six through.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
