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

/**
 * The database's size on disk, bytes: SQLite's pages (the WAL not included), PostgreSQL's
 * pg_database_size. Both are catalog reads, cheap enough for a metrics scrape.
 */
export async function readDatabaseSizeBytes(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
): Promise<number> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{
      n: number | string;
    }>`select pg_database_size(current_database()) as n`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }
  const { rows } = await sql<{
    n: number;
  }>`select page_count * page_size as n from pragma_page_count(), pragma_page_size()`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
