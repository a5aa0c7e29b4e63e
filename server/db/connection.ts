import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDialectConfig } from 'kysely';
import type { DatabaseTarget } from '../config.js';
import type { Database } from './schema.js';
import { SqliteBulkWriter } from '../repositories/sqlite-bulk.js';
import { startBackgroundCheckpoints } from './checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Kysely handle plus what repositories need to know about the engine. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The raw better-sqlite3 handle, for the bulk paths that bypass query building (SQLite only). */
  readonly sqlite: SQLite.Database | null;
  /** The SQLite fast path of trip writes (statements prepared on first use, after migrations). */
  bulkWriter(): SqliteBulkWriter | null;
  /** PostgreSQL's connection pool right now (for /metrics); null on SQLite (one connection). */
  poolStats(): PoolStats | null;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open, idle among them, requests waiting for one, and the pool's limit. */
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface SqliteOptions {
  /** Checkpoint the WAL on a thread of its own (server/db/checkpointer.ts): for the long-running server. */
  backgroundCheckpoints?: boolean;
  /** How long a write waits for another connection's write lock before SQLITE_BUSY, ms (default 5000). */
  busyTimeoutMs?: number;
}

export function openSqlite(path: string, options: SqliteOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets dashboards read while ingestion writes; NORMAL sync is safe with WAL (no corruption,
  // at worst the last commits before a power cut are lost).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // A writer waits this long for another process's write lock (a second server, a CLI) before
  // SQLITE_BUSY, which the API answers with 503 and Retry-After. better-sqlite3 waits
  // synchronously: this is also how long such a lock can pause this server's event loop.
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  // 16 MiB of page cache instead of 2: the hot index and rollup pages of ingestion stay in
  // memory (more bought nothing measurable in the seeding benchmark and costs server memory).
  sqlite.pragma('cache_size = -16384');
  // Checkpoint the WAL every 10,000 pages (40 MB) instead of 1,000: rollup pages change with
  // every write, and a page rewritten many times between checkpoints is copied back once.
  sqlite.pragma('wal_autocheckpoint = 10000');
  const dialect = new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }, sqlite);
  const kysely = new Kysely<Database>({ dialect });
  let bulk: SqliteBulkWriter | null = null;
  const checkpoints =
    options.backgroundCheckpoints && path !== ':memory:' ? startBackgroundCheckpoints(path) : null;
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    bulkWriter: () => (bulk ??= new SqliteBulkWriter(sqlite)),
    poolStats: () => null,
    close: async () => {
      await checkpoints?.stop();
      await kysely.destroy();
      // Kysely closes the handle only if it ever opened its driver; bulk-only use never does.
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * Kysely's SQLite dialect with write transactions that start as writers.
 *
 * Kysely begins with a plain (deferred) BEGIN, which starts as a reader. When another
 * connection commits after this one's first read, upgrading to writer fails with SQLITE_BUSY
 * at once: SQLite does not call the busy handler there, since waiting could deadlock. With two
 * servers on one file that failed most concurrent writes. BEGIN IMMEDIATE takes the write lock
 * first and waits for it up to busy_timeout. Every Kysely transaction here writes, so all of
 * them begin IMMEDIATE (reads outside transactions are unaffected and never wait in WAL mode).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(super.createDriver() as SqliteDriver, this.sqlite);
  }
}

class ImmediateSqliteDriver implements Driver {
  constructor(
    private readonly inner: SqliteDriver,
    private readonly sqlite: SQLite.Database,
  ) {}

  init() {
    return this.inner.init();
  }
  acquireConnection() {
    return this.inner.acquireConnection();
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  /**
   * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR,
   * SQLITE_BUSY during commit...). Kysely's ROLLBACK then fails with "cannot rollback - no
   * transaction is active", and that error replaced the real one. Nothing to undo then, so
   * the original error is what Kysely rethrows.
   */
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.sqlite.inTransaction) return;
    try {
      await this.inner.rollbackTransaction(connection);
    } catch (err) {
      if (this.sqlite.inTransaction) throw err;
    }
  }
  savepoint: SqliteDriver['savepoint'] = (...args) => this.inner.savepoint(...args);
  rollbackToSavepoint: SqliteDriver['rollbackToSavepoint'] = (...args) =>
    this.inner.rollbackToSavepoint(...args);
  releaseSavepoint: SqliteDriver['releaseSavepoint'] = (...args) =>
    this.inner.releaseSavepoint(...args);
  releaseConnection() {
    return this.inner.releaseConnection();
  }
  destroy() {
    return this.inner.destroy();
  }
}

/**
 * Kysely's SQLite driver prepares every query anew, and preparing costs more than running a
 * small insert. Reusing prepared statements by SQL text (most queries repeat with other
 * parameters) roughly halves the cost of a single-trip write. Least recently used goes first.
 */
function withStatementCache(
  sqlite: SQLite.Database,
  max = 500,
): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

export async function openDatabase(
  target: DatabaseTarget,
  options: SqliteOptions = {},
): Promise<Db> {
  if (target.kind === 'sqlite') return openSqlite(target.path, options);
  const { openPostgres } = await import('./postgres.js');
  return openPostgres(target.url);
}
