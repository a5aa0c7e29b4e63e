/**
 * Login limits, kept in memory: one server process owns the logins of one installation, and a
 * restart forgives. Every attempt is reserved synchronously, before the password hash is
 * checked, so N parallel guesses cost what N sequential ones cost: the slow argon2 verify can
 * no longer let a burst through between reading a count and writing it.
 *
 * Three limits, chosen so that knowing someone's e-mail is not enough to keep them out:
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

export type LoginReservation =
  | { ok: true; address: string; accountKey: string; at: number }
  | { ok: false; retryAfterSeconds: number };

const BACKOFF_BASE_MS = 1_000;
/** Keeps memory bounded under a flood of distinct keys: stale entries are swept past this size. */
const MAX_KEYS = 100_000;
const SWEEP_INTERVAL_MS = 10_000;

export class LoginThrottle {
  /** Attempt times per key, oldest first; only attempts that have not succeeded stay. */
  private readonly pairs = new Map<string, number[]>();
  private readonly accounts = new Map<string, number[]>();
  private readonly addresses = new Map<string, number[]>();
  /** `${accountKey}\n${address}` -> when the account last logged in from there. */
  private readonly known = new Map<string, number>();
  private lastSweepAt = -Infinity;

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Reserves one attempt for `accountKey` (the normalised e-mail, known or not, so that the
   * answer does not tell which accounts exist) from `address`, or says how long to wait.
   * Call succeed() when the password was right; a failure needs no call: it stays counted.
   */
  reserve(address: string, accountKey: string): LoginReservation {
    const now = this.now();
    const pairKey = `${accountKey}\n${address}`;
    const pair = this.recent(this.pairs, pairKey, now);
    const account = this.recent(this.accounts, accountKey, now);
    const byAddress = this.recent(this.addresses, address, now);
    let waitMs = Math.max(
      this.windowWaitMs(pair, this.limits.maxFailures, now),
      this.windowWaitMs(byAddress, this.limits.addressMaxFailures, now),
    );
    if (!this.isKnown(pairKey, now)) waitMs = Math.max(waitMs, this.accountDelayMs(account, now));
    if (waitMs > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    pair.push(now);
    account.push(now);
    byAddress.push(now);
    this.pairs.set(pairKey, pair);
    this.accounts.set(accountKey, account);
    this.addresses.set(address, byAddress);
    // Swept at most every SWEEP_INTERVAL_MS: a flood of fresh keys must not make each attempt O(keys).
    const keys = this.pairs.size + this.accounts.size + this.addresses.size + this.known.size;
    if (keys > MAX_KEYS && now - this.lastSweepAt >= SWEEP_INTERVAL_MS) {
      this.lastSweepAt = now;
      this.sweep(now);
    }
    return { ok: true, address, accountKey, at: now };
  }

  /**
   * The password was right: the attempt is not a failure. The owner's own bucket empties and
   * the address becomes known to the account; the account's other failures stay counted, so
   * that the owner logging in does not reset an attacker's slowdown.
   */
  succeed(r: Extract<LoginReservation, { ok: true }>): void {
    const pairKey = `${r.accountKey}\n${r.address}`;
    this.pairs.delete(pairKey);
    removeOne(this.accounts, r.accountKey, r.at);
    removeOne(this.addresses, r.address, r.at);
    this.known.set(pairKey, this.now());
  }

  /** Wait until the oldest of the last `max` attempts leaves the window; 0 below `max`. */
  private windowWaitMs(attempts: number[], max: number, now: number): number {
    if (attempts.length < max) return 0;
    return attempts[attempts.length - max]! + this.limits.windowMs - now;
  }

  /** Wait before the next attempt on an account that is not from one of its known addresses. */
  private accountDelayMs(attempts: number[], now: number): number {
    const excess = attempts.length - this.limits.accountFreeAttempts;
    if (excess < 0) return 0;
    // 2^excess seconds, capped; the exponent is capped too, so no overflow with many failures.
    const delay = Math.min(this.limits.backoffMaxMs, BACKOFF_BASE_MS * 2 ** Math.min(excess, 40));
    return attempts[attempts.length - 1]! + delay - now;
  }

  private isKnown(pairKey: string, now: number): boolean {
    const at = this.known.get(pairKey);
    return at !== undefined && now - at < this.limits.knownAddressTtlMs;
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const cutoff = now - this.limits.windowMs;
    const all = map.get(key);
    if (!all) return [];
    const first = all.findIndex((t) => t > cutoff);
    return first === 0 ? all : first < 0 ? [] : all.slice(first);
  }

  private sweep(now: number): void {
    for (const map of [this.pairs, this.accounts, this.addresses]) {
      for (const key of [...map.keys()]) {
        const recent = this.recent(map, key, now);
        if (recent.length === 0) map.delete(key);
        else map.set(key, recent);
      }
    }
    for (const [key, at] of this.known)
      if (now - at >= this.limits.knownAddressTtlMs) this.known.delete(key);
  }
}

function removeOne(map: Map<string, number[]>, key: string, at: number): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.lastIndexOf(at);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
