/**
 * Pure rules of the commuter's trip form and one-tap commute: client ids, local times with
 * their UTC offset, the way back, checks before a trip is queued. No DOM, no IndexedDB, so
 * test/web/trip-draft.test.ts covers them in Node.
 */
import { MAX_LEGS_PER_TRIP, mainModeOf } from '../../../server/domain/trips.js';
import type { LegInput, ReplacedMode, TripInput } from '../api/models.js';
import type { Mode } from './modes.js';

export { mainModeOf, MAX_LEGS_PER_TRIP };

/** A leg as the form holds it: text fields, so a half-typed number is not lost. */
export interface DraftLeg {
  mode: Mode;
  distanceKm: string;
  durationMin: string;
  /** Per-leg override of the trip's replaced mode; null: the trip's applies. */
  replacedMode: ReplacedMode | null;
  /** A route drawn on the map (ms-route-draw), sent as the leg's geometry; absent: none. */
  geometry?: LegInput['geometry'];
}

export interface DraftTrip {
  date: string;
  time: string;
  legs: DraftLeg[];
  replacedMode: ReplacedMode | null;
}

export type DraftProblem =
  | { field: 'date' | 'time' | 'legs'; key: 'log.errDate' | 'log.errTime' | 'log.errLegs' }
  | { field: `legs.${number}.distanceKm`; key: 'log.errDistance'; leg: number }
  | { field: `legs.${number}.durationMin`; key: 'log.errDuration'; leg: number };

/**
 * A trip id the server accepts (`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`, at most 64) and nobody else
 * will pick: 128 random bits. Generated once when the trip is queued, so every retry of the
 * same trip carries the same id and the server stores it once.
 */
export function newTripId(randomBytes: (n: number) => Uint8Array): string {
  const hex = Array.from(randomBytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `app-${hex}`;
}

/** `YYYY-MM-DD` and `HH:MM` of an instant in the device's time zone. */
export function localParts(at: Date): { date: string; time: string } {
  const p = (n: number): string => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`,
    time: `${p(at.getHours())}:${p(at.getMinutes())}`,
  };
}

/**
 * ISO 8601 with the device's offset at that local time (`2026-03-29T07:45:00+02:00`): the API
 * wants an offset, and the day a trip counts for is worked out from it in the partner's zone.
 */
export function localIso(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const at = new Date(y, m - 1, d, hh, mm, 0, 0);
  const offsetMin = -at.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date}T${p(hh)}:${p(mm)}:00${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}

/** A decimal typed with a comma (Danish) or a dot. */
export function parseDecimal(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) return null;
  return Number(s);
}

/** What is wrong with a draft, field by field; empty when it can be sent. */
export function checkDraft(draft: DraftTrip): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date)) problems.push({ field: 'date', key: 'log.errDate' });
  if (!/^\d{2}:\d{2}$/.test(draft.time)) problems.push({ field: 'time', key: 'log.errTime' });
  if (draft.legs.length < 1 || draft.legs.length > MAX_LEGS_PER_TRIP)
    problems.push({ field: 'legs', key: 'log.errLegs' });
  draft.legs.forEach((leg, i) => {
    const km = parseDecimal(leg.distanceKm);
    if (km === null || km < 0.001 || km > 1000)
      problems.push({ field: `legs.${i}.distanceKm`, key: 'log.errDistance', leg: i });
    if (leg.durationMin.trim() !== '') {
      const min = parseDecimal(leg.durationMin);
      if (min === null || min <= 0 || min > 24 * 60)
        problems.push({ field: `legs.${i}.durationMin`, key: 'log.errDuration', leg: i });
    }
  });
  return problems;
}

/** The API body of a checked draft. */
export function tripOfDraft(draft: DraftTrip, id: string, commuterId: string): TripInput {
  return {
    id,
    commuterId,
    startedAt: localIso(draft.date, draft.time),
    purpose: 'commute',
    replacedMode: draft.replacedMode,
    legs: draft.legs.map((leg) => {
      const duration = leg.durationMin.trim() === '' ? null : parseDecimal(leg.durationMin);
      return {
        mode: leg.mode,
        distanceKm: parseDecimal(leg.distanceKm) ?? 0,
        durationMin: duration,
        replacedMode: leg.replacedMode,
        ...(leg.geometry ? { geometry: leg.geometry } : {}),
      };
    }),
  };
}

/** A form draft of stored legs (editing a trip, or starting from the usual commute). */
export function draftLegsOf(
  legs: ReadonlyArray<Pick<LegInput, 'mode' | 'distanceKm' | 'durationMin' | 'replacedMode'>>,
): DraftLeg[] {
  return legs.map((l) => ({
    mode: l.mode,
    distanceKm: String(l.distanceKm),
    durationMin: l.durationMin === null || l.durationMin === undefined ? '' : String(l.durationMin),
    replacedMode: l.replacedMode ?? null,
  }));
}

/** Moves a leg one place up (-1) or down (+1); out of range leaves the order as it was. */
export function moveLeg<T>(legs: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= legs.length || to < 0 || to >= legs.length) return [...legs];
  const out = [...legs];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

export type Direction = 'to_work' | 'back';

/**
 * The trips of the usual commute for one day: "to work" as saved, "back" the same legs in
 * reverse order (bike to the station, train, walk becomes walk, train, bike). A saved time
 * later than `nowTime` (same day) becomes `nowTime`: the API refuses trips in the future, and
 * "both today" tapped at lunch still records the day.
 */
export function usualTrips(
  usual: {
    legs: readonly LegInput[];
    replacedMode: ReplacedMode | null;
    toWorkAt: string;
    backAt: string;
  },
  date: string,
  directions: readonly Direction[],
  commuterId: string,
  makeId: () => string,
  nowTime = '23:59',
): TripInput[] {
  const notLater = (time: string): string => (time > nowTime ? nowTime : time);
  return directions.map((direction) => ({
    id: makeId(),
    commuterId,
    startedAt: localIso(date, notLater(direction === 'to_work' ? usual.toWorkAt : usual.backAt)),
    purpose: 'commute',
    replacedMode: usual.replacedMode,
    legs: (direction === 'to_work' ? [...usual.legs] : [...usual.legs].reverse()).map((l) => ({
      mode: l.mode,
      distanceKm: l.distanceKm,
      durationMin: l.durationMin ?? null,
      replacedMode: l.replacedMode ?? null,
    })),
  }));
}

/** Modes of a car (or motorbike) commute: repeating them is no shift to offer with one tap. */
const MOTOR_MODES: ReadonlySet<string> = new Set(['car_driver', 'car_passenger', 'motorbike']);

/**
 * Whether the home page offers the usual commute with one tap. A commute the server took over
 * from the baseline survey at joining carries the commuter's creation instant as its `updatedAt`;
 * when that one is car-only, the commuter is asked to log a first trip instead, so that one tap
 * does not record the very car trips the programme hopes to replace. Any commute the commuter
 * saved is offered.
 */
export function oneTapOffered(
  legs: readonly { mode: string }[],
  updatedAt: string,
  commuterCreatedAt: string | null,
): boolean {
  if (legs.length === 0) return false;
  const carOnly = legs.every((l) => MOTOR_MODES.has(l.mode));
  if (!carOnly) return true;
  return commuterCreatedAt !== null && updatedAt !== commuterCreatedAt;
}
