import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { createRouter, services } from '../http.js';
import { jsonResponse } from './schemas.js';

export const VERSION = '0.1.0';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness and database reachability (no login needed)',
  responses: {
    200: jsonResponse(z.object({ status: z.literal('ok'), version: z.string(), database: z.enum(['sqlite', 'postgres']), time: z.string() }), 'Healthy'),
    503: jsonResponse(z.object({ status: z.literal('unavailable'), version: z.string(), database: z.enum(['sqlite', 'postgres']), time: z.string() }), 'Database unreachable'),
  },
});

export function healthRoutes() {
  const app = createRouter();
  app.openapi(health, async (c) => {
    const s = services(c);
    const time = new Date(s.now()).toISOString();
    try {
      await sql`select 1`.execute(s.db.kysely);
      return c.json({ status: 'ok' as const, version: VERSION, database: s.db.dialect, time }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const, version: VERSION, database: s.db.dialect, time }, 503);
    }
  });
  return app;
}
