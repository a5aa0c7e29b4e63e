import { describe, expect, it } from 'vitest';
import { MODES } from '../../server/domain/modes.js';
import {
  computeActiveShare,
  computeBaselineSplit,
  computeModalSplitByDistance,
  computeModalSplitByTrips,
  modesPresent,
  toShares,
} from '../../server/indicators/modal-split.js';
import type { LegAggregate, TripAggregate } from '../../server/indicators/types.js';
import { fillByMode } from '../../server/indicators/types.js';

const sum = (shares: Record<string, number>) => Object.values(shares).reduce((a, b) => a + b, 0);

const leg = (mode: LegAggregate['mode'], distanceKm: number): LegAggregate => ({
  mode,
  replacedMode: null,
  distanceKm,
  durationMin: 0,
  legs: 1,
});

describe('computeModalSplitByTrips', () => {
  it('shares trips by main mode (3 bike, 1 walk, 4 car_driver of 8)', () => {
    const split = computeModalSplitByTrips([
      { mainMode: 'bike', trips: 3 },
      { mainMode: 'walk', trips: 1 },
      { mainMode: 'car_driver', trips: 4 },
    ]);
    expect(split.bike).toBe(3 / 8);
    expect(split.walk).toBe(1 / 8);
    expect(split.car_driver).toBe(4 / 8);
    expect(split.bus).toBe(0);
  });

  it('adds up rows of the same mode (rollups come per day and site)', () => {
    const split = computeModalSplitByTrips([
      { mainMode: 'bike', trips: 1 },
      { mainMode: 'bike', trips: 2 },
      { mainMode: 'bus', trips: 1 },
    ]);
    expect(split.bike).toBe(3 / 4);
  });

  it('returns every mode, all zeros, when there are no trips', () => {
    const split = computeModalSplitByTrips([]);
    expect(Object.keys(split)).toEqual([...MODES]);
    expect(sum(split)).toBe(0);
  });

  it.each<[string, TripAggregate[]]>([
    ['one mode', [{ mainMode: 'train', trips: 7 }]],
    [
      'thirds',
      [
        { mainMode: 'walk', trips: 1 },
        { mainMode: 'bike', trips: 1 },
        { mainMode: 'bus', trips: 1 },
      ],
    ],
    ['every mode', MODES.map((mainMode, i) => ({ mainMode, trips: i + 1 }))],
  ])('shares sum to 1 (%s)', (_name, rows) => {
    expect(sum(computeModalSplitByTrips(rows))).toBeCloseTo(1, 12);
  });
});

describe('computeModalSplitByDistance', () => {
  it('shares passenger-km by leg mode, so feeder cycling counts as bike', () => {
    // One bike 2 km + train 18 km trip, and one 10 km car trip: 30 km.
    const split = computeModalSplitByDistance([
      leg('bike', 2),
      leg('train', 18),
      leg('car_driver', 10),
    ]);
    expect(split.bike).toBeCloseTo(2 / 30, 12);
    expect(split.train).toBeCloseTo(18 / 30, 12);
    expect(split.car_driver).toBeCloseTo(10 / 30, 12);
    expect(sum(split)).toBeCloseTo(1, 12);
  });

  it('counts car passenger km as car_passenger passenger-km', () => {
    const split = computeModalSplitByDistance([leg('car_passenger', 6), leg('walk', 2)]);
    expect(split.car_passenger).toBe(6 / 8);
  });

  it('is all zeros with no km', () => {
    expect(sum(computeModalSplitByDistance([leg('walk', 0)]))).toBe(0);
  });
});

describe('computeBaselineSplit', () => {
  it('gives each commuter daysPerWeek x 2 trips of their usual main mode', () => {
    const split = computeBaselineSplit([
      { commuterId: 'a', usualLegs: [{ mode: 'car_driver', distanceKm: 10 }], daysPerWeek: 5 },
      {
        commuterId: 'b',
        usualLegs: [
          { mode: 'bike', distanceKm: 2 },
          { mode: 'train', distanceKm: 18 },
        ],
        daysPerWeek: 3,
      },
    ]);
    // a: 10 car trips, 100 km; b: 6 trips with main mode train, 12 bike km + 108 train km.
    expect(split.tripsPerWeek.car_driver).toBe(10);
    expect(split.tripsPerWeek.train).toBe(6);
    expect(split.tripsPerWeek.bike).toBe(0);
    expect(split.byTrips.car_driver).toBe(10 / 16);
    expect(split.byTrips.train).toBe(6 / 16);
    expect(split.distanceKmPerWeek.bike).toBe(12);
    expect(split.distanceKmPerWeek.train).toBe(108);
    expect(split.byDistance.car_driver).toBeCloseTo(100 / 220, 12);
    expect(split.byDistance.bike).toBeCloseTo(12 / 220, 12);
    expect(split.commuters).toBe(2);
  });

  it('takes the longer leg as main mode and the earlier leg on a tie', () => {
    const split = computeBaselineSplit([
      {
        commuterId: 'a',
        usualLegs: [
          { mode: 'walk', distanceKm: 1 },
          { mode: 'bus', distanceKm: 1 },
        ],
        daysPerWeek: 1,
      },
    ]);
    expect(split.byTrips.walk).toBe(1);
  });

  it('has no baseline (all zeros) for no surveys, empty legs or zero commuting days', () => {
    for (const surveys of [
      [],
      [{ commuterId: 'a', usualLegs: [], daysPerWeek: 5 }],
      [{ commuterId: 'a', usualLegs: [{ mode: 'bike' as const, distanceKm: 4 }], daysPerWeek: 0 }],
    ]) {
      const split = computeBaselineSplit(surveys);
      expect(sum(split.byTrips)).toBe(0);
      expect(sum(split.byDistance)).toBe(0);
    }
  });
});

describe('helpers', () => {
  it('computeActiveShare adds walk, bike and ebike', () => {
    const split = fillByMode(0);
    split.walk = 0.1;
    split.bike = 0.2;
    split.ebike = 0.05;
    split.car_driver = 0.65;
    expect(computeActiveShare(split)).toBeCloseTo(0.35, 12);
    expect(computeActiveShare(split, { includeEbike: true })).toBeCloseTo(0.35, 12);
    // The headline's walking and pedal cycling leaves the e-bike out.
    expect(computeActiveShare(split, { includeEbike: false })).toBeCloseTo(0.3, 12);
  });

  it('toShares of zeros stays zeros; modesPresent lists non-zero modes in MODES order', () => {
    expect(sum(toShares(fillByMode(0)))).toBe(0);
    const totals = fillByMode(0);
    totals.train = 2;
    totals.walk = 1;
    expect(modesPresent(toShares(totals))).toEqual(['walk', 'train']);
  });
});
