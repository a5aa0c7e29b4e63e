import type { AgeBand } from '../domain/age-bands.js';
import {
  DEFAULT_SPEEDS,
  HEAT_COUNTRY_DATA,
  HEAT_PARAMETERS,
  type HeatAgeGroup,
  type HeatCountry,
  type HeatMode,
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
export function computeHeatRisk(mode: HeatMode, minutesPerWeek: number): HeatRisk {
  requireNonNegative(minutesPerWeek, 'minutesPerWeek');
  const p = HEAT_PARAMETERS.modes[mode];
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
}

export interface HeatAssessment extends HeatRisk {
  deathsPreventedPerYear: number;
  /** deathsPreventedPerYear × VSL, at full effect. */
  valuePerYear: number;
  /** Σ over the assessment years of deathsPreventedPerYear × build-up fraction. */
  deathsPreventedTotal: number;
  /** deathsPreventedTotal × VSL, undiscounted. */
  valueTotal: number;
  /** Σ valuePerYear × fraction_t ÷ (1 + r)^(t − 1). */
  valueDiscounted: number;
  /** valueDiscounted ÷ years: HEAT's "average annual benefit". */
  valueAveragePerYear: number;
  currency: string;
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
  const risk = computeHeatRisk(input.mode, input.minutesPerWeek);
  const fractions = heatBuildUpFractions(input.years, input.buildUpYears);
  const deathsPreventedPerYear =
    input.people * (input.mortalityPer100k / 100_000) * risk.riskReduction;
  const valuePerYear = deathsPreventedPerYear * input.vsl;
  let fractionSum = 0;
  let valueDiscounted = 0;
  fractions.forEach((fraction, i) => {
    fractionSum += fraction;
    // The first assessment year is the present year: discounted by (1 + r)^0.
    valueDiscounted += (valuePerYear * fraction) / (1 + input.discountRate) ** i;
  });
  const deathsPreventedTotal = deathsPreventedPerYear * fractionSum;
  return {
    ...risk,
    deathsPreventedPerYear,
    valuePerYear,
    deathsPreventedTotal,
    valueTotal: deathsPreventedTotal * input.vsl,
    valueDiscounted,
    valueAveragePerYear: valueDiscounted / input.years,
    currency: input.currency,
  };
}

/** Request of `POST /api/v1/calculators/heat`: give minutesPerWeek or kmPerWeek, not both. */
export interface HeatCalculatorRequest {
  mode: HeatMode;
  people: number;
  minutesPerWeek?: number;
  /** Converted with HEAT's default speed (cycling 14 km/h, walking 4.8 km/h). */
  kmPerWeek?: number;
  /** ISO 3166-1 alpha-2 code of a country in data/heat-countries.json. */
  country: string;
  /** Defaults to the mode's HEAT age group (cycling 20-64, walking 20-74). */
  ageGroup?: HeatAgeGroup;
  years?: number;
  buildUpYears?: number;
  discountRate?: number;
}

export interface HeatParametersUsed {
  mode: HeatMode;
  country: string;
  ageGroup: HeatAgeGroup;
  minutesPerWeek: number;
  /** Speed used to turn kmPerWeek into minutes; null when minutes were given. */
  speedKmh: number | null;
  referenceRelativeRisk: number;
  referenceMinutesPerWeek: number;
  maxRiskReduction: number;
  mortalityPer100k: number;
  vsl: number;
  vslPriceYear: number | null;
  years: number;
  buildUpYears: number;
  discountRate: number;
}

export interface HeatCalculatorResult extends HeatAssessment {
  parameters: HeatParametersUsed;
  sources: string[];
}

/** HEAT's age group for a mode: cycling 20-64, walking 20-74. */
export function heatAgeGroupOf(mode: HeatMode): HeatAgeGroup {
  return HEAT_PARAMETERS.modes[mode].ageGroup;
}

function resolveAgeGroup(mode: HeatMode, ageGroup: HeatAgeGroup | undefined): HeatAgeGroup {
  const own = heatAgeGroupOf(mode);
  if (ageGroup === undefined) return own;
  // Walking's 20-74 contains 20-64; cycling's relative risk was never estimated beyond 64.
  if (ageGroup !== own && !(mode === 'walk' && ageGroup === '20-64')) {
    throw new RangeError(
      `HEAT ${mode === 'bike' ? 'cycling' : 'walking'} covers ages ${own}; age group ${ageGroup} is outside it`,
    );
  }
  return ageGroup;
}

function requireCountry(code: string): HeatCountry {
  const country = findHeatCountry(code);
  if (!country) {
    throw new RangeError(
      `no HEAT data for country ${code}; known: ${Object.keys(HEAT_COUNTRY_DATA.countries).join(', ')}`,
    );
  }
  return country;
}

function sourcesFor(mode: HeatMode, country: HeatCountry): string[] {
  const sources = [
    HEAT_PARAMETERS.source,
    HEAT_PARAMETERS.modes[mode].source,
    `${country.name}: ${HEAT_COUNTRY_DATA.source}`,
  ];
  if (HEAT_PARAMETERS.discountRate.note)
    sources.push(`discount rate: ${HEAT_PARAMETERS.discountRate.note}`);
  return sources;
}

interface AssessmentOptions {
  years?: number | undefined;
  buildUpYears?: number | undefined;
  discountRate?: number | undefined;
}

function runAssessment(
  mode: HeatMode,
  people: number,
  minutesPerWeek: number,
  country: HeatCountry,
  ageGroup: HeatAgeGroup,
  options: AssessmentOptions,
  speedKmh: number | null,
): HeatCalculatorResult {
  const p = HEAT_PARAMETERS.modes[mode];
  const years = options.years ?? HEAT_PARAMETERS.assessmentYears.value;
  const buildUpYears = options.buildUpYears ?? HEAT_PARAMETERS.buildUpYears.value;
  const discountRate = options.discountRate ?? HEAT_PARAMETERS.discountRate.value;
  const mortalityPer100k = country.mortalityPer100k[ageGroup];
  const assessment = assessHeat({
    mode,
    people,
    minutesPerWeek,
    mortalityPer100k,
    vsl: country.vsl.value,
    currency: country.vsl.currency,
    years,
    buildUpYears,
    discountRate,
  });
  return {
    ...assessment,
    parameters: {
      mode,
      country: country.code,
      ageGroup,
      minutesPerWeek,
      speedKmh,
      referenceRelativeRisk: p.referenceRelativeRisk,
      referenceMinutesPerWeek: p.referenceMinutesPerWeek,
      maxRiskReduction: p.maxRiskReduction,
      mortalityPer100k,
      vsl: country.vsl.value,
      vslPriceYear: country.vsl.priceYear,
      years,
      buildUpYears,
      discountRate,
    },
    sources: sourcesFor(mode, country),
  };
}

/**
 * The HEAT calculator behind `POST /api/v1/calculators/heat`: country defaults for mortality
 * and VSL, HEAT defaults for speed, build-up (5 years), assessment period (10 years); no
 * discounting unless a rate is given. Throws RangeError for an unknown country, an age group
 * outside the mode's, or both/neither of minutesPerWeek and kmPerWeek; the route should
 * validate with the same rules first and answer 400.
 *
 * @example calculateHeat({ mode: 'bike', people: 100, minutesPerWeek: 189.6, country: 'DK' }).deathsPreventedPerYear // ≈ 0.0457
 */
export function calculateHeat(request: HeatCalculatorRequest): HeatCalculatorResult {
  const hasMinutes = request.minutesPerWeek !== undefined;
  const hasKm = request.kmPerWeek !== undefined;
  if (hasMinutes === hasKm)
    throw new RangeError('give exactly one of minutesPerWeek and kmPerWeek');
  const country = requireCountry(request.country);
  const ageGroup = resolveAgeGroup(request.mode, request.ageGroup);
  let minutesPerWeek: number;
  let speedKmh: number | null = null;
  if (request.kmPerWeek !== undefined) {
    requireNonNegative(request.kmPerWeek, 'kmPerWeek');
    speedKmh = HEAT_PARAMETERS.modes[request.mode].defaultSpeedKmh;
    minutesPerWeek = (request.kmPerWeek / speedKmh) * 60;
  } else {
    minutesPerWeek = request.minutesPerWeek ?? 0;
  }
  return runAssessment(
    request.mode,
    request.people,
    minutesPerWeek,
    country,
    ageGroup,
    request,
    speedKmh,
  );
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
}

/**
 * HEAT for the walking or cycling the commuters logged in a period (single case: compared
 * with no walking or cycling at all). See `computeHeatBeforeAfter` for the programme's effect.
 */
export function computeHeatForCommuters(
  summaries: readonly CommuterPeriodSummary[],
  options: CommuterHeatOptions & {
    country: string;
    years?: number;
    buildUpYears?: number;
    discountRate?: number;
  },
): CommuterHeatResult {
  const country = requireCountry(options.country);
  const input = deriveHeatInputFromSummaries(summaries, options);
  const result = runAssessment(
    options.mode,
    input.people,
    input.minutesPerWeek,
    country,
    input.ageGroup,
    options,
    null,
  );
  return { ...result, input };
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
  options: CommuterHeatOptions & {
    country: string;
    years?: number;
    buildUpYears?: number;
    discountRate?: number;
  },
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
  const baseline = runAssessment(
    o.mode,
    people,
    baselinePerPerson,
    country,
    ageGroup,
    options,
    null,
  );
  const followUp = runAssessment(
    o.mode,
    people,
    followUpPerPerson,
    country,
    ageGroup,
    options,
    null,
  );
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
