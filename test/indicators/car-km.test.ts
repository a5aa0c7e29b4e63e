import { describe, expect, it } from 'vitest';
import {
  computeCarKmChangeBetweenSurveys,
  computeCarKmSubstitutedByReplacedMode,
  computeCarKmSubstitutedBySurvey,
  computeUnlabelledKm,
  reconcileCarKm,
  surveyCarDriverKmPerWeek,
} from '../../server/indicators/car-km.js';
import type { CommuterPeriodSummary, LegAggregate } from '../../server/indicators/types.js';

const leg = (
  mode: LegAggregate['mode'],
  replacedMode: LegAggregate['replacedMode'],
  distanceKm: number,
  legs = 1,
): LegAggregate => ({
  mode,
  replacedMode,
  distanceKm,
  durationMin: 0,
  legs,
});

function summary(
  commuterId: string,
  kmByMode: CommuterPeriodSummary['kmByMode'],
  trips: number,
): CommuterPeriodSummary {
  return {
    commuterId,
    ageBand: null,
    weightKg: null,
    tripsByMainMode: trips > 0 ? { bike: trips } : {},
    kmByMode,
    minutesByMode: {},
    cyclingDays: 0,
  };
}

describe('computeCarKmSubstitutedByReplacedMode', () => {
  it('sums km of non-car legs that replaced car_driver', () => {
    const result = computeCarKmSubstitutedByReplacedMode([
      leg('bike', 'car_driver', 12, 4),
      leg('walk', 'car_driver', 1.5, 3),
      leg('bus', 'car_driver', 20, 2),
      leg('bike', 'bus', 30, 5),
      leg('bike', 'none', 7, 1),
      leg('bike', null, 9, 2),
    ]);
    expect(result.carKmSubstituted).toBe(12 + 1.5 + 20);
    expect(result.legs).toBe(4 + 3 + 2);
  });

  it('leaves out legs still driven, even when labelled as having replaced car_driver', () => {
    expect(
      computeCarKmSubstitutedByReplacedMode([leg('car_driver', 'car_driver', 40)]).carKmSubstituted,
    ).toBe(0);
  });

  it('counts a car_passenger leg that replaced car_driver in full, and nothing that replaced car_passenger', () => {
    const result = computeCarKmSubstitutedByReplacedMode([
      leg('car_passenger', 'car_driver', 15),
      leg('bike', 'car_passenger', 6),
    ]);
    expect(result.carKmSubstituted).toBe(15);
  });

  it('counts each leg of a multi-leg trip by its own replaced mode', () => {
    // bike 3 km to the station (replaced car_driver) + train 25 km (replaced bus).
    const result = computeCarKmSubstitutedByReplacedMode([
      leg('bike', 'car_driver', 3),
      leg('train', 'bus', 25),
    ]);
    expect(result.carKmSubstituted).toBe(3);
  });

  it('is 0 with no legs', () => {
    expect(computeCarKmSubstitutedByReplacedMode([])).toEqual({ carKmSubstituted: 0, legs: 0 });
  });
});

describe('computeUnlabelledKm', () => {
  it('sums km with no replaced mode; none is a label', () => {
    const result = computeUnlabelledKm([
      leg('bike', null, 6),
      leg('walk', 'none', 2),
      leg('bus', 'car_driver', 12),
    ]);
    expect(result).toEqual({ unlabelledKm: 6, totalKm: 20, unlabelledShare: 6 / 20 });
  });

  it('has share 0 with no km', () => {
    expect(computeUnlabelledKm([]).unlabelledShare).toBe(0);
  });
});

describe('computeCarKmSubstitutedBySurvey', () => {
  it('compares baseline and follow-up car-driver km per week for the same commuters', () => {
    const result = computeCarKmSubstitutedBySurvey(
      [
        { commuterId: 'a', usualLegs: [{ mode: 'car_driver', distanceKm: 10 }], daysPerWeek: 4 },
        // Park and walk: only the 6 car km count.
        {
          commuterId: 'b',
          usualLegs: [
            { mode: 'car_driver', distanceKm: 6 },
            { mode: 'walk', distanceKm: 1 },
          ],
          daysPerWeek: 5,
        },
        // Stopped logging: left out, or their 50 km/week would count as removed.
        { commuterId: 'c', usualLegs: [{ mode: 'car_driver', distanceKm: 5 }], daysPerWeek: 5 },
      ],
      [
        summary('a', { car_driver: 40, bike: 20 }, 6),
        summary('b', {}, 10),
        summary('c', {}, 0),
        summary('no-survey', { car_driver: 100 }, 5),
      ],
      2,
    );
    // a: 10 × 2 × 4 = 80 km/week before, 40 km ÷ 2 weeks = 20 after. b: 6 × 2 × 5 = 60 before, 0 after.
    expect(result.baselineCarKmPerWeek).toBe(80 + 60);
    expect(result.followUpCarKmPerWeek).toBe(20);
    expect(result.carKmSubstitutedPerWeek).toBe(140 - 20);
    expect(result.commuters).toBe(2);
    expect(result.withoutFollowUp).toBe(1);
  });

  it('can be negative when commuters drive more than they reported', () => {
    const result = computeCarKmSubstitutedBySurvey(
      [{ commuterId: 'a', usualLegs: [{ mode: 'bike', distanceKm: 3 }], daysPerWeek: 5 }],
      [summary('a', { car_driver: 30 }, 3)],
      1,
    );
    expect(result.carKmSubstitutedPerWeek).toBe(-30);
  });

  it('rejects a period of zero weeks', () => {
    expect(() => computeCarKmSubstitutedBySurvey([], [], 0)).toThrow(RangeError);
  });
});

describe('survey helpers and reconciliation', () => {
  it('surveyCarDriverKmPerWeek is one-way car km × 2 × days', () => {
    expect(
      surveyCarDriverKmPerWeek({
        commuterId: 'a',
        usualLegs: [{ mode: 'car_driver', distanceKm: 7.5 }],
        daysPerWeek: 3,
      }),
    ).toBe(45);
    expect(
      surveyCarDriverKmPerWeek({
        commuterId: 'a',
        usualLegs: [{ mode: 'car_passenger', distanceKm: 7.5 }],
        daysPerWeek: 3,
      }),
    ).toBe(0);
  });

  it('compares baseline and follow-up surveys of commuters who answered both', () => {
    const result = computeCarKmChangeBetweenSurveys(
      [
        { commuterId: 'a', usualLegs: [{ mode: 'car_driver', distanceKm: 10 }], daysPerWeek: 5 },
        { commuterId: 'b', usualLegs: [{ mode: 'car_driver', distanceKm: 10 }], daysPerWeek: 5 },
      ],
      [{ commuterId: 'a', usualLegs: [{ mode: 'car_driver', distanceKm: 10 }], daysPerWeek: 2 }],
    );
    expect(result).toEqual({
      carKmSubstitutedPerWeek: 100 - 40,
      baselineCarKmPerWeek: 100,
      followUpCarKmPerWeek: 40,
      commuters: 1,
    });
  });

  it('reconcileCarKm puts both figures per week', () => {
    expect(reconcileCarKm(120, 4, 40)).toEqual({
      replacedModeKmPerWeek: 30,
      surveyKmPerWeek: 40,
      differenceKmPerWeek: -10,
      ratio: 0.75,
    });
    expect(reconcileCarKm(10, 1, 0).ratio).toBeNull();
  });
});
