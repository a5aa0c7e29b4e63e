import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { body, createTestContext, type TestContext } from '../helpers.js';

/**
 * DESIGN.md's worked week through the API: five commuters of town-b (Denmark), ten one-way
 * trips each in the week of Monday 2011-10-03, baseline from their surveys. Expected figures
 * are worked out by hand here, from the definitions.
 */
let t: TestContext;
const WEEK = ['2011-10-03', '2011-10-04', '2011-10-05', '2011-10-06', '2011-10-07'];

type LegSpec = { mode: string; distanceKm: number; replacedMode?: string };
function tripsFor(commuterId: string, plan: Array<{ legs: LegSpec[]; replacedMode?: string }>) {
  return plan.map((p, i) => {
    const day = WEEK[Math.floor(i / 2)]!;
    const hour = i % 2 === 0 ? '07' : '16';
    return {
      id: `${commuterId}-${i}`,
      commuterId,
      startedAt: `${day}T${hour}:00:00+02:00`,
      purpose: 'commute',
      ...(p.replacedMode ? { replacedMode: p.replacedMode } : {}),
      legs: p.legs,
    };
  });
}
const times = <T>(n: number, x: T) => Array.from({ length: n }, () => x);

beforeAll(async () => {
  t = await createTestContext();
  const admin = await t.token('admin');
  const people: Array<[string, string, number]> = [
    ['A', 'car_driver', 5],
    ['B', 'car_driver', 8],
    ['C', 'walk', 3],
    ['D', 'bus', 12],
    ['E', 'train', 20],
  ];
  for (const [id, mode, km] of people) {
    expect(
      (
        await t.request('/api/v1/commuters', {
          method: 'POST',
          token: admin,
          json: { id, partnerId: 'town-b', ageBand: '30-39', joinedOn: '2011-09-01' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.request(`/api/v1/commuters/${id}/surveys`, {
          method: 'POST',
          token: admin,
          json: {
            kind: 'baseline',
            takenOn: '2011-09-01',
            usualMode: mode,
            oneWayKm: km,
            daysPerWeek: 5,
          },
        })
      ).status,
    ).toBe(201);
  }
  const trips = [
    ...tripsFor(
      'A',
      times(10, { legs: [{ mode: 'bike', distanceKm: 5 }], replacedMode: 'car_driver' }),
    ),
    ...tripsFor('B', [
      ...times(6, { legs: [{ mode: 'ebike', distanceKm: 8 }], replacedMode: 'car_driver' }),
      ...times(4, { legs: [{ mode: 'car_driver', distanceKm: 8 }] }),
    ]),
    ...tripsFor('C', times(10, { legs: [{ mode: 'walk', distanceKm: 3 }] })),
    ...tripsFor('D', times(10, { legs: [{ mode: 'bus', distanceKm: 12 }] })),
    ...tripsFor(
      'E',
      times(10, {
        legs: [
          { mode: 'bike', distanceKm: 2 },
          { mode: 'train', distanceKm: 18 },
        ],
      }),
    ),
  ];
  const res = await t.request('/api/v1/trips/batch', {
    method: 'POST',
    token: admin,
    json: { trips },
  });
  expect(res.status).toBe(200);
});
afterAll(() => t.close());

async function indicators(
  qs: string,
  who: 'admin' | 'staffB' | 'staffA' | 'analystNetwork' | 'analystA' | 'commuterB' = 'admin',
) {
  return t.request(`/api/v1/indicators?${qs}`, { token: await t.token(who) });
}

describe('GET /api/v1/indicators: the worked week', () => {
  it('gives no shift for a period without trips, with the reason, instead of every mode falling', async () => {
    const res = await indicators('partner=town-b&from=2011-11-07&to=2011-11-13');
    expect(res.status).toBe(200);
    const r = await body(res);
    expect(r.trips).toBe(0);
    // The baseline is still there (the surveys), but nothing to compare it with.
    expect(r.baseline.byTrips.car_driver).toBeCloseTo(0.4, 9);
    expect(r.modalShift.noShiftReason).toBe('no trips in the period');
    expect(r.modalShift.byTripsPp).toBeNull();
    expect(r.modalShift.byDistancePp).toBeNull();
    expect(r.modalShift.activeShare).toEqual({ baseline: 0.2, followUp: null, shiftPp: null });
    expect(r.modalShift.activeShareInclEbike).toEqual({
      baseline: 0.2,
      followUp: null,
      shiftPp: null,
    });
  });

  it('modal split, modal shift and car-km substituted match the hand-worked figures', async () => {
    const res = await indicators(
      'partner=town-b&from=2011-10-03&to=2011-10-09&factorSet=desnz-2025-direct',
    );
    expect(res.status).toBe(200);
    const r = await body(res);
    expect(r.scope).toMatchObject({
      partner: 'town-b',
      from: '2011-10-03',
      to: '2011-10-09',
      days: 7,
      weeks: 1,
    });
    expect(r.participants).toEqual({ registered: 6, active: 5 }); // cmt-b1 of the fixtures is registered too
    expect(r.trips).toBe(50);
    expect(r.distanceKm).toBe(480);
    // By trips: car_driver 20 of 50 baseline trips (A, B) → 4 of 50.
    expect(r.baseline.byTrips.car_driver).toBeCloseTo(0.4, 9);
    expect(r.modalSplit.byTrips.car_driver).toBeCloseTo(0.08, 9);
    expect(r.modalShift.byTripsPp.car_driver).toBeCloseTo(-32, 6);
    // Walking and pedal cycling (C walks, A cycles): 10 → 20 of 50 trips; with B's 6 e-bike
    // trips 10 → 26 of 50 (DESIGN.md's active group). The headline keeps them apart.
    expect(r.modalShift.noShiftReason).toBeNull();
    expect(r.modalShift.activeShare).toEqual({ baseline: 0.2, followUp: 0.4, shiftPp: 20 });
    expect(r.modalShift.activeShareInclEbike).toEqual({
      baseline: 0.2,
      followUp: 0.52,
      shiftPp: 32,
    });
    // By passenger-km: 130 of 480 → 32 of 480; bike 70, e-bike 48.
    expect(r.baseline.byDistance.car_driver).toBeCloseTo(130 / 480, 6);
    expect(r.modalSplit.byDistance.car_driver).toBeCloseTo(32 / 480, 6);
    expect(r.modalSplit.byDistance.bike).toBeCloseTo(70 / 480, 6);
    expect(r.modalSplit.byDistance.ebike).toBeCloseTo(48 / 480, 6);
    const shareSum = Object.values(r.modalSplit.byTrips as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    expect(shareSum).toBeCloseTo(1, 9);
    // Car-km substituted both ways: 50 + 48 by replaced mode; 130 − 32 by survey.
    expect(r.carKmSubstituted.replacedModeKm).toBe(98);
    expect(r.carKmSubstituted.surveyKmPerWeek).toBe(98);
    expect(r.modalShift.carReplacementRate).toBeCloseTo(16 / 20, 9);
    // Unlabelled: everything but the 98 km of A and B's labelled legs.
    expect(r.unlabelledKm).toBe(480 - 98);
  });

  it('CO2 avoided uses the chosen factor set: Σ km × (replaced − used)', async () => {
    const direct = await body(
      await indicators('partner=town-b&from=2011-10-03&to=2011-10-09&factorSet=desnz-2025-direct'),
    );
    const k = direct.factorSet.kgPerKm;
    // A: 50 km bike replacing car; B: 48 km e-bike replacing car.
    expect(direct.co2AvoidedKg).toBeCloseTo(
      50 * (k.car_driver - k.bike) + 48 * (k.car_driver - k.ebike),
      3,
    );
    expect(k.car_driver).toBe(0.16725);
    const wtw = await body(
      await indicators('partner=town-b&from=2011-10-03&to=2011-10-09&factorSet=desnz-2025-wtw'),
    );
    expect(wtw.factorSet.kgPerKm.car_driver).toBe(0.21124);
    expect(wtw.co2AvoidedKg).toBeGreaterThan(direct.co2AvoidedKg);
  });

  it('HEAT for the cyclists: A and E, at 14 km/h, annualised over 46 of 52 weeks, Danish mortality and VSL', async () => {
    const r = await body(await indicators('partner=town-b&from=2011-10-03&to=2011-10-09'));
    // A cycles 50 km, E 20 km: 214.29 and 85.71 min, average 150 min per commuting week.
    const minutesPerWeek = (150 * 46) / 52;
    const riskReduction = (0.1 * minutesPerWeek) / 100;
    const deaths = 2 * (241.2141 / 100_000) * riskReduction;
    expect(r.health.cycling.people).toBe(2);
    expect(r.health.cycling.minutesPerWeek).toBeCloseTo(minutesPerWeek, 2);
    expect(r.health.cycling.riskReduction).toBeCloseTo(riskReduction, 6);
    expect(r.health.cycling.deathsPreventedPerYear).toBeCloseTo(deaths, 6);
    expect(r.health.cycling.valuePerYear).toBeCloseTo(deaths * 4_544_942, 0);
    expect(r.health.cycling.currency).toBe('EUR');
  });

  it('activity and cycling days: A and E cycled on five days, B e-biked on three', async () => {
    const r = await body(await indicators('partner=town-b&from=2011-10-03&to=2011-10-09'));
    expect(r.activity.cyclingDays).toBe(13);
    expect(r.activity.cyclists).toBe(3);
    // Active minutes per active commuter-week: A 214.29 bike, B 48 km e-bike at 18 km/h = 160, C 30 km walk at 4.8 = 375, D 0, E 85.71.
    expect(r.activity.activeMinutesPerCommuterWeek).toBeCloseTo(
      (214.2857 + 160 + 375 + 0 + 85.7143) / 5,
      1,
    );
  });

  it('suppresses transition cells that rest on fewer than 5 commuters', async () => {
    const r = await body(await indicators('partner=town-b&from=2011-10-03&to=2011-10-09'));
    expect(r.modalShift.transitions.length).toBeGreaterThan(0);
    expect(
      r.modalShift.transitions.every((x: { commuters: number | null }) => x.commuters === null),
    ).toBe(true);
    expect(r.suppressed.length).toBeGreaterThan(0);
    // Each item says why as a code a client can translate, next to the English prose.
    const cells = r.suppressed.find((x: { code: string }) => x.code === 'transition_cells');
    expect(cells.count).toBe(
      r.modalShift.transitions.filter((x: { commuters: number | null }) => x.commuters === null)
        .length,
    );
    expect(cells.reason).toMatch(/fewer than 5 commuters/);
  });

  it('withholds a site with fewer than 5 active commuters', async () => {
    const r = await body(
      await indicators('partner=town-b&site=site-b&from=2011-10-03&to=2011-10-09'),
    );
    expect(r.withheld).toBe(true);
    expect(r.trips).toBeUndefined();
    expect(r.suppressed).toMatchObject([{ code: 'scope_below_k' }]);
  });

  it('an empty period answers zeros, not errors', async () => {
    const r = await body(await indicators('partner=town-b&from=2012-01-01&to=2012-01-31'));
    expect(r.trips).toBe(0);
    expect(r.co2AvoidedKg).toBe(0);
    expect(r.modalShift.carReplacementRate).toBeNull();
  });

  it('rollups equal a recompute from raw legs', async () => {
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });
});

describe('indicator access', () => {
  it.each([
    ['staffB', 'partner=town-b', 200],
    ['staffA', 'partner=town-b', 403],
    ['staffB', 'partner=network', 403],
    ['analystA', 'partner=town-b', 403],
    ['analystA', 'partner=town-a', 200],
    ['analystNetwork', 'partner=network', 200],
    ['analystNetwork', 'partner=town-b', 200],
    ['commuterB', 'partner=town-b', 403],
    ['admin', 'partner=nowhere', 404],
    ['admin', 'partner=town-b&from=2012-01-01&to=2011-01-01', 422],
    ['admin', 'partner=town-b&factorSet=made-up', 422],
    ['admin', 'partner=town-b&site=site-a', 404],
  ] as const)('%s asking %s → %i', async (who, qs, status) => {
    expect((await indicators(qs, who)).status).toBe(status);
  });
});

describe('GET /api/v1/indicators/monthly and /partners', () => {
  it('monthly series add up to the period totals', async () => {
    const r = await body(
      await t.request('/api/v1/indicators/monthly?partner=town-b', {
        token: await t.token('staffB'),
      }),
    );
    expect(r.months).toHaveLength(1);
    expect(r.months[0].month).toBe('2011-10');
    expect(
      Object.values(r.months[0].trips as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe(50);
    expect(r.months[0].activeCommuters).toBe(5);
  });

  it('partners side by side sum to the network', async () => {
    const res = await t.request('/api/v1/indicators/partners?from=2011-10-01&to=2011-10-31', {
      token: await t.token('analystNetwork'),
    });
    expect(res.status).toBe(200);
    const r = await body(res);
    expect(r.items.map((i: { partnerId: string }) => i.partnerId).sort()).toEqual([
      'town-a',
      'town-b',
    ]);
    // town-a has no active commuter in October: withheld under the partner floor, and left out
    // of the network total, which is then the sum of the rows shown.
    const townA = r.items.find((i: { partnerId: string }) => i.partnerId === 'town-a');
    expect(townA).toMatchObject({ withheld: true });
    expect(townA.trips).toBeUndefined();
    const shown = r.items.filter((i: { withheld: boolean }) => !i.withheld);
    expect(shown.reduce((s: number, i: { trips: number }) => s + i.trips, 0)).toBe(r.network.trips);
    expect(r.network.excludedPartners).toBe(1);
    expect(
      (await t.request('/api/v1/indicators/partners', { token: await t.token('staffB') })).status,
    ).toBe(403);
  });
});

describe('POST /api/v1/calculators/heat', () => {
  it('reproduces the worked week: 100 people cycling 189.6 min/week in Denmark', async () => {
    const res = await t.request('/api/v1/calculators/heat', {
      method: 'POST',
      token: await t.token('analystNetwork'),
      json: { mode: 'bike', people: 100, minutesPerWeek: 189.6, country: 'DK' },
    });
    expect(res.status).toBe(200);
    const r = await body(res);
    expect(r.riskReduction).toBeCloseTo(0.1896, 6);
    expect(r.deathsPreventedPerYear).toBeCloseTo(100 * 0.002412141 * 0.1896, 6);
    expect(r.capped).toBe(false);
    expect(r.currency).toBe('EUR');
    expect(r.sources.length).toBeGreaterThan(0);
  });

  it('caps the risk reduction at 45 % for cycling', async () => {
    const r = await body(
      await t.request('/api/v1/calculators/heat', {
        method: 'POST',
        token: await t.token('admin'),
        json: { mode: 'bike', people: 10, minutesPerWeek: 1000, country: 'AT' },
      }),
    );
    expect(r.riskReduction).toBe(0.45);
    expect(r.capped).toBe(true);
  });

  it.each([
    [{ mode: 'bike', people: 10, country: 'DK' }],
    [{ mode: 'bike', people: 10, minutesPerWeek: 100, kmPerWeek: 20, country: 'DK' }],
    [{ mode: 'bike', people: 10, minutesPerWeek: 100, country: 'XX' }],
    [{ mode: 'ebike', people: 10, minutesPerWeek: 100, country: 'DK' }],
    [{ mode: 'bike', people: -1, minutesPerWeek: 100, country: 'DK' }],
    [{ mode: 'bike', people: 10, minutesPerWeek: 100, country: 'DK', ageGroup: '20-74' }],
  ])('refuses %o with a 422', async (payload) => {
    const res = await t.request('/api/v1/calculators/heat', {
      method: 'POST',
      token: await t.token('admin'),
      json: payload,
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('validation_failed');
  });

  it("takes an analyst's own inputs, echoes them as user and lists every year", async () => {
    const res = await t.request('/api/v1/calculators/heat', {
      method: 'POST',
      token: await t.token('analystNetwork'),
      json: {
        mode: 'walk',
        people: 500,
        minutesPerWeek: 84,
        country: 'DK',
        ageRange: { from: 20, to: 74 },
        mortalityPer100k: 380,
        vsl: 35_000_000,
        currency: 'DKK',
        vslYear: 2024,
        years: 5,
        buildUpYears: 5,
        discountRate: 0.035,
        uptakeYears: 1,
      },
    });
    expect(res.status).toBe(200);
    const r = await body(res);
    const deaths = 500 * 0.0038 * ((0.114 * 84) / 168);
    expect(r.deathsPreventedPerYear).toBeCloseTo(deaths, 9);
    expect(r.currency).toBe('DKK');
    expect(r.parameters.sourceOf).toEqual({
      ageRange: 'user',
      mortalityPer100k: 'user',
      vsl: 'user',
      currency: 'user',
      vslPriceYear: 'user',
      years: 'user',
      buildUpYears: 'user',
      discountRate: 'user',
      uptakeYears: 'user',
      // Not given: HEAT 2017's dose-response.
      referenceRelativeRisk: 'heat',
      referenceMinutesPerWeek: 'heat',
      maxRiskReduction: 'heat',
    });
    expect(r.yearly.map((y: { buildUpShare: number }) => y.buildUpShare)).toEqual([
      0.2, 0.4, 0.6, 0.8, 1,
    ]);
    expect(r.yearly[2].discountFactor).toBeCloseTo(1 / 1.035 ** 2, 12);
    expect(r.yearly[4].valueUndiscounted).toBeCloseTo(deaths * 35_000_000, 4);
  });

  it('lets an analyst reproduce Fishman et al. 2015 (AJPH, Table 1) through the API: 6,657 deaths, € 18.6 billion a year', async () => {
    // The published inputs per age group (minutes/week, thousands of people, mortality per
    // 100,000); test/indicators/heat-published.test.ts checks each row within its rounding.
    const rows: Array<[number, number, number, number, number]> = [
      [20, 29, 73, 2058, 31],
      [30, 39, 69, 2087, 53],
      [40, 49, 69, 2573, 135],
      [50, 59, 79, 2320, 390],
      [60, 64, 89, 1071, 757],
      [65, 69, 94, 872, 1232],
      [70, 74, 88, 652, 1963],
      [75, 79, 73, 507, 3422],
      [80, 84, 36, 369, 6328],
      [85, 90, 24, 216, 11663],
    ];
    let deaths = 0;
    let value = 0;
    for (const [from, to, minutesPerWeek, thousands, mortalityPer100k] of rows) {
      const res = await t.request('/api/v1/calculators/heat', {
        method: 'POST',
        token: await t.token('analystNetwork'),
        json: {
          mode: 'bike',
          people: thousands * 1000,
          minutesPerWeek,
          ageRange: { from, to },
          mortalityPer100k,
          vsl: 2_800_000,
          currency: 'EUR',
        },
      });
      expect(res.status).toBe(200);
      const r = await body(res);
      expect(r.parameters.country).toBeNull();
      // HEAT's ten years, undiscounted by default: each year's row at once.
      expect(r.yearly).toHaveLength(10);
      expect(r.yearly[9].valueDiscounted).toBeCloseTo(r.valuePerYear, 3);
      deaths += r.deathsPreventedPerYear;
      value += r.valuePerYear;
    }
    // The printed rows give 6,646.8 (−0.15 %: the authors computed from unrounded data).
    expect(Math.abs(deaths - 6657) / 6657).toBeLessThan(0.005);
    expect(Math.round(value / 1e8) / 10).toBe(18.6);
  });

  it.each([
    [{ currency: 'DKK' }, 'currency', /converts no currency/],
    [{ ageRange: { from: 30, to: 50 } }, 'mortalityPer100k', /give mortalityPer100k/],
    [{ vslYear: 2020 }, 'vslYear', /give vsl too/],
  ])(
    'explains a missing companion input (%o) in a 422 naming the field',
    async (extra, field, message) => {
      const res = await t.request('/api/v1/calculators/heat', {
        method: 'POST',
        token: await t.token('analystNetwork'),
        json: { mode: 'bike', people: 10, minutesPerWeek: 100, country: 'DK', ...extra },
      });
      expect(res.status).toBe(422);
      const e = (await body(res)).error;
      expect(e.code).toBe('validation_failed');
      expect(e.message).toMatch(message);
      expect(e.details[0].path).toBe(field);
    },
  );

  it("takes a pre-2014 relative risk and its reference volume, echoed as the user's", async () => {
    const res = await t.request('/api/v1/calculators/heat', {
      method: 'POST',
      token: await t.token('analystNetwork'),
      json: {
        mode: 'bike',
        people: 1000,
        minutesPerWeek: 90,
        country: 'DK',
        relativeRisk: 0.72,
        referenceMinutesPerWeek: 180,
        maxRiskReduction: 0.5,
      },
    });
    expect(res.status).toBe(200);
    const r = await body(res);
    expect(r.riskReduction).toBeCloseTo(0.14, 12);
    expect(r.deathsPreventedPerYear).toBeCloseTo(1000 * (241.2141 / 100_000) * 0.14, 12);
    expect(r.parameters).toMatchObject({
      referenceRelativeRisk: 0.72,
      referenceMinutesPerWeek: 180,
      maxRiskReduction: 0.5,
    });
    expect(r.parameters.sourceOf).toMatchObject({
      referenceRelativeRisk: 'user',
      referenceMinutesPerWeek: 'user',
      maxRiskReduction: 'user',
      mortalityPer100k: 'country',
    });
  });

  it.each([
    [{ relativeRisk: 1 }, 'relativeRisk'],
    [{ relativeRisk: 0 }, 'relativeRisk'],
    [{ relativeRisk: -0.2 }, 'relativeRisk'],
    [{ referenceMinutesPerWeek: 0 }, 'referenceMinutesPerWeek'],
    [{ referenceMinutesPerWeek: 20_000 }, 'referenceMinutesPerWeek'],
    [{ maxRiskReduction: 1.5 }, 'maxRiskReduction'],
  ])('refuses the dose-response %o with a 422 naming %s', async (extra, field) => {
    const res = await t.request('/api/v1/calculators/heat', {
      method: 'POST',
      token: await t.token('analystNetwork'),
      json: { mode: 'bike', people: 10, minutesPerWeek: 100, country: 'DK', ...extra },
    });
    expect(res.status).toBe(422);
    const e = (await body(res)).error;
    expect(e.code).toBe('validation_failed');
    expect(JSON.stringify(e.details)).toContain(field);
  });

  it.each([
    [{ mortalityPer100k: -3 }],
    [{ mortalityPer100k: 1e6 }],
    [{ vsl: 0, currency: 'EUR' }],
    [{ vsl: 1e6, currency: 'euro' }],
    [{ discountRate: 3.5 }],
    [{ ageRange: { from: 12, to: 17 }, mortalityPer100k: 20 }],
    [{ ageRange: { from: 40, to: 30 }, mortalityPer100k: 20 }],
    [{ uptakeYears: 0 }],
    [{ years: 1000 }],
    [{ fatalitiesPer100MillionKm: -1 }],
    [{ fatalitiesPer100MillionKm: 5000 }],
    [{ fatalitiesPer100MillionKm: '2' }],
  ])('refuses the absurd %o with a 422', async (extra) => {
    const res = await t.request('/api/v1/calculators/heat', {
      method: 'POST',
      token: await t.token('admin'),
      json: { mode: 'bike', people: 10, minutesPerWeek: 100, country: 'DK', ...extra },
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('validation_failed');
  });

  it("adds HEAT's crash term for a fatality rate: Table 3's upper bound (PMC7441747) in USD", async () => {
    const res = await t.request('/api/v1/calculators/heat', {
      method: 'POST',
      token: await t.token('analystNetwork'),
      json: {
        mode: 'bike',
        people: 96_142,
        minutesPerWeek: 3.843 * 7,
        mortalityPer100k: 210.79,
        vsl: 9_200_000,
        currency: 'USD',
        fatalitiesPer100MillionKm: 1.782,
      },
    });
    expect(res.status).toBe(200);
    const r = await body(res);
    // 96,142 people × 26.901 min/week at 14 km/h × 365 / 7 = 31.47 million km a year.
    expect(r.crash.kmPerYear).toBeCloseTo(31_466_844, 0);
    expect(r.crash.speedKmh).toBe(14);
    expect(r.crash.source).toBe('user');
    // × 1.782 per 100 million km = 0.5607 road deaths a year.
    expect(r.crash.deathsPerYear).toBeCloseTo(0.560739, 6);
    expect(r.crash.valuePerYear).toBeCloseTo(0.560739 * 9_200_000, -1);
    // Physical activity 5.452 deaths a year, less 0.561 on the road: 4.891 net of crashes.
    expect(r.deathsPreventedPerYear).toBeCloseTo(5.4517, 4);
    expect(r.netOfCrashes.deathsPreventedPerYear).toBeCloseTo(5.4517 - 0.560739, 4);
    expect(r.yearly[0].crashDeaths).toBeCloseTo(0.560739, 6);
    expect(r.yearly[0].deathsPrevented).toBeCloseTo(5.4517 * 0.2, 4);
  });

  it("answers the page's defaults: every country's mortality and VSL with the source", async () => {
    const res = await t.request('/api/v1/calculators/heat/defaults', {
      token: await t.token('analystNetwork'),
    });
    expect(res.status).toBe(200);
    const d = await body(res);
    const dk = d.countries.find((c: { code: string }) => c.code === 'DK');
    expect(dk.mortalityPer100k['20-64']).toBe(241.2141);
    expect(dk.currency).toBe('EUR');
    expect(d.modes.bike.countryAgeGroups).toEqual(['20-64']);
    // The dose-response the page shows as defaults: HEAT 2017's per mode.
    expect(d.modes.bike).toMatchObject({
      referenceRelativeRisk: 0.9,
      referenceMinutesPerWeek: 100,
      maxRiskReduction: 0.45,
    });
    expect(d.modes.walk).toMatchObject({
      referenceRelativeRisk: 0.886,
      referenceMinutesPerWeek: 168,
    });
    expect(d.years).toBe(10);
    expect(d.countrySource).toMatch(/HEAT/);
    expect(d.limits.fatalitiesPer100MillionKmMax).toBe(1000);
  });
});

describe('cached answers follow the data', () => {
  it('a new trip, survey or deletion shows in the next answer', async () => {
    const q = 'partner=town-b&from=2011-10-03&to=2011-10-09';
    const before = await body(await indicators(q));
    const again = await body(await indicators(q));
    expect(again).toEqual(before);
    const admin = await t.token('admin');
    expect(
      (
        await t.request('/api/v1/trips', {
          method: 'POST',
          token: admin,
          json: {
            id: 'late-1',
            commuterId: 'C',
            startedAt: '2011-10-08T10:00:00+02:00',
            legs: [{ mode: 'bike', distanceKm: 4 }],
          },
        })
      ).status,
    ).toBe(201);
    const after = await body(await indicators(q));
    expect(after.trips).toBe(before.trips + 1);
    expect(after.distanceKm).toBe(before.distanceKm + 4);
    expect(
      (await t.request('/api/v1/trips/late-1', { method: 'DELETE', token: admin })).status,
    ).toBe(204);
    expect((await body(await indicators(q))).trips).toBe(before.trips);
  });
});

describe("a partner's own HEAT data (PATCH /partners/{id} heat)", () => {
  const q = 'partner=town-b&from=2011-10-03&to=2011-10-09';
  const patch = async (who: Parameters<TestContext['token']>[0], json: unknown) =>
    t.request('/api/v1/partners/town-b', { method: 'PATCH', token: await t.token(who), json });
  const heat = {
    mortality: {
      per100k: 200,
      ageFrom: 20,
      ageTo: 64,
      source: 'Statistics Denmark DOD',
      year: 2023,
    },
    vsl: { amount: 4_000_000, currency: 'EUR', year: 2022, source: 'Danish Ministry of Transport' },
  };

  it("lets the partner's staff store it, shows it in GET /partners/{id}, and the health block uses it", async () => {
    const before = await body(await indicators(q));
    expect(before.health.cycling.dataSources).toEqual([
      expect.objectContaining({ partnerId: 'town-b', mortality: 'country', vsl: 'country' }),
    ]);
    const res = await patch('staffB', { heat });
    expect(res.status).toBe(200);
    expect((await body(res)).heat).toEqual(heat);
    const shown = await body(
      await t.request('/api/v1/partners/town-b', { token: await t.token('analystNetwork') }),
    );
    expect(shown.heat).toEqual(heat);

    const after = await body(await indicators(q));
    const cycling = after.health.cycling;
    // Same two cyclists and minutes; mortality 200 instead of 241.2141, VSL 4,000,000.
    const deaths = (before.health.cycling.deathsPreventedPerYear * 200) / 241.2141;
    expect(cycling.deathsPreventedPerYear).toBeCloseTo(deaths, 6);
    expect(cycling.valuePerYear).toBeCloseTo(deaths * 4_000_000, 0);
    expect(cycling.dataSources[0]).toMatchObject({ mortality: 'partner', vsl: 'partner' });
    expect(cycling.dataSources[0].citations.join(' ')).toContain('Statistics Denmark DOD (2023)');
    // The VSL is echoed with its source and price year too.
    expect(cycling.dataSources[0].citations.join(' ')).toMatch(
      /4000000 EUR \(2022 prices\).*Danish Ministry of Transport/,
    );
    // Walking counts ages 20-74: a 20-64 rate does not describe the walkers, and it says so.
    expect(after.health.walking.dataSources[0].mortality).toBe('country');
    expect(after.health.walking.dataSources[0].notes[0]).toMatch(/ages 20-64/);
  });

  it('keeps the money in the country currency when the VSL is in another one, and says why', async () => {
    const dkk = { amount: 33_000_000, currency: 'DKK', year: 2024, source: 'Transportministeriet' };
    expect((await patch('admin', { heat: { vsl: dkk } })).status).toBe(200);
    const r = await body(await indicators(q));
    expect(r.health.cycling.currency).toBe('EUR');
    expect(r.health.cycling.dataSources[0]).toMatchObject({ mortality: 'partner', vsl: 'country' });
    expect(r.health.cycling.dataSources[0].notes.join(' ')).toMatch(/DKK.*converts nothing/);
  });

  it.each([
    ['staffA', { heat }, 403],
    ['analystA', { heat }, 403],
    ['staffB', { name: 'Renamed', heat }, 403],
    ['staffB', { heat: { mortality: { ...heat.mortality, ageTo: 18 } } }, 422],
    ['staffB', { heat: { mortality: { ...heat.mortality, per100k: -1 } } }, 422],
    ['staffB', { heat: { mortality: { per100k: 200, ageFrom: 20, ageTo: 64 } } }, 422],
    ['staffB', { heat: { vsl: { ...heat.vsl, currency: 'QQQ' } } }, 422],
    ['staffB', { heat: { vsl: { ...heat.vsl, amount: 1e15 } } }, 422],
  ] as const)('%s sending %o gets %i', async (who, json, status) => {
    const res = await patch(who, json);
    expect(res.status).toBe(status);
  });

  it('clears a part with null, back to the country default', async () => {
    const res = await patch('staffB', { heat: { mortality: null, vsl: null } });
    expect((await body(res)).heat).toEqual({ mortality: null, vsl: null });
    const r = await body(await indicators(q));
    expect(r.health.cycling.dataSources[0]).toMatchObject({ mortality: 'country', vsl: 'country' });
  });
});
