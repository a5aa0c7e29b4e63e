/**
 * The login limits' rule (auth/rate-limit.ts stores the attempts): how long an attempt must
 * wait, given what was tried before. Three limits, chosen so that knowing someone's e-mail is
 * not enough to keep them out:
 * - per (client address, account): at most `maxFailures` failed attempts in the window, then
 *   429 until the oldest leaves it. An attacker at another address never fills the owner's
 *   bucket, and a successful login empties it.
 * - per account, across addresses: the first `accountFreeAttempts` failures in the window cost
 *   nothing; after that each attempt must wait a delay that doubles with every failure (1 s,
 *   2 s, 4 s, ...) up to `backoffMaxMs`. This slows guessing from many addresses instead of
 *   locking the account. Addresses the account logged in from successfully (remembered for
 *   `knownAddressTtlMs`) skip this delay, so a distributed attack does not slow its owner.
 * - per client address, across accounts: at most `addressMaxFailures` failed attempts in the
 *   window (credential stuffing); looser, since an office or a NAT shares one address.
 */
export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
  accountFreeAttempts: number;
  backoffMaxMs: number;
  addressMaxFailures: number;
  knownAddressTtlMs: number;
}

/** Earlier attempts inside the window, as the store answers them (newest first). */
export interface LoginAttemptHistory {
  pairNewestMs: readonly number[];
  addressNewestMs: readonly number[];
  accountCount: number;
  accountLastMs: number | null;
  knownAtMs: number | null;
}

const BACKOFF_BASE_MS = 1_000;

/** Milliseconds the next attempt must wait; 0 lets it through. */
export function loginWaitMs(limits: LoginLimits, h: LoginAttemptHistory, nowMs: number): number {
  let waitMs = Math.max(
    windowWaitMs(h.pairNewestMs, limits.maxFailures, limits.windowMs, nowMs),
    windowWaitMs(h.addressNewestMs, limits.addressMaxFailures, limits.windowMs, nowMs),
  );
  const known = h.knownAtMs !== null && nowMs - h.knownAtMs < limits.knownAddressTtlMs;
  if (!known) waitMs = Math.max(waitMs, accountDelayMs(limits, h, nowMs));
  return Math.max(0, waitMs);
}

/** Wait until the oldest of the last `max` attempts leaves the window; 0 below `max`. */
function windowWaitMs(newest: readonly number[], max: number, windowMs: number, now: number) {
  if (newest.length < max) return 0;
  return newest[max - 1]! + windowMs - now;
}

/** Wait before the next attempt on an account that is not from one of its known addresses. */
function accountDelayMs(limits: LoginLimits, h: LoginAttemptHistory, now: number): number {
  const excess = h.accountCount - limits.accountFreeAttempts;
  if (excess < 0 || h.accountLastMs === null) return 0;
  // 2^excess seconds, capped; the exponent is capped too, so no overflow with many failures.
  const delay = Math.min(limits.backoffMaxMs, BACKOFF_BASE_MS * 2 ** Math.min(excess, 40));
  return h.accountLastMs + delay - now;
}
