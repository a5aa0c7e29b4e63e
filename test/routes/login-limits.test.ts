import { afterEach, describe, expect, it } from 'vitest';
import {
  body,
  createTestContext,
  PASSWORD,
  TEST_NOW,
  USERS,
  type TestContext,
} from '../helpers.js';

/**
 * Login limits as a caller meets them (audit issue 8, point 3): attempts are counted before the
 * password is checked, an attacker who knows an e-mail cannot keep its owner out, and the
 * client address comes from the socket unless the socket is a configured trusted proxy.
 */
let t: TestContext;
afterEach(() => t?.close());

const OWNER = USERS.staffA.email;
const ATTACKER = '203.0.113.66';
const OWNER_HOME = '198.51.100.7';

function attempt(password: string, remoteAddress: string, headers: Record<string, string> = {}) {
  return t.request('/api/v1/auth/login', {
    method: 'POST',
    json: { email: OWNER, password },
    remoteAddress,
    headers,
  });
}

describe('login limits', () => {
  it('300 parallel wrong guesses for one account check at most LOGIN_MAX_FAILURES passwords; the rest get 429 with Retry-After', async () => {
    t = await createTestContext();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => attempt(`guess ${i}`, ATTACKER)),
    );
    const checked = answers.filter((r) => r.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.every((r) => r.status === 401)).toBe(true);
    const limited = answers.filter((r) => r.status === 429);
    expect(limited).toHaveLength(300 - checked.length);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await body(limited[0]!)).error.code).toBe('rate_limited');
  });

  it('the owner logs in from another address while an attacker hammers the account', async () => {
    t = await createTestContext();
    await Promise.all(Array.from({ length: 300 }, (_, i) => attempt(`guess ${i}`, ATTACKER)));
    expect((await attempt('one more', ATTACKER)).status).toBe(429);
    const owner = await attempt(PASSWORD, OWNER_HOME);
    expect(owner.status).toBe(200);
    expect((await body(owner)).account.email).toBe(OWNER);
  });

  it('guesses from many addresses slow the account down with growing delays instead of locking its owner out', async () => {
    let now = TEST_NOW;
    t = await createTestContext({ now: () => now });
    // The owner has logged in from home before: that address is known to the account.
    expect((await attempt(PASSWORD, OWNER_HOME)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await attempt('wrong', `192.0.2.${i + 1}`)).status);
    // Twice LOGIN_MAX_FAILURES from anywhere cost nothing; then each attempt waits its turn.
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    // From home the owner is not slowed at all.
    expect((await attempt(PASSWORD, OWNER_HOME)).status).toBe(200);
    // From a new address the owner waits at most LOGIN_BACKOFF_MAX_SECONDS, then gets in.
    const slowed = await attempt(PASSWORD, '198.51.100.200');
    expect(slowed.status).toBe(429);
    const waitS = Number(slowed.headers.get('retry-after'));
    expect(waitS).toBeGreaterThan(0);
    expect(waitS).toBeLessThanOrEqual(60);
    now += waitS * 1000;
    expect((await attempt(PASSWORD, '198.51.100.200')).status).toBe(200);
    // The delay grows with each failure past the free ones: 1 s, then 2 s, then 4 s.
    now += 3_600_000; // a fresh window
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) await attempt('wrong', `192.0.2.${100 + i}`);
    for (let i = 0; i < 3; i++) {
      const first = await attempt('wrong', `192.0.2.${200 + i}`);
      if (first.status === 429) {
        delays.push(Number(first.headers.get('retry-after')));
        now += delays[delays.length - 1]! * 1000;
        expect((await attempt('wrong', `192.0.2.${200 + i}`)).status).toBe(401);
      } else delays.push(0);
    }
    expect(delays).toEqual([1, 2, 4]);
  });

  it('a successful login from an address empties its bucket, and the window forgives', async () => {
    let now = TEST_NOW;
    t = await createTestContext({ now: () => now });
    for (let i = 0; i < 4; i++) expect((await attempt('typo', OWNER_HOME)).status).toBe(401);
    expect((await attempt(PASSWORD, OWNER_HOME)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await attempt('typo', OWNER_HOME)).status).toBe(401);
    const limited = await attempt(PASSWORD, OWNER_HOME);
    expect(limited.status).toBe(429);
    now += Number(limited.headers.get('retry-after')) * 1000;
    expect((await attempt(PASSWORD, OWNER_HOME)).status).toBe(200);
  });

  it('limits one address across accounts (credential stuffing)', async () => {
    t = await createTestContext();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await t.request('/api/v1/auth/login', {
        method: 'POST',
        json: { email: `user${i}@test.example`, password: 'Winter2026!' },
        remoteAddress: ATTACKER,
      });
      statuses.push(res.status);
    }
    // Ten times LOGIN_MAX_FAILURES per address in the window.
    expect(statuses.filter((s) => s === 401)).toHaveLength(50);
    expect(statuses.slice(50).every((s) => s === 429)).toBe(true);
    expect(
      (
        await t.request('/api/v1/auth/login', {
          method: 'POST',
          json: { email: OWNER, password: PASSWORD },
          remoteAddress: OWNER_HOME,
        })
      ).status,
    ).toBe(200);
  });
});

describe('client address behind a reverse proxy', () => {
  it('X-Forwarded-For is ignored unless TRUST_PROXY lists the socket: a forged header buys no fresh bucket', async () => {
    t = await createTestContext();
    for (let i = 0; i < 5; i++)
      expect((await attempt('wrong', ATTACKER, { 'x-forwarded-for': `192.0.2.${i}` })).status).toBe(
        401,
      );
    expect((await attempt('wrong', ATTACKER, { 'x-forwarded-for': '192.0.2.99' })).status).toBe(
      429,
    );
  });

  it('behind a trusted proxy, each client has its own bucket, read from the right of X-Forwarded-For', async () => {
    t = await createTestContext({ config: { TRUST_PROXY: '10.0.0.0/8' } });
    const proxy = '10.0.0.2';
    // The attacker forges a left-most entry; the proxy appends the address it really saw.
    const viaProxy = (password: string, client: string, forged = '') =>
      attempt(password, proxy, { 'x-forwarded-for': `${forged ? `${forged}, ` : ''}${client}` });
    for (let i = 0; i < 5; i++)
      expect((await viaProxy('wrong', ATTACKER, `198.51.100.${i}`)).status).toBe(401);
    expect((await viaProxy('wrong', ATTACKER, OWNER_HOME)).status).toBe(429);
    // The owner behind the same proxy is a different client.
    expect((await viaProxy(PASSWORD, OWNER_HOME)).status).toBe(200);
  });
});
