import { createRoute, z } from '@hono/zod-openapi';
import { cellPolygon } from '../domain/route-density.js';
import { ROUTE_CELL_RESOLUTION } from '../domain/route-cells.js';
import { createRouter, db, requireActor, services } from '../http.js';
import { SUPPRESSION_K } from '../indicators/index.js';
import { readRouteDensity } from '../repositories/route-cells.js';
import { DateSchema, errorResponses, IdSchema, jsonResponse } from './schemas.js';
import { resolveScope } from './indicators.js';

const density = createRoute({
  method: 'get',
  path: '/map/density',
  tags: ['map'],
  summary: 'Route density as GeoJSON H3 cells, weighted by trips, with the k = 5 rule applied',
  description: `Cells crossed by fewer than ${SUPPRESSION_K} distinct commuters are left out (counted in suppressedCells). At most MAP_MAX_CELLS cells, the busiest, are returned; truncated says when more were shown-worthy. Periods snap to whole months. Stored routes are trimmed near origin and destination, so homes do not show.`,
  request: {
    query: z.object({
      partner: z.string().max(64),
      site: IdSchema.optional(),
      from: DateSchema.optional(),
      to: DateSchema.optional(),
      resolution: z.coerce
        .number()
        .int()
        .min(6)
        .max(ROUTE_CELL_RESOLUTION)
        .default(ROUTE_CELL_RESOLUTION)
        .openapi({ description: `H3 resolution, 6 (coarse) to ${ROUTE_CELL_RESOLUTION}` }),
    }),
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          type: z.literal('FeatureCollection'),
          features: z.array(
            z.object({
              type: z.literal('Feature'),
              geometry: z.object({
                type: z.literal('Polygon'),
                coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))),
              }),
              properties: z.object({ h3: z.string(), trips: z.number(), commuters: z.number() }),
            }),
          ),
          suppressedCells: z.number(),
          truncated: z.boolean().openapi({
            description:
              'true when more cells passed the k rule than the answer may carry (MAP_MAX_CELLS): only the busiest are included',
          }),
          maxCells: z.number(),
          resolution: z.number(),
          k: z.number(),
        })
        .openapi('RouteDensity'),
      'GeoJSON FeatureCollection',
    ),
    ...errorResponses(401, 403, 404, 422),
  },
});

export function mapRoutes() {
  const app = createRouter();
  app.openapi(density, async (c) => {
    const actor = requireActor(c);
    const q = c.req.valid('query');
    const { scope } = await resolveScope(c, actor, q);
    const maxCells = services(c).config.limits.mapMaxCells;
    const result = await readRouteDensity(db(c), scope, {
      resolution: q.resolution,
      k: SUPPRESSION_K,
      maxCells,
    });
    return c.json(
      {
        type: 'FeatureCollection' as const,
        features: result.cells.map((cell) => ({
          type: 'Feature' as const,
          geometry: { type: 'Polygon' as const, coordinates: [cellPolygon(cell.h3)] },
          properties: cell,
        })),
        suppressedCells: result.suppressedCells,
        truncated: result.truncated,
        maxCells,
        resolution: q.resolution,
        k: SUPPRESSION_K,
      },
      200,
    );
  });
  return app;
}
