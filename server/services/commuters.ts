import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AgeBand } from '../domain/age-bands.js';
import { AppError } from '../errors.js';
import {
  insertCommuter,
  updateCommuter,
  type Commuter,
  type CommuterWrite,
  type UnknownReference,
} from '../repositories/commuters.js';

/**
 * Commuter profiles are made by two routes (POST /commuters, and POST /accounts for role
 * commuter) and by the demo seeder: the same reference rules answer the same 422 for all.
 */

function unknownReference(
  ref: UnknownReference,
  partnerId: string,
  siteId: string | null | undefined,
): AppError {
  if (ref.unknown === 'partnerId') {
    return new AppError('validation_failed', `partner ${partnerId} does not exist`, [
      { path: 'partnerId', message: 'unknown partner' },
    ]);
  }
  return new AppError(
    'validation_failed',
    `site ${siteId} does not belong to partner ${partnerId}`,
    [{ path: 'siteId', message: 'unknown site for this partner' }],
  );
}

/** Stores a commuter of an existing partner, at one of its sites; run it in the caller's transaction. */
export async function createCommuter(
  db: Kysely<Database>,
  c: CommuterWrite,
  now: string,
): Promise<Commuter> {
  const stored = await insertCommuter(db, c, now);
  if ('unknown' in stored) throw unknownReference(stored, c.partnerId, c.siteId);
  return stored;
}

/** Edits a commuter's profile; the site, when given, must be one of the commuter's partner. */
export async function editCommuter(
  db: Kysely<Database>,
  current: Commuter,
  patch: { siteId?: string | null; ageBand?: AgeBand | null; weightKg?: number | null },
  now: string,
): Promise<Commuter> {
  const updated = await updateCommuter(db, current.id, patch, now);
  if (!updated) throw new AppError('not_found', `commuter ${current.id} not found`);
  if ('unknown' in updated) throw unknownReference(updated, current.partnerId, patch.siteId);
  return updated;
}
