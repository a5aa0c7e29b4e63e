import type { Mode, ReplacedMode } from './modes.js';

/**
 * The usual commute logged with one tap (issue 11): which trips "to work", "back" or "both
 * today" make, at what local time. Pure: the route passes the partner's time zone.
 */

export type UsualDirection = 'to_work' | 'back' | 'both';

export interface UsualLegPlan {
  mode: Mode;
  distanceKm: number;
  durationMin?: number | null;
  replacedMode?: ReplacedMode | null;
}

export interface UsualCommutePlan {
  legs: readonly UsualLegPlan[];
  replacedMode: ReplacedMode | null;
  departToWork: string | null;
  departBack: string | null;
}

/** Local departure times used when the commuter gave none: a typical office day. */
export const DEFAULT_DEPART_TO_WORK = '08:00';
export const DEFAULT_DEPART_BACK = '16:30';

export interface PlannedTrip {
  id: string;
  startedAt: string;
  purpose: 'commute';
  replacedMode: ReplacedMode | null;
  legs: UsualLegPlan[];
}

/** Minutes the time zone is ahead of UTC at an instant (Vienna in winter: 60). */
function offsetMinutes(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - instantMs) / 60_000);
}

/**
 * The UTC instant of a local wall-clock time on a local day in a time zone. Asked twice, so a
 * day on which daylight saving time changes gets the offset that holds at that hour.
 */
export function localTimeToIso(day: string, hhmm: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let instant = wall - offsetMinutes(wall, timeZone) * 60_000;
  instant = wall - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant).toISOString();
}

/**
 * The trips a one-tap log stores: to work with the legs in order, back with them reversed,
 * or both. `clientIds` are the app's ids for them (one per trip, in that order), which make a
 * repeated tap, or a queue sent twice after a lost answer, store each trip once.
 */
export function plannedUsualTrips(
  usual: UsualCommutePlan,
  request: { date: string; direction: UsualDirection; clientIds: readonly string[] },
  timeZone: string,
  nowMs: number = Number.POSITIVE_INFINITY,
): PlannedTrip[] {
  const directions: Array<'to_work' | 'back'> =
    request.direction === 'both' ? ['to_work', 'back'] : [request.direction];
  return directions.map((direction, i) => {
    const legs = usual.legs.map((l) => ({ ...l }));
    if (direction === 'back') legs.reverse();
    const time =
      direction === 'to_work'
        ? (usual.departToWork ?? DEFAULT_DEPART_TO_WORK)
        : (usual.departBack ?? DEFAULT_DEPART_BACK);
    const planned = localTimeToIso(request.date, time, timeZone);
    // "Back" tapped at 15:40 with 16:30 as the usual time: the trip started now, not in the
    // future (which the trip checks refuse). Rounded down to the minute, as the app logs.
    const startedAt =
      Date.parse(planned) > nowMs
        ? new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString()
        : planned;
    return {
      id: request.clientIds[i]!,
      startedAt,
      purpose: 'commute' as const,
      replacedMode: usual.replacedMode,
      legs,
    };
  });
}
