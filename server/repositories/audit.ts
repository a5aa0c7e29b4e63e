import type { Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import type { Database } from '../db/schema.js';

export interface AuditEntry {
  accountId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** Who changed what, for the installation's admins. Written in the same transaction as the change. */
export async function recordAudit(
  db: Kysely<Database>,
  entry: AuditEntry,
  now: string,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      at: now,
      account_id: entry.accountId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}
