/**
 * Which database engine the tests run on. `npm test` runs SQLite (in memory); `npm run test:pg`
 * (vitest.pg.config.ts) sets TEST_ENGINE=postgres and runs the same files on PostgreSQL at
 * TEST_POSTGRES_URL (.ci/postgres.sh starts a throwaway cluster). On PostgreSQL every test
 * database is a fresh copy of a template database that the migrations built once.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { openSqlite, type Db } from '../server/db/connection.js';
import { expectedMigrationNames, MIGRATIONS_DIR, migrateToLatest } from '../server/db/migrator.js';

export type TestEngine = 'sqlite' | 'postgres';

export const TEST_ENGINE: TestEngine =
  process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export function postgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url)
    throw new Error(
      'TEST_POSTGRES_URL is not set: start a cluster with `eval "$(.ci/postgres.sh start)"`',
    );
  return url;
}

/** The URL of database `name` on the test cluster. */
export function postgresDatabaseUrl(name: string): string {
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `statements` on the cluster's maintenance database (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function adminQuery(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

let counter = 0;
/** A database name unique across the parallel test workers and runs. */
export function uniqueDatabaseName(): string {
  counter += 1;
  return `${TEST_DATABASE_PREFIX}${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Every database the tests make starts with this; vitest.pg.config.ts's teardown drops them. */
export const TEST_DATABASE_PREFIX = 'ms_test_';

/** Rows the migrations wrote (reference data) are kept in this schema of the template, to restore them on reuse. */
const SEED_SCHEMA = 'test_seed';

/** The template's name changes with the migrations' text, so an edited migration never reuses a stale template. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(f);
    hash.update(readFileSync(join(MIGRATIONS_DIR, f)));
  }
  return `modeshift_tpl_${hash.digest('hex').slice(0, 12)}`;
}

let templateReady: Promise<string> | null = null;
/**
 * Builds the migrated template once per cluster. Test files run in parallel processes, so an
 * advisory lock lets the first build it while the others wait, then find it.
 */
function ensureTemplate(): Promise<string> {
  templateReady ??= (async () => {
    const name = templateName();
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    try {
      await client.query('select pg_advisory_lock(7217001)');
      const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_building`;
        await client.query(`drop database if exists ${building}`);
        await client.query(`create database ${building}`);
        const { openPostgres } = await import('../server/db/postgres.js');
        const db = openPostgres(postgresDatabaseUrl(building));
        try {
          await migrateToLatest(db.kysely);
          await sql.raw(`create schema ${SEED_SCHEMA}`).execute(db.kysely);
          for (const table of await resettableTables(db.kysely)) {
            const rows = await sql.raw(`select 1 from ${table} limit 1`).execute(db.kysely);
            if (rows.rows.length > 0)
              await sql
                .raw(`create table ${SEED_SCHEMA}.${table} as select * from ${table}`)
                .execute(db.kysely);
          }
        } finally {
          await db.close();
        }
        // Renamed only when complete: a failed build never leaves a half-migrated template.
        await client.query(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await client.query('select pg_advisory_unlock(7217001)').catch(() => {});
      await client.end();
    }
    return name;
  })();
  return templateReady;
}

/** Every table but the migrator's own. */
async function resettableTables(k: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{
    tablename: string;
  }>`select tablename from pg_tables where schemaname = 'public' and tablename not like 'schema_migrations%' order by tablename`.execute(
    k,
  );
  return rows.map((r) => r.tablename);
}

/**
 * Puts a used test database back into the template's state: every table emptied (identities
 * restarted), the migrations' reference rows restored. About 20 ms, against about a second for
 * CREATE DATABASE + DROP DATABASE on a busy 2-core machine, which made the PostgreSQL run of
 * test/routes alone take 12 minutes.
 */
async function resetDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresDatabaseUrl(name) });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string; seeded: boolean }>(
      `select t.tablename, s.tablename is not null as seeded
         from pg_tables t left join pg_tables s on s.schemaname = '${SEED_SCHEMA}' and s.tablename = t.tablename
        where t.schemaname = 'public' and t.tablename not like 'schema_migrations%'`,
    );
    const statements = [
      `truncate table ${rows.map((r) => `public.${r.tablename}`).join(', ')} restart identity cascade`,
      ...rows
        .filter((r) => r.seeded)
        .map(
          (r) => `insert into public.${r.tablename} select * from ${SEED_SCHEMA}.${r.tablename}`,
        ),
    ];
    await client.query(`begin; ${statements.join('; ')}; commit`);
    // A test that changed the migrator's own table (health tests do) leaves a database that is
    // not the template's any more: refuse it, so it is dropped instead of reused.
    const applied = await client.query('select count(*)::int as n from schema_migrations');
    const expected = (await expectedMigrationNames()).length;
    if (applied.rows[0].n !== expected) throw new Error(`${name}: migrations changed by a test`);
  } finally {
    await client.end();
  }
}

/** Databases of this process that were used, closed and reset: the next test takes one of these. */
const reusable: string[] = [];

/** The URL of the PostgreSQL test database handed out last (openSharedTestDatabases). */
let lastOpenedUrl = '';

/** An empty, fully migrated database on the engine under test. */
export async function openTestDatabase(): Promise<Db> {
  if (TEST_ENGINE === 'sqlite') {
    const db = openSqlite(':memory:');
    await migrateToLatest(db.kysely);
    return db;
  }
  const template = await ensureTemplate();
  let name = reusable.pop();
  if (!name) {
    name = uniqueDatabaseName();
    // FILE_COPY copies the template's few files instead of logging every page: much faster for
    // a small database.
    await adminQuery(`create database ${name} template ${template} strategy file_copy`);
  }
  const { openPostgres } = await import('../server/db/postgres.js');
  const db = openPostgres(postgresDatabaseUrl(name));
  const used = name;
  lastOpenedUrl = postgresDatabaseUrl(name);
  let closed: Promise<void> | null = null;
  return {
    ...db,
    // Once only: a second close() used to reset and hand out the same database twice, so two
    // later tests shared it (and a forced drop of one cut the other's connections).
    close: () => (closed ??= release()),
  };
  async function release(): Promise<void> {
    await db.close();
    try {
      await resetDatabase(used);
      reusable.push(used);
    } catch {
      await adminQuery(`drop database if exists ${used} with (force)`);
    }
  }
}

/**
 * Two connections to one fresh, migrated database, as two server processes on it have
 * (test/multi-server): SQLite, a temporary file opened twice (an in-memory database cannot be
 * shared); PostgreSQL, a second pool on a test database.
 */
export async function openSharedTestDatabases(): Promise<{
  first: Db;
  second: Db;
  close(): Promise<void>;
}> {
  if (TEST_ENGINE === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'modeshift-shared-'));
    const path = join(dir, 'shared.sqlite');
    const first = openSqlite(path);
    await migrateToLatest(first.kysely);
    const second = openSqlite(path);
    return {
      first,
      second,
      close: async () => {
        await second.close();
        await first.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const first = await openTestDatabase();
  const { openPostgres } = await import('../server/db/postgres.js');
  const second = openPostgres(lastOpenedUrl);
  return {
    first,
    second,
    close: async () => {
      await second.close();
      await first.close();
    },
  };
}

/** Drops every database the tests made (vitest.pg.config.ts runs this after the run). */
export async function dropTestDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like '${TEST_DATABASE_PREFIX}%'`,
    );
    for (const r of rows) await client.query(`drop database if exists ${r.datname} with (force)`);
  } finally {
    await client.end();
  }
}

/** An empty database without migrations on the engine under test (for migration tests). */
export async function openEmptyPostgres(): Promise<Db> {
  const name = uniqueDatabaseName();
  await adminQuery(`create database ${name}`);
  const { openPostgres } = await import('../server/db/postgres.js');
  const db = openPostgres(postgresDatabaseUrl(name));
  return {
    ...db,
    close: async () => {
      await db.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Every application table (not the migrator's) with its column names, on either engine. */
export async function tablesAndColumns(db: Db): Promise<Map<string, string[]>> {
  const rows =
    db.dialect === 'sqlite'
      ? (
          await sql<{
            table: string;
            column: string;
          }>`select m.name as "table", c.name as "column" from sqlite_master m join pragma_table_info(m.name) c
              where m.type = 'table' and m.name not like 'sqlite_%'`.execute(db.kysely)
        ).rows
      : (
          await sql<{
            table: string;
            column: string;
          }>`select table_name as "table", column_name as "column" from information_schema.columns where table_schema = 'public'`.execute(
            db.kysely,
          )
        ).rows;
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (r.table.startsWith('schema_migrations')) continue;
    out.set(r.table, [...(out.get(r.table) ?? []), r.column]);
  }
  return out;
}
