import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Versions of a partner whose change log (data_changes) is kept: a server whose kept inputs
 * are older re-reads everything. Each bump writes one or a few rows, so this bounds the table
 * at a few rows per version while covering hours of writes at a campaign's rate.
 */
export const CHANGE_LOG_VERSIONS = 10_000;

/** The change-log marker for "anything of the partner may have changed". */
export const ANY_COMMUTER = '';

/**
 * Raises the data version of partners and logs which commuters the write changed, pruning the
 * log past its window; call inside the transaction of the write. A partner without an entry in
 * `commuters` is logged as ANY_COMMUTER: readers recompute it in full.
 */
export async function bumpDataVersions(
  db: Kysely<Database>,
  partnerIds: Iterable<string>,
  commuters: ReadonlyMap<string, Iterable<string>> = new Map(),
): Promise<void> {
  for (const partnerId of new Set(partnerIds)) {
    const { version } = await db
      .insertInto('data_versions')
      .values({ partner_id: partnerId, version: 1 })
      .onConflict((oc) =>
        oc.column('partner_id').doUpdateSet({ version: sql`data_versions.version + 1` }),
      )
      .returning('version')
      .executeTakeFirstOrThrow();
    const ids = [...new Set(commuters.get(partnerId) ?? [ANY_COMMUTER])];
    if (ids.length === 0) ids.push(ANY_COMMUTER);
    for (let i = 0; i < ids.length; i += 500)
      await db
        .insertInto('data_changes')
        .values(
          ids
            .slice(i, i + 500)
            .map((commuter_id) => ({ partner_id: partnerId, version, commuter_id })),
        )
        .execute();
    await db
      .deleteFrom('data_changes')
      .where('partner_id', '=', partnerId)
      .where('version', '<=', Number(version) - CHANGE_LOG_VERSIONS)
      .execute();
  }
}

/** Removes a deleted commuter from the change log (DESIGN.md: nothing of them stays). */
export async function forgetInChangeLog(db: Kysely<Database>, commuterId: string): Promise<void> {
  await db.deleteFrom('data_changes').where('commuter_id', '=', commuterId).execute();
}

/** One partner's data version as a number (0 before its first write). */
export async function readDataVersion(db: Kysely<Database>, partnerId: string): Promise<number> {
  const row = await db
    .selectFrom('data_versions')
    .select('version')
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * The commuters of a partner whose data changed after version `since` up to `upTo`, or 'all'
 * when the log cannot say: a bump logged as ANY_COMMUTER, more than `limit` rows, or a version
 * of the range without rows (pruned, or a database copied without its log). Every bump logs at
 * least one row, so a complete range has each of its versions.
 */
export async function readChangedCommuters(
  db: Kysely<Database>,
  partnerId: string,
  since: number,
  upTo: number,
  limit: number,
): Promise<string[] | 'all'> {
  if (upTo - since >= CHANGE_LOG_VERSIONS || upTo <= since) return 'all';
  const rows = await db
    .selectFrom('data_changes')
    .select(['version', 'commuter_id'])
    .where('partner_id', '=', partnerId)
    .where('version', '>', since)
    .where('version', '<=', upTo)
    .limit(limit + 1)
    .execute();
  if (rows.length > limit || rows.some((r) => r.commuter_id === ANY_COMMUTER)) return 'all';
  if (new Set(rows.map((r) => Number(r.version))).size !== upTo - since) return 'all';
  return [...new Set(rows.map((r) => r.commuter_id))];
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
