import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type LoginLimits, loginWaitMs } from '../domain/login-limits.js';
import {
  insertLoginAttempt,
  pruneLoginState,
  readLoginHistory,
  recordLoginSuccess,
} from '../repositories/login-attempts.js';
import { bumpSharedCounter } from '../repositories/shared-counters.js';

export type { LoginLimits } from '../domain/login-limits.js';

export type LoginReservation =
  | { ok: true; id: string; address: string; accountKey: string; at: number }
  | { ok: false; retryAfterSeconds: number };

/**
 * Login limits (the rule: domain/login-limits.ts), kept in the database so that every app
 * server on it counts the same attempts: guesses spread over several processes meet the limit
 * at the same count as on one. Every attempt is reserved before the password hash is checked,
 * in one transaction that first locks the 'login_throttle' counter row: N parallel guesses,
 * on any processes, cost what N sequential ones cost, and the slow argon2 verify cannot let a
 * burst through between reading a count and writing it. (SQLite write transactions are
 * exclusive anyway; on PostgreSQL the row lock orders them.) A reservation is a few indexed
 * reads and one insert, small beside the hash it guards.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Reserves one attempt for `accountKey` (the normalised e-mail, known or not, so that the
   * answer does not tell which accounts exist) from `address`, or says how long to wait.
   * Call succeed() when the password was right; a failure needs no call: it stays counted.
   */
  async reserve(address: string, accountKey: string): Promise<LoginReservation> {
    const now = this.now();
    const { limits } = this;
    return this.db.transaction().execute(async (trx) => {
      await bumpSharedCounter(trx, 'login_throttle');
      // Old rows go first: the window's reads below stay small, and the table bounded.
      await pruneLoginState(trx, {
        attemptsBeforeMs: now - limits.windowMs,
        knownBeforeMs: now - limits.knownAddressTtlMs,
      });
      const history = await readLoginHistory(trx, {
        accountKey,
        address,
        sinceMs: now - limits.windowMs,
        pairLimit: limits.maxFailures,
        addressLimit: limits.addressMaxFailures,
      });
      const waitMs = loginWaitMs(limits, history, now);
      if (waitMs > 0)
        return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      const id = randomUUID();
      await insertLoginAttempt(trx, { id, accountKey, address, atMs: now });
      return { ok: true as const, id, address, accountKey, at: now };
    });
  }

  /**
   * The password was right: the attempt is not a failure. The owner's own bucket empties and
   * the address becomes known to the account; the account's other failures stay counted, so
   * that the owner logging in does not reset an attacker's slowdown.
   */
  async succeed(r: Extract<LoginReservation, { ok: true }>): Promise<void> {
    await this.db.transaction().execute((trx) =>
      recordLoginSuccess(trx, {
        attemptId: r.id,
        accountKey: r.accountKey,
        address: r.address,
        atMs: this.now(),
      }),
    );
  }
}
