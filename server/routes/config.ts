import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, db, services } from '../http.js';
import { hasDemoData } from '../repositories/demo.js';
import { jsonResponse } from './schemas.js';
import { VERSION } from './health.js';

const route = createRoute({
  method: 'get',
  path: '/config',
  tags: ['system'],
  summary: 'What the web app needs to know before login (no login needed)',
  responses: {
    200: jsonResponse(
      z
        .object({
          version: z.string(),
          mapStyleUrl: z.string().nullable(),
          defaultLocale: z.string(),
          locales: z.array(z.string()),
          demo: z.boolean().openapi({
            description:
              'Demo data with public passwords is stored: the web app shows a banner on every page',
          }),
        })
        .openapi('PublicConfig'),
      'Public settings',
    ),
  },
});

export function configRoutes() {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const config = services(c).config;
    // Asked on every page load, so `npm run demo -- --remove` on a running server shows at once.
    const demo = await hasDemoData(db(c));
    return c.json(
      {
        version: VERSION,
        mapStyleUrl: config.mapStyleUrl,
        defaultLocale: 'en',
        locales: ['en', 'da', 'de', 'it', 'el', 'ro', 'es', 'pl', 'sl'],
        demo,
      },
      200,
    );
  });
  return app;
}
