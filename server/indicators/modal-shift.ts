import { MODES, type Mode } from '../domain/modes.js';
import { mainModeOf } from '../domain/trips.js';
import { computeActiveShare } from './modal-split.js';
import {
  type ByMode,
  type CommuteSurvey,
  type CommuterPeriodSummary,
  fillByMode,
} from './types.js';

/**
 * Modal shift (docs/methodology.md#modal-shift): change in each mode's share between a
 * baseline and a follow-up, the commuter-level transition matrix
 * (docs/methodology.md#transitions) and the car-replacement rate
 * (docs/methodology.md#car-replacement-rate).
 */

/** A modal split by trips and by distance, as fractions (see modal-split.ts). */
export interface SplitPair {
  byTrips: ByMode<number>;
  byDistance: ByMode<number>;
}

export interface ModalShift {
  /** (follow-up share − baseline share) × 100, percentage points, by main mode of trips. */
  byTripsPp: ByMode<number>;
  /** (follow-up share − baseline share) × 100, percentage points, by leg mode of passenger-km. */
  byDistancePp: ByMode<number>;
  /** Share of trips whose main mode is walk, bike or e-bike, as fractions, and the change in pp. */
  activeShare: { baseline: number; followUp: number; shiftPp: number };
}

/**
 * Change of each mode's share, in percentage points, from a baseline split (surveys or a
 * baseline period) to a follow-up split. A split that is all zeros (no trips) is compared as it
 * is; callers should show "no data" rather than a shift when either side has no trips.
 *
 * Source: DESIGN.md section 3 (modal shift), EU SUMI modal split.
 * @example computeModalShift(baseline, followUp).byTripsPp.car_driver // -32 in the worked week
 */
export function computeModalShift(baseline: SplitPair, followUp: SplitPair): ModalShift {
  const byTripsPp = fillByMode(0);
  const byDistancePp = fillByMode(0);
  for (const mode of MODES) {
    byTripsPp[mode] = (followUp.byTrips[mode] - baseline.byTrips[mode]) * 100;
    byDistancePp[mode] = (followUp.byDistance[mode] - baseline.byDistance[mode]) * 100;
  }
  const activeBaseline = computeActiveShare(baseline.byTrips);
  const activeFollowUp = computeActiveShare(followUp.byTrips);
  return {
    byTripsPp,
    byDistancePp,
    activeShare: {
      baseline: activeBaseline,
      followUp: activeFollowUp,
      shiftPp: (activeFollowUp - activeBaseline) * 100,
    },
  };
}

/**
 * A commuter's main mode in a period: the main mode of most of their trips. Ties go to the
 * mode with more km in the period, then to the earlier mode in MODES order, so the answer
 * never depends on object key order. Null when the commuter made no trips.
 */
export function followUpMainModeOf(
  summary: Pick<CommuterPeriodSummary, 'tripsByMainMode' | 'kmByMode'>,
): Mode | null {
  let best: Mode | null = null;
  let bestTrips = 0;
  let bestKm = 0;
  for (const mode of MODES) {
    const trips = summary.tripsByMainMode[mode] ?? 0;
    if (trips <= 0) continue;
    const km = summary.kmByMode[mode] ?? 0;
    // MODES order is the last tie-breaker: a later mode must be strictly better to win.
    if (best === null || trips > bestTrips || (trips === bestTrips && km > bestKm)) {
      best = mode;
      bestTrips = trips;
      bestKm = km;
    }
  }
  return best;
}

export interface Transition {
  /** Usual main mode in the baseline survey. */
  from: Mode;
  /** Main mode of most trips in the follow-up period. */
  to: Mode;
  commuters: number;
}

export interface TransitionMatrix {
  /** Non-empty cells, ordered by `from` then `to` in MODES order. */
  transitions: Transition[];
  /** Commuters counted in the matrix (baseline survey and at least one trip). */
  commuters: number;
  /** Commuters with a baseline survey but no trip in the period: left out. */
  withoutFollowUp: number;
  /** Commuters with trips in the period but no baseline survey: left out. */
  withoutBaseline: number;
}

/**
 * Commuter-level transition matrix: baseline usual main mode (`mainModeOf` of the survey's
 * usual legs) × follow-up main mode (`followUpMainModeOf`). Only commuters with both a baseline
 * survey and at least one trip in the period are counted; the others are reported as counts.
 * Cells below k = 5 commuters must be suppressed before display below partner level
 * (docs/methodology.md#suppression).
 */
export function computeTransitionMatrix(
  baselineSurveys: readonly CommuteSurvey[],
  summaries: readonly CommuterPeriodSummary[],
): TransitionMatrix {
  const baselineModeByCommuter = new Map<string, Mode>();
  for (const survey of baselineSurveys) {
    if (survey.usualLegs.length > 0)
      baselineModeByCommuter.set(survey.commuterId, mainModeOf(survey.usualLegs));
  }
  const counts = new Map<string, number>();
  const withFollowUp = new Set<string>();
  let withoutBaseline = 0;
  for (const summary of summaries) {
    const to = followUpMainModeOf(summary);
    if (to === null) continue;
    const from = baselineModeByCommuter.get(summary.commuterId);
    if (from === undefined) {
      withoutBaseline += 1;
      continue;
    }
    withFollowUp.add(summary.commuterId);
    const key = `${from}>${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const transitions: Transition[] = [];
  for (const from of MODES) {
    for (const to of MODES) {
      const commuters = counts.get(`${from}>${to}`);
      if (commuters) transitions.push({ from, to, commuters });
    }
  }
  let withoutFollowUp = 0;
  for (const commuterId of baselineModeByCommuter.keys())
    if (!withFollowUp.has(commuterId)) withoutFollowUp += 1;
  return { transitions, commuters: withFollowUp.size, withoutFollowUp, withoutBaseline };
}

export interface CarReplacementRate {
  /** replacedTrips ÷ trips; null when baseline car drivers made no trips in the period. */
  rate: number | null;
  /** Follow-up trips of baseline car drivers whose main mode is not car_driver. */
  replacedTrips: number;
  /** All follow-up trips of baseline car drivers. */
  trips: number;
  /** Baseline car drivers with at least one trip in the period. */
  commuters: number;
}

/**
 * Car-replacement rate: among commuters whose baseline usual main mode is car_driver, the
 * share of their follow-up trips whose main mode is not car_driver. A trip as a car passenger
 * counts as replaced (it adds no vehicle-km). Worked week: 16 ÷ 20 = 0.8.
 *
 * Source: DESIGN.md section 3 (car-replacement rate).
 */
export function computeCarReplacementRate(
  baselineSurveys: readonly CommuteSurvey[],
  summaries: readonly CommuterPeriodSummary[],
): CarReplacementRate {
  const baselineDrivers = new Set<string>();
  for (const survey of baselineSurveys) {
    if (survey.usualLegs.length > 0 && mainModeOf(survey.usualLegs) === 'car_driver')
      baselineDrivers.add(survey.commuterId);
  }
  let trips = 0;
  let carDriverTrips = 0;
  let commuters = 0;
  for (const summary of summaries) {
    if (!baselineDrivers.has(summary.commuterId)) continue;
    let commuterTrips = 0;
    for (const mode of MODES) commuterTrips += summary.tripsByMainMode[mode] ?? 0;
    if (commuterTrips <= 0) continue;
    commuters += 1;
    trips += commuterTrips;
    carDriverTrips += summary.tripsByMainMode.car_driver ?? 0;
  }
  const replacedTrips = trips - carDriverTrips;
  return { rate: trips > 0 ? replacedTrips / trips : null, replacedTrips, trips, commuters };
}
