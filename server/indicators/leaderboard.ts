import { roundCount, selectReleasedUnits, unitKey } from './release.js';
import { SUPPRESSION_K } from './suppression.js';

/**
 * Sites leaderboard (issue 11 point 3, docs/methodology.md#sites-leaderboard): workplaces and
 * schools of a partner ranked by cycling days per active commuter and by active (walking and
 * cycling, incl. e-bike) km per active commuter. A site with fewer than k active commuters in
 * the period is left out and only counted, so a small site never shows one person's figures.
 * Per-commuter ratios let a large and a small site compete fairly. Pure.
 */

/** One commuter's totals at one site over the period. */
export interface SiteCommuterTotals {
  siteId: string;
  commuterId: string;
  /** Days with a cycling (bike or e-bike) leg; a day counts once. */
  cyclingDays: number;
  activeKm: number;
}

export interface LeaderboardSite {
  siteId: string;
  activeCommuters: number;
  cyclingDaysPerCommuter: number;
  activeKmPerCommuter: number;
  /** 1 = best; ties share a rank. */
  cyclingDaysRank: number;
  activeKmRank: number;
}

export interface Leaderboard {
  sites: LeaderboardSite[];
  /** Sites with 1 to k-1 active commuters, left out. */
  sitesLeftOut: number;
  k: number;
}

export type LeaderboardOrder = 'cyclingDays' | 'activeKm';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function ranks(values: readonly number[]): number[] {
  // Competition ranking ("1224"): equal values share the better rank.
  return values.map((v) => 1 + values.filter((w) => w > v).length);
}

export function rankSites(
  rows: readonly SiteCommuterTotals[],
  order: LeaderboardOrder = 'cyclingDays',
  k: number = SUPPRESSION_K,
  options: { roundCounts?: boolean } = {},
): Leaderboard {
  const bySite = new Map<string, Map<string, { days: number; km: number }>>();
  for (const r of rows) {
    // Commuters without a site belong to no site's figures.
    if (r.siteId === '') continue;
    let site = bySite.get(r.siteId);
    if (!site) bySite.set(r.siteId, (site = new Map()));
    const c = site.get(r.commuterId) ?? { days: 0, km: 0 };
    c.days += r.cyclingDays;
    c.km += r.activeKm;
    site.set(r.commuterId, c);
  }
  let sitesLeftOut = 0;
  const kept: Array<Omit<LeaderboardSite, 'cyclingDaysRank' | 'activeKmRank'>> = [];
  for (const [siteId, commuters] of bySite) {
    if (commuters.size < k) {
      sitesLeftOut += 1;
      continue;
    }
    let days = 0;
    let km = 0;
    for (const c of commuters.values()) {
      days += c.days;
      km += c.km;
    }
    // For aggregate callers a distinct count over several months is rounded (differences of
    // exact counts would name the commuters of one month), and the ratios divide by the rounded
    // count so that total = ratio x count gives nothing exact back.
    const n = options.roundCounts ? Math.max(roundCount(commuters.size), k) : commuters.size;
    kept.push({
      siteId,
      activeCommuters: n,
      cyclingDaysPerCommuter: round(days / n, 2),
      activeKmPerCommuter: round(km / n, 1),
    });
  }
  const dayRanks = ranks(kept.map((s) => s.cyclingDaysPerCommuter));
  const kmRanks = ranks(kept.map((s) => s.activeKmPerCommuter));
  const sites = kept.map((s, i) => ({
    ...s,
    cyclingDaysRank: dayRanks[i]!,
    activeKmRank: kmRanks[i]!,
  }));
  const key = order === 'cyclingDays' ? 'cyclingDaysRank' : 'activeKmRank';
  const other = order === 'cyclingDays' ? 'activeKmRank' : 'cyclingDaysRank';
  sites.sort((a, b) => a[key] - b[key] || a[other] - b[other] || a.siteId.localeCompare(b.siteId));
  return { sites, sitesLeftOut, k };
}

/**
 * The released view (docs/methodology.md#sites-leaderboard): per-month rows of released months
 * are kept only for the site-months the indicators release (k on their own and complementary to
 * their partner-month, selectReleasedUnits), so a site's period figure is a sum of released
 * units and two periods differ by released units only. Pure.
 */
export function releasedSiteRows(
  partnerId: string,
  rows: ReadonlyArray<SiteCommuterTotals & { month: string }>,
  k: number = SUPPRESSION_K,
): { rows: SiteCommuterTotals[]; sitesWithoutReleasedMonth: number } {
  const units = selectReleasedUnits(
    rows.map((r) => ({ partnerId, siteId: r.siteId, month: r.month, commuterId: r.commuterId })),
    k,
  );
  const kept = rows.filter((r) => units.siteMonths.has(unitKey(partnerId, r.siteId, r.month)));
  const all = new Set(rows.filter((r) => r.siteId !== '').map((r) => r.siteId));
  const shown = new Set(kept.map((r) => r.siteId));
  return { rows: kept, sitesWithoutReleasedMonth: all.size - shown.size };
}
