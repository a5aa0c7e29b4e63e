import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHT_KG,
  WHO_ACTIVE_MINUTES_PER_WEEK,
  computeActivitySummary,
  computeCommuterActivity,
  computeCyclingDays,
  computeKcal,
  metFor,
} from '../../server/indicators/activity.js';
import type { CommuterPeriodSummary } from '../../server/indicators/types.js';

function summary(overrides: Partial<CommuterPeriodSummary>): CommuterPeriodSummary {
  return {
    commuterId: 'c',
    ageBand: '30-39',
    weightKg: null,
    tripsByMainMode: { bike: 1 },
    kmByMode: {},
    minutesByMode: {},
    cyclingDays: 0,
    ...overrides,
  };
}

describe('metFor', () => {
  it('uses the commuting defaults when the speed is not measured', () => {
    expect(metFor('walk', null)).toMatchObject({ met: 3.5, code: '16060', bySpeed: false });
    expect(metFor('bike', null)).toMatchObject({ met: 6.8, code: '01011', bySpeed: false });
    expect(metFor('ebike', null)).toMatchObject({ met: 5.9, code: null, bySpeed: false });
  });

  it.each([
    ['walk', 4.5, 3.5],
    ['walk', 5.6, 4.3],
    ['walk', 6.0, 4.3],
    ['walk', 7.0, 5.0],
    ['bike', 12, 4.0],
    ['bike', 17, 6.8],
    ['bike', 20, 8.0],
    ['bike', 24, 10.0],
    ['bike', 30, 10.0],
    ['ebike', 25, 5.9],
  ] as const)('%s at %d km/h is %d MET', (mode, speed, met) => {
    expect(metFor(mode, speed).met).toBe(met);
  });

  it('treats a zero or invalid speed as unknown', () => {
    expect(metFor('bike', 0).met).toBe(6.8);
    expect(metFor('bike', Number.NaN).met).toBe(6.8);
  });
});

describe('computeKcal', () => {
  it('is MET × kg × h gross and (MET − 1) × kg × h net', () => {
    expect(computeKcal(6.8, 70, 60)).toEqual({ grossKcal: 6.8 * 70, netKcal: 5.8 * 70 });
    expect(computeKcal(3.5, 50, 30)).toEqual({
      grossKcal: 3.5 * 50 * 0.5,
      netKcal: 2.5 * 50 * 0.5,
    });
  });

  it('uses 70 kg when the weight is unknown', () => {
    expect(DEFAULT_WEIGHT_KG).toBe(70);
    expect(computeKcal(4, null, 60).grossKcal).toBe(280);
  });
});

describe('computeCommuterActivity', () => {
  it('counts walk, bike and e-bike minutes against 150 min/week', () => {
    const activity = computeCommuterActivity(
      summary({ minutesByMode: { walk: 100, bike: 120, ebike: 80, bus: 500 } }),
      2,
    );
    expect(activity.activeMinutes).toBe(300);
    expect(activity.activeMinutesPerWeek).toBe(150);
    expect(activity.shareOfWhoTarget).toBe(1);
    expect(activity.meetsWhoTarget).toBe(true);
    expect(WHO_ACTIVE_MINUTES_PER_WEEK).toBe(150);
  });

  it('gives default-MET kcal per mode at the commuter weight', () => {
    const activity = computeCommuterActivity(
      summary({ weightKg: 60, minutesByMode: { walk: 60, ebike: 30 } }),
      1,
    );
    expect(activity.grossKcal).toBeCloseTo(3.5 * 60 * 1 + 5.9 * 60 * 0.5, 9);
    expect(activity.netKcal).toBeCloseTo(2.5 * 60 * 1 + 4.9 * 60 * 0.5, 9);
    expect(activity.weightKnown).toBe(true);
    expect(activity.meetsWhoTarget).toBe(false);
  });

  it('uses the speed MET for measured minutes and the default for the rest', () => {
    // 60 bike minutes, 30 of them measured over 10 km (20 km/h, 8.0 MET); 80 kg.
    const activity = computeCommuterActivity(
      summary({
        weightKg: 80,
        minutesByMode: { bike: 60 },
        measuredByMode: { bike: { distanceKm: 10, durationMin: 30 } },
      }),
      1,
    );
    expect(activity.byMode.bike.minutesBySpeed).toBe(30);
    expect(activity.grossKcal).toBeCloseTo(8.0 * 80 * 0.5 + 6.8 * 80 * 0.5, 9);
    expect(activity.netKcal).toBeCloseTo(7.0 * 80 * 0.5 + 5.8 * 80 * 0.5, 9);
    expect(activity.byMode.bike.met).toBeCloseTo((8.0 + 6.8) / 2, 12);
  });

  it('has zero minutes and kcal without active travel', () => {
    const activity = computeCommuterActivity(summary({ minutesByMode: { car_driver: 200 } }), 1);
    expect(activity.activeMinutes).toBe(0);
    expect(activity.grossKcal).toBe(0);
  });

  it('rejects a zero-week period', () => {
    expect(() => computeCommuterActivity(summary({}), 0)).toThrow(RangeError);
  });
});

describe('computeActivitySummary', () => {
  it('averages over commuters with trips and counts those meeting the WHO target', () => {
    const result = computeActivitySummary(
      [
        summary({ commuterId: 'a', weightKg: 70, minutesByMode: { bike: 200 } }),
        summary({ commuterId: 'b', minutesByMode: { walk: 100 } }),
        summary({ commuterId: 'idle', tripsByMainMode: {}, minutesByMode: {} }),
      ],
      1,
    );
    expect(result.commuters).toBe(2);
    expect(result.activeMinutesPerCommuterWeek).toBe(150);
    expect(result.commutersMeetingWhoTarget).toBe(1);
    expect(result.shareMeetingWhoTarget).toBe(0.5);
    expect(result.commutersWithDefaultWeight).toBe(1);
    expect(result.grossKcal).toBeCloseTo(6.8 * 70 * (200 / 60) + 3.5 * 70 * (100 / 60), 9);
  });

  it('is all zeros for nobody', () => {
    expect(computeActivitySummary([], 1)).toMatchObject({
      commuters: 0,
      activeMinutesPerCommuterWeek: 0,
      shareMeetingWhoTarget: 0,
    });
  });
});

describe('computeCyclingDays', () => {
  it('sums cycling days and counts cyclists', () => {
    const result = computeCyclingDays([
      summary({ cyclingDays: 5 }),
      summary({ cyclingDays: 3 }),
      summary({ cyclingDays: 0 }),
    ]);
    expect(result).toEqual({ cyclingDays: 8, cyclists: 2, cyclingDaysPerCyclist: 4 });
  });

  it('is zero without cyclists', () => {
    expect(computeCyclingDays([])).toEqual({
      cyclingDays: 0,
      cyclists: 0,
      cyclingDaysPerCyclist: 0,
    });
  });
});
