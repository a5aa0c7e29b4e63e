import { describe, expect, it } from 'vitest';
import { MODES } from '../../server/domain/modes.js';
import {
  DEFAULT_FACTOR_SET_ID,
  DEFAULT_SPEEDS,
  FACTOR_SETS,
  HEAT_COUNTRY_CODES,
  HEAT_COUNTRY_DATA,
  HEAT_PARAMETERS,
  MET_TABLE,
  findHeatCountry,
  getFactorSet,
} from '../../server/indicators/reference-data.js';

// The figures below are copied by hand from DESIGN.md section 3: the data files must keep
// saying what the design (and its sources) say.

describe('factor sets', () => {
  it('defaults to DESNZ 2025 direct', () => {
    expect(DEFAULT_FACTOR_SET_ID).toBe('desnz-2025-direct');
    expect(getFactorSet().id).toBe('desnz-2025-direct');
    expect(() => getFactorSet('nope')).toThrow(RangeError);
  });

  it('carries the DESNZ 2025 figures of DESIGN.md', () => {
    const direct = getFactorSet('desnz-2025-direct');
    const wtw = getFactorSet('desnz-2025-wtw');
    expect([direct.kgPerKm.car_driver, wtw.kgPerKm.car_driver]).toEqual([0.16725, 0.21124]);
    expect([direct.kgPerKm.motorbike, wtw.kgPerKm.motorbike]).toEqual([0.11367, 0.14323]);
    expect([direct.kgPerKm.bus, wtw.kgPerKm.bus]).toEqual([0.10385, 0.13034]);
    expect([direct.kgPerKm.train, wtw.kgPerKm.train]).toEqual([0.03546, 0.04443]);
    expect([direct.kgPerKm.tram, wtw.kgPerKm.tram]).toEqual([0.0286, 0.03609]);
    expect(direct.perVehicleKm).toEqual(['car_driver', 'motorbike']);
    expect(direct.scope).toBe('direct');
    expect(wtw.scope).toBe('well_to_wheel');
  });

  it('carries the Danish 2023 and ECF 2011 figures (g converted to kg)', () => {
    const dk = getFactorSet('dk-tm-2023');
    expect([dk.kgPerKm.car_driver, dk.kgPerKm.bus, dk.kgPerKm.train]).toEqual([
      99 / 1000,
      118 / 1000,
      81 / 1000,
    ]);
    const ecf = getFactorSet('ecf-2011-lifecycle');
    expect([ecf.kgPerKm.bike, ecf.kgPerKm.ebike, ecf.kgPerKm.bus, ecf.kgPerKm.car_driver]).toEqual([
      0.021, 0.022, 0.101, 0.271,
    ]);
    expect(ecf.scope).toBe('lifecycle');
  });

  it.each(FACTOR_SETS.map((set) => [set.id, set] as const))(
    '%s: every mode sourced, walking and cycling free in use, passengers 0',
    (_id, set) => {
      expect(set.year).toBeGreaterThan(2000);
      for (const mode of MODES) {
        const factor = set.factors[mode];
        expect(factor.kgPerKm).toBeGreaterThanOrEqual(0);
        expect(factor.source.length).toBeGreaterThan(0);
        expect(set.kgPerKm[mode]).toBe(factor.kgPerKm);
      }
      expect(set.kgPerKm.car_passenger).toBe(0);
      if (set.scope !== 'lifecycle') expect([set.kgPerKm.walk, set.kgPerKm.bike]).toEqual([0, 0]);
      // The e-bike figure is an assumption in every use-phase set: it must say so.
      if (set.scope !== 'lifecycle') expect(set.factors.ebike.assumption).toBe(true);
      expect(set.assumptions.length).toBe(MODES.filter((m) => set.factors[m].assumption).length);
    },
  );

  it('derives the e-bike figure from 10 Wh/km and the DESNZ 2025 grid factor', () => {
    expect(getFactorSet('desnz-2025-direct').kgPerKm.ebike).toBeCloseTo(0.01 * 0.177, 12);
    expect(getFactorSet('desnz-2025-wtw').kgPerKm.ebike).toBeCloseTo(
      (0.01 * 0.177 * 0.0548) / 0.04047,
      4,
    );
  });
});

describe('HEAT data', () => {
  it('has the model parameters of DESIGN.md', () => {
    expect(HEAT_PARAMETERS.modes.bike).toMatchObject({
      referenceRelativeRisk: 0.9,
      referenceMinutesPerWeek: 100,
      maxRiskReduction: 0.45,
      ageGroup: '20-64',
      defaultSpeedKmh: 14,
    });
    expect(HEAT_PARAMETERS.modes.walk).toMatchObject({
      referenceRelativeRisk: 0.886,
      referenceMinutesPerWeek: 168,
      maxRiskReduction: 0.3,
      ageGroup: '20-74',
      defaultSpeedKmh: 4.8,
    });
    expect(HEAT_PARAMETERS.buildUpYears.value).toBe(5);
    expect(HEAT_PARAMETERS.assessmentYears.value).toBe(10);
    expect(HEAT_PARAMETERS.commutingWeeksPerYear).toMatchObject({ value: 46, assumption: true });
    expect(HEAT_PARAMETERS.discountRate).toMatchObject({ value: 0, assumption: true });
  });

  it("covers the network's nine countries in euros", () => {
    expect([...HEAT_COUNTRY_CODES].sort()).toEqual([
      'AT',
      'DE',
      'DK',
      'ES',
      'GR',
      'IT',
      'PL',
      'RO',
      'SI',
    ]);
    for (const code of HEAT_COUNTRY_CODES) {
      const country = HEAT_COUNTRY_DATA.countries[code]!;
      expect(country.vsl.currency).toBe('EUR');
      expect(country.vsl.value).toBeGreaterThan(0);
      // A wider age group that adds older people has the higher crude mortality.
      expect(country.mortalityPer100k['20-74']).toBeGreaterThan(country.mortalityPer100k['20-64']);
    }
  });

  it("has Denmark's HEAT defaults of DESIGN.md", () => {
    const dk = findHeatCountry('dk')!;
    expect(dk.mortalityPer100k).toEqual({ '20-64': 241.2141, '20-74': 412.2498 });
    expect(Math.round(dk.vsl.value)).toBe(4_544_942);
    expect(dk.alternativeVsl).toMatchObject({ value: 34_000_000, currency: 'DKK' });
    expect(findHeatCountry('XX')).toBeUndefined();
  });
});

describe('MET values and speeds', () => {
  it('has the Compendium commuting defaults and rising speed bands', () => {
    expect(MET_TABLE.modes.walk.default.met).toBe(3.5);
    expect(MET_TABLE.modes.bike.default.met).toBe(6.8);
    expect(MET_TABLE.modes.ebike.default.met).toBe(5.9);
    for (const mode of ['walk', 'bike'] as const) {
      const bands = MET_TABLE.modes[mode].bySpeed;
      for (let i = 1; i < bands.length; i++)
        expect(bands[i]!.met).toBeGreaterThan(bands[i - 1]!.met);
    }
  });

  it('marks every default speed other than HEAT walking and cycling as an assumption', () => {
    for (const mode of MODES) {
      expect(DEFAULT_SPEEDS[mode].assumption).toBe(mode !== 'walk' && mode !== 'bike');
    }
  });
});
