import { MODES, type Mode } from '../domain/modes.js';
import { daysBetween, lastDayOf, shiftDay, shiftMonth } from '../domain/period.js';
import { mainModeOf } from '../domain/trips.js';
import { computeCarKmSubstitutedBySurvey, surveyCarDriverKmPerWeek } from './car-km.js';
import { computeCarReplacementRate, computeTransitionMatrix } from './modal-shift.js';
import { computeBaselineSplit } from './modal-split.js';
import { cellKey, hierarchicalHiddenCells } from './release-hierarchy.js';
import { complementarySuppression, SUPPRESSION_K } from './suppression.js';
import { sumByMode, type CommuteSurvey, type CommuterPeriodSummary } from './types.js';

/**
 * Release units (docs/methodology.md#release-units, issue 10). For aggregate callers (analysts,
 * staff asking about another partner or the network) every indicator figure is a sum of
 * released units: whole calendar months that ended long enough ago, and inside each month the
 * partner-months and site-months that pass k on their own. Any two answers then differ by whole
 * released units, never by a day or by a small group. Pure.
 */

/** Base of the rounding of distinct-commuter counts that span more than one month. */
export const COUNT_ROUNDING_BASE = 5;

/** True when a month 'YYYY-MM' ended at least `delayDays` before `today` ('YYYY-MM-DD'). */
export function isMonthReleased(month: string, today: string, delayDays: number): boolean {
  return shiftDay(lastDayOf(month), delayDays) < today;
}

/**
 * The first day of the earliest month that is not released on `today`: every month before it is
 * released, it and every later month are not. The delay is at most a year, so a few steps.
 */
export function firstUnreleasedDay(today: string, delayDays: number): string {
  let month = today.slice(0, 7);
  while (!isMonthReleased(month, today, delayDays)) month = shiftMonth(month, -1);
  return `${shiftMonth(month, 1)}-01`;
}

/** The first day (UTC) on which `month` is released: the day after its end plus `delayDays`. */
export function monthReleaseDay(month: string, delayDays: number): string {
  return shiftDay(lastDayOf(month), delayDays + 1);
}

/** The whole calendar months inside [from, to] that are released on `today`, in order. */
export function releasedMonthsIn(
  from: string,
  to: string,
  today: string,
  delayDays: number,
): string[] {
  const out: string[] = [];
  let month = from.slice(0, 7);
  if (!from.endsWith('-01')) month = shiftMonth(month, 1);
  // A period is at most 20 years (resolveScope): at most 240 steps.
  for (; lastDayOf(month) <= to; month = shiftMonth(month, 1)) {
    if (!isMonthReleased(month, today, delayDays)) break;
    out.push(month);
  }
  return out;
}

/**
 * A distinct-commuter count over several months, rounded to the nearest `base` (as statistics
 * offices publish): two nested periods' counts differ by a multiple of `base`, so the commuters
 * active in one period only cannot be counted exactly.
 */
export function roundCount(n: number, base = COUNT_ROUNDING_BASE): number {
  return Math.round(n / base) * base;
}

/** One commuter active in one (partner, site, month); site '' = no site. */
export interface UnitMember {
  partnerId: string;
  siteId: string;
  month: string;
  commuterId: string;
}

export const unitKey = (partnerId: string, siteId: string, month: string) =>
  `${partnerId}|${siteId}|${month}`;
export const partnerMonthKey = (partnerId: string, month: string) => `${partnerId}|${month}`;

export interface ReleasedUnits {
  /** partnerMonthKey of every partner-month with at least k distinct active commuters. */
  partnerMonths: Set<string>;
  /** unitKey of every site-month shown: k on its own and complementary to its partner-month. */
  siteMonths: Set<string>;
  /** Distinct active commuters of every partner-month and site-month (shown or not). */
  commuters: Map<string, number>;
}

/**
 * Which units of space are released, month by month: a partner-month iff it has at least k
 * distinct active commuters (the partner floor per month); a site-month iff it has at least k
 * and its partner-month is released; and then, complementary, while the partner-month's "rest"
 * (the commuters with trips at the sites not shown and without a site) is 1 to k-1, the smallest shown site-month is hidden too, so partner minus its shown
 * sites never isolates a small group. Commuters without a site never form a unit of their own.
 */
export function selectReleasedUnits(
  members: readonly UnitMember[],
  k: number = SUPPRESSION_K,
): ReleasedUnits {
  const byPartnerMonth = new Map<string, Map<string, Set<string>>>();
  for (const m of members) {
    const pm = partnerMonthKey(m.partnerId, m.month);
    let sites = byPartnerMonth.get(pm);
    if (!sites) byPartnerMonth.set(pm, (sites = new Map()));
    let set = sites.get(m.siteId);
    if (!set) sites.set(m.siteId, (set = new Set()));
    set.add(m.commuterId);
  }
  const partnerMonths = new Set<string>();
  const siteMonths = new Set<string>();
  const commuters = new Map<string, number>();
  for (const [pm, sites] of byPartnerMonth) {
    const [partnerId, month] = pm.split('|') as [string, string];
    const all = new Set<string>();
    for (const set of sites.values()) for (const c of set) all.add(c);
    commuters.set(pm, all.size);
    for (const [siteId, set] of sites) commuters.set(unitKey(partnerId, siteId, month), set.size);
    if (all.size < k) continue;
    partnerMonths.add(pm);
    const shown = new Set(
      [...sites.entries()].filter(([s, set]) => s !== '' && set.size >= k).map(([s]) => s),
    );
    // Each pass hides one site or stops: at most as many passes as sites.
    for (;;) {
      // The rest's figures are the trips at the sites not shown: its commuters are those with a
      // trip there (one who also has trips at a shown site counts too).
      const restSet = new Set<string>();
      for (const [s, set] of sites) if (!shown.has(s)) for (const c of set) restSet.add(c);
      const rest = restSet.size;
      if (rest === 0 || rest >= k || shown.size === 0) break;
      let smallest: string | null = null;
      for (const s of shown)
        if (smallest === null || sites.get(s)!.size < sites.get(smallest)!.size) smallest = s;
      shown.delete(smallest!);
    }
    for (const s of shown) siteMonths.add(unitKey(partnerId, s, month));
  }
  return { partnerMonths, siteMonths, commuters };
}

/**
 * Subgroup rule (docs/methodology.md#release-units, issue 10): inside one partition-month, a
 * figure about a subgroup (survey commuters, baseline car drivers, cyclists, …) is used only
 * when the subgroup AND its complement there (the partition-month's other active commuters) are
 * each 0 or at least k commuters. The partition-month's all-commuter figures (active commuters,
 * trips and km by mode, active minutes) are shown, so all minus the subgroup would otherwise be
 * a figure of the 1 to k-1 others. `active` counts every active commuter of the partition-month,
 * the subgroup included.
 */
export function subgroupReleased(subgroup: number, active: number, k: number = SUPPRESSION_K) {
  // An empty subgroup says nothing about anyone; its complement is the whole partition-month,
  // a released unit of its own.
  if (subgroup <= 0) return true;
  const rest = active - subgroup;
  return subgroup >= k && (rest <= 0 || rest >= k);
}

/**
 * The partitions whose subgroup breaks the subgroup rule (subgroupReleased), given each
 * partition's subgroup members and its number of active commuters. Pure.
 */
export function withheldSubgroupPartitions(
  subgroups: ReadonlyMap<string, ReadonlySet<string>>,
  active: ReadonlyMap<string, number>,
  k: number = SUPPRESSION_K,
): Set<string> {
  const out = new Set<string>();
  for (const [partition, members] of subgroups)
    if (!subgroupReleased(members.size, active.get(partition) ?? members.size, k))
      out.add(partition);
  return out;
}

/** One commuter's data in one (partner, site) unit of a month, as a comparable fingerprint. */
export interface CommuterFingerprint {
  partnerId: string;
  siteId: string;
  commuterId: string;
  fingerprint: string;
}

/**
 * Re-release rule (docs/methodology.md#release-units): a month's snapshot may be replaced only
 * if, in every (partner, site) unit, the set of commuters whose data changed is empty or has at
 * least k commuters; else before minus after would be about 1 to k-1 commuters. Returns the
 * units that break it ('partner|site', site '' = no site) with their number of changed
 * commuters; empty: the re-release is allowed. Pure.
 */
export function rereleaseViolations(
  before: readonly CommuterFingerprint[],
  after: readonly CommuterFingerprint[],
  k: number = SUPPRESSION_K,
): Array<{ unit: string; changedCommuters: number }> {
  const index = (rows: readonly CommuterFingerprint[]) => {
    const m = new Map<string, string>();
    for (const r of rows) m.set(`${r.partnerId}|${r.siteId}|${r.commuterId}`, r.fingerprint);
    return m;
  };
  const a = index(before);
  const b = index(after);
  const changed = new Map<string, Set<string>>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) === b.get(key)) continue;
    const [partnerId, siteId, commuterId] = key.split('|') as [string, string, string];
    const unit = `${partnerId}|${siteId}`;
    let set = changed.get(unit);
    if (!set) changed.set(unit, (set = new Set()));
    set.add(commuterId);
  }
  return [...changed]
    .filter(([, set]) => set.size > 0 && set.size < k)
    .map(([unit, set]) => ({ unit, changedCommuters: set.size }))
    .sort((x, y) => x.unit.localeCompare(y.unit));
}

/** Per-mode sums of the shown cells of released partition-months and their pooled rest. */
export interface PooledModeSums {
  trips: Partial<Record<Mode, number>>;
  distanceKm: Partial<Record<Mode, number>>;
  hiddenTrips: number;
  hiddenKm: number;
  /** Modes hidden in at least one partition-month, sorted. */
  hiddenModes: Mode[];
  /** Month cells of the scope's level (partition-, partner- or network-months) with a mode hidden. */
  partitionsWithHidden: number;
}

/** The survey commuters of one released partition-month, with their trips in it. */
export interface SurveyPartition {
  /** The partition of a released unit-month ('partner|site|month', site '~rest'), one month. */
  partition: string;
  /** Each commuter's latest baseline as of the month's end. */
  surveys: readonly CommuteSurvey[];
  /** The same commuters' trips in the partition-month. */
  summaries: readonly CommuterPeriodSummary[];
  /** Every active commuter of the partition-month, with or without a baseline (subgroup rule). */
  activeCommuters: number;
}

/**
 * The hidden cells of the baseline split for aggregate callers, over the network's linked tables
 * of the released months (read per scope by releasedBaselineCells; docs/methodology.md#release-units).
 * The split is the sum over released partition-months of their survey commuters' usual trips and km per week,
 * taken at the scope's own level of the hierarchy (hierarchicalHiddenCells): every
 * partition-month of the network enters the month's linked tables (partition, partner,
 * network), and the scope's cells are its month cells at its level (`scopeCell` gives it for a
 * partition, null when the partition is outside the scope). A commuter counts once in every
 * month they are active in, so the baseline is weighted like the follow-up, by commuter-months,
 * and two periods differ by whole month cells. `forcedScopes`: rows (cell scopes) whose survey
 * subgroup is withheld, every cell hidden from the start. Computed once for all scopes of the
 * same months: the hiding depends on the whole network, not on the scope asking. Pure.
 */
export function baselineHiddenCells(
  partitions: readonly SurveyPartition[],
  forcedScopes: ReadonlySet<string> = new Set(),
  k: number = SUPPRESSION_K,
): Set<string> {
  return hierarchicalHiddenCells(
    partitions.flatMap((p) =>
      baselineSurveys(p).flatMap((sv) => [
        {
          partition: p.partition,
          mode: mainModeOf(sv.usualLegs),
          commuterId: sv.commuterId,
          kind: 'trips' as const,
        },
        ...sv.usualLegs
          .filter((l) => l.distanceKm > 0)
          .map((l) => ({
            partition: p.partition,
            mode: l.mode,
            commuterId: sv.commuterId,
            kind: 'km' as const,
          })),
      ]),
    ),
    k,
    forcedScopes,
  );
}

/** A partition's survey commuters who gave a usual commute (the baseline split's members). */
function baselineSurveys(p: SurveyPartition) {
  return p.surveys.filter((sv) => sv.usualLegs.length > 0);
}

/**
 * The baseline split of a scope: its partitions' usual trips and km per week, summed at the
 * scope's own cell level (`scopeCell`, null: not in the scope) where baselineHiddenCells shows
 * the cell, the rest pooled. Trips in `trips`, km in `distanceKm`, per week. Pure.
 */
export function releasedBaselineCells(
  partitions: readonly SurveyPartition[],
  scopeCell: (partition: string) => string | null,
  hidden: ReadonlySet<string>,
): PooledModeSums {
  const out: PooledModeSums = {
    trips: {},
    distanceKm: {},
    hiddenTrips: 0,
    hiddenKm: 0,
    hiddenModes: [],
    partitionsWithHidden: 0,
  };
  const hiddenModes = new Set<Mode>();
  const cellsWithHidden = new Set<string>();
  for (const p of partitions) {
    const scope = scopeCell(p.partition);
    if (scope === null) continue;
    const split = computeBaselineSplit(baselineSurveys(p));
    for (const mode of MODES) {
      const trips = split.tripsPerWeek[mode];
      const km = split.distanceKmPerWeek[mode];
      if (hidden.has(cellKey(scope, mode))) {
        hiddenModes.add(mode);
        cellsWithHidden.add(scope);
        out.hiddenTrips += trips;
        out.hiddenKm += km;
        continue;
      }
      if (trips > 0) out.trips[mode] = (out.trips[mode] ?? 0) + trips;
      if (km > 0) out.distanceKm[mode] = (out.distanceKm[mode] ?? 0) + km;
    }
  }
  out.hiddenModes = MODES.filter((m) => hiddenModes.has(m));
  out.partitionsWithHidden = cellsWithHidden.size;
  return out;
}

export interface ReleasedTransitions {
  /**
   * Cells (baseline mode → follow-up main mode) in MODES order: the sum of the cell's shown
   * partition-month cells, in commuter-months; null when hidden in every partition-month it
   * occurs in.
   */
  cells: Array<{ from: Mode; to: Mode; commuters: number | null }>;
  /** Commuter-months compared: the sum of the partition-months' tables. */
  compared: number;
  /** Partition-month cells hidden (fewer than k, or complementary). */
  hiddenCells: number;
}

/**
 * The transition matrix of a period for aggregate callers (docs/methodology.md#release-units):
 * one table per released partition-month (its survey commuters' baseline mode × their main mode
 * in that month), complementarily suppressed on its own (complementarySuppression: every row,
 * column and the whole table hides 0 or at least k commuters), then summed cell by cell over the
 * shown cells. A period's cell, its totals and commutersCompared are then sums of whole
 * partition-month figures, so neither two periods nor a cell and its totals isolate a hidden
 * cell of 1 to k-1 commuters. Pure.
 */
export function releasedTransitions(
  partitions: readonly SurveyPartition[],
  k: number = SUPPRESSION_K,
): ReleasedTransitions {
  const shown = new Map<string, number>();
  const seen = new Set<string>();
  let compared = 0;
  let hiddenCells = 0;
  for (const p of partitions) {
    const matrix = computeTransitionMatrix(p.surveys, p.summaries);
    compared += matrix.commuters;
    const hide = complementarySuppression(
      matrix.transitions.map((t) => ({ row: t.from, col: t.to, commuters: t.commuters })),
      k,
    );
    hiddenCells += hide.size;
    matrix.transitions.forEach((t, i) => {
      const key = `${t.from}>${t.to}`;
      seen.add(key);
      if (!hide.has(i)) shown.set(key, (shown.get(key) ?? 0) + t.commuters);
    });
  }
  const cells: ReleasedTransitions['cells'] = [];
  for (const from of MODES)
    for (const to of MODES) {
      const key = `${from}>${to}`;
      if (seen.has(key)) cells.push({ from, to, commuters: shown.get(key) ?? null });
    }
  return { cells, compared, hiddenCells };
}

export interface ReleasedCarFigures {
  /** Car replacement: follow-up trips of baseline car drivers not as car driver, and all. */
  replacedTrips: number;
  driverTrips: number;
  /**
   * Survey car-km: Σ over partition-months of (baseline car-driver km per week × the month's
   * weeks − logged car-driver km in the month), km. Divided by the period's weeks (the sum of
   * its months' weeks) it is the per-week figure, equal to the per-answer one when every
   * commuter is active in every month.
   */
  surveyCarKm: number;
  /** Distinct commuters compared in the partition-months counted in surveyCarKm. */
  surveyCommuters: number;
  /**
   * Partition-months left out: 1 to k-1 baseline car drivers (rate) or car commuters (km), or
   * 1 to k-1 other active commuters beside them (subgroupReleased).
   */
  withheld: { carReplacement: number; surveyKm: number };
}

/**
 * Car replacement and survey car-km of a period for aggregate callers
 * (docs/methodology.md#release-units): sums of released partition-months, like the baseline
 * split, so two periods differ by whole partition-months. Inside a partition-month each figure
 * is a subgroup (subgroupReleased): the rate rests on its baseline car drivers with trips, the
 * km on its compared commuters with baseline or logged car-driver km; 1 to k-1 of them, or 1 to
 * k-1 other active commuters in the partition-month, and it is left out of that figure. Pure.
 */
export function releasedCarFigures(
  partitions: readonly SurveyPartition[],
  k: number = SUPPRESSION_K,
): ReleasedCarFigures {
  const out: ReleasedCarFigures = {
    replacedTrips: 0,
    driverTrips: 0,
    surveyCarKm: 0,
    surveyCommuters: 0,
    withheld: { carReplacement: 0, surveyKm: 0 },
  };
  const compared = new Set<string>();
  for (const p of partitions) {
    const month = p.partition.split('|')[2]!;
    const weeks = daysBetween(`${month}-01`, lastDayOf(month)) / 7;
    const rate = computeCarReplacementRate(p.surveys, p.summaries);
    if (!subgroupReleased(rate.commuters, p.activeCommuters, k)) out.withheld.carReplacement += 1;
    else {
      out.replacedTrips += rate.replacedTrips;
      out.driverTrips += rate.trips;
    }
    const survey = new Map(p.surveys.map((sv) => [sv.commuterId, sv]));
    const withTrips = p.summaries.filter(
      (s) => survey.has(s.commuterId) && sumByMode(s.tripsByMainMode) > 0,
    );
    const carCommuters = withTrips.filter(
      (s) =>
        surveyCarDriverKmPerWeek(survey.get(s.commuterId)!) > 0 || (s.kmByMode.car_driver ?? 0) > 0,
    ).length;
    if (!subgroupReleased(carCommuters, p.activeCommuters, k)) {
      out.withheld.surveyKm += 1;
      continue;
    }
    const km = computeCarKmSubstitutedBySurvey(p.surveys, p.summaries, weeks);
    out.surveyCarKm += km.carKmSubstitutedPerWeek * weeks;
    for (const s of withTrips) compared.add(s.commuterId);
  }
  out.surveyCommuters = compared.size;
  return out;
}
