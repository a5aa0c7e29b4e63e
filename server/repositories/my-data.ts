import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * What the system holds about one commuter beyond their trips and surveys, for "my data"
 * (issue 11): account, API tokens (never their hashes), tracker devices, audit entries
 * about them, enrolment. And the clean-up of those rows when they delete their account.
 */

export interface AuditAboutMe {
  at: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** True when the entry records the commuter's own action. */
  byMe: boolean;
  details: unknown;
}

/** Longest list of audit entries an export carries (newest first). */
export const MAX_EXPORT_AUDIT_ENTRIES = 10_000;

export async function readAuditAbout(
  db: Kysely<Database>,
  ids: { commuterId: string; accountId: string | null },
): Promise<AuditAboutMe[]> {
  const targets = [ids.commuterId, ...(ids.accountId ? [ids.accountId] : [])];
  const rows = await db
    .selectFrom('audit_log')
    .select(['at', 'action', 'target_type', 'target_id', 'account_id', 'details'])
    .where((eb) =>
      eb.or([
        eb('target_id', 'in', targets),
        ...(ids.accountId ? [eb('account_id', '=', ids.accountId)] : []),
      ]),
    )
    .orderBy('at', 'desc')
    .limit(MAX_EXPORT_AUDIT_ENTRIES)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    byMe: ids.accountId !== null && r.account_id === ids.accountId,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
  }));
}

export interface DeviceExport {
  id: string;
  name: string;
  kind: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export async function readDevices(
  db: Kysely<Database>,
  commuterId: string,
): Promise<DeviceExport[]> {
  const rows = await db
    .selectFrom('tracker_devices')
    .select(['id', 'name', 'kind', 'created_at', 'last_seen_at', 'revoked_at'])
    .where('commuter_id', '=', commuterId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
  }));
}

export async function countCommuterTrips(
  db: Kysely<Database>,
  commuterId: string,
): Promise<number> {
  const row = await db
    .selectFrom('trips')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('commuter_id', '=', commuterId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Unlinks the audit log from a commuter who deletes their account: their own entries go, and
 * entries by staff about them keep what was done but no longer say to whom. Run it inside the
 * deletion's transaction, before the account row goes.
 */
export async function forgetInAuditLog(
  db: Kysely<Database>,
  ids: { commuterId: string; accountIds: readonly string[] },
): Promise<void> {
  const targets = [ids.commuterId, ...ids.accountIds];
  if (ids.accountIds.length > 0)
    await db.deleteFrom('audit_log').where('account_id', 'in', ids.accountIds).execute();
  await db
    .updateTable('audit_log')
    .set({ target_id: null, details: null })
    .where('target_id', 'in', targets)
    .execute();
}
