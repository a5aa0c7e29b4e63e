import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import { createRouter, db, requireActor } from '../http.js';
import {
  countCommutersWithoutTrips,
  findCommutersWithoutBaseline,
  findFlaggedTrips,
  readUnlabelledShare,
  SUSPICIOUS_SPEED_KMH,
} from '../repositories/data-quality.js';
import { findPartner } from '../repositories/partners.js';
import { errorResponses, jsonResponse } from './schemas.js';

const route = createRoute({
  method: 'get',
  path: '/data-quality',
  tags: ['data quality'],
  summary: "What staff should look at in their partner's data (staff of the partner, admins)",
  description: `Trips flagged for a second look (average speeds above ${Object.entries(
    SUSPICIOUS_SPEED_KMH,
  )
    .map(([m, v]) => `${m} ${v} km/h`)
    .join(
      ', ',
    )}; a main mode labelled as replacing itself; two trips of one commuter starting at the same time), the share of km with no replaced mode, commuters with no baseline survey or no trips.`,
  request: {
    query: z.object({
      partner: z.string().max(64),
      limit: z.coerce.number().int().min(1).max(200).default(20),
    }),
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          partner: z.string(),
          implausibleTrips: z.object({
            count: z.number(),
            byReason: z.record(z.string(), z.number()),
            examples: z.array(
              z.object({
                id: z.string(),
                commuterId: z.string(),
                startedAt: z.string(),
                reason: z.string(),
                detail: z.string(),
              }),
            ),
          }),
          unlabelledKm: z.number(),
          totalKm: z.number(),
          unlabelledKmShare: z.number(),
          commutersWithoutBaseline: z.object({
            count: z.number(),
            examples: z.array(
              z.object({ id: z.string(), siteId: z.string().nullable(), joinedOn: z.string() }),
            ),
          }),
          commutersWithoutTrips: z.number(),
        })
        .openapi('DataQuality'),
      'Data quality report',
    ),
    ...errorResponses(401, 403, 404, 422),
  },
});

export function dataQualityRoutes() {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const actor = requireActor(c);
    const { partner: partnerId, limit } = c.req.valid('query');
    // Examples name individual trips and commuters: individual data, so staff and admins only.
    if (!(actor.role === 'admin' || (actor.role === 'staff' && actor.partnerId === partnerId))) {
      throw new AppError(
        'forbidden',
        "data quality lists individual trips: for the partner's staff and admins",
      );
    }
    if (!(await findPartner(db(c), partnerId)))
      throw new AppError('not_found', `partner ${partnerId} not found`);
    const [flagged, unlabelled, withoutBaseline, withoutTrips] = await Promise.all([
      findFlaggedTrips(db(c), partnerId, limit),
      readUnlabelledShare(db(c), partnerId),
      findCommutersWithoutBaseline(db(c), partnerId, limit),
      countCommutersWithoutTrips(db(c), partnerId),
    ]);
    return c.json(
      {
        partner: partnerId,
        implausibleTrips: flagged,
        unlabelledKm: Math.round(unlabelled.unlabelledKm * 1000) / 1000,
        totalKm: Math.round(unlabelled.totalKm * 1000) / 1000,
        unlabelledKmShare:
          unlabelled.totalKm > 0
            ? Math.round((unlabelled.unlabelledKm / unlabelled.totalKm) * 1e6) / 1e6
            : 0,
        commutersWithoutBaseline: withoutBaseline,
        commutersWithoutTrips: withoutTrips,
      },
      200,
    );
  });
  return app;
}
