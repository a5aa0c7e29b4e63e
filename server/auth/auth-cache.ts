import type { Actor } from '../domain/roles.js';

/**
 * Resolved bearer tokens and session cookies, kept for a few seconds so that a burst of
 * requests with one token does not look the session up each time. Every revocation (logout,
 * revoked token, disabled account, password change, deleted commuter) raises the shared
 * 'auth' counter in its transaction (repositories/shared-counters.ts); every request that
 * carries credentials reads it first and calls sync(), so a revocation made by any process on
 * the database empties this cache before the next request uses it.
 */
export interface CachedAuth {
  actor: Actor;
  csrfToken: string | null;
  isSession: boolean;
  /** The API token's id (null for sessions and login tokens). */
  apiTokenId: string | null;
  /** A read-only API token: refused on every write, cache hit or not. */
  readOnly: boolean;
  /**
   * Session or API token expiry, ms since the epoch (API tokens without one: Infinity). An
   * entry is dropped at expiry, so the next request looks the token up and is told it expired.
   */
  expiresAtMs: number;
}

export class AuthCache {
  private readonly entries = new Map<string, { auth: CachedAuth; until: number }>();
  /** The newest 'auth' counter value seen; entries were all resolved at this value. */
  private epoch = -1;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * The shared counter as read at the start of a request: a newer value empties the cache.
   * An older value (a slow request that read it before another one) changes nothing.
   */
  sync(epoch: number): void {
    if (epoch <= this.epoch) return;
    this.epoch = epoch;
    this.entries.clear();
  }

  get(tokenHash: string): CachedAuth | null {
    const e = this.entries.get(tokenHash);
    if (!e) return null;
    const now = this.now();
    if (e.until <= now || e.auth.expiresAtMs <= now) {
      this.entries.delete(tokenHash);
      return null;
    }
    return e.auth;
  }

  /**
   * Keeps `auth`, resolved by a request that read counter value `epoch` before its lookup;
   * when the counter has moved since, the lookup may predate a revocation and is not kept.
   */
  set(tokenHash: string, auth: CachedAuth, epoch: number): void {
    if (this.ttlMs <= 0 || epoch !== this.epoch) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(tokenHash, { auth, until: this.now() + this.ttlMs });
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  clear(): void {
    this.entries.clear();
  }
}
