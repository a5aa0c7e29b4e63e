import { isActiveMode, MODES } from '../domain/modes.js';
import {
  type ByMode,
  type CommuterPeriodSummary,
  type LegAggregate,
  type TripAggregate,
  fillByMode,
  sumByMode,
} from './types.js';

/**
 * Participation (docs/methodology.md#participants, #trips, #distance): registered and active
 * commuters, trips and distance, trips per commuter-week.
 */

export interface Participation {
  /** Commuters enrolled with the partner (or network) at the end of the period. */
  registered: number;
  /** Commuters with at least one trip in the period. */
  active: number;
  /** active ÷ registered; 0 when nobody is registered. */
  activeShare: number;
  trips: number;
  /** trips ÷ (active × weeks): how often an active commuter logs; 0 when nobody was active. */
  tripsPerCommuterWeek: number;
}

/**
 * Registered and active commuters and trips per commuter-week.
 *
 * @param registered number of registered commuters (from the commuters table, not the rollups:
 *   a commuter who logged nothing has no summary)
 * @param weeks period length in weeks (days ÷ 7), > 0
 */
export function computeParticipation(
  registered: number,
  summaries: readonly CommuterPeriodSummary[],
  weeks: number,
): Participation {
  if (!(weeks > 0)) throw new RangeError(`weeks must be > 0, got ${weeks}`);
  let active = 0;
  let trips = 0;
  for (const summary of summaries) {
    const commuterTrips = sumByMode(summary.tripsByMainMode);
    if (commuterTrips <= 0) continue;
    active += 1;
    trips += commuterTrips;
  }
  return {
    registered,
    active,
    activeShare: registered > 0 ? active / registered : 0,
    trips,
    tripsPerCommuterWeek: active > 0 ? trips / (active * weeks) : 0,
  };
}

export interface TripTotals {
  trips: number;
  tripsByMainMode: ByMode<number>;
}

/** Trips in the period, in total and by main mode. */
export function computeTripTotals(tripAggregates: readonly TripAggregate[]): TripTotals {
  const tripsByMainMode = fillByMode(0);
  let trips = 0;
  for (const row of tripAggregates) {
    tripsByMainMode[row.mainMode] += row.trips;
    trips += row.trips;
  }
  return { trips, tripsByMainMode };
}

export interface DistanceTotals {
  /** Passenger-km, all legs. */
  distanceKm: number;
  distanceKmByMode: ByMode<number>;
  /** Walk + bike + e-bike km. */
  activeDistanceKm: number;
  durationMin: number;
  legs: number;
}

/** Passenger-km in the period, in total, by leg mode and for the active modes. */
export function computeDistanceTotals(legAggregates: readonly LegAggregate[]): DistanceTotals {
  const distanceKmByMode = fillByMode(0);
  let distanceKm = 0;
  let durationMin = 0;
  let legs = 0;
  for (const row of legAggregates) {
    distanceKmByMode[row.mode] += row.distanceKm;
    distanceKm += row.distanceKm;
    durationMin += row.durationMin;
    legs += row.legs;
  }
  let activeDistanceKm = 0;
  for (const mode of MODES) if (isActiveMode(mode)) activeDistanceKm += distanceKmByMode[mode];
  return { distanceKm, distanceKmByMode, activeDistanceKm, durationMin, legs };
}
