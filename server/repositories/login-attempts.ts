import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** What the login limits need to know about one (account, address) before an attempt. */
export interface LoginHistory {
  /** Unforgiven attempts of this account from this address in the window, newest first (at most `pairLimit`). */
  pairNewestMs: number[];
  /** Attempts from this address for any account in the window, newest first (at most `addressLimit`). */
  addressNewestMs: number[];
  /** Attempts on this account from any address in the window. */
  accountCount: number;
  /** The newest of them, or null. */
  accountLastMs: number | null;
  /** When the account last logged in from this address, or null. */
  knownAtMs: number | null;
}

/** Reads an attempt's history; call inside the transaction that holds the login lock. */
export async function readLoginHistory(
  db: Kysely<Database>,
  q: {
    accountKey: string;
    address: string;
    sinceMs: number;
    pairLimit: number;
    addressLimit: number;
  },
): Promise<LoginHistory> {
  const pair = await db
    .selectFrom('login_attempts')
    .select('attempted_at_ms')
    .where('account_key', '=', q.accountKey)
    .where('address', '=', q.address)
    .where('pair_forgiven', '=', 0)
    .where('attempted_at_ms', '>', q.sinceMs)
    .orderBy('attempted_at_ms', 'desc')
    .limit(q.pairLimit)
    .execute();
  const byAddress = await db
    .selectFrom('login_attempts')
    .select('attempted_at_ms')
    .where('address', '=', q.address)
    .where('attempted_at_ms', '>', q.sinceMs)
    .orderBy('attempted_at_ms', 'desc')
    .limit(q.addressLimit)
    .execute();
  const account = await db
    .selectFrom('login_attempts')
    .select([
      sql<number | string>`count(*)`.as('n'),
      sql<number | string | null>`max(attempted_at_ms)`.as('last'),
    ])
    .where('account_key', '=', q.accountKey)
    .where('attempted_at_ms', '>', q.sinceMs)
    .executeTakeFirst();
  const known = await db
    .selectFrom('login_known_addresses')
    .select('logged_in_at_ms')
    .where('account_key', '=', q.accountKey)
    .where('address', '=', q.address)
    .executeTakeFirst();
  return {
    pairNewestMs: pair.map((r) => Number(r.attempted_at_ms)),
    addressNewestMs: byAddress.map((r) => Number(r.attempted_at_ms)),
    accountCount: Number(account?.n ?? 0),
    accountLastMs: account?.last == null ? null : Number(account.last),
    knownAtMs: known ? Number(known.logged_in_at_ms) : null,
  };
}

export async function insertLoginAttempt(
  db: Kysely<Database>,
  a: { id: string; accountKey: string; address: string; atMs: number },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({
      id: a.id,
      account_key: a.accountKey,
      address: a.address,
      attempted_at_ms: a.atMs,
    })
    .execute();
}

/** Deletes attempts that left the window and known addresses past their lifetime (indexed by time). */
export async function pruneLoginState(
  db: Kysely<Database>,
  q: { attemptsBeforeMs: number; knownBeforeMs: number },
): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('attempted_at_ms', '<=', q.attemptsBeforeMs)
    .execute();
  await db
    .deleteFrom('login_known_addresses')
    .where('logged_in_at_ms', '<=', q.knownBeforeMs)
    .execute();
}

/**
 * A successful login: its own attempt is not a failure, the (account, address) bucket empties
 * (earlier attempts stay counted for the account and the address alone), and the address
 * becomes known to the account.
 */
export async function recordLoginSuccess(
  db: Kysely<Database>,
  a: { attemptId: string; accountKey: string; address: string; atMs: number },
): Promise<void> {
  await db.deleteFrom('login_attempts').where('id', '=', a.attemptId).execute();
  await db
    .updateTable('login_attempts')
    .set({ pair_forgiven: 1 })
    .where('account_key', '=', a.accountKey)
    .where('address', '=', a.address)
    .where('pair_forgiven', '=', 0)
    .execute();
  await db
    .insertInto('login_known_addresses')
    .values({ account_key: a.accountKey, address: a.address, logged_in_at_ms: a.atMs })
    .onConflict((oc) =>
      oc.columns(['account_key', 'address']).doUpdateSet({ logged_in_at_ms: a.atMs }),
    )
    .execute();
}
