import { describe, expect, it } from 'vitest';
import { MODES } from '../../server/domain/modes.js';
import {
  computeCo2AvoidedKg,
  computeCo2EmittedKg,
  emissionFactorKgPerKm,
  withFactorOverrides,
} from '../../server/indicators/co2.js';
import { FACTOR_SETS, getFactorSet } from '../../server/indicators/reference-data.js';
import type { LegAggregate } from '../../server/indicators/types.js';

const leg = (
  mode: LegAggregate['mode'],
  replacedMode: LegAggregate['replacedMode'],
  distanceKm: number,
): LegAggregate => ({
  mode,
  replacedMode,
  distanceKm,
  durationMin: 0,
  legs: 1,
});

const direct = getFactorSet('desnz-2025-direct');

const mixedLegs: LegAggregate[] = [
  leg('bike', 'car_driver', 40),
  leg('ebike', 'car_driver', 25),
  leg('bus', 'car_driver', 30),
  leg('walk', 'bus', 4),
  leg('train', 'none', 60),
  leg('car_driver', 'bus', 10),
  leg('car_passenger', 'car_driver', 12),
  leg('tram', 'metro', 5),
  leg('bike', null, 100),
];

describe('computeCo2AvoidedKg', () => {
  it('credits a bus leg that replaced a car with the difference of factors', () => {
    // 10 km × (0.16725 − 0.10385) = 0.634 kg
    expect(computeCo2AvoidedKg([leg('bus', 'car_driver', 10)], direct).co2AvoidedKg).toBeCloseTo(
      10 * (0.16725 - 0.10385),
      12,
    );
  });

  it('charges a trip that would not have been made (replaced none) with what it emitted', () => {
    expect(computeCo2AvoidedKg([leg('bus', 'none', 10)], direct).co2AvoidedKg).toBeCloseTo(
      -10 * 0.10385,
      12,
    );
    expect(computeCo2AvoidedKg([leg('bike', 'none', 10)], direct).co2AvoidedKg).toBe(0);
  });

  it('counts unlabelled legs as nothing and reports their km', () => {
    const result = computeCo2AvoidedKg(
      [leg('bike', null, 8), leg('walk', 'car_driver', 2)],
      direct,
    );
    expect(result.co2AvoidedKg).toBeCloseTo(2 * 0.16725, 12);
    expect(result.unlabelledKm).toBe(8);
    expect(result.labelledKm).toBe(2);
    expect(result.byMode.bike.distanceKm).toBe(0);
  });

  it('credits the whole car when a commuter rides as passenger instead of driving, and nothing for a passenger who cycles', () => {
    const result = computeCo2AvoidedKg(
      [leg('car_passenger', 'car_driver', 12), leg('bike', 'car_passenger', 7)],
      direct,
    );
    expect(result.byMode.car_passenger.co2AvoidedKg).toBeCloseTo(12 * 0.16725, 12);
    expect(result.byMode.bike.co2AvoidedKg).toBe(0);
  });

  it('handles legs of one trip that replace different modes (bike replaced car, train replaced bus)', () => {
    const result = computeCo2AvoidedKg(
      [leg('bike', 'car_driver', 2), leg('train', 'bus', 18)],
      direct,
    );
    expect(result.byMode.bike.co2AvoidedKg).toBeCloseTo(2 * 0.16725, 12);
    expect(result.byMode.train.co2AvoidedKg).toBeCloseTo(18 * (0.10385 - 0.03546), 12);
    expect(result.co2AvoidedKg).toBeCloseTo(2 * 0.16725 + 18 * (0.10385 - 0.03546), 12);
  });

  it('is negative when a leg is dirtier than what it replaced', () => {
    expect(computeCo2AvoidedKg([leg('car_driver', 'bus', 10)], direct).co2AvoidedKg).toBeCloseTo(
      10 * (0.10385 - 0.16725),
      12,
    );
  });

  it('uses the Danish per-passenger-km car figure for the driver (10 km bike instead of car: 0.99 kg)', () => {
    expect(
      computeCo2AvoidedKg([leg('bike', 'car_driver', 10)], getFactorSet('dk-tm-2023')).co2AvoidedKg,
    ).toBeCloseTo(10 * 0.099, 12);
  });

  it('uses lifecycle figures for bikes in the ECF set (10 km bike instead of car: 10 × (0.271 − 0.021))', () => {
    expect(
      computeCo2AvoidedKg([leg('bike', 'car_driver', 10)], getFactorSet('ecf-2011-lifecycle'))
        .co2AvoidedKg,
    ).toBeCloseTo(2.5, 12);
  });

  it('is zero with no legs', () => {
    const result = computeCo2AvoidedKg([], direct);
    expect(result.co2AvoidedKg).toBe(0);
    expect(result.factorSetId).toBe('desnz-2025-direct');
  });

  it.each(FACTOR_SETS.map((set) => [set.id, set] as const))(
    'keeps avoided = replaced − actual, in total and per mode (%s)',
    (_id, set) => {
      const result = computeCo2AvoidedKg(mixedLegs, set);
      expect(result.co2AvoidedKg).toBeCloseTo(result.replacedCo2Kg - result.actualCo2Kg, 12);
      let byModeSum = 0;
      for (const mode of MODES) {
        const cell = result.byMode[mode];
        expect(cell.co2AvoidedKg).toBeCloseTo(cell.replacedCo2Kg - cell.actualCo2Kg, 12);
        byModeSum += cell.co2AvoidedKg;
      }
      expect(byModeSum).toBeCloseTo(result.co2AvoidedKg, 12);
      expect(result.unlabelledKm + result.labelledKm).toBe(
        mixedLegs.reduce((a, l) => a + l.distanceKm, 0),
      );
    },
  );
});

describe('factors', () => {
  it("gives 'none' a factor of 0 and car passengers 0 in every set", () => {
    for (const set of FACTOR_SETS) {
      expect(emissionFactorKgPerKm(set, 'none')).toBe(0);
      expect(emissionFactorKgPerKm(set, 'car_passenger')).toBe(0);
    }
  });

  it('withFactorOverrides marks the copy and leaves the published set alone', () => {
    const custom = withFactorOverrides(direct, { ebike: 0.004 });
    expect(custom.id).toBe('desnz-2025-direct+custom');
    expect(custom.kgPerKm.ebike).toBe(0.004);
    expect(direct.kgPerKm.ebike).toBe(0.00177);
    expect(custom.assumptions.at(-1)).toContain('ebike');
    expect(withFactorOverrides(direct, {})).toBe(direct);
    expect(() => withFactorOverrides(direct, { bus: -1 })).toThrow(RangeError);
  });

  it('computeCo2EmittedKg sums every leg at its own factor, labelled or not', () => {
    const result = computeCo2EmittedKg(
      [leg('car_driver', null, 10), leg('bus', 'car_driver', 20), leg('bike', null, 5)],
      direct,
    );
    expect(result.co2EmittedKg).toBeCloseTo(10 * 0.16725 + 20 * 0.10385, 12);
    expect(result.byMode.bike).toBe(0);
  });
});
