import { createRoute, z } from '@hono/zod-openapi';
import { plannedUsualTrips } from '../domain/usual-commute.js';
import { canWriteCommuter } from '../domain/roles.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services } from '../http.js';
import { recordAudit } from '../repositories/audit.js';
import { findPartner } from '../repositories/partners.js';
import { findTrip } from '../repositories/trips.js';
import { findUsualCommute, saveUsualCommute } from '../repositories/usual-commutes.js';
import { prepareTrips } from '../services/trips.js';
import { visibleCommuter } from './commuters.js';
import {
  UsualCommuteLogSchema,
  UsualCommutePutSchema,
  UsualCommuteSchema,
} from './commuter-app-schemas.js';
import { errorResponses, jsonBody, jsonResponse, TripSchema } from './schemas.js';

const idParam = z.object({ id: z.string().max(64) });

const routes = {
  getUsual: createRoute({
    method: 'get',
    path: '/commuters/{id}/usual-commute',
    tags: ['commuters'],
    summary: "The commuter's usual commute (one way to work)",
    description:
      'Saved from the baseline survey when joining, or by PUT (for example with the legs of any trip). 404 until one is saved.',
    request: { params: idParam },
    responses: {
      200: jsonResponse(UsualCommuteSchema, 'The usual commute'),
      ...errorResponses(401, 403, 404),
    },
  }),
  putUsual: createRoute({
    method: 'put',
    path: '/commuters/{id}/usual-commute',
    tags: ['commuters'],
    summary: 'Save the usual commute (themself, staff of the partner, admin)',
    request: { params: idParam, body: jsonBody(UsualCommutePutSchema) },
    responses: {
      200: jsonResponse(UsualCommuteSchema, 'Saved'),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  logUsual: createRoute({
    method: 'post',
    path: '/commuters/{id}/usual-commute/log',
    tags: ['commuters'],
    summary: 'Log the usual commute with one tap: to work, back, or both',
    description:
      'Stores one trip (to_work: the legs in order at departToWork, default 08:00 local; back: reversed at departBack, default 16:30) or two (both), through the same checks and writer as POST /trips. The trips get the ids in clientIds: the same request again stores nothing new and answers the same trips (`Idempotent-Replayed: true`); an id already used for another trip answers 409 `id_conflict`.',
    request: { params: idParam, body: jsonBody(UsualCommuteLogSchema) },
    responses: {
      201: jsonResponse(
        z.object({
          trips: z.array(TripSchema),
          replayed: z.number().int().openapi({ description: 'Trips that were already stored' }),
        }),
        'Logged',
      ),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
};

export function commuterAppRoutes() {
  const app = createRouter();

  app.openapi(routes.getUsual, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const usual = await findUsualCommute(db(c), commuter.id);
    if (!usual) throw new AppError('not_found', `commuter ${commuter.id} has no usual commute yet`);
    return c.json(usual, 200);
  });

  app.openapi(routes.putUsual, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    if (!canWriteCommuter(actor, commuter))
      throw new AppError('not_found', `commuter ${commuter.id} not found`);
    const body = c.req.valid('json');
    const now = nowIso(c);
    const saved = await db(c)
      .transaction()
      .execute(async (trx) => {
        const u = await saveUsualCommute(
          trx,
          {
            commuterId: commuter.id,
            legs: body.legs,
            replacedMode: body.replacedMode,
            departToWork: body.departToWork ?? null,
            departBack: body.departBack ?? null,
          },
          now,
        );
        // Staff changing a commuter's data is a correction, and corrections are audited.
        if (actor.role !== 'commuter')
          await recordAudit(
            trx,
            {
              accountId: actor.accountId,
              action: 'usual_commute.update',
              targetType: 'commuter',
              targetId: commuter.id,
            },
            now,
          );
        return u;
      });
    return c.json(saved, 200);
  });

  app.openapi(routes.logUsual, async (c) => {
    const actor = requireActor(c);
    const s = services(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const usual = await findUsualCommute(db(c), commuter.id);
    if (!usual)
      throw new AppError(
        'not_found',
        `commuter ${commuter.id} has no usual commute yet: save one with PUT first`,
      );
    const partner = await findPartner(db(c), commuter.partnerId);
    const planned = plannedUsualTrips(usual, c.req.valid('json'), partner!.timezone);
    const { writes } = await prepareTrips(
      db(c),
      actor,
      planned.map((p) => ({ ...p, commuterId: commuter.id })),
      {
        source: 'api',
        nowMs: s.now(),
        privacyRadiusM: s.config.privacyRadiusM,
        pathPrefix: (i) => `clientIds[${i}].`,
        scopeCache: s.commuterScopes,
        limits: s.config.limits,
      },
    );
    const outcomes = await s.tripWriter.write(writes);
    const replayed = outcomes.filter((o) => o.status === 'replayed').length;
    if (replayed > 0) c.header('Idempotent-Replayed', 'true');
    const trips = [];
    for (const o of outcomes) trips.push((await findTrip(db(c), o.id))!);
    return c.json({ trips, replayed }, 201);
  });

  return app;
}
