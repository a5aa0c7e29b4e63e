import { describe, expect, it } from 'vitest';
import {
  computeCarReplacementRate,
  computeModalShift,
  computeTransitionMatrix,
  followUpMainModeOf,
} from '../../server/indicators/modal-shift.js';
import type { CommuteSurvey, CommuterPeriodSummary } from '../../server/indicators/types.js';
import { fillByMode } from '../../server/indicators/types.js';

function summary(
  commuterId: string,
  tripsByMainMode: CommuterPeriodSummary['tripsByMainMode'],
  kmByMode: CommuterPeriodSummary['kmByMode'] = {},
): CommuterPeriodSummary {
  return {
    commuterId,
    ageBand: '30-39',
    weightKg: null,
    tripsByMainMode,
    kmByMode,
    minutesByMode: {},
    cyclingDays: 0,
  };
}

const survey = (
  commuterId: string,
  mode: CommuteSurvey['usualLegs'][number]['mode'],
  km = 5,
): CommuteSurvey => ({
  commuterId,
  usualLegs: [{ mode, distanceKm: km }],
  daysPerWeek: 5,
});

describe('computeModalShift', () => {
  it('gives percentage points per mode, summing to zero', () => {
    const baseline = { byTrips: fillByMode(0), byDistance: fillByMode(0) };
    baseline.byTrips.car_driver = 0.6;
    baseline.byTrips.bike = 0.4;
    baseline.byDistance.car_driver = 0.9;
    baseline.byDistance.bike = 0.1;
    const followUp = { byTrips: fillByMode(0), byDistance: fillByMode(0) };
    followUp.byTrips.car_driver = 0.25;
    followUp.byTrips.bike = 0.5;
    followUp.byTrips.walk = 0.25;
    followUp.byDistance.car_driver = 0.5;
    followUp.byDistance.bike = 0.5;
    const shift = computeModalShift(baseline, followUp);
    expect(shift.byTripsPp.car_driver).toBeCloseTo(-35, 9);
    expect(shift.byTripsPp.bike).toBeCloseTo(10, 9);
    expect(shift.byTripsPp.walk).toBeCloseTo(25, 9);
    expect(shift.byDistancePp.bike).toBeCloseTo(40, 9);
    expect(Object.values(shift.byTripsPp).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
    expect(shift.activeShare).toEqual({
      baseline: 0.4,
      followUp: 0.75,
      shiftPp: expect.closeTo(35, 9),
    });
  });

  it('with no baseline (all zeros) the shift is the follow-up share itself', () => {
    const empty = { byTrips: fillByMode(0), byDistance: fillByMode(0) };
    const followUp = { byTrips: fillByMode(0), byDistance: fillByMode(0) };
    followUp.byTrips.bike = 1;
    expect(computeModalShift(empty, followUp).byTripsPp.bike).toBe(100);
  });
});

describe('followUpMainModeOf', () => {
  it('is the main mode of most trips', () => {
    expect(
      followUpMainModeOf(summary('a', { bike: 3, car_driver: 2 }, { car_driver: 100, bike: 5 })),
    ).toBe('bike');
  });

  it('breaks a tie in trips by more km', () => {
    expect(followUpMainModeOf(summary('a', { bike: 2, bus: 2 }, { bike: 10, bus: 30 }))).toBe(
      'bus',
    );
  });

  it('breaks a tie in trips and km by MODES order', () => {
    expect(followUpMainModeOf(summary('a', { train: 2, walk: 2 }, { train: 4, walk: 4 }))).toBe(
      'walk',
    );
  });

  it('is null without trips', () => {
    expect(followUpMainModeOf(summary('a', {}))).toBeNull();
    expect(followUpMainModeOf(summary('a', { bike: 0 }))).toBeNull();
  });
});

describe('computeTransitionMatrix', () => {
  it('counts commuters per (baseline, follow-up) cell and reports those left out', () => {
    const matrix = computeTransitionMatrix(
      [
        survey('a', 'car_driver'),
        survey('b', 'car_driver'),
        survey('c', 'bus'),
        survey('gone', 'walk'),
      ],
      [
        summary('a', { bike: 8, car_driver: 2 }),
        summary('b', { bike: 5 }),
        summary('c', { bus: 1 }),
        summary('new', { walk: 4 }),
        summary('idle', {}),
      ],
    );
    expect(matrix.transitions).toEqual([
      { from: 'bus', to: 'bus', commuters: 1 },
      { from: 'car_driver', to: 'bike', commuters: 2 },
    ]);
    expect(matrix.commuters).toBe(3);
    expect(matrix.withoutFollowUp).toBe(1);
    expect(matrix.withoutBaseline).toBe(1);
  });

  it('uses the main mode of multi-leg usual commutes (bike 2 + train 18 is train)', () => {
    const matrix = computeTransitionMatrix(
      [
        {
          commuterId: 'e',
          usualLegs: [
            { mode: 'bike', distanceKm: 2 },
            { mode: 'train', distanceKm: 18 },
          ],
          daysPerWeek: 5,
        },
      ],
      [summary('e', { ebike: 3 })],
    );
    expect(matrix.transitions).toEqual([{ from: 'train', to: 'ebike', commuters: 1 }]);
  });
});

describe('computeCarReplacementRate', () => {
  it('divides non-car-driver trips by all trips of baseline car drivers', () => {
    // a: 6 bike + 4 car_driver; b: 3 car_passenger + 7 car_driver; c (baseline bus) is ignored.
    const rate = computeCarReplacementRate(
      [survey('a', 'car_driver'), survey('b', 'car_driver'), survey('c', 'bus')],
      [
        summary('a', { bike: 6, car_driver: 4 }),
        summary('b', { car_passenger: 3, car_driver: 7 }),
        summary('c', { car_driver: 10 }),
      ],
    );
    expect(rate.trips).toBe(20);
    expect(rate.replacedTrips).toBe(6 + 3);
    expect(rate.rate).toBe(9 / 20);
    expect(rate.commuters).toBe(2);
  });

  it('is null when baseline car drivers made no trips', () => {
    expect(
      computeCarReplacementRate([survey('a', 'car_driver')], [summary('a', {})]).rate,
    ).toBeNull();
    expect(computeCarReplacementRate([], [summary('a', { bike: 3 })]).rate).toBeNull();
  });

  it('is 0 when every trip is still driven', () => {
    expect(
      computeCarReplacementRate([survey('a', 'car_driver')], [summary('a', { car_driver: 10 })])
        .rate,
    ).toBe(0);
  });
});
