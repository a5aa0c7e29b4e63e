import {
  type CommuteSurvey,
  type CommuterPeriodSummary,
  type LegAggregate,
  sumByMode,
} from './types.js';

/**
 * Car-km substituted (docs/methodology.md#car-km-substituted): car-driver vehicle-km the
 * programme removed, computed two ways that are shown side by side and reconciled, plus the
 * unlabelled km that the replaced-mode figure cannot see (docs/methodology.md#unlabelled-km).
 */

export interface ReplacedModeCarKm {
  /** Σ km of legs whose effective replaced mode is car_driver and whose own mode is not. */
  carKmSubstituted: number;
  /** Legs counted in `carKmSubstituted`. */
  legs: number;
}

/**
 * Replaced-mode based car-km substituted: Σ leg km whose effective replaced mode is
 * car_driver. Legs driven by car that "replaced" car_driver are left out: a commuter who still
 * drove removed no vehicle-km, whatever the label says. A car_passenger leg that replaced
 * car_driver counts in full: the commuter's own car stayed at home and the car they rode in
 * was on the road anyway.
 *
 * @param legs leg aggregates; `replacedMode` must be `effectiveReplacedMode(leg, trip)`
 * @returns vehicle-km substituted in the period (divide by weeks for a weekly figure)
 * Source: DESIGN.md section 3, car-km substituted (a).
 */
export function computeCarKmSubstitutedByReplacedMode(
  legs: readonly LegAggregate[],
): ReplacedModeCarKm {
  let carKmSubstituted = 0;
  let count = 0;
  for (const row of legs) {
    if (row.replacedMode !== 'car_driver' || row.mode === 'car_driver') continue;
    carKmSubstituted += row.distanceKm;
    count += row.legs;
  }
  return { carKmSubstituted, legs: count };
}

export interface UnlabelledKm {
  /** Σ km of legs with no replaced mode (neither the leg nor its trip was labelled). */
  unlabelledKm: number;
  totalKm: number;
  /** unlabelledKm ÷ totalKm; 0 when there are no km. */
  unlabelledShare: number;
}

/**
 * Km with no replaced-mode label. Replaced-mode based indicators (car-km substituted, CO2
 * avoided) count nothing for them, so the share tells how much those figures undercount.
 */
export function computeUnlabelledKm(legs: readonly LegAggregate[]): UnlabelledKm {
  let unlabelledKm = 0;
  let totalKm = 0;
  for (const row of legs) {
    totalKm += row.distanceKm;
    if (row.replacedMode === null) unlabelledKm += row.distanceKm;
  }
  return { unlabelledKm, totalKm, unlabelledShare: totalKm > 0 ? unlabelledKm / totalKm : 0 };
}

/** Car-driver km per week of a commuter's usual commute: one-way car_driver km × 2 × days. */
export function surveyCarDriverKmPerWeek(survey: CommuteSurvey): number {
  let oneWayKm = 0;
  for (const leg of survey.usualLegs) if (leg.mode === 'car_driver') oneWayKm += leg.distanceKm;
  return oneWayKm * 2 * survey.daysPerWeek;
}

export interface SurveyCarKm {
  /** Σ (baseline − follow-up) car-driver km per commuting week; may be negative. */
  carKmSubstitutedPerWeek: number;
  baselineCarKmPerWeek: number;
  followUpCarKmPerWeek: number;
  /** Commuters compared: a baseline survey and at least one trip in the period. */
  commuters: number;
  /** Commuters with a baseline survey but no trip in the period: left out. */
  withoutFollowUp: number;
}

/**
 * Survey-based car-km substituted per week: for the same commuters, baseline car-driver km per
 * week (from the survey) minus follow-up car-driver km per week (logged km in the period ÷
 * weeks). Only commuters with a baseline survey and at least one trip in the period are
 * compared: someone who stopped logging would otherwise count their whole baseline car use as
 * removed.
 *
 * @param weeks period length in weeks (days ÷ 7), > 0
 * Source: DESIGN.md section 3, car-km substituted (b).
 */
export function computeCarKmSubstitutedBySurvey(
  baselineSurveys: readonly CommuteSurvey[],
  summaries: readonly CommuterPeriodSummary[],
  weeks: number,
): SurveyCarKm {
  if (!(weeks > 0)) throw new RangeError(`weeks must be > 0, got ${weeks}`);
  const baselineByCommuter = new Map<string, CommuteSurvey>();
  for (const survey of baselineSurveys) baselineByCommuter.set(survey.commuterId, survey);
  let baselineCarKmPerWeek = 0;
  let followUpCarKmPerWeek = 0;
  const compared = new Set<string>();
  for (const summary of summaries) {
    const survey = baselineByCommuter.get(summary.commuterId);
    if (!survey || sumByMode(summary.tripsByMainMode) <= 0) continue;
    compared.add(summary.commuterId);
    baselineCarKmPerWeek += surveyCarDriverKmPerWeek(survey);
    followUpCarKmPerWeek += (summary.kmByMode.car_driver ?? 0) / weeks;
  }
  return {
    carKmSubstitutedPerWeek: baselineCarKmPerWeek - followUpCarKmPerWeek,
    baselineCarKmPerWeek,
    followUpCarKmPerWeek,
    commuters: compared.size,
    withoutFollowUp: baselineByCommuter.size - compared.size,
  };
}

/**
 * Survey-to-survey variant: baseline minus follow-up car-driver km per week as reported in the
 * surveys, for commuters who answered both (latest of each per commuter).
 */
export function computeCarKmChangeBetweenSurveys(
  baselineSurveys: readonly CommuteSurvey[],
  followUpSurveys: readonly CommuteSurvey[],
): {
  carKmSubstitutedPerWeek: number;
  baselineCarKmPerWeek: number;
  followUpCarKmPerWeek: number;
  commuters: number;
} {
  const followUpByCommuter = new Map<string, CommuteSurvey>();
  for (const survey of followUpSurveys) followUpByCommuter.set(survey.commuterId, survey);
  let baselineCarKmPerWeek = 0;
  let followUpCarKmPerWeek = 0;
  let commuters = 0;
  for (const baseline of baselineSurveys) {
    const followUp = followUpByCommuter.get(baseline.commuterId);
    if (!followUp) continue;
    commuters += 1;
    baselineCarKmPerWeek += surveyCarDriverKmPerWeek(baseline);
    followUpCarKmPerWeek += surveyCarDriverKmPerWeek(followUp);
  }
  return {
    carKmSubstitutedPerWeek: baselineCarKmPerWeek - followUpCarKmPerWeek,
    baselineCarKmPerWeek,
    followUpCarKmPerWeek,
    commuters,
  };
}

export interface CarKmReconciliation {
  replacedModeKmPerWeek: number;
  surveyKmPerWeek: number;
  /** replaced-mode − survey, km per week. */
  differenceKmPerWeek: number;
  /** replaced-mode ÷ survey; null when the survey figure is 0. */
  ratio: number | null;
}

/**
 * Puts the two car-km figures on the same weekly basis so that a report can show them side by
 * side. They differ when labels are missing (replaced-mode figure low), when commuters drive
 * less on days they do not log, or when survey recall is off; see docs/methodology.md.
 */
export function reconcileCarKm(
  replacedModeCarKm: number,
  weeks: number,
  surveyCarKmPerWeek: number,
): CarKmReconciliation {
  if (!(weeks > 0)) throw new RangeError(`weeks must be > 0, got ${weeks}`);
  const replacedModeKmPerWeek = replacedModeCarKm / weeks;
  return {
    replacedModeKmPerWeek,
    surveyKmPerWeek: surveyCarKmPerWeek,
    differenceKmPerWeek: replacedModeKmPerWeek - surveyCarKmPerWeek,
    ratio: surveyCarKmPerWeek !== 0 ? replacedModeKmPerWeek / surveyCarKmPerWeek : null,
  };
}
