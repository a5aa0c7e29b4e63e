import { createRoute, z } from '@hono/zod-openapi';
import { newId } from '../auth/tokens.js';
import { canReadCommuter, individualDataScope, type Actor } from '../domain/roles.js';
import { strToU8, zipSync } from 'fflate';
import { followUpsDue, pseudonymOf } from '../domain/enrolment.js';
import { hasRoute, safeFileName, tripsToGeoJson, tripToGpx } from '../domain/export-formats.js';
import { findAccountByCommuter, listApiTokens } from '../repositories/accounts.js';
import { findUsualCommute } from '../repositories/usual-commutes.js';
import { countCommuterTrips, readAuditAbout, readDevices } from '../repositories/my-data.js';
import { mainModeOf } from '../domain/trips.js';
import { findEnrolment, findShareName, setShareName } from '../repositories/enrolment.js';
import {
  CommuterDetailSchema,
  CommuterExportSchema,
  MAX_EXPORT_TRIPS,
} from './commuter-app-schemas.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services, type AppContext } from '../http.js';
import { recordAudit } from '../repositories/audit.js';
import {
  deleteCommuterData,
  findCommuter,
  insertSurvey,
  listCommuters,
  listSurveys,
  readRosterExtras,
  setCommuterDisplayName,
  type Commuter,
} from '../repositories/commuters.js';
import { listTrips } from '../repositories/trips.js';
import { createCommuter, editCommuter } from '../services/commuters.js';
import {
  CommuterCreateSchema,
  CommuterListItemSchema,
  CommuterPatchSchema,
  CommuterSchema,
  errorResponses,
  IdSchema,
  jsonBody,
  jsonResponse,
  pageOf,
  SurveyCreateSchema,
  SurveySchema,
  usualOneWayKm,
} from './schemas.js';

const idParam = z.object({ id: z.string().max(64) });

const routes = {
  create: createRoute({
    method: 'post',
    path: '/commuters',
    tags: ['commuters'],
    summary: 'Create a commuter profile (staff of the partner, admin)',
    description:
      'A profile without an account, for survey-only or imported data. Accounts with role commuter create their profile themselves.',
    request: { body: jsonBody(CommuterCreateSchema) },
    responses: {
      201: jsonResponse(CommuterSchema, 'Created'),
      ...errorResponses(401, 403, 409, 422),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/commuters',
    tags: ['commuters'],
    summary: 'Commuters you may see (staff: their partner; a commuter: themself)',
    description:
      'Each with `name`: the display name of their account when the commuter chose to share it (shareName), else a stable pseudonym; with join date and the day of their latest trip.',
    request: {
      query: z.object({
        partnerId: IdSchema.optional(),
        siteId: IdSchema.optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        cursor: z.string().max(64).optional(),
      }),
    },
    responses: {
      200: jsonResponse(pageOf(CommuterListItemSchema, 'CommuterPage'), 'Commuters'),
      ...errorResponses(401, 403, 422),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/commuters/{id}',
    tags: ['commuters'],
    summary: 'One commuter',
    request: { params: idParam },
    description:
      'With shareName and the follow-up surveys due 3 and 6 months after joining (followUpsDue).',
    responses: {
      200: jsonResponse(CommuterDetailSchema, 'The commuter'),
      ...errorResponses(401, 404),
    },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/commuters/{id}',
    tags: ['commuters'],
    summary: 'Edit a commuter (themself, staff of the partner, admin)',
    description:
      'shareName and displayName belong to the commuter: only they may change them (403 for anyone else).',
    request: { params: idParam, body: jsonBody(CommuterPatchSchema) },
    responses: {
      200: jsonResponse(CommuterSchema, 'Updated'),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/commuters/{id}',
    tags: ['commuters'],
    summary: 'Delete a commuter with all their trips, surveys and account',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
  }),
  exportData: createRoute({
    method: 'get',
    path: '/commuters/{id}/export',
    tags: ['commuters'],
    summary: 'Everything stored about a commuter, as JSON or as a ZIP',
    description: `The account (e-mail, locale, display name), enrolment and privacy notice acceptance, surveys, usual commute, trips with legs and routes, tracker devices and API tokens (never their secrets), and the audit entries about them. \`format=zip\` answers a ZIP with export.json, trips.geojson and one GPX file per trip with a route (gpx/). At most ${MAX_EXPORT_TRIPS} trips: beyond that it answers 413 and the trips are read page by page from GET /trips?commuterId=.`,
    request: {
      params: idParam,
      query: z.object({ format: z.enum(['json', 'zip']).default('json') }),
    },
    responses: {
      200: {
        description: 'The export',
        content: {
          'application/json': { schema: CommuterExportSchema },
          'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
      ...errorResponses(401, 403, 404, 413, 422),
    },
  }),
  createSurvey: createRoute({
    method: 'post',
    path: '/commuters/{id}/surveys',
    tags: ['commuters'],
    summary: 'Record a baseline or follow-up survey',
    description:
      'usualMode with oneWayKm, or usualLegs (one-way); the main mode of usualLegs is their longest leg.',
    request: { params: idParam, body: jsonBody(SurveyCreateSchema) },
    responses: { 201: jsonResponse(SurveySchema, 'Created'), ...errorResponses(401, 404, 422) },
  }),
  listSurveys: createRoute({
    method: 'get',
    path: '/commuters/{id}/surveys',
    tags: ['commuters'],
    summary: 'Surveys of a commuter',
    request: { params: idParam },
    responses: {
      200: jsonResponse(z.object({ items: z.array(SurveySchema) }), 'Surveys'),
      ...errorResponses(401, 404),
    },
  }),
};

/** The staff list's view of each commuter: a pseudonym unless they chose to share their name. */
async function withNames(c: AppContext, commuters: readonly Commuter[]) {
  const extras = await readRosterExtras(
    db(c),
    commuters.map((x) => x.id),
  );
  return commuters.map((x) => {
    const e = extras.get(x.id);
    const shared = e?.shareName === true && !!e.displayName;
    return {
      ...x,
      name: shared ? e.displayName! : pseudonymOf(x.id),
      pseudonymous: !shared,
      lastTripOn: e?.lastTripOn ?? null,
    };
  });
}

/** A commuter the actor may see, else 404: out-of-scope records do not reveal that they exist. */
export async function visibleCommuter(c: AppContext, actor: Actor, id: string): Promise<Commuter> {
  const commuter = await findCommuter(db(c), id);
  if (!commuter || !canReadCommuter(actor, commuter)) {
    if (actor.role === 'analyst')
      throw new AppError('forbidden', 'analysts see aggregates, not individual commuters');
    throw new AppError('not_found', `commuter ${id} not found`);
  }
  return commuter;
}

export function commuterRoutes() {
  const app = createRouter();

  app.openapi(routes.create, async (c) => {
    const actor = requireActor(c);
    const body = c.req.valid('json');
    if (
      !(actor.role === 'admin' || (actor.role === 'staff' && actor.partnerId === body.partnerId))
    ) {
      throw new AppError('forbidden', 'staff create commuters of their own partner; admins of any');
    }
    const now = nowIso(c);
    const id = body.id ?? newId('cmt');
    if (await findCommuter(db(c), id))
      throw new AppError('conflict', `commuter ${id} already exists`);
    const commuter = await db(c)
      .transaction()
      .execute(async (trx) => {
        const created = await createCommuter(
          trx,
          {
            id,
            partnerId: body.partnerId,
            siteId: body.siteId ?? null,
            ageBand: body.ageBand ?? null,
            weightKg: body.weightKg ?? null,
            joinedOn: body.joinedOn ?? now.slice(0, 10),
          },
          now,
        );
        await recordAudit(
          trx,
          {
            accountId: actor.accountId,
            action: 'commuter.create',
            targetType: 'commuter',
            targetId: id,
          },
          now,
        );
        return created;
      });
    return c.json(commuter, 201);
  });

  app.openapi(routes.list, async (c) => {
    const actor = requireActor(c);
    const q = c.req.valid('query');
    const scope = individualDataScope(actor);
    if (scope === 'none')
      throw new AppError('forbidden', 'analysts see aggregates, not individual commuters');
    if (scope.commuterId !== null) {
      const self = await findCommuter(db(c), scope.commuterId);
      return c.json({ items: await withNames(c, self ? [self] : []), nextCursor: null }, 200);
    }
    if (scope.partnerId !== null && q.partnerId && q.partnerId !== scope.partnerId)
      throw new AppError('forbidden', 'staff see the commuters of their own partner only');
    const items = await listCommuters(db(c), {
      partnerId: scope.partnerId ?? q.partnerId ?? null,
      ...(q.siteId ? { siteId: q.siteId } : {}),
      limit: q.limit + 1,
      ...(q.cursor ? { afterId: q.cursor } : {}),
    });
    const more = items.length > q.limit;
    const page = more ? items.slice(0, q.limit) : items;
    return c.json(
      { items: await withNames(c, page), nextCursor: more ? page[page.length - 1]!.id : null },
      200,
    );
  });

  app.openapi(routes.get, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const followUpDays = (await listSurveys(db(c), commuter.id))
      .filter((s) => s.kind === 'followup')
      .map((s) => s.takenOn);
    const today = nowIso(c).slice(0, 10);
    return c.json(
      {
        ...commuter,
        shareName: await findShareName(db(c), commuter.id),
        followUpsDue: followUpsDue(commuter.joinedOn, followUpDays, today),
      },
      200,
    );
  });

  app.openapi(routes.patch, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const { shareName, displayName, ...profile } = c.req.valid('json');
    const own = actor.role === 'commuter' && actor.commuterId === commuter.id;
    if ((shareName !== undefined || displayName !== undefined) && !own)
      throw new AppError(
        'forbidden',
        'only the commuter may choose whether staff see their name, and which name',
      );
    const now = nowIso(c);
    const updated = await db(c)
      .transaction()
      .execute(async (trx) => {
        if (shareName !== undefined) await setShareName(trx, commuter.id, shareName);
        if (displayName !== undefined)
          await setCommuterDisplayName(trx, commuter.id, displayName, now);
        return editCommuter(trx, commuter, profile, now);
      });
    services(c).commuterScopes.clear();
    // The account's display name is cached with the session's actor.
    if (displayName !== undefined) services(c).authCache.clear();
    return c.json(updated, 200);
  });

  app.openapi(routes.remove, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const now = nowIso(c);
    await db(c)
      .transaction()
      .execute(async (trx) => {
        await deleteCommuterData(trx, commuter.id);
        await recordAudit(
          trx,
          {
            accountId: actor.role === 'commuter' ? null : actor.accountId,
            action: 'commuter.delete',
            targetType: 'commuter',
            // Not the id: after deletion no row may point at the person (issue 11).
            targetId: null,
            details: { partnerId: commuter.partnerId, by: actor.role },
          },
          now,
        );
      });
    services(c).authCache.clear();
    services(c).commuterScopes.clear();
    return c.body(null, 204);
  });

  app.openapi(routes.exportData, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const tripCount = await countCommuterTrips(db(c), commuter.id);
    if (tripCount > MAX_EXPORT_TRIPS)
      throw new AppError(
        'payload_too_large',
        `${tripCount} trips are more than one export holds (${MAX_EXPORT_TRIPS}): read them page by page with GET /api/v1/trips?commuterId=${commuter.id}`,
      );
    const surveys = await listSurveys(db(c), commuter.id);
    const trips = [];
    let cursor: { startedAt: string; id: string } | undefined;
    for (;;) {
      const page = await listTrips(db(c), {
        partnerId: null,
        commuterId: commuter.id,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      trips.push(...page);
      if (page.length < 1000 || trips.length >= MAX_EXPORT_TRIPS) break;
      const last = page[page.length - 1]!;
      cursor = { startedAt: last.startedAt, id: last.id };
    }
    const account = await findAccountByCommuter(db(c), commuter.id);
    const enrolment = await findEnrolment(db(c), commuter.id);
    const data = {
      exportedAt: nowIso(c),
      commuter: { ...commuter, shareName: await findShareName(db(c), commuter.id) },
      account: account
        ? {
            id: account.id,
            email: account.email,
            role: account.role,
            locale: account.locale,
            displayName: account.displayName,
            createdAt: account.createdAt,
          }
        : null,
      enrolment: enrolment ? { codeId: enrolment.codeId, joinedAt: enrolment.joinedAt } : null,
      privacyAcceptance: enrolment
        ? { version: enrolment.privacyNoticeVersion, acceptedAt: enrolment.privacyAcceptedAt }
        : null,
      surveys,
      usualCommute: await findUsualCommute(db(c), commuter.id),
      trips,
      devices: await readDevices(db(c), commuter.id),
      apiTokens: account ? await listApiTokens(db(c), account.id) : [],
      auditEntries: await readAuditAbout(db(c), {
        commuterId: commuter.id,
        accountId: account?.id ?? null,
      }),
    };
    const base = `modeshift-${safeFileName(commuter.id)}`;
    if (c.req.valid('query').format === 'zip') {
      const files: Record<string, Uint8Array> = {
        'export.json': strToU8(JSON.stringify(data, null, 2)),
        'trips.geojson': strToU8(tripsToGeoJson(trips)),
      };
      for (const trip of trips)
        if (hasRoute(trip)) files[`gpx/${safeFileName(trip.id)}.gpx`] = strToU8(tripToGpx(trip));
      const zip = zipSync(files, { level: 6 });
      c.header('Content-Type', 'application/zip');
      c.header('Content-Disposition', `attachment; filename="${base}.zip"`);
      return c.body(zip as unknown as ArrayBuffer, 200);
    }
    c.header('Content-Disposition', `attachment; filename="${base}.json"`);
    return c.json(data, 200);
  });

  app.openapi(routes.createSurvey, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    const body = c.req.valid('json');
    const usualLegs = body.usualLegs ?? null;
    const usualMode = usualLegs ? mainModeOf(usualLegs) : body.usualMode!;
    const oneWayKm = usualLegs ? usualOneWayKm(usualLegs) : body.oneWayKm!;
    if (body.usualMode && usualLegs && body.usualMode !== usualMode) {
      throw new AppError(
        'validation_failed',
        `usualMode ${body.usualMode} is not the mode of the longest usual leg (${usualMode})`,
        [{ path: 'usualMode', message: 'must match the longest of usualLegs, or be left out' }],
      );
    }
    const survey = await insertSurvey(
      db(c),
      {
        id: newId('srv'),
        commuterId: commuter.id,
        kind: body.kind,
        takenOn: body.takenOn,
        usualMode,
        usualLegs,
        oneWayKm,
        daysPerWeek: body.daysPerWeek,
      },
      nowIso(c),
    );
    return c.json(survey, 201);
  });

  app.openapi(routes.listSurveys, async (c) => {
    const actor = requireActor(c);
    const commuter = await visibleCommuter(c, actor, c.req.valid('param').id);
    return c.json({ items: await listSurveys(db(c), commuter.id) }, 200);
  });

  return app;
}
