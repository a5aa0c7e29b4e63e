import type { AgeBand } from '../domain/age-bands.js';
import {
  CYCLING_MODES,
  isActiveMode,
  MODES,
  type Mode,
  type ReplacedMode,
} from '../domain/modes.js';
import { computeCommuterActivity, type CommuterActivity } from './activity.js';
import { computeCo2AvoidedKg, type Co2Avoided } from './co2.js';
import type { FactorSet } from './reference-data.js';
import { estimateDurationMin } from './speeds.js';
import type { CommuterPeriodSummary, LegAggregate } from './types.js';

/**
 * "My impact" for one commuter (issue 11, docs/methodology.md#my-impact): the dashboard's own
 * indicator functions (computeCommuterActivity, computeCo2AvoidedKg) applied to the rollup
 * rows of a single commuter, plus the current streak and a small series for charts.
 */

/** One commuter, one local day, one leg mode: a row of rollup_commuter_day. */
export interface CommuterDay {
  localDay: string;
  mode: Mode;
  mainTrips: number;
  commuteLegs: number;
  distanceKm: number;
  timedDistanceKm: number;
  durationMin: number;
}

/** Leg km of one day by mode and effective replaced mode. */
export interface CommuterLegDay {
  localDay: string;
  mode: Mode;
  replacedMode: ReplacedMode | null;
  distanceKm: number;
  legs: number;
}

export interface ImpactPoint {
  /** YYYY-MM-DD (daily series) or YYYY-MM (monthly). */
  bucket: string;
  distanceKm: number;
  activeKm: number;
  activeMinutes: number;
  co2AvoidedKg: number;
}

export interface CommuterImpact {
  from: string;
  to: string;
  days: number;
  trips: number;
  distanceKm: number;
  kmByMode: Partial<Record<Mode, number>>;
  co2: Co2Avoided;
  activity: CommuterActivity;
  cyclingDays: number;
  /** Days with at least one commute leg. */
  commutingDays: number;
  /** Commuting days in a row, most recent first, with a walking or cycling commute leg. */
  currentStreakDays: number;
  series: { bucketSize: 'day' | 'month'; points: ImpactPoint[] };
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Inclusive day count of a period. */
export function periodDays(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}

/**
 * The streak: walking back from the most recent commuting day (days without any commute are
 * skipped, so weekends and holidays do not break it), how many commuting days in a row had at
 * least one walking, cycling or e-bike commute leg.
 */
export function currentStreakDays(days: readonly CommuterDay[]): number {
  const commuting = new Map<string, boolean>();
  for (const d of days) {
    if (d.commuteLegs <= 0) continue;
    commuting.set(d.localDay, (commuting.get(d.localDay) ?? false) || isActiveMode(d.mode));
  }
  let streak = 0;
  for (const day of [...commuting.keys()].sort().reverse()) {
    if (!commuting.get(day)) break;
    streak += 1;
  }
  return streak;
}

/** Summary of the rows in the shape the dashboard's indicator functions take. */
export function summarizeCommuterDays(
  commuter: { commuterId: string; ageBand: AgeBand | null; weightKg: number | null },
  days: readonly CommuterDay[],
): CommuterPeriodSummary {
  const acc = new Map<Mode, { trips: number; km: number; timedKm: number; minutes: number }>();
  const cycling = new Set<string>();
  const active = new Set<string>();
  for (const d of days) {
    const a = acc.get(d.mode) ?? { trips: 0, km: 0, timedKm: 0, minutes: 0 };
    a.trips += d.mainTrips;
    a.km += d.distanceKm;
    a.timedKm += d.timedDistanceKm;
    a.minutes += d.durationMin;
    acc.set(d.mode, a);
    active.add(d.localDay);
    if (CYCLING_MODES.includes(d.mode) && d.commuteLegs > 0) cycling.add(d.localDay);
  }
  const summary: CommuterPeriodSummary = {
    ...commuter,
    tripsByMainMode: {},
    kmByMode: {},
    minutesByMode: {},
    measuredByMode: {},
    cyclingDays: cycling.size,
    activeDays: active.size,
  };
  for (const mode of MODES) {
    const a = acc.get(mode);
    if (!a) continue;
    if (a.trips > 0) summary.tripsByMainMode[mode] = a.trips;
    summary.kmByMode[mode] = a.km;
    // As the dashboard does: measured minutes, plus default speeds for the untimed km.
    summary.minutesByMode[mode] =
      a.minutes + estimateDurationMin(mode, Math.max(0, a.km - a.timedKm));
    if (a.timedKm > 0)
      summary.measuredByMode![mode] = { distanceKm: a.timedKm, durationMin: a.minutes };
  }
  return summary;
}

function toLegAggregates(rows: readonly CommuterLegDay[]): LegAggregate[] {
  // durationMin is not used by computeCo2AvoidedKg; km and labels are what count.
  return rows.map((r) => ({
    mode: r.mode,
    replacedMode: r.replacedMode,
    distanceKm: r.distanceKm,
    durationMin: 0,
    legs: r.legs,
  }));
}

/**
 * The impact of one commuter over [from, to]. `streakDays` may reach further back than the
 * period (the streak is about the commuter, not the period). Series per day up to 62 days,
 * per month beyond.
 */
export function computeCommuterImpact(input: {
  commuter: { commuterId: string; ageBand: AgeBand | null; weightKg: number | null };
  from: string;
  to: string;
  days: readonly CommuterDay[];
  legDays: readonly CommuterLegDay[];
  streakDays: readonly CommuterDay[];
  factorSet: FactorSet;
}): CommuterImpact {
  const { from, to, factorSet } = input;
  const dayCount = periodDays(from, to);
  const summary = summarizeCommuterDays(input.commuter, input.days);
  const activity = computeCommuterActivity(summary, dayCount / 7);
  const co2 = computeCo2AvoidedKg(toLegAggregates(input.legDays), factorSet);
  let trips = 0;
  let distanceKm = 0;
  for (const mode of MODES) {
    trips += summary.tripsByMainMode[mode] ?? 0;
    distanceKm += summary.kmByMode[mode] ?? 0;
  }
  const commutingDays = new Set(input.days.filter((d) => d.commuteLegs > 0).map((d) => d.localDay))
    .size;

  const bucketSize: 'day' | 'month' = dayCount <= 62 ? 'day' : 'month';
  const keyOf = (day: string) => (bucketSize === 'day' ? day : day.slice(0, 7));
  const buckets: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const k = keyOf(d);
    if (buckets[buckets.length - 1] !== k) buckets.push(k);
  }
  const points = new Map<string, ImpactPoint>(
    buckets.map((b) => [
      b,
      { bucket: b, distanceKm: 0, activeKm: 0, activeMinutes: 0, co2AvoidedKg: 0 },
    ]),
  );
  const daysByBucket = new Map<string, CommuterDay[]>();
  for (const d of input.days) {
    const k = keyOf(d.localDay);
    const list = daysByBucket.get(k) ?? [];
    list.push(d);
    daysByBucket.set(k, list);
  }
  for (const [k, list] of daysByBucket) {
    const p = points.get(k);
    if (!p) continue;
    const s = summarizeCommuterDays(input.commuter, list);
    for (const mode of MODES) {
      const km = s.kmByMode[mode] ?? 0;
      p.distanceKm += km;
      if (isActiveMode(mode)) {
        p.activeKm += km;
        p.activeMinutes += s.minutesByMode[mode] ?? 0;
      }
    }
  }
  const legsByBucket = new Map<string, CommuterLegDay[]>();
  for (const l of input.legDays) {
    const k = keyOf(l.localDay);
    const list = legsByBucket.get(k) ?? [];
    list.push(l);
    legsByBucket.set(k, list);
  }
  for (const [k, list] of legsByBucket) {
    const p = points.get(k);
    if (p) p.co2AvoidedKg = computeCo2AvoidedKg(toLegAggregates(list), factorSet).co2AvoidedKg;
  }

  return {
    from,
    to,
    days: dayCount,
    trips,
    distanceKm,
    kmByMode: summary.kmByMode,
    co2,
    activity,
    cyclingDays: summary.cyclingDays,
    commutingDays,
    currentStreakDays: currentStreakDays(input.streakDays),
    series: { bucketSize, points: [...points.values()] },
  };
}

/**
 * The days of "this week / month / year / all time" up to `today` (local): a week starts on
 * Monday (ISO 8601, as in the partner towns); all time starts when the commuter joined, or at
 * their first trip if that is earlier (imported history).
 */
export function impactPeriod(
  period: 'week' | 'month' | 'year' | 'all',
  today: string,
  joinedOn: string,
  firstTripDay: string | null,
): { from: string; to: string } {
  switch (period) {
    case 'week': {
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
      return { from: addDays(today, -weekday), to: today };
    }
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'all': {
      let from = joinedOn;
      if (firstTripDay !== null && firstTripDay < from) from = firstTripDay;
      return { from: from > today ? today : from, to: today };
    }
  }
}
