import type { DatabaseFailure, DatabaseFailureKind } from '../db/failures.js';

/** The storage failure writes are failing with, as /health reports it. */
export interface StorageFailureReport {
  kind: DatabaseFailureKind;
  code: string;
  message: string;
  /** When it last happened, ISO 8601 UTC. */
  at: string;
}

/**
 * A failure counts this long after it last happened, unless a write succeeds first. Without a
 * bound, a server that a load balancer stopped sending writes to (because /health said 503)
 * would never report healthy again; with it, /health turns ok, writes come back, and a storage
 * that is still failing shows up again at the first of them.
 */
export const STORAGE_FAILURE_WINDOW_MS = 30_000;

/** Retry-After for a busy database: the lock holder usually finishes within a second. */
export const BUSY_RETRY_AFTER_S = 1;
/** Retry-After when storage fails: someone has to free disk space or fix permissions first. */
export const STORAGE_RETRY_AFTER_S = 30;

/**
 * Remembers the last storage failure the API answered 503 for and the last write that
 * succeeded, so that /health can say "writes are failing, and why" without writing itself:
 * /health is polled often and is the baseline of the benchmark, so its ok path stays a ping.
 */
export class StorageHealth {
  private failure: (DatabaseFailure & { atMs: number; seq: number }) | null = null;
  // Order by events, not by clock: a failure and a success within one millisecond still count
  // in the order they happened.
  private seq = 0;
  private lastWriteOkSeq = -1;

  constructor(private readonly now: () => number) {}

  recordFailure(failure: DatabaseFailure): void {
    this.failure = { ...failure, atMs: this.now(), seq: this.seq++ };
  }

  recordWriteSuccess(): void {
    this.lastWriteOkSeq = this.seq++;
  }

  /** The failure writes are failing with now, or null when they are not known to fail. */
  current(): StorageFailureReport | null {
    const f = this.failure;
    if (!f || f.seq < this.lastWriteOkSeq || this.now() - f.atMs > STORAGE_FAILURE_WINDOW_MS)
      return null;
    return {
      kind: f.kind,
      code: f.code,
      message: f.message.slice(0, 300),
      at: new Date(f.atMs).toISOString(),
    };
  }
}
