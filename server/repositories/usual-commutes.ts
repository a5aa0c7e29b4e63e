import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Mode, ReplacedMode } from '../domain/modes.js';

/** One leg of the usual commute, in travel order to work. */
export interface UsualCommuteLeg {
  mode: Mode;
  distanceKm: number;
  durationMin?: number | null;
  replacedMode?: ReplacedMode | null;
}

export interface UsualCommute {
  commuterId: string;
  legs: UsualCommuteLeg[];
  replacedMode: ReplacedMode | null;
  /** Local 'HH:MM' in the partner's time zone, or null. */
  departToWork: string | null;
  departBack: string | null;
  updatedAt: string;
}

export async function findUsualCommute(
  db: Kysely<Database>,
  commuterId: string,
): Promise<UsualCommute | null> {
  const row = await db
    .selectFrom('usual_commutes')
    .selectAll()
    .where('commuter_id', '=', commuterId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    commuterId: row.commuter_id,
    legs: JSON.parse(row.legs) as UsualCommuteLeg[],
    replacedMode: row.replaced_mode as ReplacedMode | null,
    departToWork: row.depart_to_work,
    departBack: row.depart_back,
    updatedAt: row.updated_at,
  };
}

/** Stores (or replaces) the commuter's usual commute. */
export async function saveUsualCommute(
  db: Kysely<Database>,
  u: Omit<UsualCommute, 'updatedAt'>,
  now: string,
): Promise<UsualCommute> {
  const values = {
    legs: JSON.stringify(
      u.legs.map((l) => ({
        mode: l.mode,
        distanceKm: l.distanceKm,
        ...(l.durationMin != null ? { durationMin: l.durationMin } : {}),
        ...(l.replacedMode != null ? { replacedMode: l.replacedMode } : {}),
      })),
    ),
    replaced_mode: u.replacedMode,
    depart_to_work: u.departToWork,
    depart_back: u.departBack,
    updated_at: now,
  };
  await db
    .insertInto('usual_commutes')
    .values({ commuter_id: u.commuterId, ...values })
    .onConflict((oc) => oc.column('commuter_id').doUpdateSet(values))
    .execute();
  return (await findUsualCommute(db, u.commuterId))!;
}
