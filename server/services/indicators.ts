import type { Kysely } from 'kysely';
import { MODES, type Mode } from '../domain/modes.js';
import type { Database } from '../db/schema.js';
import { daysBetween } from '../domain/period.js';
import {
  computeActiveShare,
  computeActivitySummary,
  activityTotals,
  type ActivityTotals,
  computeBaselineSplit,
  computeCarKmSubstitutedByReplacedMode,
  computeCarKmSubstitutedBySurvey,
  computeCarReplacementRate,
  computeCo2AvoidedKg,
  computeCyclingDays,
  computeHeatForCommuters,
  computeModalShift,
  computeModalSplitByDistance,
  computeModalSplitByTrips,
  computeTransitionMatrix,
  complementarySuppression,
  computeUnlabelledKm,
  findHeatCountry,
  roundCount,
  SUPPRESSION_K,
  type SuppressionCode,
  type ByMode,
  type CommuteSurvey,
  type LegAggregate,
  type TripAggregate,
  type FactorSet,
  type HeatMode,
} from '../indicators/index.js';
import {
  countRegistered,
  readCommuterSummaries,
  readLegAggregates,
  readSurveys,
  readTripAggregates,
  scanRawInputs,
  type IndicatorScope,
  type ScopedSummary,
} from '../repositories/indicators.js';
import type { Partner } from '../repositories/partners.js';
import type { ReleasedInputs } from './releases.js';

export interface Suppression {
  what: string;
  reason: string;
  /** The reason as a code, for clients that translate it. */
  code: SuppressionCode;
  /** Unit-months, cells or partner-months the code counts, where it counts any. */
  count?: number;
  /** The modes pooled as hidden (modal_split_modes, baseline_modes). */
  modes?: Mode[];
  /**
   * Set when the figure is shown to this caller only (own staff, admins) but withheld from
   * aggregate callers: the dashboard marks it.
   */
  shownToYou?: true;
}

export interface HealthFigures {
  people: number;
  minutesPerWeek: number;
  riskReduction: number;
  deathsPreventedPerYear: number;
  valuePerYear: number;
  currency: string;
  /** Partners whose country has no HEAT data, left out of the figures. */
  partnersWithoutCountryData: string[];
  /** Per partner counted: whose mortality and VSL were used, the citations, and why not its own. */
  dataSources: HealthDataSource[];
}

export interface HealthDataSource {
  partnerId: string;
  mortality: 'partner' | 'country';
  vsl: 'partner' | 'country';
  citations: string[];
  notes: string[];
}

/**
 * Rounds to `digits` decimals after dropping float noise past 12 significant digits: the rollups
 * and the raw scan add the same numbers in other orders, and 1640.0499999999998 against
 * 1640.05 would otherwise round to 1640 and 1640.1 (a random-period test found it).
 */
const round = (x: number, digits = 6) => {
  const f = 10 ** digits;
  return Math.round(Number((x * f).toPrecision(12))) / f;
};

/** Rounds every value; keeps the record's keys (and their type: the OpenAPI schema lists every mode). */
function roundRecord<K extends string>(r: Record<K, number>, digits = 6): Record<K, number> {
  return Object.fromEntries(
    Object.entries<number>(r).map(([k, v]) => [k, round(v, digits)]),
  ) as Record<K, number>;
}

/**
 * Share of trips by walking and cycling at baseline and follow-up, and the change in pp; a side
 * without data is null, and so is the change (docs/methodology.md#modal-shift).
 */
function shareShift(
  baseline: PooledShares | null,
  followUp: PooledShares | null,
  includeEbike: boolean,
): { baseline: number | null; followUp: number | null; shiftPp: number | null } {
  // A hidden walking, cycling (or e-bike) share leaves the active share unknown, not smaller.
  const active: Mode[] = includeEbike ? ['walk', 'bike', 'ebike'] : ['walk', 'bike'];
  const known = (r: PooledShares | null): ByMode<number> | null =>
    r === null || active.some((m) => r[m] === null) ? null : shownOnly(r);
  const kb = known(baseline);
  const kf = known(followUp);
  const b = kb && computeActiveShare(kb, { includeEbike });
  const f = kf && computeActiveShare(kf, { includeEbike });
  return {
    baseline: b === null ? null : round(b),
    followUp: f === null ? null : round(f),
    shiftPp: b === null || f === null ? null : round((f - b) * 100, 4),
  };
}

/**
 * HEAT for the commuters of several partners: each partner in its own country's mortality and
 * VSL, then summed (deaths and value add up; the population-weighted average minutes and risk
 * reduction are reported for context).
 */
function healthFor(
  mode: HeatMode,
  summaries: ScopedSummary[],
  partners: Map<string, Partner>,
  weeks: number,
): HealthFigures {
  const byPartner = new Map<string, ScopedSummary[]>();
  for (const s of summaries) {
    const list = byPartner.get(s.partnerId) ?? [];
    list.push(s);
    byPartner.set(s.partnerId, list);
  }
  let people = 0;
  let minutesWeighted = 0;
  let riskWeighted = 0;
  let deaths = 0;
  let value = 0;
  const missing: string[] = [];
  const dataSources: HealthDataSource[] = [];
  // By partner id: the summaries come in whatever order the engine's plan gives (PostgreSQL's
  // differs from SQLite's, and between the rollup and raw paths), and the answer must not.
  for (const [partnerId, list] of [...byPartner].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const country = partners.get(partnerId)?.country;
    if (!country || !findHeatCountry(country)) {
      missing.push(partnerId);
      continue;
    }
    // A period of a year or more already averages over holidays; a shorter one is taken as
    // commuting weeks and annualised over 46 of 52 (docs/methodology.md#heat).
    const r = computeHeatForCommuters(list, {
      mode,
      weeks,
      country,
      commutingWeeksPerYear: weeks >= 52 ? 52 : 46,
      // The partner's own mortality and VSL where they apply (docs/methodology.md#heat).
      partnerData: partners.get(partnerId)?.heat,
    });
    people += r.input.people;
    minutesWeighted += r.input.minutesPerWeek * r.input.people;
    riskWeighted += r.riskReduction * r.input.people;
    deaths += r.deathsPreventedPerYear;
    value += r.valuePerYear;
    const own = (x: string) => (x === 'partner' ? 'partner' : 'country');
    dataSources.push({
      partnerId,
      mortality: own(r.parameters.sourceOf.mortalityPer100k),
      vsl: own(r.parameters.sourceOf.vsl),
      citations: r.citations,
      notes: r.notes,
    });
  }
  return {
    people,
    minutesPerWeek: round(people > 0 ? minutesWeighted / people : 0, 3),
    riskReduction: round(people > 0 ? riskWeighted / people : 0),
    deathsPreventedPerYear: round(deaths),
    valuePerYear: round(value, 2),
    currency: 'EUR',
    partnersWithoutCountryData: missing,
    dataSources,
  };
}

/** A modal split under the pooled rule: null for a hidden mode, and the pooled hidden share. */
type PooledShares = Record<Mode, number | null>;
export interface HiddenModes {
  /** Modes hidden (fewer than k commuters, or pooled with one) in some unit-month. */
  modes: Mode[];
  /** Share of trips and of km of the hidden modes together, 0..1. */
  byTrips: number;
  byDistance: number;
}

/**
 * Shares of shown mode values over the total including the hidden pool
 * (docs/methodology.md#release-units): a mode hidden wherever it occurs is null; a mode shown in
 * some unit-months counts those only; the rest is the pooled hidden share. Pure.
 */
function pooledShares(
  shown: Partial<Record<Mode, number>>,
  hiddenTotal: number,
  hiddenModes: readonly Mode[],
): { shares: PooledShares; hidden: number } {
  // A mode hidden in any partition-month is hidden for the whole period: its shown months alone
  // would be a share too small (a biased figure, and a shift with the wrong sign), so they join
  // the hidden pool instead.
  let total = hiddenTotal;
  let hidden = hiddenTotal;
  for (const m of MODES) {
    total += shown[m] ?? 0;
    if (hiddenModes.includes(m)) hidden += shown[m] ?? 0;
  }
  const shares = {} as PooledShares;
  for (const m of MODES) {
    const v = shown[m] ?? 0;
    shares[m] = hiddenModes.includes(m) ? null : total > 0 ? round(v / total) : 0;
  }
  return { shares, hidden: total > 0 ? round(hidden / total) : 0 };
}

/** The numbers of a share record, nulls (hidden) as 0: they count in no numerator. */
const shownOnly = (r: PooledShares): ByMode<number> =>
  Object.fromEntries(MODES.map((m) => [m, r[m] ?? 0])) as ByMode<number>;

/**
 * Every indicator of DESIGN.md section 3 for one scope and period, from the rollups and the
 * surveys. The follow-up is the period's logged trips; the baseline the commuters' latest
 * baseline surveys.
 */
export async function computeIndicators(
  db: Kysely<Database>,
  scope: IndicatorScope,
  factorSet: FactorSet,
  partners: Map<string, Partner>,
  source: 'rollups' | 'raw' = 'rollups',
  options: { released?: ReleasedInputs } = {},
) {
  const inputs = options.released ?? (await readLiveInputs(db, scope, source));
  return indicatorsFromInputs(scope, inputs, factorSet, partners, options.released);
}

/** What a live (own-staff) answer is computed from: the rollups' sums and the surveys. */
export interface LiveInputs {
  legs: LegAggregate[];
  trips: TripAggregate[];
  /** One per active commuter, in commuterId order (the order the sums are taken in). */
  summaries: ScopedSummary[];
  /** Each commuter's latest baseline survey by the period's end, in commuterId order. */
  surveys: Array<CommuteSurvey & { partnerId: string }>;
  registeredRows: Array<{ partnerId: string; registered: number }>;
}

/** Reads a live answer's inputs in full: from the rollups, or from a raw scan (tests, verify). */
export async function readLiveInputs(
  db: Kysely<Database>,
  scope: IndicatorScope,
  source: 'rollups' | 'raw' = 'rollups',
): Promise<LiveInputs> {
  const read =
    source === 'raw'
      ? await scanRawInputs(db, scope)
      : {
          legs: await readLegAggregates(db, scope),
          trips: await readTripAggregates(db, scope),
          summaries: await readCommuterSummaries(db, scope),
        };
  const [surveys, registeredRows] = await Promise.all([
    readSurveys(db, scope, 'baseline', scope.to),
    countRegistered(db, scope),
  ]);
  return {
    ...read,
    summaries: byCommuterId(read.summaries),
    surveys: byCommuterId(surveys),
    registeredRows,
  };
}

/**
 * In commuterId order: the float sums over commuters then add in one order whichever path
 * gathered the summaries (a full read, or a kept set with changed commuters re-read), so both
 * give the same answer to the last bit. Already sorted input costs one pass.
 */
export function byCommuterId<T extends { commuterId: string }>(xs: T[]): T[] {
  return [...xs].sort((a, b) =>
    a.commuterId < b.commuterId ? -1 : a.commuterId > b.commuterId ? 1 : 0,
  );
}

/**
 * A commuter's activity figures kept with its summary object: the kept inputs of
 * services/live-inputs.ts reuse the summaries of unchanged commuters, so only the changed ones
 * are computed again (the largest per-commuter cost of an answer). Summaries are not changed
 * after they are read, and the figures depend on the summary and the weeks only.
 */
const activityMemo = new WeakMap<object, { weeks: number; activity: ActivityTotals }>();
function keptActivity(summary: ScopedSummary, weeks: number): ActivityTotals {
  const hit = activityMemo.get(summary);
  if (hit && hit.weeks === weeks) return hit.activity;
  const activity = activityTotals(summary, weeks);
  activityMemo.set(summary, { weeks, activity });
  return activity;
}

/**
 * Every indicator from its inputs, no database: the per-commuter figures (activity, HEAT,
 * survey-based car km and transitions) run here over all the summaries.
 */
export function indicatorsFromInputs(
  scope: IndicatorScope,
  inputs: LiveInputs | ReleasedInputs,
  factorSet: FactorSet,
  partners: Map<string, Partner>,
  released?: ReleasedInputs,
) {
  const days = daysBetween(scope.from, scope.to);
  const weeks = days / 7;
  // Released inputs already hold only the partner-months that pass k: the network is their sum.
  const { legs, trips, summaries, surveys, registeredRows } = inputs;
  const registered = registeredRows.reduce((s, r) => s + r.registered, 0);
  const suppressed: Suppression[] = [];

  const byTrips = computeModalSplitByTrips(trips);
  const byDistance = computeModalSplitByDistance(legs);
  const baselineSplit = computeBaselineSplit(surveys);
  const shift = computeModalShift(
    { byTrips: baselineSplit.byTrips, byDistance: baselineSplit.byDistance },
    { byTrips, byDistance },
  );
  // Per-mode cells for aggregate callers: the pooled rule (docs/methodology.md#release-units).
  // Follow-up and baseline cells come pooled per partition of each released unit-month.
  let followTrips: PooledShares = byTrips;
  let followKm: PooledShares = byDistance;
  let baseTrips: PooledShares = baselineSplit.byTrips;
  let baseKm: PooledShares = baselineSplit.byDistance;
  let hiddenFollow: HiddenModes = { modes: [], byTrips: 0, byDistance: 0 };
  let hiddenBase: HiddenModes = { modes: [], byTrips: 0, byDistance: 0 };
  if (released) {
    const m = released.modeCells;
    const t = pooledShares(m.trips, m.hiddenTrips, m.hiddenModes);
    const d = pooledShares(m.distanceKm, m.hiddenKm, m.hiddenModes);
    followTrips = t.shares;
    followKm = d.shares;
    hiddenFollow = { modes: m.hiddenModes, byTrips: t.hidden, byDistance: d.hidden };
    // The baseline, too, is a sum of released partition-months under the pooled rule.
    const b = released.baselineCells;
    const bt = pooledShares(b.trips, b.hiddenTrips, b.hiddenModes);
    const bk = pooledShares(b.distanceKm, b.hiddenKm, b.hiddenModes);
    const modes = b.hiddenModes;
    baseTrips = bt.shares;
    baseKm = bk.shares;
    hiddenBase = { modes, byTrips: bt.hidden, byDistance: bk.hidden };
    if (m.hiddenModes.length > 0)
      suppressed.push({
        what: `modal split: ${m.hiddenModes.join(', ')} (in ${m.partitionsWithHidden} unit-months) pooled as hidden`,
        reason: `fewer than ${SUPPRESSION_K} commuters in the mode, or would give away a mode that has`,
        code: 'modal_split_modes',
        count: m.partitionsWithHidden,
        modes: [...m.hiddenModes],
      });
    if (modes.length > 0)
      suppressed.push({
        what: `baseline split: ${modes.join(', ')} (in ${b.partitionsWithHidden} unit-months) pooled as hidden`,
        reason: `fewer than ${SUPPRESSION_K} commuters in the mode, or would give away a mode that has`,
        code: 'baseline_modes',
        count: b.partitionsWithHidden,
        modes: [...modes],
      });
  }
  const ppOf = (f: PooledShares, b: PooledShares) =>
    Object.fromEntries(
      MODES.map((mode) => {
        const x = f[mode];
        const y = b[mode];
        return [mode, x === null || y === null ? null : round((x - y) * 100, 4)];
      }),
    ) as PooledShares;

  const matrix = computeTransitionMatrix(surveys, summaries);
  const replacedKm = computeCarKmSubstitutedByReplacedMode(legs);
  // Aggregate callers: sums of released partition-months (releasedCarFigures), so two periods
  // differ by whole partition-months, never by the survey commuters of a left-out month.
  const carRate = released
    ? {
        rate:
          released.car.driverTrips > 0
            ? released.car.replacedTrips / released.car.driverTrips
            : null,
      }
    : computeCarReplacementRate(surveys, summaries);
  const surveyKm = released
    ? {
        carKmSubstitutedPerWeek: released.car.surveyCarKm / weeks,
        commuters: released.car.surveyCommuters,
      }
    : computeCarKmSubstitutedBySurvey(surveys, summaries, weeks);
  const unlabelled = computeUnlabelledKm(legs);
  const co2 = computeCo2AvoidedKg(legs, factorSet);
  const activity = computeActivitySummary(summaries, weeks, released ? undefined : keptActivity);
  const cyclingDays = computeCyclingDays(summaries);

  // Transition cells rest on few people each: below k distinct commuters they are not shown
  // (DESIGN.md section 6), whatever the scope; and since commutersCompared (and other answers)
  // give totals, enough other cells are hidden with them that no total minus the shown cells
  // names a cell of 1 to k-1 commuters (complementary suppression). Aggregate callers get the
  // sum of such tables, one per released partition-month.
  type Cell =
    | { from: Mode; to: Mode; commuters: number }
    | { from: Mode; to: Mode; commuters: null; suppressed: true };
  let transitions: Cell[];
  let commutersCompared = matrix.commuters;
  if (released) {
    const rt = released.transitions;
    transitions = rt.cells.map(
      (t): Cell =>
        t.commuters === null
          ? { from: t.from, to: t.to, commuters: null, suppressed: true }
          : { from: t.from, to: t.to, commuters: t.commuters },
    );
    commutersCompared = rt.compared;
    if (rt.hiddenCells > 0)
      suppressed.push({
        what: `${rt.hiddenCells} transition cells of single unit-months`,
        reason: `fewer than ${SUPPRESSION_K} commuters, or would give away a cell that has; a cell shown sums the unit-months where it is shown, in commuter-months`,
        code: 'transition_cells',
        count: rt.hiddenCells,
      });
  } else {
    const hide = complementarySuppression(
      matrix.transitions.map((t) => ({ row: t.from, col: t.to, commuters: t.commuters })),
    );
    transitions = matrix.transitions.map(
      (t, i): Cell =>
        hide.has(i) ? { from: t.from, to: t.to, commuters: null, suppressed: true } : t,
    );
    if (hide.size > 0)
      suppressed.push({
        what: `${hide.size} transition cells`,
        reason: `fewer than ${SUPPRESSION_K} commuters, or would give away a cell that has`,
        code: 'transition_cells',
        count: hide.size,
      });
  }

  const totalTrips = trips.reduce((s, t) => s + t.trips, 0);
  const totalKm = legs.reduce((s, l) => s + l.distanceKm, 0);
  const noShiftReason =
    totalTrips === 0
      ? ('no trips in the period' as const)
      : baselineSplit.commuters === 0
        ? ('no baseline survey' as const)
        : null;
  // Hidden modes count in the denominator only, so no difference of two shares gives one back.
  const baselineOrNull = baselineSplit.commuters > 0 ? baseTrips : null;
  const followUpOrNull = totalTrips > 0 ? followTrips : null;
  const result = {
    scope: {
      partner: scope.partnerId ?? 'network',
      site: scope.siteId,
      from: scope.from,
      to: scope.to,
      days,
      weeks: round(weeks, 4),
    },
    participants: { registered, active: summaries.length },
    /** Partners left out of a network figure (set by computeReleasedIndicators; 0 here). */
    excludedPartners: 0,
    trips: totalTrips,
    distanceKm: round(totalKm, 3),
    modalSplit: {
      byTrips: released ? followTrips : (roundRecord(byTrips) as PooledShares),
      byDistance: released ? followKm : (roundRecord(byDistance) as PooledShares),
      hidden: hiddenFollow,
    },
    baseline: {
      byTrips: released ? baseTrips : (roundRecord(baselineSplit.byTrips) as PooledShares),
      byDistance: released ? baseKm : (roundRecord(baselineSplit.byDistance) as PooledShares),
      hidden: hiddenBase,
      commuters: surveys.length,
    },
    modalShift: {
      // No shift without both sides: a period without trips is "no data", not −62 pp of car.
      noShiftReason,
      byTripsPp: noShiftReason
        ? null
        : released
          ? ppOf(followTrips, baseTrips)
          : (roundRecord(shift.byTripsPp, 4) as PooledShares),
      byDistancePp: noShiftReason
        ? null
        : released
          ? ppOf(followKm, baseKm)
          : (roundRecord(shift.byDistancePp, 4) as PooledShares),
      activeShare: shareShift(baselineOrNull, followUpOrNull, false),
      activeShareInclEbike: shareShift(baselineOrNull, followUpOrNull, true),
      carReplacementRate: carRate.rate === null ? null : round(carRate.rate),
      transitions,
      commutersCompared,
    },
    carKmSubstituted: {
      replacedModeKm: round(replacedKm.carKmSubstituted, 3),
      surveyKmPerWeek: round(surveyKm.carKmSubstitutedPerWeek, 3),
      replacedModeKmPerWeek: round(replacedKm.carKmSubstituted / weeks, 3),
      surveyCommuters: surveyKm.commuters,
    },
    unlabelledKm: round(unlabelled.unlabelledKm, 3),
    unlabelledShare: round(unlabelled.unlabelledShare),
    co2AvoidedKg: round(co2.co2AvoidedKg, 3),
    factorSet: {
      id: factorSet.id,
      name: factorSet.name,
      scope: factorSet.scope,
      source: factorSet.source,
      year: factorSet.year,
      kgPerKm: factorSet.kgPerKm,
      perVehicleKm: factorSet.perVehicleKm,
    },
    activity: {
      activeMinutesPerCommuterWeek: round(activity.activeMinutesPerCommuterWeek, 2),
      whoTargetMinutesPerWeek: 150,
      shareMeetingWhoTarget: round(activity.shareMeetingWhoTarget),
      kcalNet: round(activity.netKcal, 1),
      kcalGross: round(activity.grossKcal, 1),
      cyclingDays: cyclingDays.cyclingDays as number | null,
      cyclists: cyclingDays.cyclists as number | null,
    },
    health: {
      cycling: healthFor(
        'bike',
        released?.heat.bike ?? summaries,
        partners,
        weeks,
      ) as HealthFigures | null,
      walking: healthFor(
        'walk',
        released?.heat.walk ?? summaries,
        partners,
        weeks,
      ) as HealthFigures | null,
    },
    suppressed,
  };
  return result;
}

export type IndicatorResult = ReturnType<typeof indicatorsFromInputs>;

/**
 * Subgroup rule (docs/methodology.md#privacy-what-is-released): a block of the answer about a
 * subset of the scope's commuters (the cyclists of HEAT, the walkers, the commuters with cycling
 * days) is withheld when that subset has 1 to k-1 distinct commuters, even when the scope
 * itself passes k. `privileged` callers (the partner's own staff, admins) keep the figures,
 * marked `shownToYou`. Pure.
 */
export function withholdSubgroups(result: IndicatorResult, privileged: boolean): IndicatorResult {
  const small = (n: number | null | undefined) =>
    n !== null && n !== undefined && n > 0 && n < SUPPRESSION_K;
  const out: IndicatorResult = {
    ...result,
    activity: { ...result.activity },
    health: { ...result.health },
    suppressed: [...result.suppressed],
  };
  const mark = (what: string, who: string, code: SuppressionCode) =>
    out.suppressed.push({
      what,
      reason: `fewer than ${SUPPRESSION_K} ${who}`,
      code,
      ...(privileged ? { shownToYou: true as const } : {}),
    });
  if (small(result.health.cycling?.people)) {
    mark('health (HEAT) figures for cycling', 'cyclists', 'heat_cycling');
    if (!privileged) out.health.cycling = null;
  }
  if (small(result.health.walking?.people)) {
    mark('health (HEAT) figures for walking', 'walkers', 'heat_walking');
    if (!privileged) out.health.walking = null;
  }
  if (small(result.activity.cyclists)) {
    mark('cycling days and cyclists', 'commuters with cycling days', 'cycling_days');
    if (!privileged) {
      out.activity.cyclingDays = null;
      out.activity.cyclists = null;
    }
  }
  return out;
}

/**
 * Distinct-commuter counts of an aggregate caller's answer over more than one released month
 * (docs/methodology.md#release-units): rounded to the nearest 5, and every average or total
 * that would give the exact count back is taken over the rounded count instead. Registered
 * commuters are rounded always (their difference between two month-ends counts the joiners).
 * Pure.
 */
export function roundDistinctCounts(result: IndicatorResult, months: number): IndicatorResult {
  const out: IndicatorResult = {
    ...result,
    participants: {
      ...result.participants,
      registered: roundCount(result.participants.registered),
    },
  };
  if (months <= 1) return out;
  const active = result.participants.active;
  const activeR = roundCount(active);
  out.participants.active = activeR;
  out.baseline = { ...result.baseline, commuters: roundCount(result.baseline.commuters) };
  // Transition cells and commutersCompared are not distinct counts but sums of released
  // partition-month figures (commuter-months): exact, like the other sums of released units.
  out.carKmSubstituted = {
    ...result.carKmSubstituted,
    surveyCommuters: roundCount(result.carKmSubstituted.surveyCommuters),
  };
  const scale = (x: number, exact: number, rounded: number, digits: number) =>
    exact > 0 ? round((x * exact) / Math.max(rounded, 1), digits) : x;
  out.activity = {
    ...result.activity,
    activeMinutesPerCommuterWeek: scale(
      result.activity.activeMinutesPerCommuterWeek,
      active,
      activeR,
      0,
    ),
    // A share of commuters is a count over the active count: both rounded, then two decimals.
    shareMeetingWhoTarget:
      activeR > 0
        ? round(roundCount(result.activity.shareMeetingWhoTarget * active) / activeR, 2)
        : 0,
    cyclists: result.activity.cyclists === null ? null : roundCount(result.activity.cyclists),
  };
  const heat = (h: HealthFigures | null): HealthFigures | null => {
    if (h === null || h.people === 0) return h;
    const people = roundCount(h.people);
    // Deaths and value are proportional to people: taken over the rounded count, so that value
    // divided by the per-person risk reduction gives the rounded count, not the exact one.
    return {
      ...h,
      people,
      minutesPerWeek: round(h.minutesPerWeek, 0),
      deathsPreventedPerYear: round((h.deathsPreventedPerYear * people) / h.people),
      valuePerYear: round((h.valuePerYear * people) / h.people, 2),
    };
  };
  out.health = { cycling: heat(result.health.cycling), walking: heat(result.health.walking) };
  return out;
}
