import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FactorSet } from '../indicators/index.js';

/**
 * Stores the factor sets of data/factor-sets.json in the factor_sets table, so that the
 * database records which factors (and which version of them) its reports used. A set whose
 * definition changed gets its version raised.
 */
export async function syncFactorSets(
  db: Kysely<Database>,
  sets: readonly FactorSet[],
  now: string,
): Promise<{ added: string[]; updated: string[] }> {
  const added: string[] = [];
  const updated: string[] = [];
  for (const set of sets) {
    const definition = JSON.stringify(set);
    const row = await db
      .selectFrom('factor_sets')
      .select(['definition', 'version'])
      .where('id', '=', set.id)
      .executeTakeFirst();
    if (!row) {
      await db
        .insertInto('factor_sets')
        .values({
          id: set.id,
          name: set.name,
          scope: set.scope,
          source: set.source,
          year: set.year,
          version: 1,
          definition,
          created_at: now,
        })
        .execute();
      added.push(set.id);
    } else if (row.definition !== definition) {
      await db
        .updateTable('factor_sets')
        .set({
          name: set.name,
          scope: set.scope,
          source: set.source,
          year: set.year,
          version: sql`version + 1`,
          definition,
        })
        .where('id', '=', set.id)
        .execute();
      updated.push(set.id);
    }
  }
  return { added, updated };
}
