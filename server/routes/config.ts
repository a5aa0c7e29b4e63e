import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, services } from '../http.js';
import { jsonResponse } from './schemas.js';
import { VERSION } from './health.js';

const route = createRoute({
  method: 'get',
  path: '/config',
  tags: ['system'],
  summary: 'What the web app needs to know before login (no login needed)',
  responses: { 200: jsonResponse(z.object({ version: z.string(), mapStyleUrl: z.string().nullable(), defaultLocale: z.string(), locales: z.array(z.string()) }).openapi('PublicConfig'), 'Public settings') },
});

export function configRoutes() {
  const app = createRouter();
  app.openapi(route, (c) => {
    const config = services(c).config;
    return c.json({ version: VERSION, mapStyleUrl: config.mapStyleUrl, defaultLocale: 'en', locales: ['en', 'da', 'de', 'it', 'el', 'ro', 'es', 'pl', 'sl'] }, 200);
  });
  return app;
}
