import { createRoute, z } from '@hono/zod-openapi';
import { aggregateScope, canReadPartner, type Actor } from '../domain/roles.js';
import { isValidTimeZone } from '../domain/trip-rules.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services } from '../http.js';
import { recordAudit } from '../repositories/audit.js';
import { markDemoRows } from '../repositories/demo.js';
import {
  findPartner,
  findSite,
  insertPartner,
  insertSite,
  listPartners,
  listSites,
  partnerHasTrips,
  updatePartner,
  updateSite,
} from '../repositories/partners.js';
import { isConflict } from '../repositories/results.js';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  PartnerCreateSchema,
  PartnerPatchSchema,
  PartnerSchema,
  SiteCreateSchema,
  SitePatchSchema,
  SiteSchema,
} from './schemas.js';

const partnerParam = z.object({ id: z.string().max(64) });
const siteParam = z.object({ id: z.string().max(64), siteId: z.string().max(64) });

const routes = {
  create: createRoute({
    method: 'post',
    path: '/partners',
    tags: ['partners'],
    summary: 'Create a partner municipality (admin)',
    request: { body: jsonBody(PartnerCreateSchema) },
    responses: {
      201: jsonResponse(PartnerSchema, 'Created'),
      ...errorResponses(401, 403, 409, 422),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/partners',
    tags: ['partners'],
    summary: 'Partners you may see (network roles: all)',
    responses: {
      200: jsonResponse(z.object({ items: z.array(PartnerSchema) }), 'Partners'),
      ...errorResponses(401),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/partners/{id}',
    tags: ['partners'],
    summary: 'One partner',
    request: { params: partnerParam },
    responses: { 200: jsonResponse(PartnerSchema, 'The partner'), ...errorResponses(401, 404) },
  }),
  patch: createRoute({
    method: 'patch',
    path: '/partners/{id}',
    tags: ['partners'],
    summary: "Edit a partner (admin); its HEAT data (admin, or the partner's staff)",
    description:
      "The time zone of a partner with trips cannot change: local days are stored. The partner's own staff may set its HEAT data (heat: mortality rate and VSL with source and year) and nothing else.",
    request: { params: partnerParam, body: jsonBody(PartnerPatchSchema) },
    responses: {
      200: jsonResponse(PartnerSchema, 'Updated'),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  listSites: createRoute({
    method: 'get',
    path: '/partners/{id}/sites',
    tags: ['partners'],
    summary: 'Sites (workplaces, schools) of a partner',
    request: { params: partnerParam },
    responses: {
      200: jsonResponse(z.object({ items: z.array(SiteSchema) }), 'Sites'),
      ...errorResponses(401, 404),
    },
  }),
  createSite: createRoute({
    method: 'post',
    path: '/partners/{id}/sites',
    tags: ['partners'],
    summary: 'Add a site (admin, or staff of the partner)',
    request: { params: partnerParam, body: jsonBody(SiteCreateSchema) },
    responses: {
      201: jsonResponse(SiteSchema, 'Created'),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  patchSite: createRoute({
    method: 'patch',
    path: '/partners/{id}/sites/{siteId}',
    tags: ['partners'],
    summary: 'Edit a site (admin, or staff of the partner)',
    request: { params: siteParam, body: jsonBody(SitePatchSchema) },
    responses: { 200: jsonResponse(SiteSchema, 'Updated'), ...errorResponses(401, 403, 404, 422) },
  }),
};

function checkTimeZone(tz: string | undefined): void {
  if (tz !== undefined && !isValidTimeZone(tz))
    throw new AppError('validation_failed', `unknown time zone ${tz}`, [
      { path: 'timezone', message: 'an IANA time zone such as Europe/Vienna' },
    ]);
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'only admins manage partners');
}

function canManageSites(actor: Actor, partnerId: string): boolean {
  return actor.role === 'admin' || (actor.role === 'staff' && actor.partnerId === partnerId);
}

export function partnerRoutes() {
  const app = createRouter();

  app.openapi(routes.create, async (c) => {
    const actor = requireActor(c);
    requireAdmin(actor);
    const body = c.req.valid('json');
    checkTimeZone(body.timezone);
    const now = nowIso(c);
    const partner = await db(c)
      .transaction()
      .execute(async (trx) => {
        const p = await insertPartner(trx, body, now);
        if (isConflict(p)) throw new AppError('conflict', `partner ${body.id} already exists`);
        // A partner made with a demo login is demo data: removed with the demo, never taken for real.
        if (actor.demo) await markDemoRows(trx, { partnerIds: [p.id], accountIds: [] });
        await recordAudit(
          trx,
          {
            accountId: actor.accountId,
            action: 'partner.create',
            targetType: 'partner',
            targetId: p.id,
          },
          now,
        );
        return p;
      });
    return c.json(partner, 201);
  });

  app.openapi(routes.list, async (c) => {
    const actor = requireActor(c);
    return c.json({ items: await listPartners(db(c), aggregateScope(actor)) }, 200);
  });

  app.openapi(routes.get, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    const partner = await findPartner(db(c), id);
    if (!partner || !canReadPartner(actor, id))
      throw new AppError('not_found', `partner ${id} not found`);
    return c.json(partner, 200);
  });

  app.openapi(routes.patch, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    // A town's staff know its mortality statistics and national VSL; the partner's identity,
    // time zone and factor set stay with admins.
    const onlyHeat = Object.keys(body).every((k) => k === 'heat');
    if (actor.role !== 'admin') {
      if (!(onlyHeat && actor.role === 'staff' && actor.partnerId === id))
        throw new AppError(
          'forbidden',
          "only admins edit partners; the partner's staff may change its HEAT data (heat) only",
        );
    }
    checkTimeZone(body.timezone);
    const current = await findPartner(db(c), id);
    if (!current) throw new AppError('not_found', `partner ${id} not found`);
    if (body.timezone && body.timezone !== current.timezone && (await partnerHasTrips(db(c), id))) {
      throw new AppError(
        'conflict',
        'this partner has trips counted in its time zone; the time zone cannot change',
      );
    }
    const now = nowIso(c);
    const partner = await db(c)
      .transaction()
      .execute(async (trx) => {
        const p = await updatePartner(trx, id, body, now);
        if (!p) throw new AppError('not_found', `partner ${id} not found`);
        services(c).commuterScopes.clear();
        await recordAudit(
          trx,
          {
            accountId: actor.accountId,
            action: 'partner.update',
            targetType: 'partner',
            targetId: id,
            details: body,
          },
          now,
        );
        return p;
      });
    return c.json(partner, 200);
  });

  app.openapi(routes.listSites, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    if (!canReadPartner(actor, id) || !(await findPartner(db(c), id)))
      throw new AppError('not_found', `partner ${id} not found`);
    return c.json({ items: await listSites(db(c), id) }, 200);
  });

  app.openapi(routes.createSite, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    if (!canManageSites(actor, id))
      throw new AppError('forbidden', "only admins and the partner's staff manage its sites");
    const body = c.req.valid('json');
    const now = nowIso(c);
    const site = await db(c)
      .transaction()
      .execute(async (trx) => {
        const s = await insertSite(trx, id, body, now);
        if (!s) throw new AppError('not_found', `partner ${id} not found`);
        if (isConflict(s)) throw new AppError('conflict', `site ${body.id} already exists`);
        await recordAudit(
          trx,
          { accountId: actor.accountId, action: 'site.create', targetType: 'site', targetId: s.id },
          now,
        );
        return s;
      });
    return c.json(site, 201);
  });

  app.openapi(routes.patchSite, async (c) => {
    const actor = requireActor(c);
    const { id, siteId } = c.req.valid('param');
    if (!canManageSites(actor, id))
      throw new AppError('forbidden', "only admins and the partner's staff manage its sites");
    const body = c.req.valid('json');
    const site = await findSite(db(c), siteId);
    if (!site || site.partnerId !== id) throw new AppError('not_found', `site ${siteId} not found`);
    const updated = await updateSite(db(c), id, siteId, body, nowIso(c));
    if (!updated) throw new AppError('not_found', `site ${siteId} not found in partner ${id}`);
    return c.json(updated, 200);
  });

  return app;
}
