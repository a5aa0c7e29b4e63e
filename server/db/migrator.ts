import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Runs the numbered plain .sql files of migrations/ (Kysely's documented way: a custom
 * MigrationProvider). Files are frozen in time: they never import app code.
 * Statements are split on semicolons at line ends, since better-sqlite3 runs one statement a call.
 */
export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of readdirSync(this.dir)
      .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
      .sort()) {
      const text = readFileSync(join(this.dir, file), 'utf8');
      const statements = splitStatements(text);
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db: Kysely<any>) => {
          for (const statement of statements) await sql.raw(statement).execute(db);
        },
      };
    }
    return migrations;
  }
}

export function splitStatements(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

let expected: Promise<string[]> | null = null;
/** The migrations this build ships (read once: the files do not change while the server runs). */
export function expectedMigrationNames(): Promise<string[]> {
  expected ??= new SqlFileMigrationProvider()
    .getMigrations()
    .then((m) => Object.keys(m).sort())
    .catch((err: unknown) => {
      expected = null;
      throw err;
    });
  return expected;
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<any>, dir?: string): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: new SqlFileMigrationProvider(dir),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
