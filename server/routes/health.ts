import { createRoute, z } from '@hono/zod-openapi';
import { classifyDatabaseFailure } from '../db/failures.js';
import { expectedMigrationNames } from '../db/migrator.js';
import { appliedMigrationNames, pingDatabase } from '../repositories/health.js';
import { createRouter, services } from '../http.js';
import { jsonResponse } from './schemas.js';

export const VERSION = '0.1.0';

const StorageSchema = z
  .object({
    writable: z.boolean().openapi({
      description:
        'false while writes fail for a storage reason (last 30 s, no successful write since)',
    }),
    failure: z
      .object({
        kind: z.enum(['busy', 'storage']),
        code: z.string().openapi({ example: 'SQLITE_FULL' }),
        message: z.string().openapi({ example: 'database or disk is full' }),
        at: z.string(),
      })
      .nullable(),
  })
  .openapi('StorageHealth');

const base = {
  version: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  time: z.string(),
  storage: StorageSchema,
};

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness, database reachability and write-ability (no login needed)',
  responses: {
    200: jsonResponse(z.object({ status: z.literal('ok'), ...base }), 'Healthy'),
    503: jsonResponse(
      z.object({ status: z.enum(['degraded', 'unavailable']), ...base }),
      'Database unreachable (unavailable), or writes failing for a storage reason (degraded)',
    ),
  },
});

const live = createRoute({
  method: 'get',
  path: '/health/live',
  tags: ['system'],
  summary:
    'Liveness: the process answers requests (no database call, no login). Restart the process when this fails.',
  responses: {
    200: jsonResponse(
      z.object({ status: z.literal('alive'), version: z.string(), time: z.string() }),
      'The process is alive',
    ),
  },
});

const MigrationsSchema = z
  .object({
    expected: z.number().int().openapi({ description: 'migrations this build ships' }),
    applied: z.number().int().openapi({ description: 'of those, applied to the database' }),
    pending: z.array(z.string()).openapi({ description: 'shipped but not applied, in order' }),
  })
  .openapi('MigrationHealth');

const readyBase = {
  version: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  time: z.string(),
};

const ready = createRoute({
  method: 'get',
  path: '/health/ready',
  tags: ['system'],
  summary:
    'Readiness: the database answers and every migration this build ships is applied (no login). Send traffic only while this is 200.',
  responses: {
    200: jsonResponse(
      z.object({ status: z.literal('ready'), ...readyBase, migrations: MigrationsSchema }),
      'Ready for traffic',
    ),
    503: jsonResponse(
      z.object({
        status: z.literal('not_ready'),
        reason: z.enum(['database_unreachable', 'migrations_pending']),
        ...readyBase,
        migrations: MigrationsSchema.nullable().openapi({
          description: 'null when the database could not be asked',
        }),
      }),
      'Database unreachable, or migrations not (yet) applied',
    ),
  },
});

export function healthRoutes() {
  const app = createRouter();
  app.openapi(health, async (c) => {
    const s = services(c);
    const time = new Date(s.now()).toISOString();
    const common = { version: VERSION, database: s.db.dialect, time };
    try {
      await pingDatabase(s.db.kysely);
    } catch (err) {
      const failure = classifyDatabaseFailure(err);
      if (failure) s.storageHealth.recordFailure(failure);
      const cause = err instanceof Error ? err.message : String(err);
      s.logger.error('health: database unreachable', { code: failure?.code, cause });
      const storage = { writable: false, failure: s.storageHealth.current() };
      return c.json({ status: 'unavailable' as const, ...common, storage }, 503);
    }
    // The ok path stays a ping: write-ability comes from what the last writes met, not a probe.
    const failure = s.storageHealth.current();
    if (failure)
      return c.json(
        { status: 'degraded' as const, ...common, storage: { writable: false, failure } },
        503,
      );
    return c.json(
      { status: 'ok' as const, ...common, storage: { writable: true, failure: null } },
      200,
    );
  });
  app.openapi(live, (c) =>
    c.json(
      {
        status: 'alive' as const,
        version: VERSION,
        time: new Date(services(c).now()).toISOString(),
      },
      200,
    ),
  );
  app.openapi(ready, async (c) => {
    const s = services(c);
    const common = {
      version: VERSION,
      database: s.db.dialect,
      time: new Date(s.now()).toISOString(),
    };
    let applied: string[];
    try {
      await pingDatabase(s.db.kysely);
      applied = await appliedMigrationNames(s.db.kysely);
    } catch (err) {
      // A database without the migrator's table has no migration applied: reachable, not ready.
      const failure = classifyDatabaseFailure(err);
      const cause = err instanceof Error ? err.message : String(err);
      if (failure || !/schema_migrations/.test(cause)) {
        s.logger.error('health: database unreachable', { code: failure?.code, cause });
        return c.json(
          {
            status: 'not_ready' as const,
            reason: 'database_unreachable' as const,
            ...common,
            migrations: null,
          },
          503,
        );
      }
      applied = [];
    }
    const expected = await expectedMigrationNames();
    const done = new Set(applied);
    const pending = expected.filter((m) => !done.has(m));
    const migrations = {
      expected: expected.length,
      applied: expected.length - pending.length,
      pending,
    };
    if (pending.length > 0)
      return c.json(
        {
          status: 'not_ready' as const,
          reason: 'migrations_pending' as const,
          ...common,
          migrations,
        },
        503,
      );
    return c.json({ status: 'ready' as const, ...common, migrations }, 200);
  });
  return app;
}
