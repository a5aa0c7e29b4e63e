/**
 * `npm run backup` and `npm run restore`, on the database of DATABASE_URL.
 *
 * SQLite: SQLite's online backup API (better-sqlite3), safe while the server runs and writes.
 * The copy is taken in one step under one read transaction: in WAL mode that never blocks the
 * server's writers, and a page-by-page copy interrupted by their commits would restart forever.
 * PostgreSQL: `pg_dump -Fc` (one snapshot of the database) and `pg_restore` in one transaction.
 * Either way the file is written beside its final name and renamed when complete, so a failed
 * backup never leaves a truncated file under the name a restore would read.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { childProcessEnv, type DatabaseTarget } from '../config.js';
import { type Db, openDatabase } from '../db/connection.js';
import { expectedMigrationNames, migrateToLatest } from '../db/migrator.js';
import { nonEmptyTables } from '../domain/database-copy.js';
import { countRows, readCatalog } from '../repositories/database-catalog.js';
import { verifyRollups } from '../repositories/rollups.js';

/** The backup or restore was not started, for the reason given (nothing was changed). */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

export interface BackupOptions {
  /** Replace an existing backup file (backup) or a database holding data (restore). */
  force?: boolean;
  /** Where pg_dump and pg_restore live (config PG_BIN_DIR); null: looked up. */
  postgresBinDir?: string | null;
  busyTimeoutMs?: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  durationMs: number;
}

export async function backupDatabase(
  target: DatabaseTarget,
  file: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const started = performance.now();
  if (target.kind === 'sqlite' && target.path === ':memory:')
    throw new BackupRefused('DATABASE_URL is an in-memory database: nothing to back up');
  if (existsSync(file) && !options.force)
    throw new BackupRefused(`${file} exists: pass --force to replace it`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = await openExisting(target, options);
  try {
    if (db.sqlite) {
      await db.sqlite.backup(partial, {
        // The first call comes before any page is copied: copy them all in the next step.
        progress: () => 0x7fffffff,
      });
      // One self-contained file: a rollback journal instead of WAL, so no -wal file belongs to it.
      const copy = new SQLite(partial);
      try {
        copy.pragma('journal_mode = DELETE');
        const check = copy.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new Error(`the backup failed its integrity check: ${check}`);
      } finally {
        copy.close();
      }
    } else {
      if (target.kind !== 'postgres') throw new Error('unreachable');
      const { url, env } = withoutPassword(target.url);
      await runTool(
        options.postgresBinDir ?? null,
        'pg_dump',
        ['--format=custom', `--file=${partial}`, `--dbname=${url}`],
        env,
      );
    }
    renameSync(partial, file);
    return {
      file,
      bytes: statSync(file).size,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await db.close();
  }
}

export interface RestoreResult {
  tables: Array<{ table: string; rows: number }>;
  /** Differences between the restored rollups and the raw legs (0 in a good restore). */
  rollupDifferences: number;
  /** Migrations applied after the restore (a backup taken by an older version). */
  migrationsApplied: string[];
  durationMs: number;
}

export async function restoreDatabase(
  target: DatabaseTarget,
  file: string,
  options: BackupOptions = {},
): Promise<RestoreResult> {
  const started = performance.now();
  if (target.kind === 'sqlite' && target.path === ':memory:')
    throw new BackupRefused('DATABASE_URL is an in-memory database: nowhere to restore to');
  if (!existsSync(file)) throw new BackupRefused(`no such file ${file}`);
  const format = fileFormat(file);
  if (format === 'unknown')
    throw new BackupRefused(`${file} is neither a SQLite database nor a pg_dump -Fc archive`);
  if (format !== target.kind)
    throw new BackupRefused(
      `${file} is a ${format === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup but DATABASE_URL is ${target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}` +
        (format === 'sqlite'
          ? ': restore it to a SQLite file, then use npm run migrate-to-postgres'
          : ''),
    );
  if (format === 'sqlite') checkSqliteBackup(file, await expectedMigrationNames());

  // Refuse to overwrite data unless told: an empty database is one with no tables, or with
  // only the rows the server writes from its own files at start-up.
  if (target.kind === 'postgres' || existsSync(target.path)) {
    const db = await openExisting(target, options);
    try {
      const tables = (await readCatalog(db)).map((t) => t.name);
      const inUse = nonEmptyTables(await countRows(db.kysely, tables));
      if (inUse.length > 0 && !options.force)
        throw new BackupRefused(
          `the database of DATABASE_URL is not empty (${inUse.slice(0, 8).join(', ')}${inUse.length > 8 ? ', …' : ''}): pass --force to replace it`,
        );
    } finally {
      await db.close();
    }
  }

  if (target.kind === 'sqlite') {
    mkdirSync(dirname(target.path), { recursive: true });
    const backup = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      // The backup API replaces the target's pages under its lock, WAL included.
      await backup.backup(target.path, { progress: () => 0x7fffffff });
    } finally {
      backup.close();
    }
  } else {
    const { url, env } = withoutPassword(target.url);
    await runTool(
      options.postgresBinDir ?? null,
      'pg_restore',
      [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${url}`,
        file,
      ],
      env,
    );
  }

  const db = await openDatabase(target, { busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  try {
    const { applied } = await migrateToLatest(db.kysely);
    const tables = (await readCatalog(db)).map((t) => t.name);
    const counts = await countRows(db.kysely, tables);
    const diffs = await verifyRollups(db.kysely);
    return {
      tables: tables.map((table) => ({ table, rows: counts.get(table) ?? 0 })),
      rollupDifferences: diffs.length,
      migrationsApplied: applied,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await db.close();
  }
}

async function openExisting(target: DatabaseTarget, options: BackupOptions): Promise<Db> {
  if (target.kind === 'sqlite' && !existsSync(target.path))
    throw new BackupRefused(`no database at ${target.path}`);
  return openDatabase(target, { busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
}

function fileFormat(file: string): 'sqlite' | 'postgres' | 'unknown' {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  return 'unknown';
}

/** A SQLite backup must be whole and of a version this build can migrate forward. */
function checkSqliteBackup(file: string, expected: string[]): void {
  const backup = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const check = backup.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupRefused(`${file} is damaged: ${String(check)}`);
    const hasMigrations = backup
      .prepare(`select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'`)
      .get();
    if (!hasMigrations) throw new BackupRefused(`${file} is not a Modeshift database`);
    const applied = (
      backup.prepare('select name from schema_migrations').all() as Array<{ name: string }>
    ).map((r) => r.name);
    const unknown = applied.filter((m) => !expected.includes(m));
    if (unknown.length > 0)
      throw new BackupRefused(
        `${file} was written by a newer version (migrations ${unknown.join(', ')}): restore it with that version`,
      );
  } finally {
    backup.close();
  }
}

/** The URL without its password, and the environment that passes the password instead. */
function withoutPassword(url: string): { url: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: childProcessEnv(password ? { PGPASSWORD: password } : {}) };
}

/**
 * pg_dump/pg_restore from PG_BIN_DIR, else the newest /usr/lib/postgresql/N/bin (Debian's
 * layout; a newer pg_dump reads older servers, not the reverse), else PATH.
 */
export function findPostgresTool(binDir: string | null, tool: 'pg_dump' | 'pg_restore'): string {
  if (binDir) {
    const path = join(binDir, tool);
    if (!existsSync(path)) throw new BackupRefused(`${tool} not found in PG_BIN_DIR (${binDir})`);
    return path;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', tool)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length > 0 ? join(root, versions[0]!, 'bin', tool) : tool;
}

function runTool(
  binDir: string | null,
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  env: Record<string, string>,
): Promise<void> {
  const command = findPostgresTool(binDir, tool);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 10_000) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new BackupRefused(
              `${tool} not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client) or set PG_BIN_DIR`,
            )
          : err,
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
