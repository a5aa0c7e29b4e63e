import type { Mode } from '../modes.js';
import type { LineGeometry } from '../trips.js';

/**
 * The contract between everything that produces location points (file parsers, tracker
 * endpoints) and the segmentation that turns them into trips. Pure types: no I/O here.
 */

/**
 * What a source says the person was doing. Sources are coarser than our modes: "in_vehicle"
 * (Google, e-mission) or "automotive" (iOS) do not say car or bus, so `vehicle` stands for any
 * motorised mode and `still` for not moving. `mode` is absent when the source sent an activity
 * we cannot map (tilting, unknown); such a hint carries no information.
 */
export type HintMode = Mode | 'still' | 'vehicle';

export interface ActivityHint {
  mode?: HintMode;
  /** 0..1. Sources that send percentages (Google, Traccar) are divided by 100 by the parser. */
  confidence?: number;
  /** Where the hint came from, e.g. 'owntracks', 'traccar', 'google', 'emission'. */
  source: string;
}

export interface TrackPoint {
  /** Milliseconds since the epoch (UTC). */
  t: number;
  lat: number;
  lon: number;
  /** Horizontal accuracy radius, metres (68 % confidence as phones report it). */
  accuracyM?: number;
  /** Speed reported by the device, m/s (parsers convert km/h and knots). */
  speedMps?: number;
  altitudeM?: number;
  activityHint?: ActivityHint;
}

export interface SegmentOptions {
  /** A stop is a dwell of at least `stopDwellMs` within `stopRadiusM` of where it began. */
  stopRadiusM: number;
  stopDwellMs: number;
  /** Silence between two consecutive points longer than this ends the trip whatever the places. */
  gapMs: number;
  /** Points reported with a worse accuracy than this are dropped. */
  maxAccuracyM: number;
  /** Douglas-Peucker tolerance for stored geometry, metres. */
  simplifyToleranceM: number;
  /** Privacy radius (DESIGN.md section 6): stored lines lose their points this close to the ends. */
  privacyRadiusM: number;
  /**
   * Trips with a shorter path or duration are dropped; drift around a stop is told apart by how
   * far it gets from its start (segment.ts, DRIFT_RADIUS_M).
   */
  minTripDistanceM: number;
  minTripDurationMs: number;
  /** Points after this instant are dropped as bogus (the clock is an argument: pure). */
  nowMs: number;
}

export interface InferredLeg {
  mode: Mode;
  /** 0..1: how sure the inference is; the app asks the commuter to check low values first. */
  confidence: number;
  distanceKm: number;
  durationMin: number;
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt: string;
  /** Simplified and trimmed near the trip's start and end; null when nothing is left. */
  geometry: LineGeometry | null;
}

export interface InferredTrip {
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt: string;
  distanceKm: number;
  legs: InferredLeg[];
  /**
   * Why the trip ended: a detected stop, a gap in the data, or the end of the points given.
   * A tracker keeps an 'end' trip open: more points may continue it.
   */
  closedBy: 'stop' | 'gap' | 'end';
  /** Points of the stream (after filtering) that the trip was built from. */
  pointCount: number;
}

/** Why a point or a short trip was dropped: a code clients translate. */
export const DROP_REASONS = [
  'invalid_coordinates',
  'bogus_time',
  'duplicate_time',
  'out_of_order',
  'low_accuracy',
  'speed_outlier',
  'acceleration_outlier',
  'teleport',
  'short_trip',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface DroppedCount {
  reason: DropReason;
  count: number;
}

export interface SegmentResult {
  trips: InferredTrip[];
  dropped: DroppedCount[];
}

export type SegmentTrips = (
  points: readonly TrackPoint[],
  options?: Partial<SegmentOptions>,
) => SegmentResult;
