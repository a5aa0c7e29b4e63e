import { afterEach, describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginLimits } from '../../server/auth/rate-limit.js';
import type { Db } from '../../server/db/connection.js';
import { openTestDatabase } from '../engine.js';

const LIMITS: LoginLimits = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  accountFreeAttempts: 10,
  backoffMaxMs: 60_000,
  addressMaxFailures: 50,
  knownAddressTtlMs: 30 * 86_400_000,
};

// The attempts live in the database (shared by every server process on it).
let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function throttle() {
  const clock = { now: 1_000_000 };
  db = await openTestDatabase();
  return { clock, limiter: new LoginThrottle(db.kysely, LIMITS, () => clock.now) };
}

describe('LoginThrottle', () => {
  it('reserves attempts before they are checked: the sixth concurrent one is refused at once', async () => {
    const { limiter } = await throttle();
    const answers = await Promise.all(
      Array.from({ length: 300 }, () => limiter.reserve('203.0.113.1', 'owner@x')),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    const refused = answers.find((a) => !a.ok)!;
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 900 });
  });

  it('a success forgives its own bucket but not the failures of other addresses', async () => {
    const { limiter } = await throttle();
    for (let i = 0; i < 10; i++)
      expect((await limiter.reserve(`192.0.2.${i}`, 'owner@x')).ok).toBe(true);
    // Past the free attempts: a new address waits 1 s.
    expect(await limiter.reserve('198.51.100.1', 'owner@x')).toEqual({
      ok: false,
      retryAfterSeconds: 1,
    });
    for (let i = 0; i < 4; i++) await limiter.reserve('198.51.100.7', 'other@x');
    const ok = await limiter.reserve('198.51.100.7', 'other@x');
    expect(ok.ok).toBe(true);
    if (ok.ok) await limiter.succeed(ok);
    expect((await limiter.reserve('198.51.100.7', 'other@x')).ok).toBe(true);
  });

  it('delays double with each failure and stop at the cap', async () => {
    const { clock, limiter } = await throttle();
    for (let i = 0; i < 10; i++) await limiter.reserve(`192.0.2.${i}`, 'owner@x');
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await limiter.reserve(`198.51.100.${i}`, 'owner@x');
      expect(r.ok).toBe(false);
      const wait = (r as { retryAfterSeconds: number }).retryAfterSeconds;
      waits.push(wait);
      clock.now += wait * 1000;
      expect((await limiter.reserve(`198.51.100.${i}`, 'owner@x')).ok).toBe(true);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('an address the account logged in from skips the account delay, for 30 days', async () => {
    const { clock, limiter } = await throttle();
    const home = await limiter.reserve('198.51.100.7', 'owner@x');
    if (home.ok) await limiter.succeed(home);
    for (let i = 0; i < 20; i++) await limiter.reserve(`192.0.2.${i}`, 'owner@x');
    expect((await limiter.reserve('198.51.100.8', 'owner@x')).ok).toBe(false);
    expect((await limiter.reserve('198.51.100.7', 'owner@x')).ok).toBe(true);
    clock.now += 31 * 86_400_000;
    for (let i = 0; i < 20; i++) await limiter.reserve(`192.0.2.${i}`, 'owner@x');
    expect((await limiter.reserve('198.51.100.7', 'owner@x')).ok).toBe(false);
  });
});
