/**
 * `npm run backup` while the API takes trip writes, then `npm run restore`: the restored
 * database verifies and holds every trip acknowledged before the backup began. On SQLite in
 * `npm test`, on PostgreSQL (pg_dump/pg_restore) in `npm run test:pg`.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { childProcessEnv, parseDatabaseUrl } from '../../server/config.js';
import { openDatabase, openSqlite, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { silentLogger } from '../../server/logger.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { BackupRefused, backupDatabase, restoreDatabase } from '../../server/services/backup.js';
import { tempDir } from '../db/file-app.js';
import { adminQuery, postgresDatabaseUrl } from '../engine.js';
import {
  bikeTrip,
  PASSWORD,
  seedFixtures,
  TEST_ENGINE,
  TEST_NOW,
  testConfig,
  USERS,
} from '../helpers.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const tmp = tempDir('ms-backup-');
const made: string[] = [];
const config = testConfig();

/** A new empty database on the engine under test, as a DATABASE_URL. */
async function newDatabaseUrl(label: string): Promise<string> {
  if (TEST_ENGINE === 'sqlite') return `file:${join(tmp.dir, `${label}.sqlite`)}`;
  const name = `b_backup_${process.pid}_${made.length}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database ${name}`);
  made.push(name);
  return postgresDatabaseUrl(name);
}

/** Runs one of the CLIs with DATABASE_URL set, as an operator would. */
function cli(script: 'backup' | 'restore', databaseUrl: string, ...args: string[]) {
  return run(tsx, [`server/cli/${script}.ts`, ...args], {
    cwd: root,
    env: childProcessEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }),
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

function open(url: string): Promise<Db> {
  return openDatabase(parseDatabaseUrl(url));
}

let sourceUrl: string;
let source: Db;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  sourceUrl = await newDatabaseUrl('live');
  source = await open(sourceUrl);
  await migrateToLatest(source.kysely);
  await seedFixtures(source, config);
  app = createApp({ db: source, config, logger: silentLogger, now: () => TEST_NOW });
}, 120_000);

afterAll(async () => {
  await source?.close();
  for (const name of made) await adminQuery(`drop database if exists ${name} with (force)`);
  tmp.remove();
});

async function login(email: string): Promise<string> {
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** The i-th trip of a writer: one an hour from 06:00 to 15:00, then the next day. */
function tripOf(writer: number, i: number) {
  const day = new Date(Date.UTC(2011, 0, 3) + Math.floor(i / 10) * 86_400_000);
  const start = new Date(day.getTime() + (6 + (i % 10)) * 3_600_000);
  const end = new Date(start.getTime() + 22 * 60_000);
  const id = `backup-w${writer}-${i}`;
  const trip = bikeTrip({
    id,
    startedAt: start.toISOString(),
    endedAt: end.toISOString(),
    legs: [{ mode: writer === 0 ? 'bike' : 'walk', distanceKm: 1 + (i % 7) / 4, durationMin: 21 }],
  });
  return { ...trip, id };
}

describe(`npm run backup and npm run restore (${TEST_ENGINE})`, () => {
  it('a backup taken during trip writes restores to a database that verifies and holds every acknowledged trip', async () => {
    const tokens = [await login(USERS.commuterA.email), await login(USERS.commuterA2.email)];
    const acked: string[] = [];
    const attempted = new Set<string>();
    const failures: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const trip = tripOf(w, i);
        attempted.add(trip.id);
        const res = await app.request('/api/v1/trips', {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[w]}`, 'content-type': 'application/json' },
          body: JSON.stringify(trip),
        });
        if (res.status === 201) acked.push(trip.id);
        else failures.push(`${res.status} ${await res.text()}`);
      }
    };
    const writers = [writer(0), writer(1)];
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await until(() => acked.length >= 30);
      const ackedBefore = [...acked];
      const file = join(tmp.dir, TEST_ENGINE === 'sqlite' ? 'backup.sqlite' : 'backup.dump');
      const backup = await cli('backup', sourceUrl, '--to', file);
      const ackedDuring = acked.length - ackedBefore.length;
      await until(() => acked.length >= ackedBefore.length + ackedDuring + 10);
      stop = true;
      await Promise.all(writers);

      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/^backup written to .* \(\d+\.\d MB, /);
      // The server went on writing while the backup ran.
      expect(ackedDuring).toBeGreaterThan(5);
      expect(failures).toEqual([]);

      const restoredUrl = await newDatabaseUrl('restored');
      const restore = await cli('restore', restoredUrl, '--from', file);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(/rollups verified: no difference from raw legs/);

      const restored = await open(restoredUrl);
      try {
        expect(await verifyRollups(restored.kysely)).toEqual([]);
        const ids = new Set(
          (await restored.kysely.selectFrom('trips').select('id').execute()).map((r) => r.id),
        );
        const missing = ackedBefore.filter((id) => !ids.has(id));
        expect(missing).toEqual([]);
        // Nothing but what the API was asked to store, and not what came after the backup.
        for (const id of ids) expect(attempted.has(id), id).toBe(true);
        expect(ids.size).toBeLessThan(acked.length);
        // Accounts came along: a commuter logs in to the restored database.
        const restoredApp = createApp({
          db: restored,
          config,
          logger: silentLogger,
          now: () => TEST_NOW,
        });
        const res = await restoredApp.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: USERS.commuterA.email, password: PASSWORD }),
        });
        expect(res.status).toBe(200);
      } finally {
        await restored.close();
      }

      // A database with data is replaced only when asked.
      const again = await cli('restore', restoredUrl, '--from', file);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(
        /refused: the database of DATABASE_URL is not empty \(.*legs \(\d+\)/,
      );
      const forced = await cli('restore', restoredUrl, '--from', file, '--force');
      expect(forced.code).toBe(0);
    } finally {
      stop = true;
      await Promise.all(writers);
    }
  }, 300_000);

  it('refuses what it cannot do with a clear message and leaves no file behind', async () => {
    const file = join(tmp.dir, 'refused.bak');
    writeFileSync(file, 'not a backup');
    const source = parseDatabaseUrl(sourceUrl);
    await expect(backupDatabase(source, file)).rejects.toThrow(
      new BackupRefused(`${file} exists: pass --force to replace it`),
    );
    const empty = parseDatabaseUrl(await newDatabaseUrl('garbage'));
    await expect(restoreDatabase(empty, file)).rejects.toThrow(
      /neither a SQLite database nor a pg_dump -Fc archive/,
    );
    await expect(restoreDatabase(empty, join(tmp.dir, 'nope'))).rejects.toThrow(/no such file/);
    const usage = await cli('backup', sourceUrl);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run backup -- --to FILE/);
    const other = join(tmp.dir, 'other-engine.bak');
    if (TEST_ENGINE === 'postgres') {
      await expect(backupDatabase(source, other, { postgresBinDir: tmp.dir })).rejects.toThrow(
        new BackupRefused(`pg_dump not found in PG_BIN_DIR (${tmp.dir})`),
      );
      expect(existsSync(other)).toBe(false);
      // A SQLite backup is not restored into PostgreSQL: the message names the way that works.
      const sqliteFile = join(tmp.dir, 'small.sqlite');
      const small = openSqlite(sqliteFile);
      await migrateToLatest(small.kysely);
      await small.close();
      await expect(restoreDatabase(empty, sqliteFile)).rejects.toThrow(
        /is a SQLite backup but DATABASE_URL is PostgreSQL: .*npm run migrate-to-postgres/,
      );
    } else {
      const none = parseDatabaseUrl(`file:${join(tmp.dir, 'none.sqlite')}`);
      await expect(backupDatabase(none, other)).rejects.toThrow(/no database at/);
      expect(existsSync(other)).toBe(false);
      expect(existsSync(join(tmp.dir, 'none.sqlite'))).toBe(false);
    }
  }, 120_000);
});
