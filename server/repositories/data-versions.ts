import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** Raises the data version of partners; call inside the transaction of the write. */
export async function bumpDataVersions(
  db: Kysely<Database>,
  partnerIds: Iterable<string>,
): Promise<void> {
  for (const partnerId of new Set(partnerIds)) {
    await db
      .insertInto('data_versions')
      .values({ partner_id: partnerId, version: 1 })
      .onConflict((oc) =>
        oc.column('partner_id').doUpdateSet({ version: sql`data_versions.version + 1` }),
      )
      .execute();
  }
}

/** Current versions: of one partner, or of all partners for network figures. */
export async function readDataVersions(
  db: Kysely<Database>,
  partnerId: string | null,
): Promise<string> {
  let q = db.selectFrom('data_versions').select(['partner_id', 'version']).orderBy('partner_id');
  if (partnerId !== null) q = q.where('partner_id', '=', partnerId);
  return (await q.execute()).map((r) => `${r.partner_id}:${r.version}`).join(',');
}

/**
 * A stamp of everything released so far (issue 10): it changes only when a month is frozen or
 * re-released, so an aggregate caller watching it learns nothing about single writes.
 */
export async function readReleasedVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('release_months')
    .select([
      sql<number>`count(*)`.as('n'),
      sql<string | null>`max(released_at)`.as('released'),
      sql<string | null>`max(rereleased_at)`.as('rereleased'),
    ])
    .executeTakeFirst();
  return `released:${row?.n ?? 0}|${row?.released ?? ''}|${row?.rereleased ?? ''}`;
}
