import { MET_TABLE, type MetMode, type MetValue } from './reference-data.js';
import { type CommuterPeriodSummary, sumByMode } from './types.js';

/**
 * Physical activity and energy (docs/methodology.md#activity, #kcal, #cycling-days): active
 * minutes against the WHO 150 minutes a week, kcal from MET values of the 2011 Compendium of
 * Physical Activities (e-bike: Riiser et al. 2025), and cycling days.
 */

/**
 * WHO recommendation for adults: at least 150 minutes of moderate-intensity aerobic activity a
 * week (WHO guidelines on physical activity and sedentary behaviour, 2020). Walking (3.5 MET),
 * cycling (6.8) and e-biking (5.9) for transport are all moderate or vigorous, so every active
 * commuting minute counts towards it.
 */
export const WHO_ACTIVE_MINUTES_PER_WEEK = 150;

/** Body mass used when the commuter gave none, kg (DESIGN.md section 3). */
export const DEFAULT_WEIGHT_KG = 70;

/** The modes with a MET value: the active modes. */
export const MET_MODES: readonly MetMode[] = ['walk', 'bike', 'ebike'];

export interface MetChoice extends MetValue {
  /** True when chosen by a measured speed, false when the mode's default applies. */
  bySpeed: boolean;
}

/**
 * The MET value of walking, cycling or e-biking. With a measured average speed, the
 * Compendium band containing it (walking 3.5 / 4.3 from 5.6 km/h / 5.0 from 6.4 km/h; cycling
 * 4.0 below 16.1 km/h / 6.8 / 8.0 from 19.3 / 10.0 from 22.5); without one, the commuting
 * default (walking for transport 3.5, code 16060; cycling to/from work 6.8, code 01011;
 * e-bike 5.9, measured by Riiser et al. 2025). A speed estimated from default speeds is not a
 * measurement: pass null, or every estimated bike trip would land in the < 16 km/h band.
 *
 * Source: Ainsworth et al., 2011 Compendium of Physical Activities; data/met-values.json.
 */
export function metFor(mode: MetMode, measuredSpeedKmh: number | null): MetChoice {
  const entry = MET_TABLE.modes[mode];
  const band = speedBand(mode, measuredSpeedKmh);
  if (band === null) return { ...entry.default, bySpeed: false };
  return {
    met: band.met,
    code: band.code,
    description: band.description,
    source: band.source,
    bySpeed: true,
  };
}

/** The Compendium band of a measured speed, or null when the mode's default applies. */
function speedBand(mode: MetMode, measuredSpeedKmh: number | null) {
  const entry = MET_TABLE.modes[mode];
  if (
    measuredSpeedKmh === null ||
    !Number.isFinite(measuredSpeedKmh) ||
    measuredSpeedKmh <= 0 ||
    entry.bySpeed.length === 0
  )
    return null;
  let band = entry.bySpeed[0]!;
  for (const candidate of entry.bySpeed)
    if (measuredSpeedKmh >= candidate.minSpeedKmh) band = candidate;
  return band;
}

/** metFor(mode, speed).met without building the choice: the per-commuter loop's form. */
function metValue(mode: MetMode, measuredSpeedKmh: number | null): number {
  return (speedBand(mode, measuredSpeedKmh) ?? MET_TABLE.modes[mode].default).met;
}

export interface Kcal {
  /** MET × kg × h: all energy spent during the activity. */
  grossKcal: number;
  /** (MET − 1) × kg × h: the energy above resting, i.e. the effect of the exercise. */
  netKcal: number;
}

/**
 * Energy of an activity from its MET value (1 MET ≈ 1 kcal per kg per hour).
 *
 * @param weightKg body mass; null → 70 kg
 * @param durationMin minutes
 * @example computeKcal(6.8, 70, 60) // { grossKcal: 476, netKcal: 406 }
 */
export function computeKcal(met: number, weightKg: number | null, durationMin: number): Kcal {
  const kg = weightKg ?? DEFAULT_WEIGHT_KG;
  const hours = durationMin / 60;
  return { grossKcal: met * kg * hours, netKcal: (met - 1) * kg * hours };
}

export interface ModeActivity {
  minutes: number;
  /** Minutes-weighted MET of the mode in the period. */
  met: number;
  grossKcal: number;
  netKcal: number;
  /** Minutes whose MET came from a measured speed. */
  minutesBySpeed: number;
}

export interface CommuterActivity {
  commuterId: string;
  /** Walk + bike + e-bike minutes in the period. */
  activeMinutes: number;
  activeMinutesPerWeek: number;
  /** activeMinutesPerWeek ÷ 150. */
  shareOfWhoTarget: number;
  meetsWhoTarget: boolean;
  grossKcal: number;
  netKcal: number;
  weightKg: number;
  /** False when the 70 kg default was used. */
  weightKnown: boolean;
  byMode: Record<MetMode, ModeActivity>;
  cyclingDays: number;
}

/**
 * One commuter's active minutes, their share of the WHO 150 min/week, and kcal. Minutes whose
 * duration was measured (`measuredByMode`) get the MET of their average speed; the rest get
 * the mode's default MET.
 *
 * @param weeks period length in weeks (days ÷ 7), > 0
 */
export function computeCommuterActivity(
  summary: CommuterPeriodSummary,
  weeks: number,
): CommuterActivity {
  const byMode = {} as Record<MetMode, ModeActivity>;
  const totals = activityTotals(summary, weeks, byMode);
  return {
    commuterId: summary.commuterId,
    activeMinutes: totals.activeMinutes,
    activeMinutesPerWeek: totals.activeMinutesPerWeek,
    shareOfWhoTarget: totals.activeMinutesPerWeek / WHO_ACTIVE_MINUTES_PER_WEEK,
    meetsWhoTarget: totals.meetsWhoTarget,
    grossKcal: totals.grossKcal,
    netKcal: totals.netKcal,
    weightKg: totals.weightKg,
    weightKnown: totals.weightKnown,
    byMode,
    cyclingDays: summary.cyclingDays,
  };
}

/** What a group's ActivitySummary takes from each commuter's activity. */
export type ActivityTotals = Pick<
  CommuterActivity,
  | 'activeMinutes'
  | 'activeMinutesPerWeek'
  | 'meetsWhoTarget'
  | 'grossKcal'
  | 'netKcal'
  | 'weightKg'
  | 'weightKnown'
>;

/**
 * computeCommuterActivity's arithmetic, the one place it lives: the totals, and each mode's
 * figures into `byMode` when given. A group's summary needs the totals only, and per commuter
 * of every period asked for (3,500 at a campaign's partner) the per-mode objects were most of
 * its cost.
 */
export function activityTotals(
  summary: CommuterPeriodSummary,
  weeks: number,
  byMode?: Record<MetMode, ModeActivity>,
): ActivityTotals {
  if (!(weeks > 0)) throw new RangeError(`weeks must be > 0, got ${weeks}`);
  const weightKg = summary.weightKg ?? DEFAULT_WEIGHT_KG;
  let activeMinutes = 0;
  let grossKcal = 0;
  let netKcal = 0;
  for (const mode of MET_MODES) {
    const minutes = summary.minutesByMode[mode] ?? 0;
    const measured = summary.measuredByMode?.[mode];
    // Measured minutes can never exceed the mode's total; clamp so bad input cannot add energy.
    const minutesBySpeed =
      measured && measured.durationMin > 0 ? Math.min(measured.durationMin, minutes) : 0;
    const otherMinutes = minutes - minutesBySpeed;
    const defaultMet = metValue(mode, null);
    const speedMet =
      minutesBySpeed > 0 && measured
        ? metValue(mode, measured.distanceKm / (measured.durationMin / 60))
        : defaultMet;
    // computeKcal's arithmetic, in its order, without its objects: this runs per commuter and
    // mode of every answer (thousands at a campaign's partner).
    const hoursBySpeed = minutesBySpeed / 60;
    const otherHours = otherMinutes / 60;
    const modeGross = speedMet * weightKg * hoursBySpeed + defaultMet * weightKg * otherHours;
    const modeNet =
      (speedMet - 1) * weightKg * hoursBySpeed + (defaultMet - 1) * weightKg * otherHours;
    if (byMode)
      byMode[mode] = {
        minutes,
        met:
          minutes > 0
            ? (speedMet * minutesBySpeed + defaultMet * otherMinutes) / minutes
            : defaultMet,
        grossKcal: modeGross,
        netKcal: modeNet,
        minutesBySpeed,
      };
    activeMinutes += minutes;
    grossKcal += modeGross;
    netKcal += modeNet;
  }
  const activeMinutesPerWeek = activeMinutes / weeks;
  return {
    activeMinutes,
    activeMinutesPerWeek,
    meetsWhoTarget: activeMinutesPerWeek >= WHO_ACTIVE_MINUTES_PER_WEEK,
    grossKcal,
    netKcal,
    weightKg,
    weightKnown: summary.weightKg !== null,
  };
}

export interface ActivitySummary {
  /** Commuters with at least one trip in the period. */
  commuters: number;
  /** Mean over those commuters of active minutes per week (commuter-weeks, no annualisation). */
  activeMinutesPerCommuterWeek: number;
  commutersMeetingWhoTarget: number;
  /** commutersMeetingWhoTarget ÷ commuters; 0 when there are none. */
  shareMeetingWhoTarget: number;
  grossKcal: number;
  netKcal: number;
  /** Commuters whose kcal used the 70 kg default. */
  commutersWithDefaultWeight: number;
}

/** Active minutes and kcal over a group of commuters (those with at least one trip). */
export function computeActivitySummary<S extends CommuterPeriodSummary>(
  summaries: readonly S[],
  weeks: number,
  /** Each commuter's figures; a caller may pass one that keeps them (they are pure). */
  activityOf: (summary: S, weeks: number) => ActivityTotals = activityTotals,
): ActivitySummary {
  let commuters = 0;
  let minutesPerWeek = 0;
  let meeting = 0;
  let grossKcal = 0;
  let netKcal = 0;
  let defaultWeight = 0;
  for (const summary of summaries) {
    if (sumByMode(summary.tripsByMainMode) <= 0) continue;
    const activity = activityOf(summary, weeks);
    commuters += 1;
    minutesPerWeek += activity.activeMinutesPerWeek;
    if (activity.meetsWhoTarget) meeting += 1;
    grossKcal += activity.grossKcal;
    netKcal += activity.netKcal;
    if (!activity.weightKnown) defaultWeight += 1;
  }
  return {
    commuters,
    activeMinutesPerCommuterWeek: commuters > 0 ? minutesPerWeek / commuters : 0,
    commutersMeetingWhoTarget: meeting,
    shareMeetingWhoTarget: commuters > 0 ? meeting / commuters : 0,
    grossKcal,
    netKcal,
    commutersWithDefaultWeight: defaultWeight,
  };
}

export interface CyclingDays {
  /** Σ cycling days over commuters (a day counts once per commuter). */
  cyclingDays: number;
  /** Commuters with at least one cycling day. */
  cyclists: number;
  /** cyclingDays ÷ cyclists; 0 when there are none. */
  cyclingDaysPerCyclist: number;
}

/**
 * Cycling days ("Vi cykler til arbejde"): days on which a commuter cycled (bike or e-bike, see
 * CYCLING_MODES) at least part of a commute. The per-commuter day counts come from the rollups.
 */
export function computeCyclingDays(summaries: readonly CommuterPeriodSummary[]): CyclingDays {
  let cyclingDays = 0;
  let cyclists = 0;
  for (const summary of summaries) {
    if (summary.cyclingDays <= 0) continue;
    cyclingDays += summary.cyclingDays;
    cyclists += 1;
  }
  return {
    cyclingDays,
    cyclists,
    cyclingDaysPerCyclist: cyclists > 0 ? cyclingDays / cyclists : 0,
  };
}
