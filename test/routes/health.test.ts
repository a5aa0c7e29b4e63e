import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { openSqlite } from '../../server/db/connection.js';
import { expectedMigrationNames } from '../../server/db/migrator.js';
import { openPostgres } from '../../server/db/postgres.js';
import { silentLogger } from '../../server/logger.js';
import { body, createTestContext, TEST_ENGINE, TEST_NOW, type TestContext } from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext({ fixtures: false });
});
afterEach(() => t.close());

describe('/health/live and /health/ready', () => {
  it('both answer 200 without a login on a migrated database, naming the engine and the migrations', async () => {
    const live = await t.request('/api/v1/health/live');
    expect(live.status).toBe(200);
    expect(await body(live)).toMatchObject({ status: 'alive', version: expect.any(String) });

    const ready = await t.request('/api/v1/health/ready');
    expect(ready.status).toBe(200);
    const expected = await expectedMigrationNames();
    expect(expected.length).toBeGreaterThanOrEqual(13);
    expect(await body(ready)).toMatchObject({
      status: 'ready',
      database: TEST_ENGINE,
      migrations: { expected: expected.length, applied: expected.length, pending: [] },
    });
  });

  it('ready is 503 naming the pending migrations while some are not applied; live stays 200', async () => {
    const expected = await expectedMigrationNames();
    const last = expected.at(-1)!;
    await sql`delete from schema_migrations where name = ${last}`.execute(t.db.kysely);
    const ready = await t.request('/api/v1/health/ready');
    expect(ready.status).toBe(503);
    expect(await body(ready)).toMatchObject({
      status: 'not_ready',
      reason: 'migrations_pending',
      migrations: { expected: expected.length, applied: expected.length - 1, pending: [last] },
    });
    expect((await t.request('/api/v1/health/live')).status).toBe(200);
  });

  it('ready is 503 with every migration pending on a database the migrator never ran on', async () => {
    await sql`drop table schema_migrations`.execute(t.db.kysely);
    const ready = await t.request('/api/v1/health/ready');
    expect(ready.status).toBe(503);
    const b = await body(ready);
    expect(b.reason).toBe('migrations_pending');
    expect(b.migrations.applied).toBe(0);
    expect(b.migrations.pending).toEqual(await expectedMigrationNames());
  });

  it('ready is 503 database_unreachable when the database cannot be reached; live stays 200', async () => {
    // A database that is not there: a closed SQLite handle, or nothing listening on the port.
    const gone =
      TEST_ENGINE === 'sqlite'
        ? openSqlite(':memory:')
        : openPostgres('postgres://postgres@127.0.0.1:1/modeshift');
    gone.sqlite?.close();
    const app = createApp({
      db: gone,
      config: t.config,
      logger: silentLogger,
      now: () => TEST_NOW,
    });
    try {
      const ready = await app.request('/api/v1/health/ready');
      expect(ready.status).toBe(503);
      expect(await body(ready)).toMatchObject({
        status: 'not_ready',
        reason: 'database_unreachable',
        database: TEST_ENGINE,
        migrations: null,
      });
      const live = await app.request('/api/v1/health/live');
      expect(live.status).toBe(200);
      expect((await body(live)).status).toBe('alive');
    } finally {
      if (gone.dialect === 'postgres') await gone.close();
    }
  });
});
