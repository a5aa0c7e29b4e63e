import type { Mode, ReplacedMode } from './modes.js';

/** A line on the map, as GeoJSON coordinates: [lon, lat] pairs. */
export interface LineGeometry {
  type: 'LineString';
  coordinates: Array<[number, number]>;
}

export interface LegInput {
  mode: Mode;
  distanceKm: number;
  durationMin?: number | null;
  /** ISO 8601 with offset. */
  startedAt?: string | null;
  /** Overrides the trip's replaced mode for this leg. */
  replacedMode?: ReplacedMode | null;
  geometry?: LineGeometry | null;
}

export interface TripInput {
  id?: string;
  commuterId: string;
  /** ISO 8601 with offset. */
  startedAt: string;
  endedAt?: string | null;
  purpose?: TripPurpose | null;
  replacedMode?: ReplacedMode | null;
  legs: LegInput[];
}

export const TRIP_PURPOSES = [
  'commute',
  'business',
  'education',
  'errand',
  'leisure',
  'other',
] as const;
export type TripPurpose = (typeof TRIP_PURPOSES)[number];

/** How a trip reached the server; the one list for the API schema, the rows and the web app. */
export const TRIP_SOURCES = ['api', 'import', 'tracker', 'demo'] as const;
export type TripSource = (typeof TRIP_SOURCES)[number];

/**
 * Whether the commuter has confirmed a trip. Trips inferred from files and trackers start
 * unconfirmed; only confirmed trips count in the indicators' rollups.
 */
export const TRIP_STATUSES = ['confirmed', 'unconfirmed'] as const;
export type TripStatus = (typeof TRIP_STATUSES)[number];

export const MAX_LEGS_PER_TRIP = 20;

/**
 * The trip's main mode: the mode of its longest leg by distance (Eurostat's rule).
 * Ties go to the earlier leg, so the answer does not depend on sort stability.
 */
export function mainModeOf(legs: ReadonlyArray<{ mode: Mode; distanceKm: number }>): Mode {
  if (legs.length === 0) throw new Error('a trip has at least one leg');
  let best = legs[0]!;
  for (const leg of legs) if (leg.distanceKm > best.distanceKm) best = leg;
  return best.mode;
}

/** The replaced mode that applies to one leg: its own, else its trip's, else none given. */
export function effectiveReplacedMode(
  leg: { replacedMode?: ReplacedMode | null },
  trip: { replacedMode?: ReplacedMode | null },
): ReplacedMode | null {
  return leg.replacedMode ?? trip.replacedMode ?? null;
}
