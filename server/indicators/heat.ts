import type { AgeBand } from '../domain/age-bands.js';
import {
  DEFAULT_SPEEDS,
  HEAT_COUNTRY_DATA,
  HEAT_PARAMETERS,
  type HeatAgeGroup,
  type HeatCountry,
  type HeatMode,
  type SourcedValue,
  findHeatCountry,
} from './reference-data.js';
import { type CommuteSurvey, type CommuterPeriodSummary, sumByMode } from './types.js';

/**
 * WHO HEAT for walking and cycling, physical-activity module (docs/methodology.md#heat):
 * Kahlmeier et al. 2017 (HEAT methods and user guide), relative risks from Kelly et al. 2014.
 *
 *   RR = 1 − (1 − RR_ref) × minutesPerWeek / refMinutes      (cycling 0.90 @ 100, walking 0.886 @ 168)
 *   riskReduction = min(1 − RR, cap)                         (cap 0.45 cycling, 0.30 walking)
 *   deathsPreventedPerYear = people × crude mortality (country, age group) × riskReduction
 *   valuePerYear = deathsPreventedPerYear × VSL (country)
 *   benefits build up linearly over 5 years; 10-year assessment; discounting configurable.
 *   optional crash term: road deaths = km a year × the user's fatality rate per 100 million km,
 *   no build-up; the air-pollution term of HEAT v4 is not modelled.
 */

export type { HeatAgeGroup, HeatMode } from './reference-data.js';

/** Age bands inside each HEAT age group (band edges fall on HEAT's limits, see age-bands.ts). */
export const AGE_BANDS_IN_HEAT_GROUP: Record<HeatAgeGroup, readonly AgeBand[]> = {
  '20-64': ['20-29', '30-39', '40-49', '50-59', '60-64'],
  '20-74': ['20-29', '30-39', '40-49', '50-59', '60-64', '65-74'],
};

export interface HeatRisk {
  /** 1 − riskReduction: the relative risk applied, after the cap. */
  relativeRisk: number;
  /** Reduction of all-cause mortality risk applied (after the cap), fraction. */
  riskReduction: number;
  /** (1 − RR_ref) × minutes / refMinutes, before the cap. */
  uncappedRiskReduction: number;
  /** True when the cap bit. */
  capped: boolean;
}

/**
 * The dose-response a HEAT assessment applies: the relative risk at a reference volume, scaled
 * linearly, and the cap on the risk reduction. HEAT 2017 by default; earlier HEAT versions and
 * studies used other values (HEAT 2011 cycling: 0.72 at 180 min/week, Andersen et al. 2000),
 * which an analyst reproducing such an assessment enters.
 */
export interface HeatDoseResponse {
  referenceRelativeRisk: number;
  referenceMinutesPerWeek: number;
  maxRiskReduction: number;
}

/** HEAT 2017's dose-response for a mode (data/heat-parameters.json). */
export function heatDoseResponseOf(mode: HeatMode): HeatDoseResponse {
  const p = HEAT_PARAMETERS.modes[mode];
  return {
    referenceRelativeRisk: p.referenceRelativeRisk,
    referenceMinutesPerWeek: p.referenceMinutesPerWeek,
    maxRiskReduction: p.maxRiskReduction,
  };
}

function requireNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

/**
 * HEAT relative risk of all-cause mortality for an average weekly volume of walking or cycling,
 * linear in minutes, with the benefit capped (45 % cycling, 30 % walking).
 *
 * @param minutesPerWeek average minutes per person per week, over the whole year
 * Source: HEAT 2017 (Kahlmeier et al.), Kelly et al. 2014.
 * @example computeHeatRisk('bike', 100).riskReduction // 0.10
 */
export function computeHeatRisk(
  mode: HeatMode,
  minutesPerWeek: number,
  dose: HeatDoseResponse = heatDoseResponseOf(mode),
): HeatRisk {
  requireNonNegative(minutesPerWeek, 'minutesPerWeek');
  const p = dose;
  const uncappedRiskReduction =
    ((1 - p.referenceRelativeRisk) * minutesPerWeek) / p.referenceMinutesPerWeek;
  const capped = uncappedRiskReduction > p.maxRiskReduction;
  const riskReduction = capped ? p.maxRiskReduction : uncappedRiskReduction;
  return { relativeRisk: 1 - riskReduction, riskReduction, uncappedRiskReduction, capped };
}

/**
 * Share of the full effect reached in each assessment year (year 1 first): linear build-up,
 * t / buildUpYears, reaching 1 in year `buildUpYears` (HEAT: 5 years). 0 build-up years means
 * full effect from year 1.
 */
export function heatBuildUpFractions(years: number, buildUpYears: number): number[] {
  if (!Number.isInteger(years) || years < 1)
    throw new RangeError(`years must be an integer >= 1, got ${years}`);
  requireNonNegative(buildUpYears, 'buildUpYears');
  const fractions: number[] = [];
  for (let t = 1; t <= years; t++)
    fractions.push(buildUpYears > 0 ? Math.min(t / buildUpYears, 1) : 1);
  return fractions;
}

/** Per assessment year: how much of the walking or cycling is there, and how much of its effect. */
export interface HeatYearShares {
  /** Share of the assessed minutes reached in the year (HEAT's uptake time), 0..1. */
  uptakeShare: number;
  /** Share of the full health effect reached in the year (uptake and build-up), 0..1. */
  buildUpShare: number;
}

/**
 * HEAT's two ramps, year by year. Uptake time: the walking or cycling reaches its full level
 * linearly, uptake_t = min(t / uptakeYears, 1) (HEAT default 1 year: full level in year 1).
 * Build-up time: each year's added activity reaches its full effect linearly over
 * `buildUpYears` (HEAT: 5). The effect in year t is the sum over the years s ≤ t in which
 * activity was added, Δuptake_s × min((t − s + 1) / buildUpYears, 1); with an uptake of 1 year
 * this is t / buildUpYears, HEAT's build-up alone (Götschi et al. 2020, section 2.1.2).
 */
export function heatYearShares(
  years: number,
  buildUpYears: number,
  uptakeYears = 1,
): HeatYearShares[] {
  const buildUp = heatBuildUpFractions(years, buildUpYears);
  if (!Number.isInteger(uptakeYears) || uptakeYears < 1)
    throw new RangeError(`uptakeYears must be an integer >= 1, got ${uptakeYears}`);
  const uptake = (t: number) => Math.min(t / uptakeYears, 1);
  const shares: HeatYearShares[] = [];
  for (let t = 1; t <= years; t++) {
    let effect = 0;
    for (let s = 1; s <= t; s++) effect += (uptake(s) - uptake(s - 1)) * buildUp[t - s]!;
    shares.push({ uptakeShare: uptake(t), buildUpShare: effect });
  }
  return shares;
}

/** The explicit inputs of a HEAT assessment, with no look-ups. */
export interface HeatAssessmentInput {
  mode: HeatMode;
  people: number;
  /** Average minutes per person per week over the year. */
  minutesPerWeek: number;
  /** Crude all-cause deaths per 100,000 per year in the population's age group. */
  mortalityPer100k: number;
  /** Value of a statistical life, in `currency`. */
  vsl: number;
  currency: string;
  years: number;
  buildUpYears: number;
  /** Annual discount rate, fraction (0.03 = 3 %); year 1 is not discounted. */
  discountRate: number;
  /** HEAT's uptake time in years (default 1: the full level from year 1). */
  uptakeYears?: number;
  /** Relative risk at a reference volume and cap; default HEAT 2017's for the mode. */
  dose?: HeatDoseResponse;
  /** HEAT's crash term, when a fatality rate is given: the distance it applies to and the rate. */
  crash?: HeatCrashExposure;
}

/**
 * The exposure of HEAT's crash term: distance walked or cycled by all the people in a year at
 * the full level, and the road fatality rate for that mode per 100 million km.
 */
export interface HeatCrashExposure {
  kmPerYear: number;
  fatalitiesPer100MillionKm: number;
}

/**
 * Road deaths of the walking or cycling assessed, valued like the deaths prevented (HEAT crash
 * module: fatalities = distance × fatality rate per distance). No build-up: a crash happens in
 * the year of the trip, so each year counts the distance of that year (the uptake share).
 */
export interface HeatCrashTerm extends HeatCrashExposure {
  /** kmPerYear × fatalitiesPer100MillionKm ÷ 10^8, at the full level. */
  deathsPerYear: number;
  /** deathsPerYear × VSL. */
  valuePerYear: number;
  /** Σ over the years of deathsPerYear × uptake share. */
  deathsTotal: number;
  valueTotal: number;
  valueDiscounted: number;
}

/** Physical activity minus crashes: HEAT's net figure without its air-pollution term. */
export type HeatNetOfCrashes = Pick<
  HeatAssessment,
  | 'deathsPreventedPerYear'
  | 'valuePerYear'
  | 'deathsPreventedTotal'
  | 'valueTotal'
  | 'valueDiscounted'
  | 'valueAveragePerYear'
>;

/** One year of the assessment period, so that a reader can follow the arithmetic. */
export interface HeatYear {
  /** 1 for the first assessment year. */
  year: number;
  uptakeShare: number;
  buildUpShare: number;
  /** deathsPreventedPerYear × buildUpShare. */
  deathsPrevented: number;
  /** deathsPrevented × VSL. */
  valueUndiscounted: number;
  /** 1 / (1 + r)^(year − 1): the first year is the present year. */
  discountFactor: number;
  /** valueUndiscounted × discountFactor. */
  valueDiscounted: number;
  /** Road deaths of the year (crash deaths per year × uptake share); null without a fatality rate. */
  crashDeaths: number | null;
  /** crashDeaths × VSL × discountFactor; null without a fatality rate. */
  crashValueDiscounted: number | null;
}

export interface HeatAssessment extends HeatRisk {
  deathsPreventedPerYear: number;
  /** deathsPreventedPerYear × VSL, at full effect. */
  valuePerYear: number;
  /** Σ over the assessment years of deathsPreventedPerYear × build-up share. */
  deathsPreventedTotal: number;
  /** deathsPreventedTotal × VSL, undiscounted. */
  valueTotal: number;
  /** Σ valuePerYear × share_t ÷ (1 + r)^(t − 1). */
  valueDiscounted: number;
  /** valueDiscounted ÷ years: HEAT's "average annual benefit". */
  valueAveragePerYear: number;
  currency: string;
  /** The assessment period year by year; the totals above are its column sums. */
  yearly: HeatYear[];
  /** HEAT's crash term, when a fatality rate was given; else null. */
  crash: HeatCrashTerm | null;
  /** Deaths prevented less crash deaths, when a fatality rate was given; else null. */
  netOfCrashes: HeatNetOfCrashes | null;
}

/**
 * HEAT with every parameter given. Pure arithmetic; `calculateHeat` looks the country up.
 * Source: HEAT 2017 (Kahlmeier et al.); see docs/methodology.md#heat.
 */
export function assessHeat(input: HeatAssessmentInput): HeatAssessment {
  requireNonNegative(input.people, 'people');
  requireNonNegative(input.mortalityPer100k, 'mortalityPer100k');
  requireNonNegative(input.vsl, 'vsl');
  if (!Number.isFinite(input.discountRate) || input.discountRate < 0 || input.discountRate >= 1) {
    throw new RangeError(`discountRate must be a fraction in [0, 1), got ${input.discountRate}`);
  }
  const risk = computeHeatRisk(input.mode, input.minutesPerWeek, input.dose);
  const shares = heatYearShares(input.years, input.buildUpYears, input.uptakeYears ?? 1);
  const deathsPreventedPerYear =
    input.people * (input.mortalityPer100k / 100_000) * risk.riskReduction;
  const valuePerYear = deathsPreventedPerYear * input.vsl;
  const crash = input.crash;
  if (crash) {
    requireNonNegative(crash.kmPerYear, 'kmPerYear');
    requireNonNegative(crash.fatalitiesPer100MillionKm, 'fatalitiesPer100MillionKm');
  }
  const crashDeathsPerYear = crash ? (crash.kmPerYear * crash.fatalitiesPer100MillionKm) / 1e8 : 0;
  let deathsPreventedTotal = 0;
  let valueTotal = 0;
  let valueDiscounted = 0;
  let crashDeathsTotal = 0;
  let crashValueDiscounted = 0;
  const yearly = shares.map((share, i): HeatYear => {
    const deathsPrevented = deathsPreventedPerYear * share.buildUpShare;
    const valueUndiscounted = deathsPrevented * input.vsl;
    // The first assessment year is the present year: discounted by (1 + r)^0.
    const discountFactor = 1 / (1 + input.discountRate) ** i;
    deathsPreventedTotal += deathsPrevented;
    valueTotal += valueUndiscounted;
    valueDiscounted += valueUndiscounted * discountFactor;
    // Crashes follow the distance of the year (uptake), not the health effect's build-up.
    const crashDeaths = crash ? crashDeathsPerYear * share.uptakeShare : null;
    const crashValue = crashDeaths === null ? null : crashDeaths * input.vsl * discountFactor;
    if (crashDeaths !== null && crashValue !== null) {
      crashDeathsTotal += crashDeaths;
      crashValueDiscounted += crashValue;
    }
    return {
      year: i + 1,
      uptakeShare: share.uptakeShare,
      buildUpShare: share.buildUpShare,
      deathsPrevented,
      valueUndiscounted,
      discountFactor,
      valueDiscounted: valueUndiscounted * discountFactor,
      crashDeaths,
      crashValueDiscounted: crashValue,
    };
  });
  const crashTerm: HeatCrashTerm | null = crash
    ? {
        kmPerYear: crash.kmPerYear,
        fatalitiesPer100MillionKm: crash.fatalitiesPer100MillionKm,
        deathsPerYear: crashDeathsPerYear,
        valuePerYear: crashDeathsPerYear * input.vsl,
        deathsTotal: crashDeathsTotal,
        valueTotal: crashDeathsTotal * input.vsl,
        valueDiscounted: crashValueDiscounted,
      }
    : null;
  return {
    ...risk,
    deathsPreventedPerYear,
    valuePerYear,
    deathsPreventedTotal,
    valueTotal,
    valueDiscounted,
    valueAveragePerYear: valueDiscounted / input.years,
    currency: input.currency,
    yearly,
    crash: crashTerm,
    netOfCrashes: crashTerm && {
      deathsPreventedPerYear: deathsPreventedPerYear - crashTerm.deathsPerYear,
      valuePerYear: valuePerYear - crashTerm.valuePerYear,
      deathsPreventedTotal: deathsPreventedTotal - crashTerm.deathsTotal,
      valueTotal: valueTotal - crashTerm.valueTotal,
      valueDiscounted: valueDiscounted - crashTerm.valueDiscounted,
      valueAveragePerYear: (valueDiscounted - crashTerm.valueDiscounted) / input.years,
    },
  };
}

/** Where a parameter of an answer comes from. */
export type HeatInputSource = 'user' | 'partner' | 'country' | 'heat' | 'assumption';

/** An age range in whole years, both ends included: 20-64 is { from: 20, to: 64 }. */
export interface AgeRange {
  from: number;
  to: number;
}

/**
 * Bounds of the calculator's inputs. Values outside are input mistakes, not assessments: a crude
 * mortality above 50,000 per 100,000 (half the population dying each year) or a VSL above 10^12
 * in any currency. Ages from 18 (adults); HEAT's evidence starts at 20, so a younger range
 * needs the analyst's own mortality rate anyway.
 */
export const HEAT_LIMITS = {
  ageMin: 18,
  ageMax: 110,
  mortalityPer100kMax: 50_000,
  vslMax: 1e12,
  yearsMax: 100,
  buildUpYearsMax: 50,
  uptakeYearsMax: 50,
  discountRateMax: 0.2,
  priceYearMin: 1950,
  priceYearMax: 2100,
  /** A reference volume above a week's 10,080 minutes cannot have been observed. */
  referenceMinutesPerWeekMax: 10_080,
  /**
   * Road deaths per 100 million km walked or cycled: national rates are of the order of 1-10;
   * above 1,000 (one death per 100,000 km) the figure is an input mistake.
   */
  fatalitiesPer100MillionKmMax: 1000,
} as const;

/** A RangeError about one input field: the API names the field in the error's details. */
export class HeatInputError extends RangeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'HeatInputError';
  }
}

/** Request of `POST /api/v1/calculators/heat`: give minutesPerWeek or kmPerWeek, not both. */
export interface HeatCalculatorRequest {
  mode: HeatMode;
  people: number;
  minutesPerWeek?: number;
  /** Converted with HEAT's default speed (cycling 14 km/h, walking 4.8 km/h). */
  kmPerWeek?: number;
  /**
   * ISO 3166-1 alpha-2 code of a country in data/heat-countries.json: the defaults for
   * mortality and VSL. May be left out when both mortalityPer100k and vsl (with currency) are
   * given, e.g. to reproduce a study from a country without HEAT data here.
   */
  country?: string;
  /** HEAT's age groups (cycling 20-64, walking 20-74); the same as the equal ageRange. */
  ageGroup?: HeatAgeGroup;
  /** Any adult age range; the country's mortality exists only for HEAT's own ranges. */
  ageRange?: AgeRange;
  /** Crude all-cause deaths per 100,000 per year in the population and age range assessed. */
  mortalityPer100k?: number;
  /** Value of a statistical life in `currency`; the answer's money is in that currency. */
  vsl?: number;
  /** ISO 4217 code of `vsl`; defaults to the country's VSL currency. */
  currency?: string;
  /** Price year of `vsl`. */
  vslYear?: number;
  years?: number;
  buildUpYears?: number;
  discountRate?: number;
  /** HEAT's uptake time in years: until the walking or cycling reaches its full level. */
  uptakeYears?: number;
  /**
   * Relative risk of all-cause mortality at `referenceMinutesPerWeek` (0 < RR < 1), e.g. HEAT
   * 2011's 0.72 for cycling; default HEAT 2017's (cycling 0.90, walking 0.886).
   */
  relativeRisk?: number;
  /** The weekly minutes at which `relativeRisk` was observed (HEAT 2011 cycling: 180). */
  referenceMinutesPerWeek?: number;
  /** Cap on the risk reduction, fraction (0 < cap ≤ 1); default HEAT 2017's (0.45, 0.30). */
  maxRiskReduction?: number;
  /**
   * Road deaths of people walking (or cycling) per 100 million km walked (cycled): switches on
   * HEAT's crash term. No default: Modeshift holds no sourced country rates.
   */
  fatalitiesPer100MillionKm?: number;
}

/** For each input of an answer: the user's value, the partner's, the country's or HEAT's. */
export interface HeatParameterSources {
  ageRange: HeatInputSource;
  mortalityPer100k: HeatInputSource;
  vsl: HeatInputSource;
  currency: HeatInputSource;
  vslPriceYear: HeatInputSource;
  years: HeatInputSource;
  buildUpYears: HeatInputSource;
  discountRate: HeatInputSource;
  uptakeYears: HeatInputSource;
  referenceRelativeRisk: HeatInputSource;
  referenceMinutesPerWeek: HeatInputSource;
  maxRiskReduction: HeatInputSource;
}

export interface HeatParametersUsed {
  mode: HeatMode;
  /** The country whose defaults were available; null when every default was replaced. */
  country: string | null;
  /** HEAT's age group when the range is one of them, else null. */
  ageGroup: HeatAgeGroup | null;
  ageRange: AgeRange;
  minutesPerWeek: number;
  /** Speed used to turn kmPerWeek into minutes; null when minutes were given. */
  speedKmh: number | null;
  referenceRelativeRisk: number;
  referenceMinutesPerWeek: number;
  maxRiskReduction: number;
  mortalityPer100k: number;
  vsl: number;
  currency: string;
  vslPriceYear: number | null;
  years: number;
  buildUpYears: number;
  discountRate: number;
  uptakeYears: number;
  sourceOf: HeatParameterSources;
}

/** The calculator's crash term, with where its rate came from and how km were obtained. */
export interface HeatCalculatorCrash extends HeatCrashTerm {
  /** Source of fatalitiesPer100MillionKm: always "user" (there is no default). */
  source: HeatInputSource;
  /** Average km per person per week: as given, or minutes × speedKmh ÷ 60. */
  kmPerWeek: number;
  /** HEAT's default speed that turned minutes into km; null when kmPerWeek was given. */
  speedKmh: number | null;
  /** Days per year that turn a weekly average into a year: 365. */
  daysPerYear: number;
}

export interface HeatCalculatorResult extends HeatAssessment {
  crash: HeatCalculatorCrash | null;
  parameters: HeatParametersUsed;
  sources: string[];
}

/** HEAT's age group for a mode: cycling 20-64, walking 20-74. */
export function heatAgeGroupOf(mode: HeatMode): HeatAgeGroup {
  return HEAT_PARAMETERS.modes[mode].ageGroup;
}

function rangeOf(group: HeatAgeGroup): AgeRange {
  const [from, to] = group.split('-').map(Number);
  return { from: from!, to: to! };
}

function groupOf(range: AgeRange): HeatAgeGroup | null {
  const key = `${range.from}-${range.to}`;
  return key === '20-64' || key === '20-74' ? key : null;
}

const modeName = (mode: HeatMode) => (mode === 'bike' ? 'cycling' : 'walking');

/**
 * The HEAT age groups whose country mortality applies to a mode: the mode's own (cycling 20-64,
 * walking 20-74) and, for walking, 20-64, which lies inside it. HEAT publishes no cycling
 * mortality beyond 64: its cycling relative risk was not estimated there.
 */
export function countryMortalityGroups(mode: HeatMode): HeatAgeGroup[] {
  return mode === 'walk' ? ['20-74', '20-64'] : ['20-64'];
}

function requireCountry(code: string): HeatCountry {
  const country = findHeatCountry(code);
  if (!country) {
    throw new HeatInputError(
      'country',
      `no HEAT data for country ${code}; known: ${Object.keys(HEAT_COUNTRY_DATA.countries).join(', ')}`,
    );
  }
  return country;
}

/** Whether `code` is an ISO 4217 currency the runtime knows (EUR, DKK, SEK, …). */
export function isIsoCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return known ? known('currency').includes(code) : true;
}

function requireInRange(value: number, field: string, min: number, max: number, unit = ''): void {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new HeatInputError(
      field,
      `${field} must be between ${min} and ${max}${unit}, got ${value}`,
    );
}

function requireIntegerInRange(value: number, field: string, min: number, max: number): void {
  if (!Number.isInteger(value))
    throw new HeatInputError(field, `${field} must be a whole number, got ${value}`);
  requireInRange(value, field, min, max);
}

/** Everything an assessment needs besides people and minutes, with where each value came from. */
type ResolvedInputs = Pick<
  HeatParametersUsed,
  | 'ageRange'
  | 'mortalityPer100k'
  | 'vsl'
  | 'currency'
  | 'vslPriceYear'
  | 'years'
  | 'buildUpYears'
  | 'discountRate'
  | 'uptakeYears'
  | 'referenceRelativeRisk'
  | 'referenceMinutesPerWeek'
  | 'maxRiskReduction'
  | 'sourceOf'
> & {
  country: HeatCountry | null;
  /** Citations of what was used, beyond HEAT's own method. */
  citations: string[];
};

interface PeriodOptions {
  years?: number | undefined;
  buildUpYears?: number | undefined;
  discountRate?: number | undefined;
  uptakeYears?: number | undefined;
}

const defaultSource = (v: SourcedValue): HeatInputSource => (v.assumption ? 'assumption' : 'heat');

/** Assessment period, build-up, discounting and uptake: given (source "user") or HEAT's defaults. */
function resolvePeriod(options: PeriodOptions): Pick<
  ResolvedInputs,
  'years' | 'buildUpYears' | 'discountRate' | 'uptakeYears'
> & {
  sourceOf: Pick<HeatParameterSources, 'years' | 'buildUpYears' | 'discountRate' | 'uptakeYears'>;
} {
  const L = HEAT_LIMITS;
  if (options.years !== undefined) requireIntegerInRange(options.years, 'years', 1, L.yearsMax);
  if (options.buildUpYears !== undefined)
    requireIntegerInRange(options.buildUpYears, 'buildUpYears', 0, L.buildUpYearsMax);
  if (options.uptakeYears !== undefined)
    requireIntegerInRange(options.uptakeYears, 'uptakeYears', 1, L.uptakeYearsMax);
  if (options.discountRate !== undefined)
    requireInRange(
      options.discountRate,
      'discountRate',
      0,
      L.discountRateMax,
      ' (a fraction: 0.03 is 3 %)',
    );
  const P = HEAT_PARAMETERS;
  return {
    years: options.years ?? P.assessmentYears.value,
    buildUpYears: options.buildUpYears ?? P.buildUpYears.value,
    discountRate: options.discountRate ?? P.discountRate.value,
    uptakeYears: options.uptakeYears ?? P.uptakeYears.value,
    sourceOf: {
      years: options.years !== undefined ? 'user' : defaultSource(P.assessmentYears),
      buildUpYears: options.buildUpYears !== undefined ? 'user' : defaultSource(P.buildUpYears),
      discountRate: options.discountRate !== undefined ? 'user' : defaultSource(P.discountRate),
      uptakeYears: options.uptakeYears !== undefined ? 'user' : defaultSource(P.uptakeYears),
    },
  };
}

interface DoseOptions {
  relativeRisk?: number | undefined;
  referenceMinutesPerWeek?: number | undefined;
  maxRiskReduction?: number | undefined;
}

type ResolvedDose = HeatDoseResponse & {
  sourceOf: Pick<
    HeatParameterSources,
    'referenceRelativeRisk' | 'referenceMinutesPerWeek' | 'maxRiskReduction'
  >;
};

/**
 * The dose-response: the user's relative risk, reference volume and cap (source "user"), each
 * replacing HEAT 2017's for the mode. A relative risk of 1 or more would be no benefit or a
 * harm, outside what HEAT's linear scaling describes, so 0 < RR < 1.
 */
function resolveDose(mode: HeatMode, options: DoseOptions): ResolvedDose {
  if (options.relativeRisk !== undefined) {
    const rr = options.relativeRisk;
    if (!Number.isFinite(rr) || rr <= 0 || rr >= 1)
      throw new HeatInputError(
        'relativeRisk',
        `relativeRisk must be above 0 and below 1 (the relative risk of all-cause mortality at referenceMinutesPerWeek, e.g. 0.72), got ${rr}`,
      );
  }
  if (options.referenceMinutesPerWeek !== undefined) {
    const ref = options.referenceMinutesPerWeek;
    if (!Number.isFinite(ref) || ref <= 0 || ref > HEAT_LIMITS.referenceMinutesPerWeekMax)
      throw new HeatInputError(
        'referenceMinutesPerWeek',
        `referenceMinutesPerWeek must be above 0 and at most ${HEAT_LIMITS.referenceMinutesPerWeekMax} minutes per week, got ${ref}`,
      );
  }
  if (options.maxRiskReduction !== undefined) {
    const cap = options.maxRiskReduction;
    if (!Number.isFinite(cap) || cap <= 0 || cap > 1)
      throw new HeatInputError(
        'maxRiskReduction',
        `maxRiskReduction must be above 0 and at most 1 (a fraction: 0.45 is 45 %), got ${cap}`,
      );
  }
  const heat = heatDoseResponseOf(mode);
  const sourceOf = (given: number | undefined): HeatInputSource =>
    given !== undefined ? 'user' : 'heat';
  return {
    referenceRelativeRisk: options.relativeRisk ?? heat.referenceRelativeRisk,
    referenceMinutesPerWeek: options.referenceMinutesPerWeek ?? heat.referenceMinutesPerWeek,
    maxRiskReduction: options.maxRiskReduction ?? heat.maxRiskReduction,
    sourceOf: {
      referenceRelativeRisk: sourceOf(options.relativeRisk),
      referenceMinutesPerWeek: sourceOf(options.referenceMinutesPerWeek),
      maxRiskReduction: sourceOf(options.maxRiskReduction),
    },
  };
}

/**
 * One assessment's parameters with their sources, the same shape for the calculator request
 * and for a partner's data in the health block. The country data are cited first whenever a
 * country default (mortality or VSL) was used, so a reader sees the table behind the number.
 */
function resolvedParameters(
  country: HeatCountry | null,
  ageRange: { value: AgeRange; source: HeatInputSource },
  mortality: { per100k: number; source: HeatInputSource },
  vsl: {
    value: number;
    currency: string;
    priceYear: number | null;
    sources: Pick<HeatParameterSources, 'vsl' | 'currency' | 'vslPriceYear'>;
  },
  period: ReturnType<typeof resolvePeriod>,
  dose: ResolvedDose,
  citations: string[],
): ResolvedInputs {
  const countryUsed = mortality.source === 'country' || vsl.sources.vsl === 'country';
  return {
    country,
    ageRange: ageRange.value,
    mortalityPer100k: mortality.per100k,
    vsl: vsl.value,
    currency: vsl.currency,
    vslPriceYear: vsl.priceYear,
    years: period.years,
    buildUpYears: period.buildUpYears,
    discountRate: period.discountRate,
    uptakeYears: period.uptakeYears,
    referenceRelativeRisk: dose.referenceRelativeRisk,
    referenceMinutesPerWeek: dose.referenceMinutesPerWeek,
    maxRiskReduction: dose.maxRiskReduction,
    sourceOf: {
      ageRange: ageRange.source,
      mortalityPer100k: mortality.source,
      ...vsl.sources,
      ...period.sourceOf,
      ...dose.sourceOf,
    },
    citations:
      country && countryUsed
        ? [`${country.name}: ${HEAT_COUNTRY_DATA.source}`, ...citations]
        : citations,
  };
}

function resolveAgeRange(request: HeatCalculatorRequest): { range: AgeRange; given: boolean } {
  const own = heatAgeGroupOf(request.mode);
  const fromGroup = request.ageGroup !== undefined ? rangeOf(request.ageGroup) : undefined;
  const range = request.ageRange;
  if (range !== undefined) {
    requireIntegerInRange(range.from, 'ageRange.from', HEAT_LIMITS.ageMin, HEAT_LIMITS.ageMax);
    requireIntegerInRange(range.to, 'ageRange.to', range.from, HEAT_LIMITS.ageMax);
    if (fromGroup && (fromGroup.from !== range.from || fromGroup.to !== range.to))
      throw new HeatInputError(
        'ageRange',
        `ageGroup ${request.ageGroup} and ageRange ${range.from}-${range.to} disagree; give one`,
      );
    return { range: { from: range.from, to: range.to }, given: true };
  }
  if (fromGroup) return { range: fromGroup, given: true };
  return { range: rangeOf(own), given: false };
}

/**
 * The calculator's inputs: each given value replaces the default and is marked "user"; the
 * defaults are the country's (mortality for HEAT's age groups, VSL) and HEAT's (period,
 * build-up, uptake). Nothing is converted: money is in the VSL's currency.
 */
function resolveCalculatorInputs(request: HeatCalculatorRequest): ResolvedInputs {
  const { mode } = request;
  const { range, given: rangeGiven } = resolveAgeRange(request);
  const haveOwnData = request.mortalityPer100k !== undefined && request.vsl !== undefined;
  let country: HeatCountry | null = null;
  if (request.country !== undefined) country = requireCountry(request.country);
  else if (!haveOwnData)
    throw new HeatInputError(
      'country',
      'give a country for the default mortality and VSL, or both mortalityPer100k and vsl with its currency',
    );
  const citations: string[] = [];
  const dose = resolveDose(mode, request);
  if (Object.values(dose.sourceOf).includes('user'))
    citations.push(
      `dose-response: relative risk ${dose.referenceRelativeRisk} at ${dose.referenceMinutesPerWeek} min/week, risk reduction capped at ${dose.maxRiskReduction}: given by the user (HEAT 2017's for ${modeName(mode)} is ${heatDoseResponseOf(mode).referenceRelativeRisk} at ${heatDoseResponseOf(mode).referenceMinutesPerWeek} min/week, cap ${heatDoseResponseOf(mode).maxRiskReduction})`,
    );

  // Mortality: the user's, else the country's for HEAT's published age groups only.
  let mortalityPer100k: number;
  let mortalitySource: HeatInputSource;
  if (request.mortalityPer100k !== undefined) {
    requireInRange(
      request.mortalityPer100k,
      'mortalityPer100k',
      Number.MIN_VALUE,
      HEAT_LIMITS.mortalityPer100kMax,
      ' deaths per 100,000 per year',
    );
    mortalityPer100k = request.mortalityPer100k;
    mortalitySource = 'user';
    citations.push(
      `mortality ${mortalityPer100k} per 100,000 per year, ages ${range.from}-${range.to}: given by the user`,
    );
  } else {
    const group = groupOf(range);
    if (group === null || !countryMortalityGroups(mode).includes(group)) {
      throw new HeatInputError(
        'mortalityPer100k',
        `the country data hold ${modeName(mode)} mortality for ages ${countryMortalityGroups(mode).join(' and ')} only; for ages ${range.from}-${range.to} give mortalityPer100k (crude all-cause deaths per 100,000 per year in that age range)`,
      );
    }
    mortalityPer100k = country!.mortalityPer100k[group];
    mortalitySource = 'country';
  }

  // VSL and currency: the user's pair, else the country's. A currency alone would relabel the
  // country's euros: refused rather than converted.
  let vsl: number;
  let currency: string;
  let vslPriceYear: number | null;
  const vslSources: Pick<HeatParameterSources, 'vsl' | 'currency' | 'vslPriceYear'> = {
    vsl: 'country',
    currency: 'country',
    vslPriceYear: 'country',
  };
  if (request.currency !== undefined && !isIsoCurrency(request.currency))
    throw new HeatInputError(
      'currency',
      `currency must be an ISO 4217 code such as EUR or DKK, got ${request.currency}`,
    );
  if (request.vslYear !== undefined)
    requireIntegerInRange(
      request.vslYear,
      'vslYear',
      HEAT_LIMITS.priceYearMin,
      HEAT_LIMITS.priceYearMax,
    );
  if (request.vsl !== undefined) {
    requireInRange(request.vsl, 'vsl', Number.MIN_VALUE, HEAT_LIMITS.vslMax);
    if (request.currency === undefined && !country)
      throw new HeatInputError(
        'currency',
        'give the currency of vsl (ISO 4217): without a country there is no default currency',
      );
    vsl = request.vsl;
    currency = request.currency ?? country!.vsl.currency;
    vslPriceYear = request.vslYear ?? null;
    vslSources.vsl = 'user';
    vslSources.currency = request.currency !== undefined ? 'user' : 'country';
    vslSources.vslPriceYear = 'user';
    citations.push(
      `value of a statistical life ${vsl} ${currency}${vslPriceYear !== null ? ` (${vslPriceYear} prices)` : ''}: given by the user`,
    );
  } else {
    const countryVsl = country!.vsl;
    if (request.currency !== undefined && request.currency !== countryVsl.currency)
      throw new HeatInputError(
        'currency',
        `currency ${request.currency} given without vsl: the ${country!.name} VSL is in ${countryVsl.currency} and Modeshift converts no currency; give vsl in ${request.currency} or leave currency out`,
      );
    if (request.vslYear !== undefined)
      throw new HeatInputError(
        'vslYear',
        'vslYear is the price year of a vsl you give; give vsl too, or leave vslYear out',
      );
    vsl = countryVsl.value;
    currency = countryVsl.currency;
    vslPriceYear = countryVsl.priceYear;
  }
  return resolvedParameters(
    country,
    { value: range, source: rangeGiven ? 'user' : 'heat' },
    { per100k: mortalityPer100k, source: mortalitySource },
    { value: vsl, currency, priceYear: vslPriceYear, sources: vslSources },
    resolvePeriod(request),
    dose,
    citations,
  );
}

/** A partner's own HEAT data (migration 0010), each part with its source and year. */
export interface PartnerHeatData {
  mortality: {
    per100k: number;
    ageFrom: number;
    ageTo: number;
    source: string;
    year: number;
  } | null;
  vsl: { amount: number; currency: string; year: number; source: string } | null;
}

/**
 * The inputs of the indicator API's health block for one partner: the partner's own mortality
 * when it covers exactly the mode's HEAT age group (a rate for other ages would not describe the
 * commuters counted), the partner's own VSL when it is in the country data's currency (the
 * block's money adds up over partners and is never converted); otherwise the country's, with
 * a note saying why.
 */
function resolveCommuterInputs(
  mode: HeatMode,
  country: HeatCountry,
  ageGroup: HeatAgeGroup,
  own: PartnerHeatData | undefined,
  options: PeriodOptions,
): ResolvedInputs & { notes: string[] } {
  const range = rangeOf(ageGroup);
  const notes: string[] = [];
  const citations: string[] = [];
  let mortalityPer100k = country.mortalityPer100k[ageGroup];
  let mortalitySource: HeatInputSource = 'country';
  const m = own?.mortality;
  if (m) {
    if (m.ageFrom === range.from && m.ageTo === range.to) {
      mortalityPer100k = m.per100k;
      mortalitySource = 'partner';
      citations.push(
        `mortality ${m.per100k} per 100,000 per year, ages ${m.ageFrom}-${m.ageTo}: the partner's own data, ${m.source} (${m.year})`,
      );
    } else {
      notes.push(
        `the partner's mortality rate is for ages ${m.ageFrom}-${m.ageTo}; HEAT ${modeName(mode)} counts ages ${ageGroup}, so the country rate is used`,
      );
    }
  }
  let vsl = country.vsl.value;
  let currency = country.vsl.currency;
  let vslPriceYear = country.vsl.priceYear;
  let vslSource: HeatInputSource = 'country';
  const v = own?.vsl;
  if (v) {
    if (v.currency === country.vsl.currency) {
      vsl = v.amount;
      currency = v.currency;
      vslPriceYear = v.year;
      vslSource = 'partner';
      citations.push(
        `value of a statistical life ${v.amount} ${v.currency} (${v.year} prices): the partner's own data, ${v.source}`,
      );
    } else {
      notes.push(
        `the partner's VSL is in ${v.currency}; the health block reports ${country.vsl.currency}, the currency of the country data, and converts nothing, so the country VSL is used (the HEAT calculator takes the partner's VSL in ${v.currency})`,
      );
    }
  }
  return {
    ...resolvedParameters(
      country,
      { value: range, source: 'heat' },
      { per100k: mortalityPer100k, source: mortalitySource },
      {
        value: vsl,
        currency,
        priceYear: vslPriceYear,
        sources: { vsl: vslSource, currency: vslSource, vslPriceYear: vslSource },
      },
      resolvePeriod(options),
      resolveDose(mode, {}),
      citations,
    ),
    notes,
  };
}

/** What the crash term needs beyond the assessment: the user's rate and the weekly distance. */
interface CrashRequest {
  fatalitiesPer100MillionKm: number;
  kmPerWeek: number;
  speedKmh: number | null;
}

/**
 * A weekly average over the year becomes a year's distance by × 365 ÷ 7: HEAT's volumes are
 * per day, so a year is 365 days (52 weeks would leave one out).
 */
const DAYS_PER_YEAR = 365;

function runAssessment(
  mode: HeatMode,
  people: number,
  minutesPerWeek: number,
  inputs: ResolvedInputs,
  speedKmh: number | null,
  crashRequest: CrashRequest | null = null,
): HeatCalculatorResult {
  const p = HEAT_PARAMETERS.modes[mode];
  const crashExposure = crashRequest && {
    kmPerYear: (people * crashRequest.kmPerWeek * DAYS_PER_YEAR) / 7,
    fatalitiesPer100MillionKm: crashRequest.fatalitiesPer100MillionKm,
  };
  const assessment = assessHeat({
    mode,
    people,
    minutesPerWeek,
    mortalityPer100k: inputs.mortalityPer100k,
    vsl: inputs.vsl,
    currency: inputs.currency,
    years: inputs.years,
    buildUpYears: inputs.buildUpYears,
    discountRate: inputs.discountRate,
    uptakeYears: inputs.uptakeYears,
    dose: {
      referenceRelativeRisk: inputs.referenceRelativeRisk,
      referenceMinutesPerWeek: inputs.referenceMinutesPerWeek,
      maxRiskReduction: inputs.maxRiskReduction,
    },
    ...(crashExposure ? { crash: crashExposure } : {}),
  });
  const sources = [HEAT_PARAMETERS.source, p.source, ...inputs.citations];
  if (crashRequest)
    sources.push(
      `crash risk: ${crashRequest.fatalitiesPer100MillionKm} road deaths per 100 million km ${modeName(mode)}, given by the user; ${HEAT_PARAMETERS.crash.source}`,
    );
  if (inputs.uptakeYears !== 1) sources.push(`uptake time: ${HEAT_PARAMETERS.uptakeYears.source}`);
  if (inputs.sourceOf.discountRate !== 'user' && HEAT_PARAMETERS.discountRate.note)
    sources.push(`discount rate: ${HEAT_PARAMETERS.discountRate.note}`);
  return {
    ...assessment,
    crash:
      assessment.crash && crashRequest
        ? {
            ...assessment.crash,
            source: 'user',
            kmPerWeek: crashRequest.kmPerWeek,
            speedKmh: crashRequest.speedKmh,
            daysPerYear: DAYS_PER_YEAR,
          }
        : null,
    parameters: {
      mode,
      country: inputs.country?.code ?? null,
      ageGroup: groupOf(inputs.ageRange),
      ageRange: inputs.ageRange,
      minutesPerWeek,
      speedKmh,
      referenceRelativeRisk: inputs.referenceRelativeRisk,
      referenceMinutesPerWeek: inputs.referenceMinutesPerWeek,
      maxRiskReduction: inputs.maxRiskReduction,
      mortalityPer100k: inputs.mortalityPer100k,
      vsl: inputs.vsl,
      currency: inputs.currency,
      vslPriceYear: inputs.vslPriceYear,
      years: inputs.years,
      buildUpYears: inputs.buildUpYears,
      discountRate: inputs.discountRate,
      uptakeYears: inputs.uptakeYears,
      sourceOf: inputs.sourceOf,
    },
    sources,
  };
}

/**
 * The HEAT calculator behind `POST /api/v1/calculators/heat`. Every optional input replaces
 * its default (country mortality and VSL, HEAT's 10 years, 5-year build-up, 1-year uptake, no
 * discounting) and is echoed with source "user". Throws a HeatInputError (a RangeError naming
 * the field) for an unknown country, an age range without a mortality rate, a currency without
 * its VSL, values out of HEAT_LIMITS, or both/neither of minutesPerWeek and kmPerWeek.
 *
 * @example calculateHeat({ mode: 'bike', people: 100, minutesPerWeek: 189.6, country: 'DK' }).deathsPreventedPerYear // ≈ 0.0457
 */
export function calculateHeat(request: HeatCalculatorRequest): HeatCalculatorResult {
  const hasMinutes = request.minutesPerWeek !== undefined;
  const hasKm = request.kmPerWeek !== undefined;
  if (hasMinutes === hasKm)
    throw new HeatInputError('minutesPerWeek', 'give exactly one of minutesPerWeek and kmPerWeek');
  requireNonNegative(request.people, 'people');
  const inputs = resolveCalculatorInputs(request);
  let minutesPerWeek: number;
  let speedKmh: number | null = null;
  if (request.kmPerWeek !== undefined) {
    requireNonNegative(request.kmPerWeek, 'kmPerWeek');
    speedKmh = HEAT_PARAMETERS.modes[request.mode].defaultSpeedKmh;
    minutesPerWeek = (request.kmPerWeek / speedKmh) * 60;
  } else {
    minutesPerWeek = request.minutesPerWeek ?? 0;
  }
  let crash: CrashRequest | null = null;
  if (request.fatalitiesPer100MillionKm !== undefined) {
    requireInRange(
      request.fatalitiesPer100MillionKm,
      'fatalitiesPer100MillionKm',
      0,
      HEAT_LIMITS.fatalitiesPer100MillionKmMax,
      ' road deaths per 100 million km',
    );
    const defaultSpeed = HEAT_PARAMETERS.modes[request.mode].defaultSpeedKmh;
    crash = {
      fatalitiesPer100MillionKm: request.fatalitiesPer100MillionKm,
      // The distance the minutes stand for, at HEAT's default speed, unless km were given.
      kmPerWeek: request.kmPerWeek ?? (minutesPerWeek * defaultSpeed) / 60,
      speedKmh: request.kmPerWeek !== undefined ? null : defaultSpeed,
    };
  }
  return runAssessment(request.mode, request.people, minutesPerWeek, inputs, speedKmh, crash);
}

/** How commuters without an age band are treated: counted (and flagged) or left out. */
export type UnknownAgePolicy = 'include' | 'exclude';

export interface CommuterHeatOptions {
  mode: HeatMode;
  /** Period length in weeks (days ÷ 7), > 0. */
  weeks: number;
  /**
   * Commuting weeks per year used to annualise minutes per week of the period (default 46, an
   * assumption: 52 less about 6 weeks of leave and holidays). Use 52 when the period already
   * averages over holidays, e.g. a full year.
   */
  commutingWeeksPerYear?: number;
  /** Default 'include': commuters are overwhelmingly of working age; the count is reported. */
  unknownAgeBand?: UnknownAgePolicy;
  /**
   * Weight of e-bike minutes in cycling minutes. Default 0: HEAT 2017 does not cover e-bikes.
   * 1 counts them as cycling; 5.9 / 6.8 ≈ 0.87 scales by the MET ratio (an assumption either way).
   */
  ebikeMinuteWeight?: number;
}

export interface CommuterHeatInput {
  /** Commuters in the HEAT age group (plus unknown ages if included) with minutes > 0. */
  people: number;
  /** Average minutes per person per week of the period. */
  minutesPerCommutingWeek: number;
  /** minutesPerCommutingWeek × commutingWeeksPerYear ÷ 52: the HEAT input. */
  minutesPerWeek: number;
  ageGroup: HeatAgeGroup;
  /** Of `people`, how many had no age band. */
  peopleWithUnknownAge: number;
  /** Commuters with minutes > 0 left out for their age band (or unknown age when excluded). */
  peopleOutsideAgeGroup: number;
  includesUnknownAge: boolean;
  commutingWeeksPerYear: number;
  ebikeMinuteWeight: number;
}

function resolveCommuterOptions(options: CommuterHeatOptions): Required<CommuterHeatOptions> {
  if (!(options.weeks > 0)) throw new RangeError(`weeks must be > 0, got ${options.weeks}`);
  const commutingWeeksPerYear =
    options.commutingWeeksPerYear ?? HEAT_PARAMETERS.commutingWeeksPerYear.value;
  if (!(commutingWeeksPerYear > 0 && commutingWeeksPerYear <= 52)) {
    throw new RangeError(`commutingWeeksPerYear must be in (0, 52], got ${commutingWeeksPerYear}`);
  }
  const ebikeMinuteWeight = options.ebikeMinuteWeight ?? 0;
  requireNonNegative(ebikeMinuteWeight, 'ebikeMinuteWeight');
  return {
    mode: options.mode,
    weeks: options.weeks,
    commutingWeeksPerYear,
    unknownAgeBand: options.unknownAgeBand ?? 'include',
    ebikeMinuteWeight,
  };
}

function inHeatAgeGroup(
  ageBand: AgeBand | null,
  ageGroup: HeatAgeGroup,
  policy: UnknownAgePolicy,
): boolean {
  if (ageBand === null) return policy === 'include';
  return AGE_BANDS_IN_HEAT_GROUP[ageGroup].includes(ageBand);
}

/** Minutes of a summary that count for a HEAT mode (bike may add weighted e-bike minutes). */
function heatMinutesOf(
  summary: CommuterPeriodSummary,
  mode: HeatMode,
  ebikeMinuteWeight: number,
): number {
  if (mode === 'walk') return summary.minutesByMode.walk ?? 0;
  return (summary.minutesByMode.bike ?? 0) + ebikeMinuteWeight * (summary.minutesByMode.ebike ?? 0);
}

/**
 * HEAT inputs from per-commuter period summaries: the people who walked (or cycled) in the
 * period and are in HEAT's age group, and their average minutes per week, annualised over
 * commuting weeks (DESIGN.md worked week: 214.3 min/week × 46 / 52 = 189.6 min/week).
 */
export function deriveHeatInputFromSummaries(
  summaries: readonly CommuterPeriodSummary[],
  options: CommuterHeatOptions,
): CommuterHeatInput {
  const o = resolveCommuterOptions(options);
  const ageGroup = heatAgeGroupOf(o.mode);
  let people = 0;
  let peopleWithUnknownAge = 0;
  let peopleOutsideAgeGroup = 0;
  let minutes = 0;
  for (const summary of summaries) {
    const m = heatMinutesOf(summary, o.mode, o.ebikeMinuteWeight);
    if (m <= 0) continue;
    if (!inHeatAgeGroup(summary.ageBand, ageGroup, o.unknownAgeBand)) {
      peopleOutsideAgeGroup += 1;
      continue;
    }
    people += 1;
    if (summary.ageBand === null) peopleWithUnknownAge += 1;
    minutes += m;
  }
  const minutesPerCommutingWeek = people > 0 ? minutes / o.weeks / people : 0;
  return {
    people,
    minutesPerCommutingWeek,
    minutesPerWeek: (minutesPerCommutingWeek * o.commutingWeeksPerYear) / 52,
    ageGroup,
    peopleWithUnknownAge,
    peopleOutsideAgeGroup,
    includesUnknownAge: peopleWithUnknownAge > 0,
    commutingWeeksPerYear: o.commutingWeeksPerYear,
    ebikeMinuteWeight: o.ebikeMinuteWeight,
  };
}

export interface CommuterHeatResult extends HeatCalculatorResult {
  input: CommuterHeatInput;
  /** Why a partner's own data was not used, if it was not. */
  notes: string[];
  /** Where the mortality rate and VSL came from (country data, the partner's citation). */
  citations: string[];
}

/** The commuters' options with the country whose data apply and HEAT's period settings. */
type CommuterCountryHeatOptions = CommuterHeatOptions & {
  country: string;
  years?: number;
  buildUpYears?: number;
  discountRate?: number;
};

/**
 * HEAT for the walking or cycling the commuters logged in a period (single case: compared
 * with no walking or cycling at all). See `computeHeatBeforeAfter` for the programme's effect.
 */
export function computeHeatForCommuters(
  summaries: readonly CommuterPeriodSummary[],
  options: CommuterCountryHeatOptions & {
    /** The partner's own mortality and VSL (docs/methodology.md#heat: when they are used). */
    partnerData?: PartnerHeatData;
  },
): CommuterHeatResult {
  const country = requireCountry(options.country);
  const input = deriveHeatInputFromSummaries(summaries, options);
  const { notes, ...inputs } = resolveCommuterInputs(
    options.mode,
    country,
    input.ageGroup,
    options.partnerData,
    options,
  );
  const result = runAssessment(options.mode, input.people, input.minutesPerWeek, inputs, null);
  return { ...result, input, notes, citations: inputs.citations };
}

/** Minutes per commuting week of a mode in a survey's usual commute, at HEAT/default speeds. */
export function surveyMinutesPerWeek(
  survey: CommuteSurvey,
  mode: HeatMode,
  ebikeMinuteWeight = 0,
): number {
  let minutes = 0;
  for (const leg of survey.usualLegs) {
    const trips = survey.daysPerWeek * 2;
    if (leg.mode === mode) {
      minutes += (trips * leg.distanceKm * 60) / HEAT_PARAMETERS.modes[mode].defaultSpeedKmh;
    } else if (mode === 'bike' && leg.mode === 'ebike' && ebikeMinuteWeight > 0) {
      minutes += (ebikeMinuteWeight * trips * leg.distanceKm * 60) / DEFAULT_SPEEDS.ebike.kmh;
    }
  }
  return minutes;
}

export interface HeatBeforeAfterResult {
  /** Baseline case (usual commute from surveys). */
  baseline: HeatCalculatorResult;
  /** Follow-up case (logged trips of the period). */
  followUp: HeatCalculatorResult;
  /** follow-up − baseline; negative when the commuters walk or cycle less than before. */
  deathsPreventedPerYear: number;
  valuePerYear: number;
  deathsPreventedTotal: number;
  valueTotal: number;
  valueDiscounted: number;
  currency: string;
  /** Commuters compared: baseline survey, a trip in the period, in the age group. */
  people: number;
  peopleWithUnknownAge: number;
  ageGroup: HeatAgeGroup;
}

/**
 * Before/after HEAT: the follow-up case minus the baseline case for the same commuters (a
 * baseline survey and at least one trip in the period, in the HEAT age group). Baseline minutes
 * come from the survey's usual legs at HEAT's default speeds; follow-up minutes from the
 * period's summaries; both are annualised with the same commuting-weeks factor. Each case is
 * capped on its own, as HEAT does, before the difference is taken.
 */
export function computeHeatBeforeAfter(
  baselineSurveys: readonly CommuteSurvey[],
  summaries: readonly CommuterPeriodSummary[],
  options: CommuterCountryHeatOptions,
): HeatBeforeAfterResult {
  const o = resolveCommuterOptions(options);
  const country = requireCountry(options.country);
  const ageGroup = heatAgeGroupOf(o.mode);
  const surveyByCommuter = new Map<string, CommuteSurvey>();
  for (const survey of baselineSurveys) surveyByCommuter.set(survey.commuterId, survey);

  let people = 0;
  let peopleWithUnknownAge = 0;
  let baselineMinutes = 0;
  let followUpMinutes = 0;
  for (const summary of summaries) {
    const survey = surveyByCommuter.get(summary.commuterId);
    if (!survey || sumByMode(summary.tripsByMainMode) <= 0) continue;
    if (!inHeatAgeGroup(summary.ageBand, ageGroup, o.unknownAgeBand)) continue;
    people += 1;
    if (summary.ageBand === null) peopleWithUnknownAge += 1;
    baselineMinutes += surveyMinutesPerWeek(survey, o.mode, o.ebikeMinuteWeight);
    followUpMinutes += heatMinutesOf(summary, o.mode, o.ebikeMinuteWeight) / o.weeks;
  }
  const annualise = o.commutingWeeksPerYear / 52;
  const baselinePerPerson = people > 0 ? (baselineMinutes / people) * annualise : 0;
  const followUpPerPerson = people > 0 ? (followUpMinutes / people) * annualise : 0;
  const inputs = resolveCommuterInputs(o.mode, country, ageGroup, undefined, options);
  const baseline = runAssessment(o.mode, people, baselinePerPerson, inputs, null);
  const followUp = runAssessment(o.mode, people, followUpPerPerson, inputs, null);
  return {
    baseline,
    followUp,
    deathsPreventedPerYear: followUp.deathsPreventedPerYear - baseline.deathsPreventedPerYear,
    valuePerYear: followUp.valuePerYear - baseline.valuePerYear,
    deathsPreventedTotal: followUp.deathsPreventedTotal - baseline.deathsPreventedTotal,
    valueTotal: followUp.valueTotal - baseline.valueTotal,
    valueDiscounted: followUp.valueDiscounted - baseline.valueDiscounted,
    currency: country.vsl.currency,
    people,
    peopleWithUnknownAge,
    ageGroup,
  };
}

/** What the calculator page shows as defaults: every country's data and HEAT's period. */
export interface HeatCalculatorDefaults {
  countries: Array<{
    code: string;
    name: string;
    mortalityPer100k: Record<HeatAgeGroup, number>;
    mortalityYear: number | null;
    vsl: number;
    currency: string;
    vslPriceYear: number | null;
  }>;
  countrySource: string;
  modes: Record<
    HeatMode,
    { ageGroup: HeatAgeGroup; countryAgeGroups: HeatAgeGroup[] } & HeatDoseResponse
  >;
  years: number;
  buildUpYears: number;
  discountRate: number;
  uptakeYears: number;
  limits: Omit<typeof HEAT_LIMITS, 'priceYearMin' | 'priceYearMax'>;
}

/** The defaults `calculateHeat` falls back on, for the calculator page's hints. */
export function heatCalculatorDefaults(): HeatCalculatorDefaults {
  const P = HEAT_PARAMETERS;
  const { priceYearMin: _min, priceYearMax: _max, ...limits } = HEAT_LIMITS;
  return {
    countries: Object.values(HEAT_COUNTRY_DATA.countries).map((c) => ({
      code: c.code,
      name: c.name,
      mortalityPer100k: { ...c.mortalityPer100k },
      mortalityYear: c.mortalityYear,
      vsl: c.vsl.value,
      currency: c.vsl.currency,
      vslPriceYear: c.vsl.priceYear,
    })),
    countrySource: HEAT_COUNTRY_DATA.source,
    modes: {
      walk: {
        ageGroup: heatAgeGroupOf('walk'),
        countryAgeGroups: countryMortalityGroups('walk'),
        ...heatDoseResponseOf('walk'),
      },
      bike: {
        ageGroup: heatAgeGroupOf('bike'),
        countryAgeGroups: countryMortalityGroups('bike'),
        ...heatDoseResponseOf('bike'),
      },
    },
    years: P.assessmentYears.value,
    buildUpYears: P.buildUpYears.value,
    discountRate: P.discountRate.value,
    uptakeYears: P.uptakeYears.value,
    limits,
  };
}
