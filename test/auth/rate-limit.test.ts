import { describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginLimits } from '../../server/auth/rate-limit.js';

const LIMITS: LoginLimits = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  accountFreeAttempts: 10,
  backoffMaxMs: 60_000,
  addressMaxFailures: 50,
  knownAddressTtlMs: 30 * 86_400_000,
};

function throttle() {
  const clock = { now: 1_000_000 };
  return { clock, limiter: new LoginThrottle(LIMITS, () => clock.now) };
}

describe('LoginThrottle', () => {
  it('reserves attempts before they are checked: the sixth concurrent one is refused at once', () => {
    const { limiter } = throttle();
    const answers = Array.from({ length: 300 }, () => limiter.reserve('203.0.113.1', 'owner@x'));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    const refused = answers.find((a) => !a.ok)!;
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 900 });
  });

  it('a success forgives its own bucket but not the failures of other addresses', () => {
    const { limiter } = throttle();
    for (let i = 0; i < 10; i++) expect(limiter.reserve(`192.0.2.${i}`, 'owner@x').ok).toBe(true);
    // Past the free attempts: a new address waits 1 s.
    expect(limiter.reserve('198.51.100.1', 'owner@x')).toEqual({ ok: false, retryAfterSeconds: 1 });
    for (let i = 0; i < 4; i++) limiter.reserve('198.51.100.7', 'other@x');
    const ok = limiter.reserve('198.51.100.7', 'other@x');
    expect(ok.ok).toBe(true);
    if (ok.ok) limiter.succeed(ok);
    expect(limiter.reserve('198.51.100.7', 'other@x').ok).toBe(true);
  });

  it('delays double with each failure and stop at the cap', () => {
    const { clock, limiter } = throttle();
    for (let i = 0; i < 10; i++) limiter.reserve(`192.0.2.${i}`, 'owner@x');
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const r = limiter.reserve(`198.51.100.${i}`, 'owner@x');
      expect(r.ok).toBe(false);
      const wait = (r as { retryAfterSeconds: number }).retryAfterSeconds;
      waits.push(wait);
      clock.now += wait * 1000;
      expect(limiter.reserve(`198.51.100.${i}`, 'owner@x').ok).toBe(true);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('an address the account logged in from skips the account delay, for 30 days', () => {
    const { clock, limiter } = throttle();
    const home = limiter.reserve('198.51.100.7', 'owner@x');
    if (home.ok) limiter.succeed(home);
    for (let i = 0; i < 20; i++) limiter.reserve(`192.0.2.${i}`, 'owner@x');
    expect(limiter.reserve('198.51.100.8', 'owner@x').ok).toBe(false);
    expect(limiter.reserve('198.51.100.7', 'owner@x').ok).toBe(true);
    clock.now += 31 * 86_400_000;
    for (let i = 0; i < 20; i++) limiter.reserve(`192.0.2.${i}`, 'owner@x');
    expect(limiter.reserve('198.51.100.7', 'owner@x').ok).toBe(false);
  });
});
