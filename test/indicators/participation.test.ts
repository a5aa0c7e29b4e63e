import { describe, expect, it } from 'vitest';
import {
  computeDistanceTotals,
  computeParticipation,
  computeTripTotals,
} from '../../server/indicators/participation.js';
import {
  SUPPRESSION_K,
  isShowable,
  suppressSmallCell,
} from '../../server/indicators/suppression.js';
import type { CommuterPeriodSummary } from '../../server/indicators/types.js';

function summary(
  commuterId: string,
  tripsByMainMode: CommuterPeriodSummary['tripsByMainMode'],
): CommuterPeriodSummary {
  return {
    commuterId,
    ageBand: null,
    weightKg: null,
    tripsByMainMode,
    kmByMode: {},
    minutesByMode: {},
    cyclingDays: 0,
  };
}

describe('computeParticipation', () => {
  it('counts active commuters and trips per commuter-week', () => {
    const result = computeParticipation(
      10,
      [summary('a', { bike: 8, bus: 2 }), summary('b', { walk: 6 }), summary('c', {})],
      2,
    );
    expect(result).toEqual({
      registered: 10,
      active: 2,
      activeShare: 0.2,
      trips: 16,
      tripsPerCommuterWeek: 16 / (2 * 2),
    });
  });

  it('is zero-safe with nobody registered or active', () => {
    expect(computeParticipation(0, [], 1)).toEqual({
      registered: 0,
      active: 0,
      activeShare: 0,
      trips: 0,
      tripsPerCommuterWeek: 0,
    });
    expect(() => computeParticipation(3, [], 0)).toThrow(RangeError);
  });
});

describe('trip and distance totals', () => {
  it('sums trips by main mode', () => {
    const totals = computeTripTotals([
      { mainMode: 'bike', trips: 3 },
      { mainMode: 'bike', trips: 2 },
      { mainMode: 'train', trips: 4 },
    ]);
    expect(totals.trips).toBe(9);
    expect(totals.tripsByMainMode.bike).toBe(5);
  });

  it('sums km by leg mode and the active km', () => {
    const totals = computeDistanceTotals([
      { mode: 'bike', replacedMode: null, distanceKm: 2, durationMin: 8, legs: 1 },
      { mode: 'train', replacedMode: 'car_driver', distanceKm: 18, durationMin: 20, legs: 1 },
      { mode: 'walk', replacedMode: null, distanceKm: 0.5, durationMin: 6, legs: 1 },
      { mode: 'ebike', replacedMode: null, distanceKm: 4, durationMin: 12, legs: 2 },
    ]);
    expect(totals.distanceKm).toBe(24.5);
    expect(totals.activeDistanceKm).toBe(6.5);
    expect(totals.durationMin).toBe(46);
    expect(totals.legs).toBe(5);
    expect(totals.distanceKmByMode.train).toBe(18);
  });
});

describe('suppression (k = 5)', () => {
  it('hides aggregates resting on fewer than 5 commuters, without revealing the count', () => {
    expect(SUPPRESSION_K).toBe(5);
    expect(suppressSmallCell(12.5, 4)).toEqual({ suppressed: true, reason: 'fewer_than_k', k: 5 });
    expect(suppressSmallCell(12.5, 5)).toEqual({ suppressed: false, value: 12.5, commuters: 5 });
    expect(isShowable(4)).toBe(false);
    expect(isShowable(5)).toBe(true);
    expect(isShowable(2, 2)).toBe(true);
  });
});
