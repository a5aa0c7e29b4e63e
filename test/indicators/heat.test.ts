import { describe, expect, it } from 'vitest';
import {
  assessHeat,
  calculateHeat,
  computeHeatBeforeAfter,
  computeHeatForCommuters,
  computeHeatRisk,
  deriveHeatInputFromSummaries,
  heatBuildUpFractions,
  HeatInputError,
  heatYearShares,
  surveyMinutesPerWeek,
  type HeatCalculatorRequest,
} from '../../server/indicators/heat.js';
import type { CommuterPeriodSummary } from '../../server/indicators/types.js';

function summary(
  commuterId: string,
  ageBand: CommuterPeriodSummary['ageBand'],
  minutesByMode: CommuterPeriodSummary['minutesByMode'],
  trips = 1,
): CommuterPeriodSummary {
  return {
    commuterId,
    ageBand,
    weightKg: null,
    tripsByMainMode: { bike: trips },
    kmByMode: {},
    minutesByMode,
    cyclingDays: 0,
  };
}

describe('computeHeatRisk', () => {
  it('is 10 % for 100 min/week of cycling and 11.4 % for 168 min/week of walking', () => {
    expect(computeHeatRisk('bike', 100).riskReduction).toBeCloseTo(0.1, 12);
    expect(computeHeatRisk('walk', 168).riskReduction).toBeCloseTo(0.114, 12);
    expect(computeHeatRisk('walk', 168).relativeRisk).toBeCloseTo(0.886, 12);
  });

  it('is linear below the cap', () => {
    expect(computeHeatRisk('bike', 250).riskReduction).toBeCloseTo(0.25, 12);
    expect(computeHeatRisk('bike', 440)).toMatchObject({
      riskReduction: expect.closeTo(0.44, 12),
      capped: false,
    });
  });

  it('caps cycling at 45 % and walking at 30 %, and says so', () => {
    const bike = computeHeatRisk('bike', 500);
    expect(bike).toEqual({
      relativeRisk: 0.55,
      riskReduction: 0.45,
      uncappedRiskReduction: expect.closeTo(0.5, 12),
      capped: true,
    });
    const walk = computeHeatRisk('walk', 500);
    expect(walk.uncappedRiskReduction).toBeCloseTo((0.114 * 500) / 168, 12);
    expect(walk.riskReduction).toBe(0.3);
    expect(walk.capped).toBe(true);
  });

  it('is 0 without activity and rejects negative minutes', () => {
    expect(computeHeatRisk('walk', 0)).toEqual({
      relativeRisk: 1,
      riskReduction: 0,
      uncappedRiskReduction: 0,
      capped: false,
    });
    expect(() => computeHeatRisk('bike', -1)).toThrow(RangeError);
  });
});

describe('heatBuildUpFractions', () => {
  it('builds up linearly over 5 years, then stays at full effect', () => {
    expect(heatBuildUpFractions(10, 5)).toEqual([0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1]);
    expect(heatBuildUpFractions(3, 5)).toEqual([0.2, 0.4, 0.6]);
    expect(heatBuildUpFractions(2, 0)).toEqual([1, 1]);
    expect(() => heatBuildUpFractions(0, 5)).toThrow(RangeError);
  });
});

describe('assessHeat', () => {
  // 1000 people walking 168 min/week, mortality 400 per 100,000, VSL 1,000,000:
  // 1000 × 0.004 × 0.114 = 0.456 deaths a year, worth 456,000.
  const base = {
    mode: 'walk' as const,
    people: 1000,
    minutesPerWeek: 168,
    mortalityPer100k: 400,
    vsl: 1_000_000,
    currency: 'EUR',
  };

  it('multiplies people, mortality, risk reduction and VSL', () => {
    const result = assessHeat({ ...base, years: 1, buildUpYears: 0, discountRate: 0 });
    expect(result.deathsPreventedPerYear).toBeCloseTo(0.456, 12);
    expect(result.valuePerYear).toBeCloseTo(456_000, 6);
  });

  it('sums the build-up over the assessment years', () => {
    const result = assessHeat({ ...base, years: 3, buildUpYears: 2, discountRate: 0 });
    expect(result.deathsPreventedTotal).toBeCloseTo(0.456 * (0.5 + 1 + 1), 12);
    expect(result.valueTotal).toBeCloseTo(456_000 * 2.5, 6);
    expect(result.valueDiscounted).toBeCloseTo(result.valueTotal, 6);
  });

  it('discounts from the second year on', () => {
    const result = assessHeat({ ...base, years: 3, buildUpYears: 0, discountRate: 0.05 });
    expect(result.valueTotal).toBeCloseTo(456_000 * 3, 6);
    expect(result.valueDiscounted).toBeCloseTo(456_000 * (1 + 1 / 1.05 + 1 / 1.05 ** 2), 6);
    expect(result.valueAveragePerYear).toBeCloseTo(result.valueDiscounted / 3, 6);
  });

  it('rejects a discount rate outside [0, 1) and negative people', () => {
    expect(() => assessHeat({ ...base, years: 1, buildUpYears: 0, discountRate: 1.5 })).toThrow(
      RangeError,
    );
    expect(() =>
      assessHeat({ ...base, people: -1, years: 1, buildUpYears: 0, discountRate: 0 }),
    ).toThrow(RangeError);
  });
});

describe('calculateHeat', () => {
  it('walking in Italy from km per week: 8 km at 4.8 km/h is 100 min, ages 20-74', () => {
    const result = calculateHeat({ mode: 'walk', people: 1000, kmPerWeek: 8, country: 'IT' });
    const riskReduction = (0.114 * 100) / 168;
    const deaths = 1000 * (311.7656 / 100_000) * riskReduction;
    expect(result.parameters.minutesPerWeek).toBeCloseTo(100, 12);
    expect(result.parameters.speedKmh).toBe(4.8);
    expect(result.parameters.ageGroup).toBe('20-74');
    expect(result.deathsPreventedPerYear).toBeCloseTo(deaths, 12);
    expect(result.valuePerYear).toBeCloseTo(deaths * 2_768_073.162, 6);
    // Defaults: 10 years, 5-year build-up (8 years' worth), no discounting.
    expect(result.deathsPreventedTotal).toBeCloseTo(deaths * 8, 12);
    expect(result.valueDiscounted).toBeCloseTo(result.valueTotal, 6);
    expect(result.currency).toBe('EUR');
    expect(result.sources.length).toBeGreaterThan(0);
  });

  it('uses the 20-64 mortality when asked for walking, and accepts lower-case country codes', () => {
    const result = calculateHeat({
      mode: 'walk',
      people: 1,
      minutesPerWeek: 168,
      country: 'es',
      ageGroup: '20-64',
    });
    expect(result.parameters.mortalityPer100k).toBe(199.2764);
    expect(result.deathsPreventedPerYear).toBeCloseTo((199.2764 / 100_000) * 0.114, 12);
  });

  it('reports a capped result for very active cyclists', () => {
    const result = calculateHeat({ mode: 'bike', people: 10, minutesPerWeek: 600, country: 'PL' });
    expect(result.capped).toBe(true);
    expect(result.deathsPreventedPerYear).toBeCloseTo(10 * (411.8444 / 100_000) * 0.45, 12);
  });

  it.each<[HeatCalculatorRequest, string]>([
    [{ mode: 'bike', people: 1, country: 'DK' }, 'neither minutes nor km'],
    [
      { mode: 'bike', people: 1, minutesPerWeek: 10, kmPerWeek: 5, country: 'DK' },
      'both minutes and km',
    ],
    [{ mode: 'bike', people: 1, minutesPerWeek: 10, country: 'FR' }, 'a country without data'],
    [
      { mode: 'bike', people: 1, minutesPerWeek: 10, country: 'DK', ageGroup: '20-74' },
      'cycling over 64',
    ],
  ])('rejects %j (%s)', (request) => {
    expect(() => calculateHeat(request)).toThrow(RangeError);
  });
});

describe('deriveHeatInputFromSummaries', () => {
  const group = [
    summary('s1', '30-39', { bike: 120 }),
    summary('s2', '65-74', { bike: 60, walk: 100 }),
    summary('s3', null, { bike: 30, ebike: 60 }),
    summary('s4', '<20', { walk: 50 }),
    summary('s5', '20-29', { ebike: 90 }),
  ];

  it('counts cyclists aged 20-64, unknown ages included and flagged, and annualises 46 of 52 weeks', () => {
    const input = deriveHeatInputFromSummaries(group, { mode: 'bike', weeks: 2 });
    // s1 and s3 cycle (120 + 30 min over 2 weeks); s2 is 65-74; s5 only e-bikes.
    expect(input.people).toBe(2);
    expect(input.peopleWithUnknownAge).toBe(1);
    expect(input.includesUnknownAge).toBe(true);
    expect(input.peopleOutsideAgeGroup).toBe(1);
    expect(input.minutesPerCommutingWeek).toBe(150 / 2 / 2);
    expect(input.minutesPerWeek).toBeCloseTo((37.5 * 46) / 52, 12);
  });

  it('can leave unknown ages out', () => {
    const input = deriveHeatInputFromSummaries(group, {
      mode: 'bike',
      weeks: 2,
      unknownAgeBand: 'exclude',
    });
    expect(input.people).toBe(1);
    expect(input.minutesPerCommutingWeek).toBe(60);
    expect(input.peopleOutsideAgeGroup).toBe(2);
  });

  it('adds weighted e-bike minutes only when asked', () => {
    const input = deriveHeatInputFromSummaries(group, {
      mode: 'bike',
      weeks: 2,
      ebikeMinuteWeight: 1,
      commutingWeeksPerYear: 52,
    });
    // s1 120, s3 30 + 60, s5 90: 300 min, 3 people, 2 weeks.
    expect(input.people).toBe(3);
    expect(input.minutesPerWeek).toBe(50);
  });

  it('counts walkers up to 74', () => {
    const input = deriveHeatInputFromSummaries(group, {
      mode: 'walk',
      weeks: 2,
      commutingWeeksPerYear: 52,
    });
    expect(input.people).toBe(1);
    expect(input.minutesPerWeek).toBe(50);
    expect(input.peopleOutsideAgeGroup).toBe(1);
  });

  it('gives zero people and zero deaths without walkers or cyclists', () => {
    const result = computeHeatForCommuters([summary('x', '30-39', { bus: 100 })], {
      mode: 'bike',
      weeks: 1,
      country: 'SI',
    });
    expect(result.input.people).toBe(0);
    expect(result.deathsPreventedPerYear).toBe(0);
  });

  it('rejects a zero-week period and a commuting year over 52 weeks', () => {
    expect(() => deriveHeatInputFromSummaries(group, { mode: 'bike', weeks: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      deriveHeatInputFromSummaries(group, { mode: 'bike', weeks: 1, commutingWeeksPerYear: 60 }),
    ).toThrow(RangeError);
  });
});

describe('computeHeatBeforeAfter', () => {
  it('is the follow-up case minus the baseline case for the same commuters', () => {
    const result = computeHeatBeforeAfter(
      [
        { commuterId: 'x', usualLegs: [{ mode: 'bike', distanceKm: 3 }], daysPerWeek: 5 },
        { commuterId: 'y', usualLegs: [{ mode: 'car_driver', distanceKm: 10 }], daysPerWeek: 5 },
        { commuterId: 'old', usualLegs: [{ mode: 'bike', distanceKm: 10 }], daysPerWeek: 5 },
      ],
      [
        summary('x', '40-49', { bike: 300 }),
        summary('y', '50-59', { car_driver: 200 }),
        summary('z', '30-39', { bike: 500 }),
        summary('old', '65-74', { bike: 500 }),
      ],
      { mode: 'bike', weeks: 2, country: 'AT' },
    );
    // x: 30 km/week at 14 km/h before, 150 min/week after; y: 0 and 0; z has no survey; old is 65-74.
    const before = (((30 / 14) * 60) / 2) * (46 / 52);
    const after = (300 / 2 / 2) * (46 / 52);
    const mortality = 228.9264 / 100_000;
    expect(result.people).toBe(2);
    expect(result.baseline.parameters.minutesPerWeek).toBeCloseTo(before, 12);
    expect(result.followUp.parameters.minutesPerWeek).toBeCloseTo(after, 12);
    expect(result.deathsPreventedPerYear).toBeCloseTo(2 * mortality * 0.001 * (after - before), 12);
    expect(result.valuePerYear).toBeCloseTo(result.deathsPreventedPerYear * 3_754_968.775, 6);
    expect(result.deathsPreventedTotal).toBeCloseTo(result.deathsPreventedPerYear * 8, 12);
  });

  it('gains nothing when both cases are above the cap', () => {
    const result = computeHeatBeforeAfter(
      [{ commuterId: 'x', usualLegs: [{ mode: 'bike', distanceKm: 35 }], daysPerWeek: 5 }],
      [summary('x', '30-39', { bike: 2000 })],
      { mode: 'bike', weeks: 1, country: 'DE', commutingWeeksPerYear: 52 },
    );
    expect(result.baseline.capped).toBe(true);
    expect(result.followUp.capped).toBe(true);
    expect(result.deathsPreventedPerYear).toBe(0);
  });

  it('is negative when commuters cycle less than before', () => {
    const result = computeHeatBeforeAfter(
      [{ commuterId: 'x', usualLegs: [{ mode: 'bike', distanceKm: 7 }], daysPerWeek: 5 }],
      [summary('x', '30-39', { bike: 0, car_driver: 100 })],
      { mode: 'bike', weeks: 1, country: 'GR', commutingWeeksPerYear: 52 },
    );
    // 70 km/week at 14 km/h = 300 min before, 0 after: −1 × mortality × 0.30.
    expect(result.deathsPreventedPerYear).toBeCloseTo(-(227.5921 / 100_000) * 0.3, 12);
  });

  it('counts e-bike survey legs at 18 km/h when e-bike minutes are weighted in', () => {
    const survey = {
      commuterId: 'x',
      usualLegs: [{ mode: 'ebike' as const, distanceKm: 9 }],
      daysPerWeek: 5,
    };
    expect(surveyMinutesPerWeek(survey, 'bike')).toBe(0);
    expect(surveyMinutesPerWeek(survey, 'bike', 1)).toBeCloseTo(300, 12);
  });
});

describe('heatYearShares: uptake time and build-up, year by year', () => {
  it('with a 1-year uptake is the 5-year build-up alone', () => {
    expect(heatYearShares(7, 5).map((s) => s.buildUpShare)).toEqual(heatBuildUpFractions(7, 5));
    expect(heatYearShares(3, 5).every((s) => s.uptakeShare === 1)).toBe(true);
  });

  it('with a 2-year uptake builds up each half of the activity from the year it is added', () => {
    const shares = heatYearShares(7, 5, 2);
    expect(shares.map((s) => s.uptakeShare)).toEqual([0.5, 1, 1, 1, 1, 1, 1]);
    // Year t: 0.5 × t/5 for the first half plus 0.5 × (t − 1)/5 for the second.
    const expected = [0.1, 0.3, 0.5, 0.7, 0.9, 1, 1];
    shares.forEach((s, i) => {
      expect(s.buildUpShare).toBeCloseTo(expected[i]!, 12);
    });
  });

  it('rejects an uptake below one year', () => {
    expect(() => heatYearShares(10, 5, 0)).toThrow(RangeError);
  });
});

describe('assessHeat: the yearly table', () => {
  it('lists every year with its share, deaths, value, discount factor; the totals are its sums', () => {
    const r = assessHeat({
      mode: 'bike',
      people: 1000,
      minutesPerWeek: 100,
      mortalityPer100k: 300,
      vsl: 1_000_000,
      currency: 'EUR',
      years: 10,
      buildUpYears: 5,
      discountRate: 0.03,
    });
    expect(r.yearly).toHaveLength(10);
    const fullDeaths = 1000 * 0.003 * 0.1;
    r.yearly.forEach((y, i) => {
      expect(y.year).toBe(i + 1);
      expect(y.buildUpShare).toBeCloseTo(Math.min((i + 1) / 5, 1), 12);
      expect(y.deathsPrevented).toBeCloseTo(fullDeaths * y.buildUpShare, 12);
      expect(y.valueUndiscounted).toBeCloseTo(y.deathsPrevented * 1_000_000, 6);
      expect(y.discountFactor).toBeCloseTo(1 / 1.03 ** i, 12);
      expect(y.valueDiscounted).toBeCloseTo(y.valueUndiscounted * y.discountFactor, 6);
    });
    const sum = (f: (y: (typeof r.yearly)[number]) => number) =>
      r.yearly.reduce((a, y) => a + f(y), 0);
    expect(r.deathsPreventedTotal).toBeCloseTo(
      sum((y) => y.deathsPrevented),
      12,
    );
    expect(r.valueTotal).toBeCloseTo(
      sum((y) => y.valueUndiscounted),
      6,
    );
    expect(r.valueDiscounted).toBeCloseTo(
      sum((y) => y.valueDiscounted),
      6,
    );
    expect(r.valueDiscounted).toBeLessThan(r.valueTotal);
  });
});

describe('the worked example of docs/methodology.md#heat, year by year', () => {
  // 100 people cycling 189.6 min/week in Denmark, 3 % discounting: the table printed in the
  // methodology (whole euros, deaths to 5 decimals) must stay what the code computes.
  const r = calculateHeat({
    mode: 'bike',
    people: 100,
    minutesPerWeek: 189.6,
    country: 'DK',
    discountRate: 0.03,
  });
  const printed: Array<[number, number, number, number]> = [
    // share of full effect, deaths prevented, value (EUR), discounted (EUR)
    [0.2, 0.00915, 41_572, 41_572],
    [0.4, 0.01829, 83_144, 80_722],
    [0.6, 0.02744, 124_716, 117_556],
    [0.8, 0.03659, 166_287, 152_177],
    [1, 0.04573, 207_859, 184_680],
    [1, 0.04573, 207_859, 179_301],
    [1, 0.04573, 207_859, 174_079],
    [1, 0.04573, 207_859, 169_009],
    [1, 0.04573, 207_859, 164_086],
    [1, 0.04573, 207_859, 159_307],
  ];

  it('has the printed rows', () => {
    expect(r.yearly).toHaveLength(10);
    printed.forEach(([share, deaths, value, discounted], i) => {
      const y = r.yearly[i]!;
      expect(y.buildUpShare).toBeCloseTo(share, 12);
      expect(Math.abs(y.deathsPrevented - deaths)).toBeLessThanOrEqual(0.000005);
      expect(Math.round(y.valueUndiscounted)).toBe(value);
      expect(Math.round(y.valueDiscounted)).toBe(discounted);
    });
  });

  it('has the printed sums and average annual benefit', () => {
    expect(Math.abs(r.deathsPreventedTotal - 0.36587)).toBeLessThanOrEqual(0.000005);
    expect(Math.round(r.valueTotal)).toBe(1_662_874);
    expect(Math.round(r.valueDiscounted)).toBe(1_422_489);
    expect(Math.round(r.valueAveragePerYear)).toBe(142_249);
  });
});

describe("calculateHeat: the analyst's own inputs", () => {
  const base: HeatCalculatorRequest = {
    mode: 'bike',
    people: 100,
    minutesPerWeek: 100,
    country: 'DK',
  };

  it('echoes the defaults with their sources when nothing is given', () => {
    const r = calculateHeat(base);
    expect(r.parameters.sourceOf).toEqual({
      ageRange: 'heat',
      mortalityPer100k: 'country',
      vsl: 'country',
      currency: 'country',
      vslPriceYear: 'country',
      years: 'heat',
      buildUpYears: 'heat',
      discountRate: 'assumption',
      uptakeYears: 'heat',
      referenceRelativeRisk: 'heat',
      referenceMinutesPerWeek: 'heat',
      maxRiskReduction: 'heat',
    });
    expect(r.parameters).toMatchObject({
      referenceRelativeRisk: 0.9,
      referenceMinutesPerWeek: 100,
      maxRiskReduction: 0.45,
    });
    expect(r.parameters.ageRange).toEqual({ from: 20, to: 64 });
    expect(r.parameters.uptakeYears).toBe(1);
  });

  it('uses each given value instead of the default and marks it "user"', () => {
    const r = calculateHeat({
      ...base,
      mortalityPer100k: 250,
      vsl: 30_000_000,
      currency: 'DKK',
      vslYear: 2023,
      years: 20,
      buildUpYears: 3,
      discountRate: 0.04,
      uptakeYears: 2,
    });
    expect(r.parameters).toMatchObject({
      mortalityPer100k: 250,
      vsl: 30_000_000,
      currency: 'DKK',
      vslPriceYear: 2023,
      years: 20,
      buildUpYears: 3,
      discountRate: 0.04,
      uptakeYears: 2,
    });
    expect(Object.values(r.parameters.sourceOf).filter((s) => s === 'user')).toHaveLength(8);
    // Money is in the VSL's currency, unconverted.
    expect(r.currency).toBe('DKK');
    expect(r.valuePerYear).toBeCloseTo(100 * 0.0025 * 0.1 * 30_000_000, 6);
    expect(r.yearly).toHaveLength(20);
    expect(r.sources.some((s) => s.includes('given by the user'))).toBe(true);
  });

  it("applies a pre-2014 relative risk at its own reference volume (HEAT 2011: 0.72 at 180 min/week) and echoes it as the user's", () => {
    const old = { relativeRisk: 0.72, referenceMinutesPerWeek: 180 };
    // Linear scaling from the given reference: half the dose, half the 28 % reduction.
    const half = calculateHeat({ ...base, minutesPerWeek: 90, ...old });
    expect(half.riskReduction).toBeCloseTo(0.14, 12);
    expect(half.relativeRisk).toBeCloseTo(0.86, 12);
    const full = calculateHeat({ ...base, minutesPerWeek: 180, ...old });
    expect(full.riskReduction).toBeCloseTo(0.28, 12);
    // With HEAT 2017's 0.90 at 100 min/week the same 180 minutes give 18 %.
    expect(calculateHeat({ ...base, minutesPerWeek: 180 }).riskReduction).toBeCloseTo(0.18, 12);
    expect(full.deathsPreventedPerYear).toBeCloseTo(100 * (241.2141 / 100_000) * 0.28, 12);
    expect(full.parameters).toMatchObject({
      referenceRelativeRisk: 0.72,
      referenceMinutesPerWeek: 180,
      maxRiskReduction: 0.45,
    });
    expect(full.parameters.sourceOf).toMatchObject({
      referenceRelativeRisk: 'user',
      referenceMinutesPerWeek: 'user',
      maxRiskReduction: 'heat',
    });
    expect(full.sources.some((s) => /relative risk 0\.72 at 180 min\/week/.test(s))).toBe(true);
  });

  it('caps the risk reduction at the cap given, and only the given part is marked "user"', () => {
    const r = calculateHeat({ ...base, minutesPerWeek: 300, maxRiskReduction: 0.2 });
    expect(r.uncappedRiskReduction).toBeCloseTo(0.3, 12);
    expect(r.capped).toBe(true);
    expect(r.riskReduction).toBe(0.2);
    expect(r.parameters.sourceOf).toMatchObject({
      referenceRelativeRisk: 'heat',
      referenceMinutesPerWeek: 'heat',
      maxRiskReduction: 'user',
    });
    // A walking assessment keeps walking's own defaults where nothing is given.
    const walk = calculateHeat({ ...base, mode: 'walk', relativeRisk: 0.8 });
    expect(walk.parameters.referenceMinutesPerWeek).toBe(168);
    expect(walk.riskReduction).toBeCloseTo((0.2 * 100) / 168, 12);
  });

  it("takes the VSL without a currency in the country's currency, saying so", () => {
    const r = calculateHeat({ ...base, vsl: 3_000_000 });
    expect(r.currency).toBe('EUR');
    expect(r.parameters.sourceOf).toMatchObject({ vsl: 'user', currency: 'country' });
  });

  it('accepts any adult age range with the mortality of that range', () => {
    const r = calculateHeat({ ...base, ageRange: { from: 18, to: 29 }, mortalityPer100k: 40 });
    expect(r.parameters.ageGroup).toBeNull();
    expect(r.deathsPreventedPerYear).toBeCloseTo(100 * 0.0004 * 0.1, 12);
  });

  it('takes ageGroup and the equal ageRange as the same thing', () => {
    const a = calculateHeat({ ...base, mode: 'walk', ageGroup: '20-64' });
    const b = calculateHeat({ ...base, mode: 'walk', ageRange: { from: 20, to: 64 } });
    expect(b.parameters.mortalityPer100k).toBe(a.parameters.mortalityPer100k);
    expect(b.parameters.ageGroup).toBe('20-64');
  });

  it.each<[string, HeatCalculatorRequest, string, RegExp]>([
    [
      'a currency without its VSL',
      { ...base, currency: 'DKK' },
      'currency',
      /converts no currency/,
    ],
    ['a price year without a VSL', { ...base, vslYear: 2020 }, 'vslYear', /give vsl too/],
    ['an unknown currency', { ...base, vsl: 1e6, currency: 'QQQ' }, 'currency', /ISO 4217/],
    [
      'an age range HEAT publishes no mortality for',
      { ...base, ageRange: { from: 30, to: 50 } },
      'mortalityPer100k',
      /ages 30-50 give mortalityPer100k/,
    ],
    [
      'cycling over 64 without a mortality rate',
      { ...base, ageRange: { from: 20, to: 74 } },
      'mortalityPer100k',
      /20-64 only/,
    ],
    [
      'children',
      { ...base, ageRange: { from: 10, to: 17 }, mortalityPer100k: 10 },
      'ageRange.from',
      /between 18/,
    ],
    [
      'a reversed range',
      { ...base, ageRange: { from: 60, to: 40 }, mortalityPer100k: 10 },
      'ageRange.to',
      /between 60/,
    ],
    [
      'ageGroup and a different ageRange',
      { ...base, ageGroup: '20-64', ageRange: { from: 20, to: 60 } },
      'ageRange',
      /disagree/,
    ],
    ['an absurd mortality', { ...base, mortalityPer100k: 90_000 }, 'mortalityPer100k', /between/],
    ['a zero mortality', { ...base, mortalityPer100k: 0 }, 'mortalityPer100k', /between/],
    ['a negative VSL', { ...base, vsl: -5 }, 'vsl', /between/],
    ['an absurd VSL', { ...base, vsl: 1e15 }, 'vsl', /between/],
    ['a negative discount rate', { ...base, discountRate: -0.01 }, 'discountRate', /between/],
    ['a discount rate in per cent', { ...base, discountRate: 3 }, 'discountRate', /fraction/],
    ['half a year', { ...base, years: 2.5 }, 'years', /whole number/],
    ['no uptake time', { ...base, uptakeYears: 0 }, 'uptakeYears', /between 1/],
    ['a relative risk of 1 (no benefit)', { ...base, relativeRisk: 1 }, 'relativeRisk', /below 1/],
    ['a relative risk of 0', { ...base, relativeRisk: 0 }, 'relativeRisk', /above 0/],
    ['a harmful relative risk', { ...base, relativeRisk: 1.2 }, 'relativeRisk', /below 1/],
    [
      'a zero reference volume',
      { ...base, referenceMinutesPerWeek: 0 },
      'referenceMinutesPerWeek',
      /above 0/,
    ],
    [
      'a reference volume beyond a week',
      { ...base, referenceMinutesPerWeek: 20_000 },
      'referenceMinutesPerWeek',
      /at most 10080/,
    ],
    ['a cap in per cent', { ...base, maxRiskReduction: 45 }, 'maxRiskReduction', /fraction/],
    ['a zero cap', { ...base, maxRiskReduction: 0 }, 'maxRiskReduction', /above 0/],
    [
      'no country and not all of its data',
      { mode: 'bike', people: 1, minutesPerWeek: 10, mortalityPer100k: 100 },
      'country',
      /give a country/,
    ],
    [
      'no country and a VSL without currency',
      { mode: 'bike', people: 1, minutesPerWeek: 10, mortalityPer100k: 100, vsl: 1e6 },
      'currency',
      /no default currency/,
    ],
  ])('rejects %s, naming the field', (_what, request, field, message) => {
    let error: unknown;
    try {
      calculateHeat(request);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HeatInputError);
    expect((error as HeatInputError).field).toBe(field);
    expect((error as HeatInputError).message).toMatch(message);
  });

  it("accepts the country's own currency without a VSL", () => {
    expect(calculateHeat({ ...base, currency: 'EUR' }).parameters.sourceOf.currency).toBe(
      'country',
    );
  });
});

describe("computeHeatForCommuters with a partner's own data", () => {
  const cyclists = Array.from({ length: 6 }, (_, i) => summary(`c${i}`, '30-39', { bike: 200 }));
  const options = { mode: 'bike' as const, weeks: 1, commutingWeeksPerYear: 52, country: 'DK' };

  it("uses the partner's mortality for the mode's HEAT ages and its VSL in the country currency", () => {
    const r = computeHeatForCommuters(cyclists, {
      ...options,
      partnerData: {
        mortality: {
          per100k: 200,
          ageFrom: 20,
          ageTo: 64,
          source: 'Statistics Denmark DODA1',
          year: 2023,
        },
        vsl: {
          amount: 4_000_000,
          currency: 'EUR',
          year: 2022,
          source: 'Danish Ministry of Transport',
        },
      },
    });
    expect(r.parameters.mortalityPer100k).toBe(200);
    expect(r.parameters.vsl).toBe(4_000_000);
    expect(r.parameters.sourceOf).toMatchObject({ mortalityPer100k: 'partner', vsl: 'partner' });
    expect(r.sources.join(' ')).toContain('Statistics Denmark DODA1 (2023)');
    expect(r.deathsPreventedPerYear).toBeCloseTo(6 * 0.002 * 0.2, 12);
    expect(r.notes).toEqual([]);
  });

  it('falls back to the country, with a note, for other ages or another currency', () => {
    const r = computeHeatForCommuters(cyclists, {
      ...options,
      partnerData: {
        mortality: { per100k: 400, ageFrom: 20, ageTo: 74, source: 'own', year: 2023 },
        vsl: { amount: 33_000_000, currency: 'DKK', year: 2022, source: 'own' },
      },
    });
    expect(r.parameters.sourceOf).toMatchObject({ mortalityPer100k: 'country', vsl: 'country' });
    expect(r.currency).toBe('EUR');
    expect(r.notes).toHaveLength(2);
    expect(r.notes[1]).toMatch(/converts nothing/);
  });
});

describe("calculateHeat: HEAT's crash term (fatalitiesPer100MillionKm)", () => {
  const base: HeatCalculatorRequest = {
    mode: 'bike',
    people: 1000,
    minutesPerWeek: 60,
    mortalityPer100k: 300,
    vsl: 3_000_000,
    currency: 'EUR',
  };

  it('is absent unless a fatality rate is given, and then changes nothing else', () => {
    const without = calculateHeat(base);
    expect(without.crash).toBeNull();
    expect(without.netOfCrashes).toBeNull();
    expect(
      without.yearly.every((y) => y.crashDeaths === null && y.crashValueDiscounted === null),
    ).toBe(true);
    const withCrash = calculateHeat({ ...base, fatalitiesPer100MillionKm: 2 });
    expect(withCrash.deathsPreventedPerYear).toBe(without.deathsPreventedPerYear);
    expect(withCrash.valueDiscounted).toBe(without.valueDiscounted);
  });

  it('turns minutes into km at 14 km/h and a week into a year by 365 / 7', () => {
    const r = calculateHeat({ ...base, fatalitiesPer100MillionKm: 2 });
    // 60 min/week at 14 km/h = 14 km/week per person; × 1000 people × 365 / 7 = 730,000 km.
    expect(r.crash?.kmPerWeek).toBeCloseTo(14, 12);
    expect(r.crash?.speedKmh).toBe(14);
    expect(r.crash?.daysPerYear).toBe(365);
    expect(r.crash?.kmPerYear).toBeCloseTo(730_000, 6);
    // 730,000 km × 2 per 100 million km = 0.0146 road deaths a year, at € 3 million each.
    expect(r.crash?.deathsPerYear).toBeCloseTo(0.0146, 12);
    expect(r.crash?.valuePerYear).toBeCloseTo(43_800, 6);
    expect(r.crash?.source).toBe('user');
    expect(
      r.sources.some((s) => s.startsWith('crash risk: 2 road deaths per 100 million km')),
    ).toBe(true);
  });

  it('takes km as given, without a speed', () => {
    const r = calculateHeat({
      ...base,
      minutesPerWeek: undefined,
      kmPerWeek: 20,
      fatalitiesPer100MillionKm: 1,
    } as HeatCalculatorRequest);
    expect(r.crash?.speedKmh).toBeNull();
    expect(r.crash?.kmPerWeek).toBe(20);
    expect(r.crash?.kmPerYear).toBeCloseTo((1000 * 20 * 365) / 7, 6);
    // walking: the 4.8 km/h default turns 60 minutes into 4.8 km.
    const walk = calculateHeat({ ...base, mode: 'walk', fatalitiesPer100MillionKm: 1 });
    expect(walk.crash?.kmPerWeek).toBeCloseTo(4.8, 12);
  });

  it('counts crashes from the first year (uptake, no build-up) and subtracts them year by year', () => {
    const r = calculateHeat({
      ...base,
      fatalitiesPer100MillionKm: 2,
      years: 6,
      buildUpYears: 5,
      uptakeYears: 2,
      discountRate: 0.03,
    });
    const perYear = r.crash!.deathsPerYear;
    // Uptake of 2 years: half the distance in year 1, all of it from year 2; the build-up of
    // the health effect (5 years) does not delay road deaths.
    expect(r.yearly.map((y) => y.crashDeaths)).toEqual([
      perYear * 0.5,
      perYear,
      perYear,
      perYear,
      perYear,
      perYear,
    ]);
    expect(r.yearly[0]!.buildUpShare).toBeCloseTo(0.1, 12);
    for (const y of r.yearly)
      expect(y.crashValueDiscounted).toBeCloseTo(y.crashDeaths! * 3_000_000 * y.discountFactor, 6);
    const sum = (f: (y: (typeof r.yearly)[number]) => number) =>
      r.yearly.reduce((acc, y) => acc + f(y), 0);
    expect(r.crash!.deathsTotal).toBeCloseTo(perYear * 5.5, 12);
    expect(r.crash!.valueTotal).toBeCloseTo(perYear * 5.5 * 3_000_000, 6);
    expect(r.crash!.valueDiscounted).toBeCloseTo(
      sum((y) => y.crashValueDiscounted!),
      6,
    );
    const net = r.netOfCrashes!;
    expect(net.deathsPreventedPerYear).toBeCloseTo(r.deathsPreventedPerYear - perYear, 12);
    expect(net.deathsPreventedTotal).toBeCloseTo(r.deathsPreventedTotal - perYear * 5.5, 12);
    expect(net.valueDiscounted).toBeCloseTo(r.valueDiscounted - r.crash!.valueDiscounted, 6);
    expect(net.valueAveragePerYear).toBeCloseTo(net.valueDiscounted / 6, 6);
  });

  it('can come out negative: a high fatality rate outweighs a little cycling', () => {
    const r = calculateHeat({ ...base, minutesPerWeek: 10, fatalitiesPer100MillionKm: 500 });
    expect(r.deathsPreventedPerYear).toBeGreaterThan(0);
    expect(r.netOfCrashes!.deathsPreventedPerYear).toBeLessThan(0);
  });

  it('a rate of 0 is a crash term of 0, not a missing one', () => {
    const r = calculateHeat({ ...base, fatalitiesPer100MillionKm: 0 });
    expect(r.crash?.deathsPerYear).toBe(0);
    expect(r.netOfCrashes?.deathsPreventedPerYear).toBe(r.deathsPreventedPerYear);
  });

  it.each([-1, 1001, Number.NaN])('refuses a fatality rate of %f, naming the field', (rate) => {
    try {
      calculateHeat({ ...base, fatalitiesPer100MillionKm: rate });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HeatInputError);
      expect((err as HeatInputError).field).toBe('fatalitiesPer100MillionKm');
    }
  });
});
