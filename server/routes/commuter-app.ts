import { createRoute, z } from '@hono/zod-openapi';
import { shiftDay } from '../domain/period.js';
import { localDayOf } from '../domain/trip-rules.js';
import { plannedUsualTrips } from '../domain/usual-commute.js';
import { WHO_ACTIVE_MINUTES_PER_WEEK } from '../indicators/activity.js';
import { computeCommuterImpact, impactPeriod } from '../indicators/commuter-impact.js';
import { findFactorSet, getFactorSet } from '../indicators/reference-data.js';
import { readCommuterDays, readCommuterLegDays, readFirstTripDay } from '../repositories/impact.js';
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
  ImpactQuerySchema,
  ImpactSchema,
  UsualCommuteLogSchema,
  UsualCommutePutSchema,
  UsualCommuteSchema,
} from './commuter-app-schemas.js';
import { errorResponses, jsonBody, jsonResponse, TripSchema } from './schemas.js';

const idParam = z.object({ id: z.string().max(64) });

const routes = {
  impact: createRoute({
    method: 'get',
    path: '/commuters/{id}/impact',
    tags: ['commuters'],
    summary: "A commuter's own impact: km, CO2 avoided, active minutes, kcal, streak",
    description:
      "Over all of the commuter's trips in the period (from the rollups, not a page of trips), computed by the same indicator functions as the dashboard: km by mode, CO2 avoided with the partner's factor set, active minutes against the WHO 150 min/week, net kcal, cycling days, the current streak and a series per day (periods up to 62 days) or per month. The commuter themself, staff of the partner and admins.",
    request: { params: idParam, query: ImpactQuerySchema },
    responses: {
      200: jsonResponse(ImpactSchema, 'The impact'),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
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
    const planned = plannedUsualTrips(usual, c.req.valid('json'), partner!.timezone, s.now());
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
    s.metrics.tripsIngested.inc({ source: 'usual_commute' }, outcomes.length - replayed);
    const trips = [];
    for (const o of outcomes) trips.push((await findTrip(db(c), o.id))!);
    return c.json({ trips, replayed }, 201);
  });

  app.openapi(routes.impact, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const q = c.req.valid('query');
    const partner = (await findPartner(db(c), commuter.partnerId))!;
    const today = localDayOf(nowIso(c), partner.timezone);
    const period = q.from !== undefined ? 'custom' : (q.period ?? 'week');
    const { from, to } =
      q.from !== undefined && q.to !== undefined
        ? { from: q.from, to: q.to }
        : impactPeriod(
            q.period ?? 'week',
            today,
            commuter.joinedOn,
            await readFirstTripDay(db(c), commuter.id),
          );
    const factorSet = findFactorSet(partner.factorSetId) ?? getFactorSet();
    const impact = computeCommuterImpact({
      commuter: {
        commuterId: commuter.id,
        ageBand: commuter.ageBand,
        weightKg: commuter.weightKg,
      },
      from,
      to,
      days: await readCommuterDays(db(c), commuter.id, from, to),
      legDays: await readCommuterLegDays(db(c), commuter.id, from, to),
      // The streak looks back up to a year and a bit before the period's end, whatever the period.
      streakDays: await readCommuterDays(db(c), commuter.id, shiftDay(to, -400), to),
      factorSet,
    });
    const a = impact.activity;
    return c.json(
      {
        commuterId: commuter.id,
        period,
        from,
        to,
        days: impact.days,
        trips: impact.trips,
        distanceKm: impact.distanceKm,
        kmByMode: impact.kmByMode,
        co2: {
          co2AvoidedKg: impact.co2.co2AvoidedKg,
          labelledKm: impact.co2.labelledKm,
          unlabelledKm: impact.co2.unlabelledKm,
          factorSet: {
            id: factorSet.id,
            name: factorSet.name,
            scope: factorSet.scope,
            source: factorSet.source,
            year: factorSet.year,
          },
          methodologyAnchor: 'co2-avoided',
        },
        activity: {
          activeMinutes: a.activeMinutes,
          activeMinutesPerWeek: a.activeMinutesPerWeek,
          whoTargetMinutesPerWeek: WHO_ACTIVE_MINUTES_PER_WEEK,
          shareOfWhoTarget: a.shareOfWhoTarget,
          meetsWhoTarget: a.meetsWhoTarget,
          grossKcal: a.grossKcal,
          netKcal: a.netKcal,
          weightKnown: a.weightKnown,
        },
        cyclingDays: impact.cyclingDays,
        commutingDays: impact.commutingDays,
        currentStreakDays: impact.currentStreakDays,
        series: impact.series,
      },
      200,
    );
  });

  return app;
}
