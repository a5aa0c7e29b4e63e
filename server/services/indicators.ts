import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { daysBetween } from '../domain/period.js';
import {
  computeActiveShare,
  computeActivitySummary,
  computeBaselineSplit,
  computeCarKmSubstitutedByReplacedMode,
  computeCarKmSubstitutedBySurvey,
  computeCarReplacementRate,
  computeCo2AvoidedKg,
  computeCyclingDays,
  computeHeatForCommuters,
  computeModalShift,
  computeModalSplitByDistance,
  computeModalSplitByTrips,
  computeTransitionMatrix,
  computeUnlabelledKm,
  findHeatCountry,
  isShowable,
  SUPPRESSION_K,
  type FactorSet,
  type HeatMode,
} from '../indicators/index.js';
import {
  countRegistered,
  readCommuterSummaries,
  readLegAggregates,
  readSurveys,
  readTripAggregates,
  scanRawInputs,
  type IndicatorScope,
  type ScopedSummary,
} from '../repositories/indicators.js';
import type { Partner } from '../repositories/partners.js';

export interface Suppression {
  what: string;
  reason: string;
}

export interface HealthFigures {
  people: number;
  minutesPerWeek: number;
  riskReduction: number;
  deathsPreventedPerYear: number;
  valuePerYear: number;
  currency: string;
  /** Partners whose country has no HEAT data, left out of the figures. */
  partnersWithoutCountryData: string[];
}

const round = (x: number, digits = 6) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Rounds every value; keeps the record's keys (and their type: the OpenAPI schema lists every mode). */
function roundRecord<K extends string>(r: Record<K, number>, digits = 6): Record<K, number> {
  return Object.fromEntries(
    Object.entries<number>(r).map(([k, v]) => [k, round(v, digits)]),
  ) as Record<K, number>;
}

/**
 * HEAT for the commuters of several partners: each partner in its own country's mortality and
 * VSL, then summed (deaths and value add up; the population-weighted average minutes and risk
 * reduction are reported for context).
 */
function healthFor(
  mode: HeatMode,
  summaries: ScopedSummary[],
  partners: Map<string, Partner>,
  weeks: number,
): HealthFigures {
  const byPartner = new Map<string, ScopedSummary[]>();
  for (const s of summaries) {
    const list = byPartner.get(s.partnerId) ?? [];
    list.push(s);
    byPartner.set(s.partnerId, list);
  }
  let people = 0;
  let minutesWeighted = 0;
  let riskWeighted = 0;
  let deaths = 0;
  let value = 0;
  const missing: string[] = [];
  for (const [partnerId, list] of byPartner) {
    const country = partners.get(partnerId)?.country;
    if (!country || !findHeatCountry(country)) {
      missing.push(partnerId);
      continue;
    }
    // A period of a year or more already averages over holidays; a shorter one is taken as
    // commuting weeks and annualised over 46 of 52 (docs/methodology.md#heat).
    const r = computeHeatForCommuters(list, {
      mode,
      weeks,
      country,
      commutingWeeksPerYear: weeks >= 52 ? 52 : 46,
    });
    people += r.input.people;
    minutesWeighted += r.input.minutesPerWeek * r.input.people;
    riskWeighted += r.riskReduction * r.input.people;
    deaths += r.deathsPreventedPerYear;
    value += r.valuePerYear;
  }
  return {
    people,
    minutesPerWeek: round(people > 0 ? minutesWeighted / people : 0, 3),
    riskReduction: round(people > 0 ? riskWeighted / people : 0),
    deathsPreventedPerYear: round(deaths),
    valuePerYear: round(value, 2),
    currency: 'EUR',
    partnersWithoutCountryData: missing,
  };
}

/**
 * Every indicator of DESIGN.md section 3 for one scope and period, from the rollups and the
 * surveys. The follow-up is the period's logged trips; the baseline the commuters' latest
 * baseline surveys.
 */
export async function computeIndicators(
  db: Kysely<Database>,
  scope: IndicatorScope,
  factorSet: FactorSet,
  partners: Map<string, Partner>,
  source: 'rollups' | 'raw' = 'rollups',
) {
  const days = daysBetween(scope.from, scope.to);
  const weeks = days / 7;
  const inputs =
    source === 'raw'
      ? await scanRawInputs(db, scope)
      : {
          legs: await readLegAggregates(db, scope),
          trips: await readTripAggregates(db, scope),
          summaries: await readCommuterSummaries(db, scope),
        };
  const { legs, trips, summaries } = inputs;
  const [surveys, registeredRows] = await Promise.all([
    readSurveys(db, scope, 'baseline', scope.to),
    countRegistered(db, scope),
  ]);
  const registered = registeredRows.reduce((s, r) => s + r.registered, 0);
  const suppressed: Suppression[] = [];

  const byTrips = computeModalSplitByTrips(trips);
  const byDistance = computeModalSplitByDistance(legs);
  const baselineSplit = computeBaselineSplit(surveys);
  const shift = computeModalShift(
    { byTrips: baselineSplit.byTrips, byDistance: baselineSplit.byDistance },
    { byTrips, byDistance },
  );
  const matrix = computeTransitionMatrix(surveys, summaries);
  const carRate = computeCarReplacementRate(surveys, summaries);
  const replacedKm = computeCarKmSubstitutedByReplacedMode(legs);
  const surveyKm = computeCarKmSubstitutedBySurvey(surveys, summaries, weeks);
  const unlabelled = computeUnlabelledKm(legs);
  const co2 = computeCo2AvoidedKg(legs, factorSet);
  const activity = computeActivitySummary(summaries, weeks);
  const cyclingDays = computeCyclingDays(summaries);

  // Transition cells rest on few people each: below k distinct commuters they are not shown
  // (DESIGN.md section 6), whatever the scope.
  const transitions = matrix.transitions.map((t) =>
    isShowable(t.commuters)
      ? t
      : { from: t.from, to: t.to, commuters: null, suppressed: true as const },
  );
  const hiddenCells = transitions.filter((t) => t.commuters === null).length;
  if (hiddenCells > 0)
    suppressed.push({
      what: `${hiddenCells} transition cells`,
      reason: `fewer than ${SUPPRESSION_K} commuters`,
    });

  const totalTrips = trips.reduce((s, t) => s + t.trips, 0);
  const totalKm = legs.reduce((s, l) => s + l.distanceKm, 0);
  const result = {
    scope: {
      partner: scope.partnerId ?? 'network',
      site: scope.siteId,
      from: scope.from,
      to: scope.to,
      days,
      weeks: round(weeks, 4),
    },
    participants: { registered, active: summaries.length },
    trips: totalTrips,
    distanceKm: round(totalKm, 3),
    modalSplit: { byTrips: roundRecord(byTrips), byDistance: roundRecord(byDistance) },
    baseline: {
      byTrips: roundRecord(baselineSplit.byTrips),
      byDistance: roundRecord(baselineSplit.byDistance),
      commuters: surveys.length,
    },
    modalShift: {
      byTripsPp: roundRecord(shift.byTripsPp, 4),
      byDistancePp: roundRecord(shift.byDistancePp, 4),
      activeShare: {
        baseline: round(computeActiveShare(baselineSplit.byTrips)),
        followUp: round(computeActiveShare(byTrips)),
      },
      carReplacementRate: carRate.rate === null ? null : round(carRate.rate),
      transitions,
      commutersCompared: matrix.commuters,
    },
    carKmSubstituted: {
      replacedModeKm: round(replacedKm.carKmSubstituted, 3),
      surveyKmPerWeek: round(surveyKm.carKmSubstitutedPerWeek, 3),
      replacedModeKmPerWeek: round(replacedKm.carKmSubstituted / weeks, 3),
      surveyCommuters: surveyKm.commuters,
    },
    unlabelledKm: round(unlabelled.unlabelledKm, 3),
    unlabelledShare: round(unlabelled.unlabelledShare),
    co2AvoidedKg: round(co2.co2AvoidedKg, 3),
    factorSet: {
      id: factorSet.id,
      name: factorSet.name,
      scope: factorSet.scope,
      source: factorSet.source,
      year: factorSet.year,
      kgPerKm: factorSet.kgPerKm,
      perVehicleKm: factorSet.perVehicleKm,
    },
    activity: {
      activeMinutesPerCommuterWeek: round(activity.activeMinutesPerCommuterWeek, 2),
      whoTargetMinutesPerWeek: 150,
      shareMeetingWhoTarget: round(activity.shareMeetingWhoTarget),
      kcalNet: round(activity.netKcal, 1),
      kcalGross: round(activity.grossKcal, 1),
      cyclingDays: cyclingDays.cyclingDays,
      cyclists: cyclingDays.cyclists,
    },
    health: {
      cycling: healthFor('bike', summaries, partners, weeks),
      walking: healthFor('walk', summaries, partners, weeks),
    },
    suppressed,
  };
  return result;
}

export type IndicatorResult = Awaited<ReturnType<typeof computeIndicators>>;
