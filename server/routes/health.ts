import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { classifyDatabaseFailure } from '../db/failures.js';
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

export function healthRoutes() {
  const app = createRouter();
  app.openapi(health, async (c) => {
    const s = services(c);
    const time = new Date(s.now()).toISOString();
    const common = { version: VERSION, database: s.db.dialect, time };
    try {
      await sql`select 1`.execute(s.db.kysely);
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
  return app;
}
