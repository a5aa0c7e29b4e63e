import { createRoute, z } from '@hono/zod-openapi';
import { canReadPartner, seesBelowFloor } from '../domain/roles.js';
import { shiftDay } from '../domain/period.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services } from '../http.js';
import { readDataVersions, readReleasedVersion } from '../repositories/data-versions.js';
import { findPartner } from '../repositories/partners.js';
import { releaseBlock } from '../services/releases.js';
import { readShownDataRange } from './indicators.js';
import { errorResponses, jsonResponse } from './schemas.js';

const DataVersionSchema = z
  .object({
    partner: z.string().openapi({ description: 'A partner id, or network' }),
    version: z.string().openapi({
      description:
        'Opaque: compare with the previous answer; a change means the figures of this scope may have changed',
    }),
    basis: z.enum(['live', 'released']).openapi({
      description:
        "live: changes with every write (the partner's own staff, admins); released: changes only when a month is released (analysts, staff of other partners)",
    }),
    dataRange: z.object({ from: z.string(), to: z.string() }).nullable().openapi({
      description:
        'Where the data lie, exactly as GET /indicators reports it to this caller (first and last day with a trip for live callers, whole released months for the others), or null when there are none: a cheap read for pages that only need the range to choose a default period',
    }),
  })
  .openapi('DataVersion');

const route = createRoute({
  method: 'get',
  path: '/data-version',
  tags: ['indicators'],
  summary: 'The data version of a partner or the network, for live dashboards',
  description:
    'Dashboards poll this every few seconds and fetch their figures again when the version changes. It is read from the database, so a write through any server process shows. Callers who see released months only (issue 10) get a version that changes only when a month is released, never with single writes.',
  request: {
    query: z.object({
      partner: z
        .string()
        .max(64)
        .openapi({ description: 'A partner id, or network (analysts of the network and admins)' }),
    }),
  },
  responses: {
    200: jsonResponse(DataVersionSchema, 'The current data version'),
    ...errorResponses(401, 403, 404, 422),
  },
});

export function dataVersionRoutes() {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const actor = requireActor(c);
    const { partner } = c.req.valid('query');
    if (actor.role === 'commuter')
      throw new AppError('forbidden', 'data versions of a partner are for staff and analysts');
    let partnerId: string | null = null;
    if (partner === 'network') {
      if (!(actor.role === 'admin' || (actor.role === 'analyst' && actor.partnerId === null)))
        throw new AppError('forbidden', 'network figures are for network analysts and admins');
    } else {
      const found = await findPartner(db(c), partner);
      if (!found) throw new AppError('not_found', `partner ${partner} not found`);
      if (!canReadPartner(actor, partner))
        throw new AppError('forbidden', 'you may see the figures of your own partner only');
      partnerId = found.id;
    }
    const dataRange = await readShownDataRange(c, actor, partnerId);
    if (seesBelowFloor(actor, partnerId)) {
      const version = await readDataVersions(db(c), partnerId);
      return c.json(
        { partner, version: `live:${version}`, basis: 'live' as const, dataRange },
        200,
      );
    }
    // Aggregate callers: the last month due for release (released lazily by their next
    // figures request) and the stamp of what is frozen; neither moves with a single trip.
    const today = nowIso(c).slice(0, 10);
    const delay = services(c).config.releaseDelayDays;
    const due = releaseBlock(shiftDay(today, -93), today, today, delay).months.at(-1) ?? '';
    const stamp = await readReleasedVersion(db(c));
    return c.json(
      {
        partner,
        version: `${due}|${stamp}`,
        basis: 'released' as const,
        dataRange,
      },
      200,
    );
  });
  return app;
}
