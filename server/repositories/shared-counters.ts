import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Counters that several app servers on one database read to learn that a cache of theirs is
 * stale (migration 0014). A row is created by its first bump; a missing row reads as 0.
 */
export type SharedCounter = 'auth' | 'commuter_scopes' | 'login_throttle';

/**
 * Raises a counter; call inside the transaction of the write that makes caches stale, so that
 * no process can see the new counter without the write. On PostgreSQL the upsert also locks
 * the row until the transaction ends, which is what 'login_throttle' is for.
 */
export async function bumpSharedCounter(db: Kysely<Database>, name: SharedCounter): Promise<void> {
  await db
    .insertInto('shared_counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`shared_counters.value + 1` }))
    .execute();
}

/** The counter's value: one primary-key read, cheap enough for every request. */
export async function readSharedCounter(
  db: Kysely<Database>,
  name: SharedCounter,
): Promise<number> {
  const row = await db
    .selectFrom('shared_counters')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(row?.value ?? 0);
}
