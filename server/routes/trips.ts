import { createRoute, z } from '@hono/zod-openapi';
import {
  canReadCommuter,
  canWriteCommuter,
  individualDataScope,
  type Actor,
} from '../domain/roles.js';
import { TRIP_SOURCES, TRIP_STATUSES, type TripInput } from '../domain/trips.js';
import { describeCorrection } from '../domain/trip-corrections.js';
import { recordAudit } from '../repositories/audit.js';
import { AppError, issuesToDetails } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services, type AppContext } from '../http.js';
import {
  confirmTrip,
  deleteTrips,
  findTrip,
  listTrips,
  storedTripOf,
  type StoredTrip,
} from '../repositories/trips.js';
import { ingestTrips, prepareTrips, storeTrips, type TripRequest } from '../services/trips.js';
import {
  BatchResultSchema,
  BatchSchema,
  errorResponses,
  IdSchema,
  jsonBody,
  jsonResponse,
  ModeSchema,
  pageOf,
  TripInputSchema,
  TripPatchSchema,
  TripSchema,
} from './schemas.js';

const idParam = z.object({ id: z.string().max(64) });

const BoundSchema = z.string().max(40).openapi({
  description:
    "A local date YYYY-MM-DD (inclusive, in the partner's time zone) or an ISO 8601 instant",
});

const routes = {
  create: createRoute({
    method: 'post',
    path: '/trips',
    tags: ['trips'],
    summary: 'Log one trip',
    description:
      'Idempotent when the trip carries its own id: the same trip sent again is stored once and answered the same way (header Idempotent-Replayed: true). The same id with other content is a 409. Implausible trips are rejected with the reason.',
    request: { body: jsonBody(TripInputSchema) },
    responses: {
      201: jsonResponse(TripSchema, 'Stored (or replayed)'),
      ...errorResponses(400, 401, 403, 409, 413, 415, 422),
    },
  }),
  batch: createRoute({
    method: 'post',
    path: '/trips/batch',
    tags: ['trips'],
    summary: 'Log up to 1000 trips, all or nothing',
    description:
      'Every trip is checked first; if any fails, nothing is stored and the answer lists each failing item by index.',
    request: { body: jsonBody(BatchSchema) },
    responses: {
      200: jsonResponse(BatchResultSchema, 'Stored'),
      ...errorResponses(400, 401, 403, 409, 413, 415, 422),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/trips',
    tags: ['trips'],
    summary: 'Trips you may see, newest first, with cursor pagination',
    request: {
      query: z.object({
        commuterId: IdSchema.optional(),
        partnerId: IdSchema.optional(),
        siteId: IdSchema.optional(),
        mode: ModeSchema.optional().openapi({ description: 'main mode' }),
        status: z.enum(TRIP_STATUSES).optional().openapi({
          description: "'unconfirmed': the trips inferred from files and trackers still to confirm",
        }),
        source: z.enum(TRIP_SOURCES).optional(),
        from: BoundSchema.optional(),
        to: BoundSchema.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        cursor: z.string().max(200).optional(),
      }),
    },
    responses: {
      200: jsonResponse(pageOf(TripSchema, 'TripPage'), 'Trips'),
      ...errorResponses(401, 403, 422),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/trips/{id}',
    tags: ['trips'],
    summary: 'One trip with its legs',
    request: { params: idParam },
    responses: { 200: jsonResponse(TripSchema, 'The trip'), ...errorResponses(401, 403, 404) },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/trips/{id}',
    tags: ['trips'],
    summary: 'Correct a trip; the whole trip is checked again',
    description:
      '`legs` replaces all legs, so legs may be added (up to 20) and removed (at least 1 stays); the rollups change in the same transaction. Every correction is written to the audit log (action trip.correct) with the fields and legs that changed. Correcting an unconfirmed (inferred) trip confirms it: the commuter has looked at it and set its modes and replaced mode.',
    request: { params: idParam, body: jsonBody(TripPatchSchema) },
    responses: { 200: jsonResponse(TripSchema, 'Updated'), ...errorResponses(401, 403, 404, 422) },
  }),
  confirm: createRoute({
    method: 'post',
    path: '/trips/{id}/confirm',
    tags: ['trips'],
    summary: 'Confirm an inferred trip as it is (one tap when the guess is right)',
    description:
      'Marks an unconfirmed trip (from a file import or a tracker) confirmed, so it counts in the indicators. Confirming a confirmed trip changes nothing and answers the same.',
    request: { params: idParam },
    responses: {
      200: jsonResponse(TripSchema, 'The confirmed trip'),
      ...errorResponses(401, 403, 404),
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/trips/{id}',
    tags: ['trips'],
    summary: 'Delete a trip',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  }),
};

function toTripRequest(body: z.infer<typeof TripInputSchema>): TripRequest {
  return {
    ...body,
    legs: body.legs.map((l) => ({
      ...l,
      geometry: l.geometry
        ? {
            type: 'LineString',
            coordinates: l.geometry.coordinates.map((c) => [c[0]!, c[1]!] as [number, number]),
          }
        : null,
    })),
  };
}

function parseBound(value: string, name: string): { day: string } | { instant: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { day: value };
  const ms = Date.parse(value);
  if (!/T/.test(value) || Number.isNaN(ms))
    throw new AppError('validation_failed', `${name} must be YYYY-MM-DD or an ISO 8601 instant`, [
      { path: name, message: 'bad date' },
    ]);
  return { instant: new Date(ms).toISOString() };
}

function encodeCursor(t: StoredTrip): string {
  return Buffer.from(`${t.startedAt}|${t.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: string; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar < 0 || Number.isNaN(Date.parse(text.slice(0, bar))))
    throw new AppError('validation_failed', 'cursor is not one this server gave out', [
      { path: 'cursor', message: 'bad cursor' },
    ]);
  return { startedAt: text.slice(0, bar), id: text.slice(bar + 1) };
}

async function visibleTrip(c: AppContext, actor: Actor, id: string): Promise<StoredTrip> {
  if (actor.role === 'analyst')
    throw new AppError('forbidden', 'analysts see aggregates, not individual trips');
  const trip = await findTrip(db(c), id);
  if (!trip || !canReadCommuter(actor, { id: trip.commuterId, partnerId: trip.partnerId }))
    throw new AppError('not_found', `trip ${id} not found`);
  return trip;
}

export function tripRoutes() {
  const app = createRouter();

  app.openapi(routes.create, async (c) => {
    const actor = requireActor(c);
    const s = services(c);
    const { writes } = await prepareTrips(db(c), actor, [toTripRequest(c.req.valid('json'))], {
      source: 'api',
      nowMs: s.now(),
      privacyRadiusM: s.config.privacyRadiusM,
      scopeCache: s.commuterScopes,
      limits: s.config.limits,
    });
    const [outcome] = await s.tripWriter.write(writes);
    if (outcome!.status === 'created') s.metrics.tripsIngested.inc({ source: 'api' });
    if (outcome!.status === 'replayed') {
      c.header('Idempotent-Replayed', 'true');
      return c.json((await findTrip(db(c), outcome!.id))!, 201);
    }
    // Freshly stored: answer from what was written instead of reading it back.
    return c.json(storedTripOf(writes[0]!, nowIso(c)), 201);
  });

  app.openapi(routes.batch, async (c) => {
    const actor = requireActor(c);
    const s = services(c);
    const { trips } = c.req.valid('json');
    // Validate each item here, not in the body schema, so errors carry the item's index.
    const requests: TripRequest[] = [];
    const problems: Array<{ index: number; path: string; message: string; code?: string }> = [];
    trips.forEach((raw, index) => {
      const parsed = TripInputSchema.safeParse(raw);
      if (parsed.success) requests.push(toTripRequest(parsed.data));
      else
        for (const d of issuesToDetails(parsed.error.issues))
          problems.push({ index, ...d, path: `trips[${index}].${d.path}` });
    });
    if (problems.length > 0) {
      const items = new Set(problems.map((p) => p.index)).size;
      throw new AppError(
        'validation_failed',
        `${items} of ${trips.length} trips are invalid; nothing was stored`,
        problems,
      );
    }
    const outcomes = await ingestTrips(db(c), actor, requests, {
      source: 'api',
      nowMs: s.now(),
      privacyRadiusM: s.config.privacyRadiusM,
      pathPrefix: (i) => `trips[${i}].`,
      bulk: s.db.bulkWriter(),
      scopeCache: s.commuterScopes,
      limits: s.config.limits,
    });
    const created = outcomes.filter((o) => o.status === 'created').length;
    s.metrics.tripsIngested.inc({ source: 'api' }, created);
    return c.json(
      {
        created,
        replayed: outcomes.filter((o) => o.status === 'replayed').length,
        trips: outcomes,
      },
      200,
    );
  });

  app.openapi(routes.list, async (c) => {
    const actor = requireActor(c);
    const q = c.req.valid('query');
    const scope = individualDataScope(actor);
    if (scope === 'none')
      throw new AppError('forbidden', 'analysts see aggregates, not individual trips');
    if (scope.partnerId !== null && q.partnerId && q.partnerId !== scope.partnerId)
      throw new AppError('forbidden', 'you may list the trips of your own partner only');
    if (scope.commuterId !== null && q.commuterId && q.commuterId !== scope.commuterId)
      throw new AppError('forbidden', 'a commuter lists their own trips only');
    const items = await listTrips(db(c), {
      partnerId: scope.partnerId ?? q.partnerId ?? null,
      commuterId: scope.commuterId ?? q.commuterId ?? null,
      ...(q.siteId ? { siteId: q.siteId } : {}),
      ...(q.mode ? { mainMode: q.mode } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...(q.from ? { from: parseBound(q.from, 'from') } : {}),
      ...(q.to ? { to: parseBound(q.to, 'to') } : {}),
      ...(q.cursor ? { cursor: decodeCursor(q.cursor) } : {}),
      limit: q.limit + 1,
    });
    const more = items.length > q.limit;
    const page = more ? items.slice(0, q.limit) : items;
    return c.json(
      { items: page, nextCursor: more ? encodeCursor(page[page.length - 1]!) : null },
      200,
    );
  });

  app.openapi(routes.get, async (c) => {
    const actor = requireActor(c);
    return c.json(await visibleTrip(c, actor, c.req.valid('param').id), 200);
  });

  app.openapi(routes.patch, async (c) => {
    const actor = requireActor(c);
    const s = services(c);
    const current = await visibleTrip(c, actor, c.req.valid('param').id);
    const patch = c.req.valid('json');
    const merged: TripInput = {
      id: current.id,
      commuterId: current.commuterId,
      startedAt: patch.startedAt ?? current.startedAt,
      endedAt: patch.endedAt !== undefined ? patch.endedAt : current.endedAt,
      purpose: patch.purpose !== undefined ? patch.purpose : current.purpose,
      replacedMode: patch.replacedMode !== undefined ? patch.replacedMode : current.replacedMode,
      legs: patch.legs ? toTripRequest({ startedAt: '', legs: patch.legs }).legs : current.legs,
    };
    // Stored geometry is already trimmed: trim again only when new legs come in.
    const { writes } = await prepareTrips(db(c), actor, [merged], {
      source: current.source,
      nowMs: s.now(),
      privacyRadiusM: patch.legs ? s.config.privacyRadiusM : 0,
      limits: s.config.limits,
    });
    const now = nowIso(c);
    await db(c)
      .transaction()
      .execute(async (trx) => {
        await deleteTrips(trx, [current]);
        // A correction is the commuter's review: an inferred trip is confirmed by it.
        await storeTrips(
          trx,
          writes.map((w) => ({
            ...w,
            createdAt: current.createdAt,
            status: 'confirmed' as const,
            origin: current.origin,
            confirmedAt: current.confirmedAt ?? now,
          })),
          now,
        );
        const corrected = (await findTrip(trx, current.id))!;
        // Every correction is audited with what changed (issue 11): staff fix commuters' data.
        await recordAudit(
          trx,
          {
            accountId: actor.accountId,
            action: 'trip.correct',
            // Filed under the commuter: their export lists it and deleting them forgets it.
            targetType: 'commuter',
            targetId: current.commuterId,
            details: {
              tripId: current.id,
              by: actor.role,
              ...describeCorrection(current, corrected),
            },
          },
          now,
        );
      });
    return c.json((await findTrip(db(c), current.id))!, 200);
  });

  app.openapi(routes.confirm, async (c) => {
    const actor = requireActor(c);
    const trip = await visibleTrip(c, actor, c.req.valid('param').id);
    if (!canWriteCommuter(actor, { id: trip.commuterId, partnerId: trip.partnerId }))
      throw new AppError('forbidden', 'you may not confirm this trip');
    await db(c)
      .transaction()
      .execute((trx) => confirmTrip(trx, trip, nowIso(c)));
    return c.json((await findTrip(db(c), trip.id))!, 200);
  });

  app.openapi(routes.remove, async (c) => {
    const actor = requireActor(c);
    const trip = await visibleTrip(c, actor, c.req.valid('param').id);
    await db(c)
      .transaction()
      .execute((trx) => deleteTrips(trx, [trip]));
    return c.body(null, 204);
  });

  return app;
}
