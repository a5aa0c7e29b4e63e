import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { CYCLING_MODES, MODES, isActiveMode } from '../domain/modes.js';
import type { SiteCommuterTotals } from '../indicators/leaderboard.js';

const ACTIVE_MODES = MODES.filter(isActiveMode);

/**
 * The select list both reads share: site, commuter, cycling days (counted the way each source
 * holds them) and km on active modes (the same column in the live rollup and the snapshots).
 */
function siteTotalsColumns(cyclingDays: RawBuilder<number>) {
  return [
    'site_id',
    'commuter_id',
    cyclingDays.as('cycling_days'),
    sql<number>`coalesce(sum(case when mode in (${sql.join(ACTIVE_MODES)}) then distance_km else 0 end), 0)`.as(
      'active_km',
    ),
  ] as const;
}

function toTotals(r: {
  site_id: string;
  commuter_id: string;
  cycling_days: number;
  active_km: number;
}): SiteCommuterTotals {
  return {
    siteId: r.site_id,
    commuterId: r.commuter_id,
    cyclingDays: Number(r.cycling_days),
    activeKm: Number(r.active_km),
  };
}

/**
 * Live per-(site, commuter) totals of a partner over [from, to] local days, from the daily
 * commuter rollup (confirmed trips only): staff and admins see them. One row per commuter and
 * site, so the work is bounded by the partner's commuters, not its trips.
 */
export async function readLiveSiteTotals(
  db: Kysely<Database>,
  partnerId: string,
  from: string,
  to: string,
): Promise<SiteCommuterTotals[]> {
  const rows = await db
    .selectFrom('rollup_commuter_day')
    .select(
      siteTotalsColumns(
        sql<number>`count(distinct case when mode in (${sql.join(CYCLING_MODES)}) then local_day end)`,
      ),
    )
    .where('partner_id', '=', partnerId)
    .where('local_day', '>=', from)
    .where('local_day', '<=', to)
    .groupBy(['site_id', 'commuter_id'])
    .execute();
  return rows.map(toTotals);
}

/**
 * The same totals from the frozen snapshots of released months only (issue 10), for a
 * partner's commuters: '_any' rows make a commuter active at the site, '_cycling' rows carry
 * their cycling days, the mode rows their km.
 */
export async function readReleasedSiteTotals(
  db: Kysely<Database>,
  partnerId: string,
  months: readonly string[],
): Promise<Array<SiteCommuterTotals & { month: string }>> {
  if (months.length === 0) return [];
  const rows = await db
    .selectFrom('release_commuter_month')
    .select(
      siteTotalsColumns(
        sql<number>`coalesce(sum(case when mode = '_cycling' then days else 0 end), 0)`,
      ),
    )
    .select('month')
    .where('partner_id', '=', partnerId)
    .where('month', 'in', months)
    .groupBy(['site_id', 'commuter_id', 'month'])
    .execute();
  return rows.map((r) => ({ ...toTotals(r), month: r.month }));
}

/** Names of a partner's sites, for the leaderboard's rows. */
export async function readSiteNames(
  db: Kysely<Database>,
  partnerId: string,
): Promise<Map<string, { name: string; kind: string }>> {
  const rows = await db
    .selectFrom('sites')
    .select(['id', 'name', 'kind'])
    .where('partner_id', '=', partnerId)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}
