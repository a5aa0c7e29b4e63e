import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureAccuracy, realdataTripsDir } from '../../server/cli/accuracy.js';
import { scoreDay } from '../../server/domain/tracks/accuracy.js';
import { emissionGroundTruth, type GroundTruthTrip } from '../../server/domain/tracks/emission.js';
import type { InferredLeg, InferredTrip } from '../../server/domain/tracks/types.js';

// The e-mission days with ground truth (../shared/realdata/trips; CI has the folder). The floors
// sit a little under the figures npm run accuracy prints, so that a change to segmentation or
// mode inference that loses trips or kilometres fails here.
const TRIPS_MATCHED_FLOOR = 0.85;
const KM_RIGHT_MODE_FLOOR = 0.82;
const KM_RIGHT_MODE_BY_DISTANCE_FLOOR = 0.92;

describe('segmentation accuracy on e-mission ground truth', () => {
  it('finds the ground-truth data', () => {
    expect(existsSync(realdataTripsDir())).toBe(true);
  });

  it('matches trips and modes at least as well as before', () => {
    const days = measureAccuracy(realdataTripsDir());
    expect(days.length).toBeGreaterThanOrEqual(3);
    const g = days.reduce((s, d) => s + d.groundTruthTrips, 0);
    const m = days.reduce((s, d) => s + d.matchedTrips, 0);
    const km = days.reduce((s, d) => s + d.groundTruthKm, 0);
    const ok = days.reduce((s, d) => s + d.rightModeKm, 0);
    const okD = days.reduce((s, d) => s + d.rightModeKmByDistance, 0);
    expect(m / g).toBeGreaterThanOrEqual(TRIPS_MATCHED_FLOOR);
    expect(ok / km).toBeGreaterThanOrEqual(KM_RIGHT_MODE_FLOOR);
    expect(okD / km).toBeGreaterThanOrEqual(KM_RIGHT_MODE_BY_DISTANCE_FLOOR);
  });
});

const T0 = Date.UTC(2024, 4, 6, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

function leg(mode: InferredLeg['mode'], fromMs: number, toMs: number): InferredLeg {
  return {
    mode,
    confidence: 0.5,
    distanceKm: 0,
    durationMin: (toMs - fromMs) / 60_000,
    startedAt: iso(fromMs),
    endedAt: iso(toMs),
    geometry: null,
  };
}

function trip(legs: InferredLeg[]): InferredTrip {
  return {
    startedAt: legs[0]!.startedAt,
    endedAt: legs[legs.length - 1]!.endedAt,
    distanceKm: 0,
    legs,
    closedBy: 'stop',
    pointCount: 10,
  };
}

/** An e-mission ground-truth document with one walking section resampled every 30 s. */
function walkTruth(distancesM: number[]): GroundTruthTrip[] {
  const startS = T0 / 1000;
  const endS = startS + 30 * (distancesM.length - 1);
  return emissionGroundTruth({
    data: [
      {
        properties: { start_ts: startS, end_ts: endS },
        features: [
          {
            type: 'FeatureCollection',
            features: [
              {
                properties: {
                  feature_type: 'section',
                  sensed_mode: 'MotionTypes.ON_FOOT',
                  start_ts: startS,
                  end_ts: endS,
                  distance: distancesM.reduce((a, b) => a + b, 0),
                  distances: distancesM,
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('the km score', () => {
  // Ten minutes of walking: a slow first minute (20 m), then 100 m every 30 s.
  const distances = [0, 10, 10, ...Array.from({ length: 18 }, () => 100)];

  it('reads e-mission sections as 30 s stretches with their own lengths', () => {
    const [g] = walkTruth(distances);
    const steps = g!.sections[0]!.steps!;
    expect(steps).toHaveLength(20);
    expect(steps[0]).toEqual({ fromMs: T0, toMs: T0 + 30_000, km: 0.01 });
    expect(steps[19]!.toMs).toBe(T0 + 600_000);
    expect(g!.sections[0]!.distanceKm).toBeCloseTo(1.82, 6);
  });

  it('by distance, a walk detected a minute late loses the metres of that minute only', () => {
    const truth = walkTruth(distances);
    const late = [trip([leg('walk', T0 + 60_000, T0 + 600_000)])];
    const s = scoreDay(truth, late);
    expect(s.matchedTrips).toBe(1);
    // 1.82 km walked, 20 m of it in the missed minute.
    expect(s.rightModeKmByDistance).toBeCloseTo(1.8, 6);
    // By time the same trip loses a tenth of the section.
    expect(s.rightModeKm).toBeCloseTo(1.82 * 0.9, 6);
  });

  it('credits nothing to a leg of the wrong class, and a split section by the part covered', () => {
    const truth = walkTruth(distances);
    expect(
      scoreDay(truth, [trip([leg('car_driver', T0, T0 + 600_000)])]).rightModeKmByDistance,
    ).toBe(0);
    const split = scoreDay(truth, [
      trip([leg('walk', T0, T0 + 300_000), leg('bus', T0 + 300_000, T0 + 600_000)]),
    ]);
    // The first five minutes: 20 m slow, then 8 stretches of 100 m.
    expect(split.rightModeKmByDistance).toBeCloseTo(0.82, 6);
    expect(split.sections[0]!.ourModes).toEqual(['walk', 'bus']);
    expect(split.sections[0]!.truthMode).toBe('ON_FOOT');
  });

  it('falls back to the time share for a section without per-stretch lengths', () => {
    const [g] = walkTruth(distances);
    const { steps: _steps, ...bare } = g!.sections[0]!;
    const truth: GroundTruthTrip[] = [{ ...g!, sections: [bare] }];
    const s = scoreDay(truth, [trip([leg('walk', T0 + 60_000, T0 + 600_000)])]);
    expect(s.rightModeKmByDistance).toBeCloseTo(1.82 * 0.9, 6);
    expect(s.rightModeKmByDistance).toBeCloseTo(s.rightModeKm, 9);
  });
});
