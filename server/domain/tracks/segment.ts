import { haversineM, trimTripGeometries } from '../geometry.js';
import type { Mode } from '../modes.js';
import type { LineGeometry } from '../trips.js';
import { filterPoints } from './filter.js';
import { simplifyLine } from './simplify.js';
import type {
  DroppedCount,
  InferredLeg,
  InferredTrip,
  SegmentOptions,
  SegmentResult,
  TrackPoint,
} from './types.js';

/**
 * Defaults. Stop: 5 min within 100 m, as e-mission detects the end of a trip on Android
 * (Traccar's 300 s parked is the same dwell). Gap: 30 min without a point ends a trip whatever
 * the places; shorter silences with movement are kept inside the trip, because phones lose the
 * fix underground (a metro ride) and Traccar's 3,600 s gap would join a commute to the errand
 * after it. A silence of at least the dwell time that ends near where it began is a stop: iOS
 * stops reporting when the phone is still.
 */
export const DEFAULT_SEGMENT_OPTIONS: Omit<SegmentOptions, 'nowMs'> = Object.freeze({
  stopRadiusM: 100,
  stopDwellMs: 5 * 60 * 1000,
  gapMs: 30 * 60 * 1000,
  maxAccuracyM: 100,
  simplifyToleranceM: 10,
  privacyRadiusM: 200,
  minTripDistanceM: 200,
  minTripDurationMs: 60 * 1000,
});

interface RawTrip {
  points: TrackPoint[];
  closedBy: InferredTrip['closedBy'];
}

export function segmentTrips(
  points: readonly TrackPoint[],
  options: Partial<SegmentOptions> = {},
): SegmentResult {
  const opts: SegmentOptions = { ...DEFAULT_SEGMENT_OPTIONS, nowMs: Date.now(), ...options };
  const filtered = filterPoints(points, opts);
  const dropped: DroppedCount[] = [...filtered.dropped];
  const raw = splitAtStops(filtered.points, opts);
  const trips: InferredTrip[] = [];
  let short = 0;
  for (const r of raw) {
    const first = r.points[0]!;
    const last = r.points[r.points.length - 1]!;
    const span = haversineM([first.lon, first.lat], [last.lon, last.lat]);
    const length = pathLengthM(r.points);
    if (
      r.points.length < 2 ||
      last.t - first.t < opts.minTripDurationMs ||
      Math.max(span, 0) < opts.minTripDistanceM ||
      length < opts.minTripDistanceM
    ) {
      short += r.points.length;
      continue;
    }
    trips.push(buildTrip(r, opts));
  }
  if (short > 0) dropped.push({ reason: 'short_trip', count: short });
  return { trips, dropped };
}

/**
 * Stay-point detection: a stop is a run of points that stays within `stopRadiusM` of its first
 * point for at least `stopDwellMs`, or a silence of at least the dwell time that ends within the
 * radius. The trip before it ends at the stop's first point; the next starts at its last.
 */
export function splitAtStops(points: readonly TrackPoint[], opts: SegmentOptions): RawTrip[] {
  const trips: RawTrip[] = [];
  let current: TrackPoint[] = [];
  let i = 0;
  const n = points.length;
  while (i < n) {
    const p = points[i]!;
    const prev = current[current.length - 1];
    if (prev && p.t - prev.t > opts.gapMs) {
      trips.push({ points: current, closedBy: 'gap' });
      current = [];
    }
    // Look ahead for a dwell anchored at p.
    let j = i + 1;
    while (
      j < n &&
      dist(p, points[j]!) <= opts.stopRadiusM &&
      points[j]!.t - points[j - 1]!.t <= opts.gapMs
    )
      j++;
    if (points[j - 1]!.t - p.t >= opts.stopDwellMs) {
      // The anchor is the first point within the radius, up to 100 m before the place itself:
      // arrival and departure are the first and last points near the stay's centre.
      const centre = centroid(points, i, j);
      const near = opts.stopRadiusM / 2;
      let arrive = i;
      while (arrive < j - 1 && dist(points[arrive]!, centre) > near) arrive++;
      let leave = j - 1;
      while (leave > arrive && dist(points[leave]!, centre) > near) leave--;
      for (let k = i; k <= arrive; k++) current.push(points[k]!);
      trips.push({ points: current, closedBy: 'stop' });
      current = [];
      for (let k = leave; k < j; k++) current.push(points[k]!);
      i = j;
      continue;
    }
    current.push(p);
    i++;
  }
  if (current.length > 0) trips.push({ points: current, closedBy: 'end' });
  return trips.filter((t) => t.points.length > 0);
}

function buildTrip(r: RawTrip, opts: SegmentOptions): InferredTrip {
  const pts = r.points;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const { mode, confidence } = inferMode(pts);
  // Trim first, then simplify: a straight line simplified to its two ends would be trimmed away.
  const [trimmed] = trimTripGeometries(
    [{ type: 'LineString', coordinates: pts.map((p) => [p.lon, p.lat] as [number, number]) }],
    opts.privacyRadiusM,
  );
  const geometry: LineGeometry | null = trimmed
    ? {
        type: 'LineString',
        coordinates: simplifyLine(trimmed.coordinates, opts.simplifyToleranceM),
      }
    : null;
  const distanceKm = pathLengthM(pts) / 1000;
  const leg: InferredLeg = {
    mode,
    confidence,
    distanceKm,
    durationMin: (last.t - first.t) / 60_000,
    startedAt: new Date(first.t).toISOString(),
    endedAt: new Date(last.t).toISOString(),
    geometry,
  };
  return {
    startedAt: leg.startedAt,
    endedAt: leg.endedAt,
    distanceKm,
    legs: [leg],
    closedBy: r.closedBy,
    pointCount: pts.length,
  };
}

function inferMode(pts: readonly TrackPoint[]): { mode: Mode; confidence: number } {
  const speeds: number[] = [];
  for (let i = 1; i < pts.length; i++) {
    const dt = (pts[i]!.t - pts[i - 1]!.t) / 1000;
    if (dt > 0) speeds.push(dist(pts[i - 1]!, pts[i]!) / dt);
  }
  speeds.sort((a, b) => a - b);
  const p85 = speeds[Math.floor(speeds.length * 0.85)] ?? 0;
  if (p85 < 2.5) return { mode: 'walk', confidence: 0.6 };
  if (p85 < 8) return { mode: 'bike', confidence: 0.5 };
  return { mode: 'car_driver', confidence: 0.4 };
}

function centroid(points: readonly TrackPoint[], from: number, to: number): TrackPoint {
  let lat = 0;
  let lon = 0;
  for (let k = from; k < to; k++) {
    lat += points[k]!.lat;
    lon += points[k]!.lon;
  }
  return { t: points[from]!.t, lat: lat / (to - from), lon: lon / (to - from) };
}

function dist(a: TrackPoint, b: TrackPoint): number {
  return haversineM([a.lon, a.lat], [b.lon, b.lat]);
}

export function pathLengthM(pts: readonly TrackPoint[]): number {
  let m = 0;
  for (let i = 1; i < pts.length; i++) m += dist(pts[i - 1]!, pts[i]!);
  return m;
}
