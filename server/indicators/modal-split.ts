import { MODES, type Mode, isActiveMode } from '../domain/modes.js';
import { mainModeOf } from '../domain/trips.js';
import {
  type ByMode,
  type CommuteSurvey,
  type LegAggregate,
  type TripAggregate,
  fillByMode,
} from './types.js';

/**
 * Modal split (docs/methodology.md#modal-split), EU SUMI definitions: the share of trips by
 * main mode and the share of passenger-km by leg mode. Shares are fractions of 1; the UI
 * multiplies by 100.
 */

/** Shares of a by-mode total; all zeros when the total is zero (no trips is not 100 % of anything). */
export function toShares(totals: ByMode<number>): ByMode<number> {
  let sum = 0;
  for (const mode of MODES) sum += totals[mode];
  const shares = fillByMode(0);
  if (sum <= 0) return shares;
  for (const mode of MODES) shares[mode] = totals[mode] / sum;
  return shares;
}

/** Trips by main mode, summed over aggregate rows. */
export function countTripsByMainMode(trips: readonly TripAggregate[]): ByMode<number> {
  const totals = fillByMode(0);
  for (const row of trips) totals[row.mainMode] += row.trips;
  return totals;
}

/** Passenger-km by leg mode, summed over aggregate rows. */
export function sumDistanceKmByMode(legs: readonly LegAggregate[]): ByMode<number> {
  const totals = fillByMode(0);
  for (const row of legs) totals[row.mode] += row.distanceKm;
  return totals;
}

/**
 * Share of trips by main mode (EU SUMI modal split by trips).
 *
 * @param trips trip counts by main mode for the period
 * @returns fraction of trips per mode, summing to 1; every mode 0 when there are no trips
 * @example computeModalSplitByTrips([{ mainMode: 'bike', trips: 3 }, { mainMode: 'walk', trips: 1 }]).bike // 0.75
 */
export function computeModalSplitByTrips(trips: readonly TripAggregate[]): ByMode<number> {
  return toShares(countTripsByMainMode(trips));
}

/**
 * Share of passenger-km by leg mode (EU SUMI modal split by distance). A multimodal trip's
 * bike km count as bike and its train km as train, unlike the split by trips.
 *
 * @param legs leg km by leg mode for the period
 * @returns fraction of passenger-km per mode, summing to 1; every mode 0 when there are no km
 */
export function computeModalSplitByDistance(legs: readonly LegAggregate[]): ByMode<number> {
  return toShares(sumDistanceKmByMode(legs));
}

/** Baseline (or follow-up) modal split derived from commute surveys, with the weekly totals. */
export interface SurveySplit {
  /** Fraction of weekly commute trips by usual main mode. */
  byTrips: ByMode<number>;
  /** Fraction of weekly commute passenger-km by usual leg mode. */
  byDistance: ByMode<number>;
  /** One-way commute trips per week by main mode (daysPerWeek × 2 per commuter). */
  tripsPerWeek: ByMode<number>;
  /** Commute passenger-km per week by leg mode. */
  distanceKmPerWeek: ByMode<number>;
  /** Commuters whose survey has at least one leg. */
  commuters: number;
}

/**
 * The modal split of the usual commute reported in surveys: each commuter contributes
 * daysPerWeek × 2 one-way trips whose main mode is the main mode of their usual legs
 * (`mainModeOf`), and daysPerWeek × 2 × km for each usual leg's mode. Works the same for
 * baseline and follow-up surveys (pass the latest survey per commuter).
 *
 * Source: EU SUMI modal split definitions; survey recall limits in docs/methodology.md#modal-shift.
 */
export function computeBaselineSplit(surveys: readonly CommuteSurvey[]): SurveySplit {
  const tripsPerWeek = fillByMode(0);
  const distanceKmPerWeek = fillByMode(0);
  let commuters = 0;
  for (const survey of surveys) {
    if (survey.usualLegs.length === 0) continue;
    commuters += 1;
    const oneWayTripsPerWeek = survey.daysPerWeek * 2;
    tripsPerWeek[mainModeOf(survey.usualLegs)] += oneWayTripsPerWeek;
    for (const leg of survey.usualLegs)
      distanceKmPerWeek[leg.mode] += oneWayTripsPerWeek * leg.distanceKm;
  }
  return {
    byTrips: toShares(tripsPerWeek),
    byDistance: toShares(distanceKmPerWeek),
    tripsPerWeek,
    distanceKmPerWeek,
    commuters,
  };
}

/**
 * Share of active modes (walk, bike, e-bike) in a modal split: the sum of their shares.
 * Applied to a split by trips, a bike + train trip counts as train (its main mode).
 * `includeEbike: false` gives walking and pedal cycling only, the dashboard's headline: an
 * e-bike replaces a car trip as well, but HEAT does not cover it and it is less exercise.
 */
export function computeActiveShare(
  split: ByMode<number>,
  options: { includeEbike: boolean } = { includeEbike: true },
): number {
  let share = 0;
  for (const mode of MODES)
    if (isActiveMode(mode) && (options.includeEbike || mode !== 'ebike')) share += split[mode];
  return share;
}

/** Modes in MODES order whose share is above zero; handy for charts that skip empty modes. */
export function modesPresent(split: ByMode<number>): Mode[] {
  return MODES.filter((mode) => split[mode] > 0);
}
