import { expect } from 'vitest';
import { loadConfig, type Config } from '../server/config.js';
import { createApp } from '../server/app.js';
import type { Db } from '../server/db/connection.js';
import { silentLogger } from '../server/logger.js';
import { hashPassword } from '../server/auth/passwords.js';
import { insertAccount } from '../server/repositories/accounts.js';
import { insertCommuter } from '../server/repositories/commuters.js';
import { insertPartner, insertSite } from '../server/repositories/partners.js';
import type { Role } from '../server/domain/roles.js';
import { openTestDatabase } from './engine.js';

export { openTestDatabase, TEST_ENGINE } from './engine.js';

/** A fixed "now" for tests: trips in 2011 are in the past, 2031 is in the future. */
export const TEST_NOW = Date.parse('2026-11-28T12:00:00Z');

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: ':memory:',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    ...overrides,
  });
}

export interface TestContext {
  db: Db;
  config: Config;
  app: ReturnType<typeof createApp>;
  /** `remoteAddress`: the socket address the server sees (app.request has no socket of its own). */
  request(
    path: string,
    init?: RequestInit & { token?: string; json?: unknown; remoteAddress?: string },
  ): Promise<Response>;
  login(email: string, password?: string): Promise<string>;
  /** Tokens per fixture user, logged in lazily. */
  token(user: FixtureUser): Promise<string>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

/** Two partners with a site each, and one account of every role. */
export const USERS = {
  admin: { email: 'admin@test.example', role: 'admin', partnerId: null, commuterId: null },
  analystNetwork: {
    email: 'analyst@test.example',
    role: 'analyst',
    partnerId: null,
    commuterId: null,
  },
  analystA: {
    email: 'analyst.a@test.example',
    role: 'analyst',
    partnerId: 'town-a',
    commuterId: null,
  },
  staffA: { email: 'staff.a@test.example', role: 'staff', partnerId: 'town-a', commuterId: null },
  staffB: { email: 'staff.b@test.example', role: 'staff', partnerId: 'town-b', commuterId: null },
  commuterA: {
    email: 'commuter.a@test.example',
    role: 'commuter',
    partnerId: 'town-a',
    commuterId: 'cmt-a1',
  },
  commuterA2: {
    email: 'commuter.a2@test.example',
    role: 'commuter',
    partnerId: 'town-a',
    commuterId: 'cmt-a2',
  },
  commuterB: {
    email: 'commuter.b@test.example',
    role: 'commuter',
    partnerId: 'town-b',
    commuterId: 'cmt-b1',
  },
} as const satisfies Record<
  string,
  { email: string; role: Role; partnerId: string | null; commuterId: string | null }
>;
export type FixtureUser = keyof typeof USERS;

export async function createTestContext(
  options: { config?: Record<string, string>; fixtures?: boolean; now?: () => number } = {},
): Promise<TestContext> {
  const config = testConfig(options.config);
  const db = await openTestDatabase();
  if (options.fixtures !== false) await seedFixtures(db, config);
  const app = createApp({ db, config, logger: silentLogger, now: options.now ?? (() => TEST_NOW) });
  const tokens = new Map<string, string>();
  const request = requesterOf(app);
  const login = async (email: string, password = PASSWORD) => {
    const res = await request('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    if (res.status !== 200)
      throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  return {
    db,
    config,
    app,
    request,
    login,
    async token(user) {
      let t = tokens.get(user);
      if (!t) tokens.set(user, (t = await login(USERS[user].email)));
      return t;
    },
    close: () => db.close(),
  };
}

/** TestContext's request() for any app: a token, a JSON body and a socket address made easy. */
export function requesterOf(app: ReturnType<typeof createApp>): TestContext['request'] {
  return (path, init = {}) => {
    const { token, json, headers, remoteAddress, ...rest } = init;
    const h = new Headers(headers);
    if (token) h.set('authorization', `Bearer ${token}`);
    let body = rest.body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!h.has('content-type')) h.set('content-type', 'application/json');
    }
    // The bindings @hono/node-server gives a request: getConnInfo reads the socket from them.
    const env =
      remoteAddress === undefined
        ? undefined
        : {
            incoming: {
              socket: {
                remoteAddress,
                remotePort: 50_000,
                remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4',
              },
            },
          };
    return Promise.resolve(
      app.request(path, { ...rest, headers: h, ...(body !== undefined ? { body } : {}) }, env),
    );
  };
}

export async function seedFixtures(db: Db, config: Config): Promise<void> {
  const now = '2026-01-01T00:00:00.000Z';
  const k = db.kysely;
  await insertPartner(
    k,
    {
      id: 'town-a',
      name: 'Town A',
      country: 'AT',
      timezone: 'Europe/Vienna',
      locale: 'de',
      center: [15.624, 47.219],
    },
    now,
  );
  await insertPartner(
    k,
    {
      id: 'town-b',
      name: 'Town B',
      country: 'DK',
      timezone: 'Europe/Copenhagen',
      locale: 'da',
      center: [9.93, 56.039],
    },
    now,
  );
  await insertSite(
    k,
    'town-a',
    { id: 'site-a', name: 'Town hall A', location: [15.62, 47.22] },
    now,
  );
  await insertSite(k, 'town-b', { id: 'site-b', name: 'Hospital B', location: [9.93, 56.04] }, now);
  await insertCommuter(
    k,
    {
      id: 'cmt-a1',
      partnerId: 'town-a',
      siteId: 'site-a',
      ageBand: '30-39',
      weightKg: 72,
      joinedOn: '2010-09-01',
    },
    now,
  );
  await insertCommuter(
    k,
    {
      id: 'cmt-a2',
      partnerId: 'town-a',
      siteId: null,
      ageBand: '40-49',
      weightKg: null,
      joinedOn: '2010-09-01',
    },
    now,
  );
  await insertCommuter(
    k,
    {
      id: 'cmt-b1',
      partnerId: 'town-b',
      siteId: 'site-b',
      ageBand: '20-29',
      weightKg: 65,
      joinedOn: '2010-09-01',
    },
    now,
  );
  const hash = await hashPassword(PASSWORD, config.passwordHash);
  for (const [key, u] of Object.entries(USERS)) {
    await insertAccount(
      k,
      {
        id: `acc-${key}`,
        email: u.email,
        passwordHash: hash,
        role: u.role,
        partnerId: u.partnerId,
        commuterId: u.commuterId,
      },
      now,
    );
  }
}

/** A plausible one-leg bike commute. */
export function bikeTrip(overrides: Record<string, unknown> = {}) {
  return {
    startedAt: '2011-03-01T07:30:00+01:00',
    endedAt: '2011-03-01T07:52:00+01:00',
    purpose: 'commute',
    replacedMode: 'car_driver',
    legs: [{ mode: 'bike', distanceKm: 5.2, durationMin: 21 }],
    ...overrides,
  };
}

export async function body<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Deep comparison with a tolerance for float sums added up in another order. */
export function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      1e-6 * Math.max(1, Math.abs(expected)),
    );
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    for (const [i, e] of expected.entries())
      expectClose((actual as unknown[])[i], e, `${path}[${i}]`);
  } else if (expected && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected))
      expectClose(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
  } else {
    expect(actual, path).toEqual(expected);
  }
}
