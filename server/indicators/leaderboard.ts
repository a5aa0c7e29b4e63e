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
    kept.push({
      siteId,
      activeCommuters: commuters.size,
      cyclingDaysPerCommuter: round(days / commuters.size, 2),
      activeKmPerCommuter: round(km / commuters.size, 1),
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
