import { MODES, type Mode } from '../domain/modes.js';
import factorSetsJson from '../../data/factor-sets.json' with { type: 'json' };
import metValuesJson from '../../data/met-values.json' with { type: 'json' };
import defaultSpeedsJson from '../../data/default-speeds.json' with { type: 'json' };
import heatParametersJson from '../../data/heat-parameters.json' with { type: 'json' };
import heatCountriesJson from '../../data/heat-countries.json' with { type: 'json' };

/**
 * The reference data of the indicators (factor sets, MET values, default speeds, HEAT
 * parameters and country data), typed and checked once at import. The figures live in
 * data/*.json with their sources; this module only gives them types, so that a malformed data
 * file fails at start-up and names the entry, instead of producing NaN on a dashboard.
 * Pure: static JSON imports, no file system access.
 */

// ---------------------------------------------------------------------------------------------
// Emission factor sets
// ---------------------------------------------------------------------------------------------

export type FactorScope = 'direct' | 'well_to_wheel' | 'lifecycle' | 'unspecified';

/** One mode's factor in a set, with its provenance. */
export interface EmissionFactor {
  /** kg CO2e per km, in `unit`. */
  kgPerKm: number;
  unit: 'vehicle-km' | 'passenger-km';
  source: string;
  assumption: boolean;
  note?: string;
}

/** A versioned set of emission factors (docs/methodology.md#factor-sets). */
export interface FactorSet {
  id: string;
  name: string;
  scope: FactorScope;
  source: string;
  year: number;
  unitNote: string;
  /** kg CO2e per km for every mode; per vehicle-km for the modes in `perVehicleKm`. */
  kgPerKm: Record<Mode, number>;
  /** Modes whose factor is per vehicle-km (it applies to the driver only). */
  perVehicleKm: Mode[];
  factors: Record<Mode, EmissionFactor>;
  /** The set's assumptions, one line each, for reports. */
  assumptions: string[];
}

export const FACTOR_SCOPES: readonly FactorScope[] = [
  'direct',
  'well_to_wheel',
  'lifecycle',
  'unspecified',
];

function fail(where: string, what: string): never {
  throw new Error(`reference data: ${where}: ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireNumber(value: unknown, where: string, { min = 0 }: { min?: number } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(where, `expected a finite number >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(where, 'expected a non-empty string');
  return value;
}

function requireMode(value: unknown, where: string): Mode {
  if (typeof value !== 'string' || !(MODES as readonly string[]).includes(value)) {
    fail(where, `unknown mode ${JSON.stringify(value)}`);
  }
  return value as Mode;
}

function parseFactorSet(raw: unknown, index: number): FactorSet {
  const where = `factor-sets.json factorSets[${index}]`;
  if (!isRecord(raw)) fail(where, 'expected an object');
  const id = requireString(raw.id, `${where}.id`);
  const scope = raw.scope;
  if (typeof scope !== 'string' || !(FACTOR_SCOPES as readonly string[]).includes(scope)) {
    fail(`${where} (${id}).scope`, `expected one of ${FACTOR_SCOPES.join(', ')}`);
  }
  const perVehicleKmRaw = raw.perVehicleKm;
  if (!Array.isArray(perVehicleKmRaw)) fail(`${where} (${id}).perVehicleKm`, 'expected an array');
  const perVehicleKm = perVehicleKmRaw.map((m, i) =>
    requireMode(m, `${where} (${id}).perVehicleKm[${i}]`),
  );
  if (!isRecord(raw.factors)) fail(`${where} (${id}).factors`, 'expected an object');

  const factors = {} as Record<Mode, EmissionFactor>;
  const kgPerKm = {} as Record<Mode, number>;
  const assumptions: string[] = [];
  for (const mode of MODES) {
    const f = raw.factors[mode];
    const at = `${where} (${id}).factors.${mode}`;
    if (!isRecord(f)) fail(at, 'missing: every mode needs a factor');
    const unit = f.unit;
    if (unit !== 'vehicle-km' && unit !== 'passenger-km')
      fail(`${at}.unit`, 'expected vehicle-km or passenger-km');
    if (typeof f.assumption !== 'boolean') fail(`${at}.assumption`, 'expected a boolean');
    const factor: EmissionFactor = {
      kgPerKm: requireNumber(f.kgPerKm, `${at}.kgPerKm`),
      unit,
      source: requireString(f.source, `${at}.source`),
      assumption: f.assumption,
      ...(typeof f.note === 'string' ? { note: f.note } : {}),
    };
    factors[mode] = factor;
    kgPerKm[mode] = factor.kgPerKm;
    if (factor.assumption)
      assumptions.push(`${mode}: ${factor.source}${factor.note ? ` (${factor.note})` : ''}`);
  }
  for (const mode of MODES) {
    if ((factors[mode].unit === 'vehicle-km') !== perVehicleKm.includes(mode)) {
      fail(
        `${where} (${id}).perVehicleKm`,
        `must list exactly the modes whose unit is vehicle-km (${mode} disagrees)`,
      );
    }
  }
  // A passenger adds no vehicle-km: with car factors per vehicle-km, a car passenger's own
  // factor must be zero, or a car-sharing commuter would be charged for the driver's car.
  if (perVehicleKm.includes('car_driver') && kgPerKm.car_passenger !== 0) {
    fail(`${where} (${id}).factors.car_passenger`, 'must be 0 when car factors are per vehicle-km');
  }
  return {
    id,
    name: requireString(raw.name, `${where}.name`),
    scope: scope as FactorScope,
    source: requireString(raw.source, `${where}.source`),
    year: requireNumber(raw.year, `${where}.year`, { min: 1990 }),
    unitNote: requireString(raw.unitNote, `${where}.unitNote`),
    kgPerKm,
    perVehicleKm,
    factors,
    assumptions,
  };
}

function parseFactorSets(raw: unknown): { sets: FactorSet[]; defaultId: string } {
  if (!isRecord(raw) || !Array.isArray(raw.factorSets))
    fail('factor-sets.json', 'expected { factorSets: [...] }');
  const sets = raw.factorSets.map(parseFactorSet);
  const ids = new Set<string>();
  for (const set of sets) {
    if (ids.has(set.id)) fail('factor-sets.json', `duplicate id ${set.id}`);
    ids.add(set.id);
  }
  const defaultId = requireString(raw.defaultFactorSetId, 'factor-sets.json defaultFactorSetId');
  if (!ids.has(defaultId)) fail('factor-sets.json defaultFactorSetId', `no set ${defaultId}`);
  return { sets, defaultId };
}

const parsedFactorSets = parseFactorSets(factorSetsJson);

/** Every factor set, in data order. */
export const FACTOR_SETS: readonly FactorSet[] = Object.freeze(parsedFactorSets.sets);

/** The set partners report with unless they chose another: UK DESNZ 2025, direct. */
export const DEFAULT_FACTOR_SET_ID: string = parsedFactorSets.defaultId;

/** The factor set with this id, or undefined. */
export function findFactorSet(id: string): FactorSet | undefined {
  return FACTOR_SETS.find((set) => set.id === id);
}

/** The factor set with this id; throws a RangeError naming the known ids when there is none. */
export function getFactorSet(id: string = DEFAULT_FACTOR_SET_ID): FactorSet {
  const set = findFactorSet(id);
  if (!set)
    throw new RangeError(
      `unknown factor set ${id}; known: ${FACTOR_SETS.map((s) => s.id).join(', ')}`,
    );
  return set;
}

// ---------------------------------------------------------------------------------------------
// MET values
// ---------------------------------------------------------------------------------------------

export type MetMode = 'walk' | 'bike' | 'ebike';

/** A MET value with its Compendium code (null when measured outside the Compendium). */
export interface MetValue {
  met: number;
  code: string | null;
  description: string;
  source: string;
}

export interface MetSpeedBand extends MetValue {
  /** The band applies from this average speed (km/h) up to the next band's. */
  minSpeedKmh: number;
}

export interface MetTable {
  source: string;
  year: number;
  modes: Record<MetMode, { default: MetValue; bySpeed: MetSpeedBand[] }>;
}

function parseMetValue(raw: unknown, where: string): MetValue {
  if (!isRecord(raw)) fail(where, 'expected an object');
  const code = raw.code;
  if (code !== null && typeof code !== 'string') fail(`${where}.code`, 'expected a string or null');
  return {
    met: requireNumber(raw.met, `${where}.met`, { min: 1 }),
    code,
    description: requireString(raw.description, `${where}.description`),
    source: requireString(raw.source, `${where}.source`),
  };
}

function parseMetTable(raw: unknown): MetTable {
  if (!isRecord(raw) || !isRecord(raw.modes)) fail('met-values.json', 'expected { modes: {...} }');
  const modes = {} as MetTable['modes'];
  for (const mode of ['walk', 'bike', 'ebike'] as const) {
    const entry = raw.modes[mode];
    const where = `met-values.json modes.${mode}`;
    if (!isRecord(entry) || !Array.isArray(entry.bySpeed))
      fail(where, 'expected { default, bySpeed: [] }');
    const bands = entry.bySpeed.map((b, i): MetSpeedBand => {
      const at = `${where}.bySpeed[${i}]`;
      if (!isRecord(b)) fail(at, 'expected an object');
      return {
        ...parseMetValue(b, at),
        minSpeedKmh: requireNumber(b.minSpeedKmh, `${at}.minSpeedKmh`),
      };
    });
    for (let i = 1; i < bands.length; i++) {
      if (bands[i]!.minSpeedKmh <= bands[i - 1]!.minSpeedKmh)
        fail(`${where}.bySpeed`, 'bands must rise in speed');
    }
    modes[mode] = { default: parseMetValue(entry.default, `${where}.default`), bySpeed: bands };
  }
  return {
    source: requireString(raw.source, 'met-values.json source'),
    year: requireNumber(raw.year, 'met-values.json year', { min: 1990 }),
    modes,
  };
}

/** MET values of walking, cycling and e-biking (2011 Compendium; e-bike: Riiser et al. 2025). */
export const MET_TABLE: MetTable = parseMetTable(metValuesJson);

// ---------------------------------------------------------------------------------------------
// Default speeds
// ---------------------------------------------------------------------------------------------

export interface DefaultSpeed {
  kmh: number;
  source: string;
  assumption: boolean;
}

function parseDefaultSpeeds(raw: unknown): Record<Mode, DefaultSpeed> {
  if (!isRecord(raw) || !isRecord(raw.speeds))
    fail('default-speeds.json', 'expected { speeds: {...} }');
  const speeds = {} as Record<Mode, DefaultSpeed>;
  for (const mode of MODES) {
    const s = raw.speeds[mode];
    const where = `default-speeds.json speeds.${mode}`;
    if (!isRecord(s)) fail(where, 'missing: every mode needs a default speed');
    if (typeof s.assumption !== 'boolean') fail(`${where}.assumption`, 'expected a boolean');
    speeds[mode] = {
      kmh: requireNumber(s.kmh, `${where}.kmh`, { min: Number.MIN_VALUE }),
      source: requireString(s.source, `${where}.source`),
      assumption: s.assumption,
    };
  }
  return speeds;
}

/** Default door-to-door speed per mode, km/h (walk 4.8 and bike 14 from HEAT; others assumed). */
export const DEFAULT_SPEEDS: Readonly<Record<Mode, DefaultSpeed>> = Object.freeze(
  parseDefaultSpeeds(defaultSpeedsJson),
);

// ---------------------------------------------------------------------------------------------
// HEAT
// ---------------------------------------------------------------------------------------------

export type HeatMode = 'walk' | 'bike';
export type HeatAgeGroup = '20-64' | '20-74';

export interface HeatModeParameters {
  /** Relative risk of all-cause mortality at the reference volume. */
  referenceRelativeRisk: number;
  referenceMinutesPerWeek: number;
  /** Cap on the risk reduction (1 − RR). */
  maxRiskReduction: number;
  ageGroup: HeatAgeGroup;
  defaultSpeedKmh: number;
  source: string;
}

export interface SourcedValue {
  value: number;
  source: string;
  assumption: boolean;
  note?: string;
}

export interface HeatParameters {
  source: string;
  year: number;
  modes: Record<HeatMode, HeatModeParameters>;
  buildUpYears: SourcedValue;
  /** HEAT's uptake time: years until the assessed walking or cycling reaches its full level. */
  uptakeYears: SourcedValue;
  assessmentYears: SourcedValue;
  discountRate: SourcedValue;
  commutingWeeksPerYear: SourcedValue;
  /** HEAT's crash term: how road deaths follow from distance (the rate is the user's). */
  crash: { source: string };
}

export interface Vsl {
  value: number;
  currency: string;
  /** Price year of the value; null where the source does not state it. */
  priceYear: number | null;
  assumption: boolean;
  source?: string;
  note?: string;
}

export interface HeatCountry {
  code: string;
  name: string;
  iso3: string;
  /** Crude all-cause deaths per 100,000 per year, by HEAT age group. */
  mortalityPer100k: Record<HeatAgeGroup, number>;
  mortalityYear: number | null;
  vsl: Vsl;
  alternativeVsl?: Vsl;
}

export interface HeatCountryData {
  source: string;
  year: number;
  yearNote: string;
  countries: Record<string, HeatCountry>;
}

function parseSourcedValue(raw: unknown, where: string): SourcedValue {
  if (!isRecord(raw)) fail(where, 'expected an object');
  if (typeof raw.assumption !== 'boolean') fail(`${where}.assumption`, 'expected a boolean');
  return {
    value: requireNumber(raw.value, `${where}.value`),
    source: requireString(raw.source, `${where}.source`),
    assumption: raw.assumption,
    ...(typeof raw.note === 'string' ? { note: raw.note } : {}),
  };
}

function parseHeatParameters(raw: unknown): HeatParameters {
  const file = 'heat-parameters.json';
  if (!isRecord(raw) || !isRecord(raw.modes)) fail(file, 'expected { modes: {...} }');
  const modes = {} as Record<HeatMode, HeatModeParameters>;
  for (const mode of ['walk', 'bike'] as const) {
    const m = raw.modes[mode];
    const where = `${file} modes.${mode}`;
    if (!isRecord(m)) fail(where, 'missing');
    if (m.ageGroup !== '20-64' && m.ageGroup !== '20-74')
      fail(`${where}.ageGroup`, 'expected 20-64 or 20-74');
    const rr = requireNumber(m.referenceRelativeRisk, `${where}.referenceRelativeRisk`);
    if (rr >= 1) fail(`${where}.referenceRelativeRisk`, 'must be below 1');
    modes[mode] = {
      referenceRelativeRisk: rr,
      referenceMinutesPerWeek: requireNumber(
        m.referenceMinutesPerWeek,
        `${where}.referenceMinutesPerWeek`,
        { min: 1 },
      ),
      maxRiskReduction: requireNumber(m.maxRiskReduction, `${where}.maxRiskReduction`),
      ageGroup: m.ageGroup,
      defaultSpeedKmh: requireNumber(m.defaultSpeedKmh, `${where}.defaultSpeedKmh`, {
        min: Number.MIN_VALUE,
      }),
      source: requireString(m.source, `${where}.source`),
    };
  }
  return {
    source: requireString(raw.source, `${file} source`),
    year: requireNumber(raw.year, `${file} year`, { min: 1990 }),
    modes,
    buildUpYears: parseSourcedValue(raw.buildUpYears, `${file} buildUpYears`),
    uptakeYears: parseSourcedValue(raw.uptakeYears, `${file} uptakeYears`),
    assessmentYears: parseSourcedValue(raw.assessmentYears, `${file} assessmentYears`),
    discountRate: parseSourcedValue(raw.discountRate, `${file} discountRate`),
    commutingWeeksPerYear: parseSourcedValue(
      raw.commutingWeeksPerYear,
      `${file} commutingWeeksPerYear`,
    ),
    crash: {
      source: requireString(
        isRecord(raw.crash) ? raw.crash.source : undefined,
        `${file} crash.source`,
      ),
    },
  };
}

function parseVsl(raw: unknown, where: string): Vsl {
  if (!isRecord(raw)) fail(where, 'expected an object');
  const priceYear = raw.priceYear;
  if (priceYear !== null && typeof priceYear !== 'number')
    fail(`${where}.priceYear`, 'expected a year or null');
  if (typeof raw.assumption !== 'boolean') fail(`${where}.assumption`, 'expected a boolean');
  return {
    value: requireNumber(raw.value, `${where}.value`, { min: Number.MIN_VALUE }),
    currency: requireString(raw.currency, `${where}.currency`),
    priceYear,
    assumption: raw.assumption,
    ...(typeof raw.source === 'string' ? { source: raw.source } : {}),
    ...(typeof raw.note === 'string' ? { note: raw.note } : {}),
  };
}

function parseHeatCountries(raw: unknown): HeatCountryData {
  const file = 'heat-countries.json';
  if (!isRecord(raw) || !isRecord(raw.countries)) fail(file, 'expected { countries: {...} }');
  const countries: Record<string, HeatCountry> = {};
  for (const [code, c] of Object.entries(raw.countries)) {
    const where = `${file} countries.${code}`;
    if (!/^[A-Z]{2}$/.test(code)) fail(where, 'country keys are ISO 3166-1 alpha-2 codes');
    if (!isRecord(c) || !isRecord(c.mortalityPer100k))
      fail(where, 'expected { mortalityPer100k, vsl, ... }');
    const mortalityYear = c.mortalityYear;
    if (mortalityYear !== null && typeof mortalityYear !== 'number')
      fail(`${where}.mortalityYear`, 'expected a year or null');
    countries[code] = {
      code,
      name: requireString(c.name, `${where}.name`),
      iso3: requireString(c.iso3, `${where}.iso3`),
      mortalityPer100k: {
        '20-64': requireNumber(c.mortalityPer100k['20-64'], `${where}.mortalityPer100k.20-64`, {
          min: Number.MIN_VALUE,
        }),
        '20-74': requireNumber(c.mortalityPer100k['20-74'], `${where}.mortalityPer100k.20-74`, {
          min: Number.MIN_VALUE,
        }),
      },
      mortalityYear,
      vsl: parseVsl(c.vsl, `${where}.vsl`),
      ...(c.alternativeVsl !== undefined
        ? { alternativeVsl: parseVsl(c.alternativeVsl, `${where}.alternativeVsl`) }
        : {}),
    };
  }
  return {
    source: requireString(raw.source, `${file} source`),
    year: requireNumber(raw.year, `${file} year`, { min: 1990 }),
    yearNote: requireString(raw.yearNote, `${file} yearNote`),
    countries,
  };
}

/** HEAT model parameters (relative risks, caps, age groups, build-up, defaults). */
export const HEAT_PARAMETERS: HeatParameters = parseHeatParameters(heatParametersJson);

/** HEAT country data: crude mortality by age group and VSL, keyed by ISO alpha-2 code. */
export const HEAT_COUNTRY_DATA: HeatCountryData = parseHeatCountries(heatCountriesJson);

/** The ISO alpha-2 codes HEAT country data exist for (for request validation). */
export const HEAT_COUNTRY_CODES: readonly string[] = Object.freeze(
  Object.keys(HEAT_COUNTRY_DATA.countries),
);

/** The HEAT country data of `code` (ISO alpha-2, case-insensitive), or undefined. */
export function findHeatCountry(code: string): HeatCountry | undefined {
  return HEAT_COUNTRY_DATA.countries[code.toUpperCase()];
}
