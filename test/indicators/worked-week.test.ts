import { describe, expect, it } from 'vitest';
import { computeCommuterActivity } from '../../server/indicators/activity.js';
import {
  computeCarKmSubstitutedByReplacedMode,
  computeCarKmSubstitutedBySurvey,
  computeUnlabelledKm,
  reconcileCarKm,
} from '../../server/indicators/car-km.js';
import { computeCo2AvoidedKg, withFactorOverrides } from '../../server/indicators/co2.js';
import { calculateHeat, computeHeatForCommuters } from '../../server/indicators/heat.js';
import {
  computeBaselineSplit,
  computeModalSplitByDistance,
  computeModalSplitByTrips,
} from '../../server/indicators/modal-split.js';
import {
  computeCarReplacementRate,
  computeModalShift,
  computeTransitionMatrix,
} from '../../server/indicators/modal-shift.js';
import { getFactorSet } from '../../server/indicators/reference-data.js';
import {
  WEEKS,
  baselineSurveys,
  legAggregates,
  summaries,
  tripAggregates,
} from './worked-week-fixture.js';

// docs/methodology.md#worked-example, number for number. Each expectation is the arithmetic
// written in the document, not a value read back from the implementation.

describe('worked week: modal split and shift', () => {
  const baseline = computeBaselineSplit(baselineSurveys);
  const followUp = {
    byTrips: computeModalSplitByTrips(tripAggregates),
    byDistance: computeModalSplitByDistance(legAggregates),
  };
  const shift = computeModalShift(baseline, followUp);

  it('splits trips 40 % car_driver before and 8 % after (-32 pp)', () => {
    expect(baseline.tripsPerWeek.car_driver).toBe(20);
    expect(baseline.byTrips.car_driver).toBeCloseTo(20 / 50, 12);
    expect(followUp.byTrips.car_driver).toBeCloseTo(4 / 50, 12);
    expect(shift.byTripsPp.car_driver).toBeCloseTo(-32, 9);
  });

  it('raises the active share from 20 % to 52 % of trips', () => {
    expect(shift.activeShare.baseline).toBeCloseTo(10 / 50, 12);
    expect(shift.activeShare.followUp).toBeCloseTo((10 + 6 + 10) / 50, 12);
    expect(shift.activeShare.shiftPp).toBeCloseTo(32, 9);
  });

  it('splits 480 passenger-km: car_driver 27.08 % -> 6.67 %, bike 14.58 %, ebike 10 %', () => {
    const baselineKm = Object.values(baseline.distanceKmPerWeek).reduce((a, b) => a + b, 0);
    expect(baselineKm).toBe(480);
    expect(baseline.byDistance.car_driver).toBeCloseTo((5 * 10 + 8 * 10) / 480, 12);
    expect(baseline.byDistance.car_driver * 100).toBeCloseTo(27.08, 2);
    expect(followUp.byDistance.car_driver * 100).toBeCloseTo(6.67, 2);
    expect(followUp.byDistance.bike * 100).toBeCloseTo(14.58, 2);
    expect(followUp.byDistance.ebike).toBeCloseTo(0.1, 12);
    expect(shift.byDistancePp.car_driver).toBeCloseTo((32 / 480 - 130 / 480) * 100, 9);
    expect(shift.byDistancePp.car_driver).toBeCloseTo(-20.42, 2);
  });

  it('maps each commuter from baseline to follow-up main mode', () => {
    const matrix = computeTransitionMatrix(baselineSurveys, summaries);
    expect(matrix.transitions).toEqual([
      { from: 'walk', to: 'walk', commuters: 1 },
      { from: 'bus', to: 'bus', commuters: 1 },
      { from: 'train', to: 'train', commuters: 1 },
      { from: 'car_driver', to: 'bike', commuters: 1 },
      { from: 'car_driver', to: 'ebike', commuters: 1 },
    ]);
  });

  it('gives a car-replacement rate of 16 / 20 = 80 %', () => {
    const rate = computeCarReplacementRate(baselineSurveys, summaries);
    expect(rate).toEqual({ rate: 16 / 20, replacedTrips: 16, trips: 20, commuters: 2 });
  });
});

describe('worked week: car-km and CO2', () => {
  it('substitutes 98 car-km either way', () => {
    const replaced = computeCarKmSubstitutedByReplacedMode(legAggregates);
    expect(replaced.carKmSubstituted).toBe(50 + 48);
    const survey = computeCarKmSubstitutedBySurvey(baselineSurveys, summaries, WEEKS);
    expect(survey.baselineCarKmPerWeek).toBe(130);
    expect(survey.followUpCarKmPerWeek).toBe(32);
    expect(survey.carKmSubstitutedPerWeek).toBe(130 - 32);
    expect(
      reconcileCarKm(replaced.carKmSubstituted, WEEKS, survey.carKmSubstitutedPerWeek)
        .differenceKmPerWeek,
    ).toBe(0);
  });

  it('leaves 382 of 480 km unlabelled', () => {
    const unlabelled = computeUnlabelledKm(legAggregates);
    expect(unlabelled.unlabelledKm).toBe(32 + 30 + 120 + 20 + 180);
    expect(unlabelled.unlabelledShare).toBeCloseTo(382 / 480, 12);
  });

  it('avoids 16.39 kg (direct) and 20.70 kg (well-to-wheel) with e-bike at 0, as DESIGN.md states it', () => {
    const direct = computeCo2AvoidedKg(
      legAggregates,
      withFactorOverrides(getFactorSet('desnz-2025-direct'), { ebike: 0 }),
    );
    expect(direct.co2AvoidedKg).toBeCloseTo(98 * 0.16725, 10);
    expect(direct.co2AvoidedKg).toBeCloseTo(16.39, 2);
    const wtw = computeCo2AvoidedKg(
      legAggregates,
      withFactorOverrides(getFactorSet('desnz-2025-wtw'), { ebike: 0 }),
    );
    expect(wtw.co2AvoidedKg).toBeCloseTo(98 * 0.21124, 10);
    expect(wtw.co2AvoidedKg).toBeCloseTo(20.7, 2);
  });

  it("avoids 16.31 kg (direct) and 20.59 kg (well-to-wheel) with the sets' own e-bike factor", () => {
    const direct = computeCo2AvoidedKg(legAggregates, getFactorSet('desnz-2025-direct'));
    expect(direct.co2AvoidedKg).toBeCloseTo(50 * 0.16725 + 48 * (0.16725 - 0.00177), 10);
    expect(direct.co2AvoidedKg).toBeCloseTo(16.31, 2);
    const wtw = computeCo2AvoidedKg(legAggregates, getFactorSet('desnz-2025-wtw'));
    expect(wtw.co2AvoidedKg).toBeCloseTo(50 * 0.21124 + 48 * (0.21124 - 0.0024), 10);
    expect(wtw.co2AvoidedKg).toBeCloseTo(20.59, 2);
  });
});

describe('worked week: HEAT and energy', () => {
  const minutesPerCommutingWeek = (50 / 14) * 60;
  const annualMinutesPerWeek = (minutesPerCommutingWeek * 46) / 52;

  it('annualises 214.29 min per commuting week to 189.56 min/week', () => {
    expect(minutesPerCommutingWeek).toBeCloseTo(214.29, 2);
    expect(annualMinutesPerWeek).toBeCloseTo(189.56, 2);
  });

  it('prevents 0.0457 deaths a year for 100 people cycling like A in Denmark', () => {
    // 100 copies of commuter A: the route from summaries, not just the calculator.
    const hundredAs = Array.from({ length: 100 }, (_, i) => ({
      ...summaries[0]!,
      commuterId: `A${i}`,
    }));
    const result = computeHeatForCommuters(hundredAs, {
      mode: 'bike',
      weeks: WEEKS,
      country: 'DK',
    });
    const riskReduction = (0.1 * annualMinutesPerWeek) / 100;
    const deaths = 100 * (241.2141 / 100_000) * riskReduction;
    expect(result.input.people).toBe(100);
    expect(result.input.minutesPerWeek).toBeCloseTo(annualMinutesPerWeek, 9);
    expect(result.riskReduction).toBeCloseTo(riskReduction, 12);
    expect(result.riskReduction).toBeCloseTo(0.1896, 4);
    expect(result.capped).toBe(false);
    expect(result.deathsPreventedPerYear).toBeCloseTo(deaths, 12);
    expect(result.deathsPreventedPerYear).toBeCloseTo(0.0457, 4);
    expect(result.valuePerYear).toBeCloseTo(deaths * 4_544_942.434, 4);
    expect(Math.round(result.valuePerYear)).toBe(207_816);
    // 5-year build-up over 10 years: 0.2 + 0.4 + 0.6 + 0.8 + 1 × 6 = 8 years' worth.
    expect(result.deathsPreventedTotal).toBeCloseTo(deaths * 8, 12);
    expect(result.deathsPreventedTotal).toBeCloseTo(0.3658, 4);
    expect(Math.round(result.valueTotal)).toBe(1_662_527);
    expect(result.valueDiscounted).toBeCloseTo(result.valueTotal, 6);

    const calc = calculateHeat({
      mode: 'bike',
      people: 100,
      kmPerWeek: (50 * 46) / 52,
      country: 'DK',
    });
    expect(calc.deathsPreventedPerYear).toBeCloseTo(deaths, 12);
  });

  it('gives commuter A 1,700 kcal gross and 1,450 kcal net at 70 kg and MET 6.8', () => {
    const activity = computeCommuterActivity(summaries[0]!, WEEKS);
    const hours = minutesPerCommutingWeek / 60;
    expect(activity.grossKcal).toBeCloseTo(6.8 * 70 * hours, 9);
    expect(activity.grossKcal).toBeCloseTo(1700, 6);
    expect(activity.netKcal).toBeCloseTo(1450, 6);
    expect(activity.meetsWhoTarget).toBe(true);
  });
});
