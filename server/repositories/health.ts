import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** One round trip to the database; throws what the driver throws when it cannot be reached. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Names of the migrations the database records as applied (the migrator's own table). */
export async function appliedMigrationNames(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
  }>`select name from schema_migrations order by name`.execute(db);
  return rows.map((r) => r.name);
}
