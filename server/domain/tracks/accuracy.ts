import type { Mode } from '../modes.js';
import type { GroundTruthMode, GroundTruthTrip } from './emission.js';
import type { InferredTrip } from './types.js';

/**
 * How well segmentation reproduces ground truth. Trips: the share of ground-truth trips that
 * one inferred trip matches, start and end each within `toleranceMs` (5 minutes). Modes: the
 * share of ground-truth kilometres whose time is covered by an inferred leg of the same mode
 * class (ground truth only says vehicle, foot or bicycle), counting each section's km in
 * proportion to the time an inferred leg of each class covers.
 */
export interface AccuracyFigures {
  groundTruthTrips: number;
  matchedTrips: number;
  inferredTrips: number;
  groundTruthKm: number;
  rightModeKm: number;
}

export function modeClass(mode: Mode): GroundTruthMode {
  if (mode === 'walk') return 'ON_FOOT';
  if (mode === 'bike' || mode === 'ebike') return 'BICYCLING';
  return 'IN_VEHICLE';
}

export function scoreDay(
  truth: readonly GroundTruthTrip[],
  inferred: readonly InferredTrip[],
  toleranceMs = 5 * 60 * 1000,
): AccuracyFigures {
  const used = new Set<number>();
  let matched = 0;
  for (const g of truth) {
    const k = inferred.findIndex(
      (t, i) =>
        !used.has(i) &&
        Math.abs(Date.parse(t.startedAt) - g.startMs) <= toleranceMs &&
        Math.abs(Date.parse(t.endedAt) - g.endMs) <= toleranceMs,
    );
    if (k >= 0) {
      used.add(k);
      matched++;
    }
  }
  const legs = inferred.flatMap((t) =>
    t.legs.map((l) => ({
      from: Date.parse(l.startedAt),
      to: Date.parse(l.endedAt),
      cls: modeClass(l.mode),
    })),
  );
  let km = 0;
  let right = 0;
  for (const g of truth)
    for (const s of g.sections) {
      km += s.distanceKm;
      const span = s.endMs - s.startMs;
      if (span <= 0) continue;
      let ok = 0;
      for (const l of legs)
        if (l.cls === s.mode)
          ok += Math.max(0, Math.min(l.to, s.endMs) - Math.max(l.from, s.startMs));
      right += s.distanceKm * Math.min(1, ok / span);
    }
  return {
    groundTruthTrips: truth.length,
    matchedTrips: matched,
    inferredTrips: inferred.length,
    groundTruthKm: km,
    rightModeKm: right,
  };
}
