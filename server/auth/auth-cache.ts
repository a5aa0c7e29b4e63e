import type { Actor } from '../domain/roles.js';

/**
 * Resolved bearer tokens and session cookies, kept for a few seconds so that a burst of
 * requests with one token does not look the session up each time. Logout, disabling an
 * account and deleting a commuter clear it in this process at once; another process sharing
 * the database (PostgreSQL deployments) sees a revocation within `ttlMs`.
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

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
  ) {}

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

  set(tokenHash: string, auth: CachedAuth): void {
    if (this.ttlMs <= 0) return;
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
