/**
 * `npm run migrate-to-postgres` on a (small) demo installation: every table arrives with the
 * same rows, and the API answers the same on both databases. Run by `npm run test:pg` (needs a
 * PostgreSQL cluster at TEST_POSTGRES_URL).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { openSqlite, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { openPostgres } from '../../server/db/postgres.js';
import { seedDemo } from '../../server/demo/seed.js';
import { silentLogger } from '../../server/logger.js';
import { countRows, readCatalog } from '../../server/repositories/database-catalog.js';
import {
  CopyMismatch,
  CopyRefused,
  copySqliteToPostgres,
} from '../../server/services/migrate-to-postgres.js';
import { tempDir } from '../db/file-app.js';
import { adminQuery, postgresDatabaseUrl } from '../engine.js';
import { TEST_NOW, testConfig } from '../helpers.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');

const tmp = tempDir('ms-migrate-pg-');
const sourcePath = join(tmp.dir, 'source.sqlite');
const made: string[] = [];
const config = testConfig();

/** A new empty PostgreSQL database of this test (dropped after it). */
async function newDatabase(): Promise<string> {
  const name = `b_mtp_${process.pid}_${made.length}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database ${name}`);
  made.push(name);
  return postgresDatabaseUrl(name);
}

function cli(...args: string[]) {
  return run(tsx, ['server/cli/migrate-to-postgres.ts', ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

let source: Db;
let targetUrl: string;
let target: Db;

beforeAll(async () => {
  const seeding = openSqlite(sourcePath);
  await migrateToLatest(seeding.kysely);
  // About 50 commuters and 13,000 trips: every table kind of the full demo, in seconds.
  await seedDemo(seeding, {
    seed: 2010,
    scale: 0.05,
    passwordHash: config.passwordHash,
    nowMs: TEST_NOW,
  });
  // Traces of use the demo does not write, so those tables are copied with rows too.
  const app = createApp({ db: seeding, config, logger: silentLogger, now: () => TEST_NOW });
  const login = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.modeshift.eu', password: 'demo-admin-2010' }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const apiToken = await app.request('/api/v1/auth/tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'export script', scope: 'read' }),
  });
  expect(apiToken.status).toBe(201);
  await seeding.close();

  source = openSqlite(sourcePath);
  targetUrl = await newDatabase();
  const copied = await cli('--from', `file:${sourcePath}`, '--to', targetUrl);
  expect(copied.stderr).toBe('');
  expect(copied.code).toBe(0);
  expect(copied.stdout).toMatch(/row counts equal in every table; rollups verified/);
  target = openPostgres(targetUrl);
}, 300_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  for (const name of made) await adminQuery(`drop database if exists ${name} with (force)`);
  tmp.remove();
});

describe('npm run migrate-to-postgres', () => {
  it('copies every table of the migrated schema with the same number of rows', async () => {
    const tables = (await readCatalog(source)).map((t) => t.name);
    // Derived from the schema: the tables of issue 14's list are among them.
    for (const t of ['accounts', 'partners', 'sites', 'commuters', 'trips', 'legs', 'surveys'])
      expect(tables).toContain(t);
    for (const t of ['api_tokens', 'sessions', 'audit_log', 'enrolment_codes', 'rollup_leg_day'])
      expect(tables).toContain(t);
    const before = await countRows(source.kysely, tables);
    const after = await countRows(target.kysely, tables);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
    expect(before.get('trips')).toBeGreaterThan(5000);
    expect(before.get('legs')).toBeGreaterThan(before.get('trips')!);
    expect(before.get('api_tokens')).toBe(1);
    expect(before.get('sessions')).toBe(1);
  });

  it('leaves planner statistics on every copied table (ANALYZE after the commit)', async () => {
    // Without them PostgreSQL plans the first queries on millions of rows blind; autovacuum
    // would only catch up later. last_analyze is set by an explicit ANALYZE alone.
    const { rows } = await sql<{
      relname: string;
    }>`select relname from pg_stat_user_tables where last_analyze is null and relname in ('trips', 'legs', 'rollup_commuter_cum', 'rollup_leg_month') order by relname`.execute(
      target.kysely,
    );
    expect(rows).toEqual([]);
  });

  it('copies rows value for value (a sample of every table, compared by key)', async () => {
    let compared = 0;
    for (const table of await readCatalog(source)) {
      const key = table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name);
      const n = (await countRows(source.kysely, [table.name])).get(table.name)!;
      const step = Math.max(1, Math.floor(n / 40));
      const { rows: sample } = await sql<Record<string, unknown>>`select * from ${sql.table(
        table.name,
      )} where rowid % ${step} = 0 limit 40`.execute(source.kysely);
      for (const row of sample) {
        const where = sql.join(
          key.map((k) => sql`${sql.ref(k)} = ${row[k]}`),
          sql` and `,
        );
        const { rows } = await sql<
          Record<string, unknown>
        >`select * from ${sql.table(table.name)} where ${where}`.execute(target.kysely);
        expect(rows, `${table.name} ${JSON.stringify(row)}`).toEqual([row]);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('answers the indicators of a partner-year the same on both databases', async () => {
    const answers: unknown[][] = [];
    for (const db of [source, target]) {
      const app = createApp({ db, config, logger: silentLogger, now: () => TEST_NOW });
      const out: unknown[] = [];
      // Own staff see their partner's live figures; an analyst sees released months only.
      for (const [email, password, path] of [
        [
          'staff.weiz@demo.modeshift.eu',
          'demo-staff-2010',
          '/api/v1/indicators?partner=weiz&from=2011-09-01&to=2012-08-31',
        ],
        [
          'analyst@demo.modeshift.eu',
          'demo-analyst-2010',
          '/api/v1/indicators?partner=weiz&from=2011-09-01&to=2012-08-31',
        ],
      ] as const) {
        const login = await app.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        expect(login.status).toBe(200);
        const { token } = (await login.json()) as { token: string };
        const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, `${email} ${path}`).toBe(200);
        out.push(await res.json());
      }
      answers.push(out);
    }
    const weiz = answers[0]![0] as { trips: number; participants: { active: number } };
    expect(weiz.trips).toBeGreaterThan(500);
    expect(weiz.participants.active).toBeGreaterThan(0);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('refuses a target that is not empty, and changes nothing there', async () => {
    const tables = (await readCatalog(source)).map((t) => t.name);
    const before = Object.fromEntries(await countRows(target.kysely, tables));
    const again = await cli('--from', `file:${sourcePath}`, '--to', targetUrl);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/refused: the target is not empty \(.*trips \(\d+\)/);
    expect(Object.fromEntries(await countRows(target.kysely, tables))).toEqual(before);
  });

  it('refuses a source behind this version, and bad arguments, with a clear message', async () => {
    const old = join(tmp.dir, 'empty.sqlite');
    openSqlite(old).close();
    const refused = await cli('--from', `file:${old}`, '--to', await newDatabase());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not at this version's migrations \(0 of \d+ applied\)/);
    const missing = await cli('--from', `file:${join(tmp.dir, 'nope.sqlite')}`, '--to', targetUrl);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const swapped = await cli('--from', targetUrl, '--to', `file:${sourcePath}`);
    expect(swapped.code).toBe(2);
  });

  it('rolls everything back when a value does not fit its column, naming the row', async () => {
    const badPath = join(tmp.dir, 'bad.sqlite');
    await source.sqlite!.backup(badPath);
    const bad = openSqlite(badPath);
    // SQLite keeps a text in a DOUBLE PRECISION column when checks are off; PostgreSQL would not.
    bad.sqlite!.pragma('ignore_check_constraints = ON');
    bad
      .sqlite!.prepare(
        `update commuters set weight_kg = 'heavy' where id = (select min(id) from commuters)`,
      )
      .run();
    const emptyTarget = openPostgres(await newDatabase());
    try {
      const error = await copySqliteToPostgres(bad, emptyTarget).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CopyMismatch);
      expect((error as Error).message).toMatch(
        /^commuters\.weight_kg in row \d+ \(id=.+\): "heavy" is not a number/,
      );
      const tables = (await readCatalog(bad)).map((t) => t.name);
      const left = await countRows(emptyTarget.kysely, tables);
      expect([...left.values()].every((n) => n === 0)).toBe(true);
      // The empty target takes the copy once the source is mended.
      bad.sqlite!.prepare(`update commuters set weight_kg = null where weight_kg = 'heavy'`).run();
      const report = await copySqliteToPostgres(bad, emptyTarget);
      expect(report.rollupDifferences).toBe(0);
      expect(report.tables.find((t) => t.table === 'legs')?.targetRows).toBe(
        (await countRows(source.kysely, ['legs'])).get('legs'),
      );
      expect(await copySqliteToPostgres(bad, emptyTarget).catch((e: unknown) => e)).toBeInstanceOf(
        CopyRefused,
      );
    } finally {
      await bad.close();
      await emptyTarget.close();
    }
  });

  it('names the row of a bad value in a later batch, and rolls back the batches before it', async () => {
    // Many batches of legs: the refused value comes while the batch before it is being
    // inserted, and the indexes and foreign keys of the tables copied so far were dropped.
    const badPath = join(tmp.dir, 'bad-late.sqlite');
    await source.sqlite!.backup(badPath);
    const bad = openSqlite(badPath);
    bad.sqlite!.pragma('ignore_check_constraints = ON');
    const legs = (await countRows(bad.kysely, ['legs'])).get('legs')!;
    const late = bad
      .sqlite!.prepare('select trip_id, seq from legs order by trip_id, seq limit 1 offset ?')
      .get(legs - 10) as { trip_id: string; seq: number };
    bad
      .sqlite!.prepare(`update legs set distance_km = 'far' where trip_id = ? and seq = ?`)
      .run(late.trip_id, late.seq);
    const emptyTarget = openPostgres(await newDatabase());
    try {
      const error = await copySqliteToPostgres(bad, emptyTarget, () => {}, {
        maxRowsPerInsert: 500,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CopyMismatch);
      expect((error as Error).message).toBe(
        `legs.distance_km in row ${legs - 9} (trip_id=${late.trip_id}, seq=${late.seq}): "far" is not a number`,
      );
      const left = await countRows(
        emptyTarget.kysely,
        (await readCatalog(bad)).map((t) => t.name),
      );
      expect([...left.values()].every((n) => n === 0)).toBe(true);
      expect(await definitions(emptyTarget)).toEqual(await definitions(target));
    } finally {
      await bad.close();
      await emptyTarget.close();
    }
  });

  it('checks every foreign key although it adds them after the rows, and rolls back', async () => {
    // SQLite enforces foreign keys per connection: one set off lets a leg lose its trip.
    const orphanPath = join(tmp.dir, 'orphan.sqlite');
    await source.sqlite!.backup(orphanPath);
    const orphan = openSqlite(orphanPath);
    orphan.sqlite!.pragma('foreign_keys = OFF');
    orphan
      .sqlite!.prepare(
        `update legs set trip_id = 'no-such-trip' where rowid = (select max(rowid) from legs)`,
      )
      .run();
    const emptyTarget = openPostgres(await newDatabase());
    try {
      const error = await copySqliteToPostgres(orphan, emptyTarget, () => {}, {
        maxRowsPerInsert: 500,
      }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /insert or update on table "legs" violates foreign key constraint "legs_trip_id_fkey"/,
      );
      const left = await countRows(
        emptyTarget.kysely,
        (await readCatalog(orphan)).map((t) => t.name),
      );
      expect([...left.values()].every((n) => n === 0)).toBe(true);
      expect(await definitions(emptyTarget)).toEqual(await definitions(target));
    } finally {
      await orphan.close();
      await emptyTarget.close();
    }
  });

  it('leaves every index and constraint of a freshly migrated database', async () => {
    // The copy drops the read-only indexes and the foreign keys of each table while it fills
    // it: they must all be back, with the same definitions, on the copied target.
    const fresh = openPostgres(await newDatabase());
    try {
      await migrateToLatest(fresh.kysely);
      const expected = await definitions(fresh);
      expect(expected.indexes.length).toBeGreaterThan(30);
      expect(expected.constraints.filter((c) => / FOREIGN KEY /.test(c)).length).toBeGreaterThan(
        20,
      );
      expect(await definitions(target)).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });

  it('carries booleans, JSON, timestamps, blobs and 64-bit integers into columns of those types', async () => {
    // Today's schema keeps these as 0/1 and text; a future migration may use the richer types.
    const kindsPath = join(tmp.dir, 'kinds.sqlite');
    const small = openSqlite(kindsPath);
    const to = openPostgres(await newDatabase());
    try {
      await migrateToLatest(small.kysely);
      await migrateToLatest(to.kysely);
      small.sqlite!.exec(`create table kinds (id integer primary key, flag boolean, doc json,
        at timestamp, data blob, big bigint, note text);
        insert into kinds values (1, 1, '{"a":[1,2]}', '2011-03-01T06:45:00.000Z', x'00ff10', 9007199254740993, 'ø "q" \\ {a,b} NULL'),
                                 (2, 0, null, null, null, -1, null)`);
      await sql`create table kinds (id integer primary key, flag boolean, doc jsonb,
        at timestamptz, data bytea, big bigint, note text)`.execute(to.kysely);
      const report = await copySqliteToPostgres(small, to);
      expect(report.tables.find((t) => t.table === 'kinds')).toEqual({
        table: 'kinds',
        sourceRows: 2,
        targetRows: 2,
      });
      const { rows } = await sql<Record<string, unknown>>`select id, flag, doc, at, data,
        big::text as big, note from kinds order by id`.execute(to.kysely);
      expect(rows).toEqual([
        {
          id: 1,
          flag: true,
          doc: { a: [1, 2] },
          at: new Date('2011-03-01T06:45:00.000Z'),
          data: Buffer.from([0, 255, 16]),
          big: '9007199254740993',
          note: 'ø "q" \\ {a,b} NULL',
        },
        { id: 2, flag: false, doc: null, at: null, data: null, big: '-1', note: null },
      ]);
    } finally {
      await small.close();
      await to.close();
    }
  });

  it('refuses schemas that differ, naming the difference', async () => {
    const path = join(tmp.dir, 'extra.sqlite');
    const small = openSqlite(path);
    const to = openPostgres(await newDatabase());
    try {
      await migrateToLatest(small.kysely);
      small.sqlite!.exec('alter table trips add column colour text');
      await expect(copySqliteToPostgres(small, to)).rejects.toThrow(
        new CopyRefused('the two schemas differ:\n  column trips.colour only in the source'),
      );
    } finally {
      await small.close();
      await to.close();
    }
  });
});

/** The target's indexes and constraints, as PostgreSQL would create them, in a stable order. */
async function definitions(db: Db): Promise<{ indexes: string[]; constraints: string[] }> {
  const { rows: indexes } = await sql<{
    d: string;
  }>`select indexdef as d from pg_indexes where schemaname = current_schema()
      order by tablename, indexname`.execute(db.kysely);
  const { rows: constraints } = await sql<{
    d: string;
  }>`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d
       from pg_constraint where connamespace = current_schema()::regnamespace
      order by conrelid::regclass::text, conname`.execute(db.kysely);
  return { indexes: indexes.map((r) => r.d), constraints: constraints.map((r) => r.d) };
}
