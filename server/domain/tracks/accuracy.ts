import type { Mode } from '../modes.js';
import type { GroundTruthMode, GroundTruthSection, GroundTruthTrip } from './emission.js';
import type { InferredTrip } from './types.js';

/**
 * How well segmentation reproduces ground truth. Trips: the share of ground-truth trips that
 * one inferred trip matches, start and end each within `toleranceMs` (5 minutes). Modes, two
 * ways (ground truth only says vehicle, foot or bicycle, so legs are compared by mode class):
 * - by time (`rightModeKm`): each section's km in proportion to the share of its time that an
 *   inferred leg of the same class covers;
 * - by distance (`rightModeKmByDistance`): each stretch of the section's line (e-mission stores
 *   one every 30 s, with its length) is credited with its own km in proportion to the share of
 *   its time covered by a leg of the same class. A trip detected a minute late then loses the
 *   few metres walked in that minute, not a minute's share of the whole section. Sections
 *   without per-stretch lengths fall back to the time share.
 */
export interface AccuracyFigures {
  groundTruthTrips: number;
  matchedTrips: number;
  inferredTrips: number;
  groundTruthKm: number;
  rightModeKm: number;
  rightModeKmByDistance: number;
  sections: SectionScore[];
}

/** One ground-truth section against the inferred legs that overlap it in time. */
export interface SectionScore {
  startMs: number;
  endMs: number;
  truthMode: GroundTruthMode;
  km: number;
  /** Our legs' modes overlapping the section, longest overlap first. */
  ourModes: Mode[];
  rightKmByTime: number;
  rightKmByDistance: number;
}

export function modeClass(mode: Mode): GroundTruthMode {
  if (mode === 'walk') return 'ON_FOOT';
  if (mode === 'bike' || mode === 'ebike') return 'BICYCLING';
  return 'IN_VEHICLE';
}

interface LegSpan {
  from: number;
  to: number;
  mode: Mode;
  cls: GroundTruthMode;
}

/** Milliseconds of [from, to] covered by legs of class `cls` (legs do not overlap each other). */
function coveredMs(legs: readonly LegSpan[], cls: GroundTruthMode, from: number, to: number) {
  let ok = 0;
  for (const l of legs)
    if (l.cls === cls) ok += Math.max(0, Math.min(l.to, to) - Math.max(l.from, from));
  return ok;
}

function scoreSection(s: GroundTruthSection, legs: readonly LegSpan[]): SectionScore {
  const span = s.endMs - s.startMs;
  const byTime = span > 0 ? Math.min(1, coveredMs(legs, s.mode, s.startMs, s.endMs) / span) : 0;
  let byDistance = s.distanceKm * byTime;
  if (s.steps && s.steps.length > 0) {
    byDistance = 0;
    for (const st of s.steps) {
      const ms = st.toMs - st.fromMs;
      // A zero-length stretch in time (the last vertex repeated) is covered when a leg of the
      // right class holds its instant.
      const share =
        ms > 0
          ? Math.min(1, coveredMs(legs, s.mode, st.fromMs, st.toMs) / ms)
          : legs.some((l) => l.cls === s.mode && l.from <= st.fromMs && st.fromMs <= l.to)
            ? 1
            : 0;
      byDistance += st.km * share;
    }
  }
  const overlap = new Map<Mode, number>();
  for (const l of legs) {
    const ms = Math.min(l.to, s.endMs) - Math.max(l.from, s.startMs);
    if (ms > 0) overlap.set(l.mode, (overlap.get(l.mode) ?? 0) + ms);
  }
  return {
    startMs: s.startMs,
    endMs: s.endMs,
    truthMode: s.mode,
    km: s.distanceKm,
    ourModes: [...overlap.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m),
    rightKmByTime: s.distanceKm * byTime,
    rightKmByDistance: byDistance,
  };
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
  const legs: LegSpan[] = inferred.flatMap((t) =>
    t.legs.map((l) => ({
      from: Date.parse(l.startedAt),
      to: Date.parse(l.endedAt),
      mode: l.mode,
      cls: modeClass(l.mode),
    })),
  );
  const sections = truth.flatMap((g) => g.sections.map((s) => scoreSection(s, legs)));
  return {
    groundTruthTrips: truth.length,
    matchedTrips: matched,
    inferredTrips: inferred.length,
    groundTruthKm: sections.reduce((a, s) => a + s.km, 0),
    rightModeKm: sections.reduce((a, s) => a + s.rightKmByTime, 0),
    rightModeKmByDistance: sections.reduce((a, s) => a + s.rightKmByDistance, 0),
    sections,
  };
}
