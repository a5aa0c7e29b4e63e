import type { AgeBand } from '../domain/age-bands.js';
import { MODES, type Mode, type ReplacedMode } from '../domain/modes.js';

/**
 * Inputs of the indicator functions. They are aggregates (rollups), never raw trips, so that
 * a dashboard over millions of legs stays cheap: the server sums its rollup tables into these
 * shapes for one partner (or the network) and one period of local dates.
 */

/** Legs summed by leg mode and effective replaced mode (leg override, else trip label). */
export interface LegAggregate {
  mode: Mode;
  /** `effectiveReplacedMode(leg, trip)`; null when neither the leg nor the trip was labelled. */
  replacedMode: ReplacedMode | null;
  distanceKm: number;
  /** Measured minutes where given, else estimated with `estimateDurationMin`. */
  durationMin: number;
  legs: number;
}

/** Trips summed by main mode (mode of the longest leg, `mainModeOf`). */
export interface TripAggregate {
  mainMode: Mode;
  trips: number;
}

/** Distance and minutes of one mode for which the duration was measured, not estimated. */
export interface MeasuredTravel {
  distanceKm: number;
  durationMin: number;
}

/** What one commuter did in the period. */
export interface CommuterPeriodSummary {
  commuterId: string;
  ageBand: AgeBand | null;
  weightKg: number | null;
  /** Trips by their main mode. */
  tripsByMainMode: Partial<Record<Mode, number>>;
  /** Leg km by leg mode. */
  kmByMode: Partial<Record<Mode, number>>;
  /** Leg minutes by leg mode (measured, else estimated from default speeds). */
  minutesByMode: Partial<Record<Mode, number>>;
  /** Days with at least one bike or e-bike leg (DESIGN.md "cycling day"). */
  cyclingDays: number;
  /** Days with at least one trip. */
  activeDays?: number;
  /**
   * Optional: the part of km and minutes whose duration was measured. Only a measured speed
   * can pick a speed-specific MET value; without it the mode's default MET applies.
   */
  measuredByMode?: Partial<Record<Mode, MeasuredTravel>>;
}

/** One usual leg of a commute, one way. */
export interface SurveyLeg {
  mode: Mode;
  distanceKm: number;
}

/**
 * A commuter's usual commute from a baseline (or follow-up) survey. A survey that gave only a
 * usual mode and a one-way distance becomes a single leg.
 */
export interface CommuteSurvey {
  commuterId: string;
  /** One way; the return trip is assumed to mirror it. */
  usualLegs: SurveyLeg[];
  /** Commuting days per week (0-7); each day is two one-way trips. */
  daysPerWeek: number;
}

/** Length of the period an aggregate covers. */
export interface PeriodLength {
  /** days / 7 */
  weeks: number;
  days: number;
}

/** A value for every mode, in MODES order. */
export type ByMode<T> = Record<Mode, T>;

/** A fresh record with every mode set to `value` (MODES order, so JSON output is stable). */
export function fillByMode<T>(value: T): ByMode<T> {
  const out = {} as ByMode<T>;
  for (const mode of MODES) out[mode] = value;
  return out;
}

/** Sum of the values of a partial by-mode record. */
export function sumByMode(values: Partial<Record<Mode, number>>): number {
  let total = 0;
  for (const mode of MODES) total += values[mode] ?? 0;
  return total;
}

/** One-way km of a survey's usual commute. */
export function surveyOneWayKm(survey: CommuteSurvey): number {
  let km = 0;
  for (const leg of survey.usualLegs) km += leg.distanceKm;
  return km;
}
