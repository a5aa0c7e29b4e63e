import { createRoute, z } from '@hono/zod-openapi';
import { mayReadSiteMap } from '../domain/roles.js';
import {
  MAP_UNIT_GRAIN,
  MAP_UNIT_LAYERS,
  MAP_UNIT_RESOLUTION,
  quarterOfMonth,
  releasedPeriod,
} from '../domain/release-units.js';
import { cellPolygon } from '../domain/route-density.js';
import { AppError } from '../errors.js';
import { type AppContext, createRouter, db, requireActor, services } from '../http.js';
import type { Actor } from '../domain/roles.js';
import { SUPPRESSION_K } from '../indicators/index.js';
import { readReleasedDensity, releaseUnits } from '../repositories/route-cells.js';
import { resolveScope } from './indicators.js';
import { DateSchema, errorResponses, IdSchema, jsonResponse } from './schemas.js';

const REASONS = ['whole_units', 'open_units_left_out', 'no_whole_unit', 'no_closed_unit'] as const;

const density = createRoute({
  method: 'get',
  path: '/map/density',
  tags: ['map'],
  summary: 'Route density as GeoJSON H3 cells: a sum of released units only',
  description: `The map is built from release units: one partner (or, for a site map, one site) x one H3 cell x one calendar quarter, in two nested layers, cells at resolution ${MAP_UNIT_LAYERS.coarse} and at resolution ${MAP_UNIT_LAYERS.fine}. A unit is released when at least ${SUPPRESSION_K} distinct commuters crossed it and its quarter ended at least RELEASE_DELAY_DAYS ago; it is then frozen (a trip logged or deleted later does not change it). Inside a released resolution-${MAP_UNIT_LAYERS.coarse} unit, when the withheld resolution-${MAP_UNIT_LAYERS.fine} units hold 1 to ${SUPPRESSION_K - 1} commuters, the smallest shown one is withheld too (complementary suppression). An answer at resolution ${MAP_UNIT_LAYERS.fine} sums the fine units, at ${MAP_UNIT_LAYERS.coarse} or coarser the coarse units; the period is the closed quarters wholly inside from..to (releasedPeriod says which, and why); the network sums its partners' units. So no difference of answers (periods, resolutions, partner and network) gives away a figure about fewer than ${SUPPRESSION_K} commuters. Site maps are for the partner's own staff and admins (403 site_map_withheld for analysts). At most MAP_MAX_CELLS cells, the busiest; truncated says when more were released. Stored routes are trimmed near origin and destination, so homes do not show.`,
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
        .max(MAP_UNIT_RESOLUTION)
        .default(MAP_UNIT_RESOLUTION)
        .openapi({
          description: `H3 resolution, 6 (coarse) to ${MAP_UNIT_RESOLUTION}: finer cells than the release units' are not offered`,
        }),
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
              properties: z.object({
                h3: z.string(),
                trips: z.number().openapi({
                  description:
                    'trips through the released units inside the cell, counted once per resolution-9 street cell they crossed',
                }),
                commuters: z.number().openapi({
                  description:
                    'most distinct commuters of one released unit inside the cell (a lower bound of the people, never fewer than k)',
                }),
              }),
            }),
          ),
          suppressedCells: z.number().openapi({
            description:
              'release units of the answered layer and quarters that are withheld (fewer than k commuters, or complementary)',
          }),
          truncated: z.boolean().openapi({
            description:
              'true when more cells were released than the answer may carry (MAP_MAX_CELLS): only the busiest are included',
          }),
          maxCells: z.number(),
          resolution: z.number(),
          k: z.number(),
          releasedPeriod: z
            .object({
              from: z.string().nullable(),
              to: z.string().nullable(),
              quarters: z.array(z.string()),
              reason: z.enum(REASONS).openapi({
                description:
                  'whole_units: the closed quarters inside the period; open_units_left_out: quarters not yet closed were left out; no_whole_unit: no whole quarter lies inside the period; no_closed_unit: none of them has closed yet',
              }),
            })
            .openapi({ description: 'the quarters this answer sums, and why' }),
          releaseUnit: z.object({
            grain: z.literal(MAP_UNIT_GRAIN),
            resolutions: z.array(z.number()),
            releaseDelayDays: z.number(),
          }),
        })
        .openapi('RouteDensity'),
      'GeoJSON FeatureCollection',
    ),
    ...errorResponses(401, 403, 404, 422),
  },
});

/**
 * The answer of GET /map/density: the route sends it, and the report draws its map from it
 * (routes/reports.ts), so both release the same cells.
 */
export async function answerDensity(
  c: AppContext,
  actor: Actor,
  q: {
    partner: string;
    site?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    resolution: number;
  },
) {
  const { scope, partners, dataRange } = await resolveScope(c, actor, q);
  if (q.site !== undefined && !mayReadSiteMap(actor))
    throw new AppError(
      'site_map_withheld',
      `site maps are for the partner's own staff and admins: a site's map subtracted from its partner's map would show the rest of the partner, which can be fewer than ${SUPPRESSION_K} commuters; ask for the partner map`,
    );
  const { config, now } = services(c);
  // Without dates, every quarter the data touches (its first and last quarter in full).
  const from = q.from ?? (dataRange ? quarterOfMonth(dataRange.from.slice(0, 7)).from : scope.from);
  const to = q.to ?? (dataRange ? quarterOfMonth(dataRange.to.slice(0, 7)).to : scope.to);
  const nowIso = new Date(now()).toISOString();
  const period = releasedPeriod(from, to, nowIso.slice(0, 10), config.releaseDelayDays);
  const layers = { ...MAP_UNIT_LAYERS, k: SUPPRESSION_K };
  const partnerIds = scope.partnerId !== null ? [scope.partnerId] : [...partners.keys()];
  await releaseUnits(db(c), partnerIds, scope.siteId, period.units, layers, nowIso);
  const maxCells = config.limits.mapMaxCells;
  const result = await readReleasedDensity(
    db(c),
    { partnerId: scope.partnerId, siteId: scope.siteId },
    period.units,
    layers,
    { resolution: q.resolution, maxCells },
  );
  return {
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
    releasedPeriod: {
      from: period.from,
      to: period.to,
      quarters: period.units.map((u) => u.id),
      reason: period.reason,
    },
    releaseUnit: {
      grain: MAP_UNIT_GRAIN,
      resolutions: [MAP_UNIT_LAYERS.coarse, MAP_UNIT_LAYERS.fine],
      releaseDelayDays: config.releaseDelayDays,
    },
  };
}

export function mapRoutes() {
  const app = createRouter();
  app.openapi(density, async (c) =>
    c.json(await answerDensity(c, requireActor(c), c.req.valid('query')), 200),
  );
  return app;
}
