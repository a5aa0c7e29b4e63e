import { createRoute, z } from '@hono/zod-openapi';
import { canReadPartner } from '../domain/roles.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services } from '../http.js';
import { rankSites, releasedSiteRows, type SiteCommuterTotals } from '../indicators/leaderboard.js';
import { SUPPRESSION_K } from '../indicators/suppression.js';
import { findPartner } from '../repositories/partners.js';
import {
  readLiveSiteTotals,
  readReleasedSiteTotals,
  readSiteNames,
} from '../repositories/leaderboard.js';
import { ensureFrozen, releaseBlock } from '../services/releases.js';
import { DateSchema, errorResponses, jsonResponse } from './schemas.js';

/** A leaderboard spans at most this many days: the live read scans the period's daily rows. */
const MAX_PERIOD_DAYS = 3660;

const LeaderboardSiteSchema = z.object({
  siteId: z.string(),
  name: z.string(),
  kind: z.string(),
  activeCommuters: z.number().int(),
  cyclingDaysPerCommuter: z.number(),
  activeKmPerCommuter: z.number(),
  cyclingDaysRank: z.number().int(),
  activeKmRank: z.number().int(),
});

const LeaderboardSchema = z
  .object({
    partnerId: z.string(),
    from: z.string(),
    to: z.string(),
    by: z.enum(['cyclingDays', 'activeKm']),
    basis: z.enum(['live', 'released']).openapi({
      description:
        'live: every confirmed trip up to now (staff of the partner, admins); released: whole released months only, frozen at release (commuters, analysts)',
    }),
    releasedMonths: z.array(z.string()).nullable().openapi({
      description: 'For basis released: the months the figures cover (empty: none released yet)',
    }),
    k: z.number().int(),
    sites: z.array(LeaderboardSiteSchema),
    sitesLeftOut: z.number().int().openapi({
      description: 'Sites with 1 to k-1 active commuters in the period, not shown',
    }),
  })
  .openapi('Leaderboard');

const route = createRoute({
  method: 'get',
  path: '/partners/{id}/leaderboard',
  tags: ['partners'],
  summary: 'Sites of a partner ranked by cycling days and active km per commuter',
  description:
    "Sites with fewer than 5 active commuters in the period are left out and counted in sitesLeftOut. Staff of the partner and admins see live figures; the partner's commuters (and analysts) see an aggregate view built only from released, frozen months (RELEASE_DELAY_DAYS).",
  request: {
    params: z.object({ id: z.string().max(64) }),
    query: z.object({
      from: DateSchema,
      to: DateSchema,
      by: z.enum(['cyclingDays', 'activeKm']).default('cyclingDays'),
    }),
  },
  responses: {
    200: jsonResponse(LeaderboardSchema, 'The leaderboard'),
    ...errorResponses(401, 404, 422),
  },
});

export function leaderboardRoutes() {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const partner = await findPartner(db(c), id);
    if (!partner || !canReadPartner(actor, id))
      throw new AppError('not_found', `partner ${id} not found`);
    if (q.from > q.to)
      throw new AppError('validation_failed', 'from is after to', [
        { path: 'from', message: 'must not be after to' },
      ]);
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (days > MAX_PERIOD_DAYS)
      throw new AppError(
        'validation_failed',
        `a leaderboard spans at most ${MAX_PERIOD_DAYS} days`,
        [{ path: 'to', message: `at most ${MAX_PERIOD_DAYS} days after from` }],
      );
    const live = actor.role === 'admin' || (actor.role === 'staff' && actor.partnerId === id);
    let rows: SiteCommuterTotals[];
    let releasedMonths: string[] | null = null;
    let leftOutWithoutMonth = 0;
    if (live) {
      rows = await readLiveSiteTotals(db(c), id, q.from, q.to);
    } else {
      const today = new Date(services(c).now()).toISOString().slice(0, 10);
      const release = releaseBlock(q.from, q.to, today, services(c).config.releaseDelayDays);
      await ensureFrozen(db(c), release.months, nowIso(c));
      releasedMonths = release.months;
      const released = releasedSiteRows(
        id,
        await readReleasedSiteTotals(db(c), id, release.months),
      );
      rows = released.rows;
      leftOutWithoutMonth = released.sitesWithoutReleasedMonth;
    }
    // One month is one release unit, counted exactly; over several months counts are rounded.
    const roundCounts = !live && (releasedMonths?.length ?? 0) > 1;
    const ranked = rankSites(rows, q.by, SUPPRESSION_K, { roundCounts });
    const board = { ...ranked, sitesLeftOut: ranked.sitesLeftOut + leftOutWithoutMonth };
    const names = await readSiteNames(db(c), id);
    return c.json(
      {
        partnerId: id,
        from: q.from,
        to: q.to,
        by: q.by,
        basis: live ? ('live' as const) : ('released' as const),
        releasedMonths,
        k: board.k,
        sitesLeftOut: board.sitesLeftOut,
        sites: board.sites.map((s) => ({
          ...s,
          name: names.get(s.siteId)?.name ?? s.siteId,
          kind: names.get(s.siteId)?.kind ?? 'other',
        })),
      },
      200,
    );
  });
  return app;
}
