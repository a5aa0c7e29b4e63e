import type { Mode, ReplacedMode } from './modes.js';
import { lineLengthKm } from './geometry.js';
import { routeSampleCount } from './route-cells.js';
import {
  type LegInput,
  type LineGeometry,
  type TripInput,
  type TripPurpose,
  mainModeOf,
} from './trips.js';

/**
 * Plausibility rules for a trip, and its normalised form. Pure: the clock is an argument.
 * A rule that fails names the leg and the reason, so that a commuter (or an importer) can fix it.
 */

/**
 * Longest plausible single leg, km. Generous: these catch unit mistakes (metres sent as km).
 * None exceeds 1000 km, the legs table's CHECK: validation must refuse what the database would.
 */
export const MAX_LEG_KM: Record<Mode, number> = {
  walk: 60,
  bike: 300,
  ebike: 300,
  bus: 400,
  tram: 150,
  metro: 150,
  train: 1000,
  car_driver: 1000,
  car_passenger: 1000,
  motorbike: 1000,
  other: 1000,
};

/**
 * Shortest leg, km (one metre). Anything shorter is noise, and the trip's distance is stored
 * rounded to 6 decimals: a 1e-7 km trip would be stored as 0 and break the CHECK distance_km > 0.
 */
export const MIN_LEG_KM = 0.001;

/**
 * A leg's line may be longer than its distanceKm by GPS jitter and detours, but not by more than
 * this factor plus this slack: a short leg whose line zig-zags across continents is refused
 * before any work is done on the line. A line much shorter than the distance is fine (trimmed).
 */
export const GEOMETRY_LENGTH_FACTOR = 1.5;
export const GEOMETRY_LENGTH_SLACK_KM = 0.5;

/** Work bounds on route geometry: the size of a request decides the work, never its content. */
export interface GeometryLimits {
  /** Points in one leg's LineString. */
  maxPointsPerLeg: number;
  /** Points over all legs of a trip. */
  maxPointsPerTrip: number;
  /** Route-cell samples of a trip (an upper bound on its distinct H3 cells), counted before the walk. */
  maxRouteCellsPerTrip: number;
}

/** The defaults of config.ts, for callers without a config (the demo planner, tests). */
export const DEFAULT_GEOMETRY_LIMITS: GeometryLimits = Object.freeze({
  maxPointsPerLeg: 10_000,
  maxPointsPerTrip: 20_000,
  maxRouteCellsPerTrip: 20_000,
});

/**
 * Highest plausible average speed of a leg, km/h. Walking tops out near 12 km/h (race walking,
 * jogging to the bus); cycling averages above 50 km/h do not happen on commutes; speed pedelecs
 * are limited to 45 km/h.
 */
export const MAX_SPEED_KMH: Record<Mode, number> = {
  walk: 12,
  bike: 50,
  ebike: 50,
  bus: 120,
  tram: 100,
  metro: 120,
  train: 350,
  car_driver: 200,
  car_passenger: 200,
  motorbike: 250,
  other: 1000,
};

/** Clock skew allowed between a phone and the server before a start counts as "in the future". */
export const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;
export const EARLIEST_TRIP = '2000-01-01T00:00:00Z';
export const MAX_TRIP_HOURS = 24;
/** Slack when checking that legs fit inside the trip, for rounding of minutes. */
const TIME_SLACK_MS = 2 * 60 * 1000;

export interface RuleIssue {
  path: string;
  code: string;
  message: string;
}

export interface NormalizedLeg {
  seq: number;
  mode: Mode;
  distanceKm: number;
  durationMin: number | null;
  startedAt: string | null;
  replacedMode: ReplacedMode | null;
  geometry: LineGeometry | null;
}

export interface NormalizedTrip {
  id: string | null;
  commuterId: string;
  startedAt: string;
  endedAt: string | null;
  purpose: TripPurpose | null;
  replacedMode: ReplacedMode | null;
  mainMode: Mode;
  distanceKm: number;
  durationMin: number | null;
  legs: NormalizedLeg[];
}

/** Parses an ISO 8601 timestamp that carries a zone (Z or ±hh:mm); anything else is refused. */
export function parseInstant(value: string): number | null {
  if (isCanonicalUtc(value)) return canonicalUtcMs(value);
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(
      value,
    );
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const seconds = m[6] ? Number(m[6].slice(1)) : 0;
  // Date.parse would roll 30 February over into March: a calendar date must exist as written.
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    seconds >= 60
  )
    return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, 0) + Math.round(seconds * 1000);
  const zone = m[8]!;
  if (zone === 'Z' || zone === 'z') return local;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetH = Number(digits.slice(0, 2));
  const offsetM = Number(digits.slice(2, 4));
  if (offsetH > 14 || offsetM > 59) return null;
  return local - sign * (offsetH * 60 + offsetM) * 60_000;
}

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * Whether a timestamp is already what we store: `YYYY-MM-DDTHH:MM:SS.sssZ`, as toISOString
 * writes it, for a date and time that exist. Such a value is its own normal form, so the
 * write path keeps the string instead of parsing and formatting it again (most clients, and
 * the demo, send exactly this).
 */
export function isCanonicalUtc(value: string): boolean {
  if (
    value.length !== 24 ||
    value.charCodeAt(23) !== 90 /* Z */ ||
    value[4] !== '-' ||
    value[7] !== '-' ||
    value[10] !== 'T' ||
    value[13] !== ':' ||
    value[16] !== ':' ||
    value[19] !== '.'
  )
    return false;
  for (const i of DIGIT_AT) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const year = num(value, 0, 4);
  const month = num(value, 5, 2);
  const day = num(value, 8, 2);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    num(value, 11, 2) <= 23 &&
    num(value, 14, 2) <= 59 &&
    num(value, 17, 2) <= 59
  );
}

function canonicalUtcMs(value: string): number {
  return Date.UTC(
    num(value, 0, 4),
    num(value, 5, 2) - 1,
    num(value, 8, 2),
    num(value, 11, 2),
    num(value, 14, 2),
    num(value, 17, 2),
    num(value, 20, 3),
  );
}

function num(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A stored timestamp for what a client sent: the value itself when it is already in that form. */
function storedInstant(value: string, ms: number): string {
  return isCanonicalUtc(value) ? value : new Date(ms).toISOString();
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * Checks a trip against the plausibility rules and returns its normalised form: UTC
 * timestamps, the derived main mode and totals, a single leg's duration taken from the trip's
 * when only the trip is timed. Returns the issues instead when any rule fails.
 */
export function normalizeTrip(
  input: TripInput,
  nowMs: number,
  limits: GeometryLimits = DEFAULT_GEOMETRY_LIMITS,
): { ok: true; trip: NormalizedTrip; routeSamples: number } | { ok: false; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const startMs = parseInstant(input.startedAt);
  if (startMs === null)
    issues.push({
      path: 'startedAt',
      code: 'bad_timestamp',
      message: 'startedAt must be an ISO 8601 time with offset, e.g. 2011-03-01T07:45:00+01:00',
    });
  let endMs: number | null = null;
  if (input.endedAt != null) {
    endMs = parseInstant(input.endedAt);
    if (endMs === null)
      issues.push({
        path: 'endedAt',
        code: 'bad_timestamp',
        message: 'endedAt must be an ISO 8601 time with offset',
      });
  }
  if (startMs !== null) {
    if (startMs > nowMs + FUTURE_TOLERANCE_MS)
      issues.push({
        path: 'startedAt',
        code: 'in_future',
        message: 'the trip starts in the future',
      });
    if (startMs < Date.parse(EARLIEST_TRIP))
      issues.push({
        path: 'startedAt',
        code: 'too_old',
        message: `trips before ${EARLIEST_TRIP.slice(0, 10)} are not accepted`,
      });
    if (endMs !== null) {
      if (endMs < startMs)
        issues.push({
          path: 'endedAt',
          code: 'ends_before_start',
          message: 'endedAt is before startedAt',
        });
      else if (endMs - startMs > MAX_TRIP_HOURS * 3_600_000)
        issues.push({
          path: 'endedAt',
          code: 'too_long',
          message: `a trip lasts at most ${MAX_TRIP_HOURS} hours`,
        });
    }
  }
  if (input.legs.length === 0)
    issues.push({ path: 'legs', code: 'no_legs', message: 'a trip has at least one leg' });
  if (input.legs.length > 20)
    issues.push({ path: 'legs', code: 'too_many_legs', message: 'a trip has at most 20 legs' });

  let previousLegStart: number | null = null;
  let previousLegEnd: number | null = null;
  let timedMinutes = 0;
  let pointsInTrip = 0;
  let routeSamples = 0;
  const geometryOk: LineGeometry[] = [];
  const legs: NormalizedLeg[] = [];
  input.legs.forEach((leg: LegInput, i) => {
    const at = `legs[${i}]`;
    if (!(leg.distanceKm > 0))
      issues.push({
        path: `${at}.distanceKm`,
        code: 'not_positive',
        message: 'distanceKm must be greater than 0',
      });
    else if (leg.distanceKm < MIN_LEG_KM) {
      issues.push({
        path: `${at}.distanceKm`,
        code: 'too_short',
        message: `a leg is at least ${MIN_LEG_KM} km (one metre) long`,
      });
    } else if (leg.distanceKm > MAX_LEG_KM[leg.mode])
      issues.push({
        path: `${at}.distanceKm`,
        code: 'too_far',
        message: `${leg.distanceKm} km is not plausible for one ${leg.mode} leg (at most ${MAX_LEG_KM[leg.mode]} km)`,
      });
    if (leg.durationMin != null) {
      if (!(leg.durationMin > 0))
        issues.push({
          path: `${at}.durationMin`,
          code: 'not_positive',
          message: 'durationMin must be greater than 0',
        });
      else if (leg.durationMin > MAX_TRIP_HOURS * 60) {
        issues.push({
          path: `${at}.durationMin`,
          code: 'too_long',
          message: `a leg lasts at most ${MAX_TRIP_HOURS * 60} minutes`,
        });
      } else {
        timedMinutes += leg.durationMin;
        const speedKmh = leg.distanceKm / (leg.durationMin / 60);
        if (leg.distanceKm > 0 && speedKmh > MAX_SPEED_KMH[leg.mode]) {
          issues.push({
            path: `${at}.durationMin`,
            code: 'too_fast',
            message: `${round(speedKmh, 1)} km/h is not plausible for ${leg.mode} (at most ${MAX_SPEED_KMH[leg.mode]} km/h)`,
          });
        }
      }
    }
    let legStartIso: string | null = null;
    if (leg.startedAt != null) {
      const legStart = parseInstant(leg.startedAt);
      if (legStart === null)
        issues.push({
          path: `${at}.startedAt`,
          code: 'bad_timestamp',
          message: 'startedAt must be an ISO 8601 time with offset',
        });
      else {
        legStartIso = storedInstant(leg.startedAt, legStart);
        if (startMs !== null && legStart < startMs - TIME_SLACK_MS)
          issues.push({
            path: `${at}.startedAt`,
            code: 'out_of_order',
            message: 'the leg starts before its trip',
          });
        if (endMs !== null && legStart > endMs + TIME_SLACK_MS)
          issues.push({
            path: `${at}.startedAt`,
            code: 'out_of_order',
            message: 'the leg starts after its trip ended',
          });
        else if (startMs !== null && legStart > startMs + MAX_TRIP_HOURS * 3_600_000) {
          const message = `the leg starts more than ${MAX_TRIP_HOURS} hours after its trip`;
          issues.push({ path: `${at}.startedAt`, code: 'out_of_order', message });
        }
        if (previousLegStart !== null && legStart < previousLegStart)
          issues.push({
            path: `${at}.startedAt`,
            code: 'out_of_order',
            message: 'legs are out of time order: this leg starts before the previous one',
          });
        else if (previousLegEnd !== null && legStart < previousLegEnd - TIME_SLACK_MS)
          issues.push({
            path: `${at}.startedAt`,
            code: 'out_of_order',
            message: 'this leg starts before the previous leg ended',
          });
        previousLegStart = legStart;
        previousLegEnd =
          leg.durationMin != null && leg.durationMin > 0
            ? legStart + leg.durationMin * 60_000
            : null;
      }
    }
    if (leg.geometry) {
      const points = leg.geometry.coordinates.length;
      pointsInTrip += points;
      const bad = leg.geometry.coordinates.findIndex(
        (c) => !(Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90),
      );
      if (points < 2) {
        issues.push({
          path: `${at}.geometry`,
          code: 'bad_geometry',
          message: 'a LineString needs at least two points',
        });
      } else if (points > limits.maxPointsPerLeg) {
        const message = `a leg's line has at most ${limits.maxPointsPerLeg} points (got ${points})`;
        issues.push({ path: `${at}.geometry`, code: 'too_many_points', message });
      } else if (bad >= 0)
        issues.push({
          path: `${at}.geometry.coordinates[${bad}]`,
          code: 'bad_geometry',
          message: 'coordinates are [longitude, latitude] in degrees',
        });
      else if (leg.distanceKm > 0) {
        const issue = checkLineAgainstLeg(leg, lineLengthKm(leg.geometry.coordinates), at);
        if (issue) issues.push(issue);
        else geometryOk.push(leg.geometry);
      }
    }
    legs.push({
      seq: i,
      mode: leg.mode,
      distanceKm: leg.distanceKm,
      durationMin: leg.durationMin ?? null,
      startedAt: legStartIso,
      replacedMode: leg.replacedMode ?? null,
      geometry: leg.geometry ?? null,
    });
  });
  if (pointsInTrip > limits.maxPointsPerTrip) {
    const message = `a trip's lines have at most ${limits.maxPointsPerTrip} points together (got ${pointsInTrip})`;
    issues.push({ path: 'legs', code: 'too_many_points', message });
  } else if (issues.length === 0) {
    // Counted on the untrimmed lines, an upper bound of what routeCellsOf will walk after trimming.
    routeSamples = routeSampleCount(geometryOk);
    if (routeSamples > limits.maxRouteCellsPerTrip) {
      const message = `the route would cross up to ${routeSamples} map cells; a trip crosses at most ${limits.maxRouteCellsPerTrip}`;
      issues.push({ path: 'legs', code: 'too_many_cells', message });
    }
  }
  if (
    startMs !== null &&
    endMs !== null &&
    endMs >= startMs &&
    timedMinutes * 60_000 > endMs - startMs + TIME_SLACK_MS
  ) {
    issues.push({
      path: 'legs',
      code: 'legs_longer_than_trip',
      message: `the legs last ${round(timedMinutes, 1)} min but the trip only ${round((endMs - startMs) / 60_000, 1)} min`,
    });
  }
  if (issues.length > 0 || startMs === null) return { ok: false, issues };

  const tripMinutes = endMs !== null ? (endMs - startMs) / 60_000 : null;
  if (
    legs.length === 1 &&
    legs[0]!.durationMin === null &&
    tripMinutes !== null &&
    tripMinutes > 0
  ) {
    // One leg and a timed trip: the leg took the trip's time. Check the speed it implies.
    const leg = legs[0]!;
    const speedKmh = leg.distanceKm / (tripMinutes / 60);
    if (speedKmh > MAX_SPEED_KMH[leg.mode]) {
      return {
        ok: false,
        issues: [
          {
            path: 'endedAt',
            code: 'too_fast',
            message: `${round(speedKmh, 1)} km/h is not plausible for ${leg.mode} (at most ${MAX_SPEED_KMH[leg.mode]} km/h)`,
          },
        ],
      };
    }
    if (leg.geometry) {
      const lineKmh = lineLengthKm(leg.geometry.coordinates) / (tripMinutes / 60);
      if (lineKmh > MAX_SPEED_KMH[leg.mode])
        return { ok: false, issues: [lineTooFast('legs[0]', leg.mode, lineKmh)] };
    }
    // The legs table requires duration_min > 0: a sub-millisecond trip keeps its unrounded time.
    const rounded = round(tripMinutes, 3);
    leg.durationMin = rounded > 0 ? rounded : tripMinutes;
  }
  const allTimed = legs.every((l) => l.durationMin !== null);
  const trip: NormalizedTrip = {
    id: input.id ?? null,
    commuterId: input.commuterId,
    startedAt: storedInstant(input.startedAt, startMs),
    endedAt: endMs === null ? null : storedInstant(input.endedAt!, endMs),
    purpose: input.purpose ?? null,
    replacedMode: input.replacedMode ?? null,
    mainMode: mainModeOf(legs),
    distanceKm: round(
      legs.reduce((s, l) => s + l.distanceKm, 0),
      6,
    ),
    durationMin:
      tripMinutes !== null
        ? round(tripMinutes, 3)
        : allTimed
          ? round(
              legs.reduce((s, l) => s + l.durationMin!, 0),
              3,
            )
          : null,
    legs,
  };
  return { ok: true, trip, routeSamples };
}

/**
 * A leg's line against the leg itself: not much longer than its distance, and not faster than
 * the mode allows over the leg's own duration.
 */
function checkLineAgainstLeg(leg: LegInput, lineKm: number, at: string): RuleIssue | null {
  const allowedKm = GEOMETRY_LENGTH_FACTOR * leg.distanceKm + GEOMETRY_LENGTH_SLACK_KM;
  if (!(lineKm <= allowedKm)) {
    const message = `the line is ${round(lineKm, 1)} km long but the leg only ${leg.distanceKm} km (at most ${round(allowedKm, 1)} km)`;
    return { path: `${at}.geometry`, code: 'geometry_too_long', message };
  }
  if (leg.durationMin != null && leg.durationMin > 0) {
    const lineKmh = lineKm / (leg.durationMin / 60);
    if (lineKmh > MAX_SPEED_KMH[leg.mode]) return lineTooFast(at, leg.mode, lineKmh);
  }
  return null;
}

function lineTooFast(at: string, mode: Mode, lineKmh: number): RuleIssue {
  const message = `the line implies ${round(lineKmh, 1)} km/h, not plausible for ${mode} (at most ${MAX_SPEED_KMH[mode]} km/h)`;
  return { path: `${at}.geometry`, code: 'too_fast', message };
}

/** The local calendar day ('YYYY-MM-DD') of an instant in a time zone. */
export function localDayOf(isoUtc: string, timeZone: string): string {
  // Every zone's offset is a multiple of 15 minutes and changes on such a boundary, so the
  // local day is constant within a UTC quarter hour: cache by quarter, since Intl is slow and
  // bulk ingestion asks this for every trip.
  const key = `${timeZone}|${isoUtc.slice(0, 13)}|${Math.floor(Number(isoUtc.slice(14, 16)) / 15)}`;
  let day = dayCache.get(key);
  if (day === undefined) {
    day = dayFormatter(timeZone).format(new Date(isoUtc));
    if (dayCache.size > 200_000) dayCache.clear();
    dayCache.set(key, day);
  }
  return day;
}

const dayCache = new Map<string, string>();

const formatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
