import type { Mode } from '../domain/modes.js';
import { DEFAULT_SPEEDS } from './reference-data.js';

/**
 * Default speeds (data/default-speeds.json): walking 4.8 km/h and cycling 14 km/h are HEAT's
 * defaults (Kahlmeier et al. 2017); e-bike 18 km/h and the motorised speeds are assumptions.
 */

/** Default door-to-door speed of a mode, km/h. */
export function defaultSpeedKmh(mode: Mode): number {
  return DEFAULT_SPEEDS[mode].kmh;
}

/**
 * A leg's duration when it was not measured: distance at the mode's default speed.
 *
 * @param distanceKm leg length, km (>= 0)
 * @returns minutes
 * Source: HEAT 2017 default speeds (walk 4.8 km/h, bike 14 km/h); other modes assumed, see
 * docs/methodology.md#activity.
 * @example estimateDurationMin('bike', 7) // 30
 */
export function estimateDurationMin(mode: Mode, distanceKm: number): number {
  if (!Number.isFinite(distanceKm) || distanceKm < 0)
    throw new RangeError(`distanceKm must be a finite number >= 0, got ${distanceKm}`);
  return (distanceKm / defaultSpeedKmh(mode)) * 60;
}
