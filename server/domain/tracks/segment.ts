import { haversineM, trimTripGeometries } from '../geometry.js';
import type { LineGeometry } from '../trips.js';
import { filterPoints } from './filter.js';
import { inferLegs } from './modes.js';
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
 * Defaults. Stop: 3 min within 100 m. e-mission ends a trip on Android after 5 min within
 * 100 m and Traccar after 300 s parked, but on the e-mission ground-truth days (npm run
 * accuracy) 5 min merges walks separated by short errands (9 of 14 trips matched at 3 min,
 * 5 of 14 at 5 min); 2.5 min starts splitting at traffic lights. Gap: 30 min without a point ends a trip whatever
 * the places; shorter silences with movement are kept inside the trip, because phones lose the
 * fix underground (a metro ride) and Traccar's 3,600 s gap would join a commute to the errand
 * after it. Accuracy: 200 m, e-mission's own filter; phones report 100 m on Wi-Fi fixes that are
 * still good enough to place a trip.
 */
export const DEFAULT_SEGMENT_OPTIONS: Omit<SegmentOptions, 'nowMs'> = Object.freeze({
  stopRadiusM: 100,
  stopDwellMs: 3 * 60 * 1000,
  gapMs: 30 * 60 * 1000,
  maxAccuracyM: 200,
  simplifyToleranceM: 10,
  privacyRadiusM: 200,
  minTripDistanceM: 200,
  minTripDurationMs: 60 * 1000,
});

/**
 * A recording that is bounded by the recorder itself (it starts at the beginning of the stream
 * or after a gap, and ends at a gap or the end: a watch's start and stop, one GPX segment) is a
 * journey someone chose to record, so it only needs to have moved: these lower bars apply.
 * Between detected stops of a continuous stream, a short hop is shuffling around a place (car
 * park to door) and the full minTripDistanceM / minTripDurationMs apply.
 */
export const RECORDED_MIN_PATH_M = 50;

/**
 * Phone apps stop sampling when the phone lies still (e-mission, OwnTracks' significant-change
 * mode, iOS) and wake when it leaves a geofence of about 100 m, so a stay often shows as a
 * silence, and the first fix after it is already 100-200 m away. A silence of at least the
 * dwell time is a stop when the straight line across it is slower than any walk
 * (SILENT_STOP_MAX_MPS), or when the last fix before it says the phone was still (a confident
 * `still` activity hint): the phone went quiet because nothing moved. A confident hint of
 * travel on that last fix keeps the silence inside the trip.
 */
export const SILENT_STOP_MAX_MPS = 1;
export const RECORDED_MIN_DURATION_MS = 30 * 1000;

/**
 * GPS drift at a stop wanders a few tens of metres around the place (phones report 5-30 m
 * outdoors, up to 100 m on Wi-Fi fixes) and adds up to a long zig-zag path without going
 * anywhere. Movement is told from drift by how far the points get from where they began: at
 * least DRIFT_RADIUS_M and twice the fixes' median accuracy. Not by the first-to-last line:
 * a loop ride or a run ends where it started.
 */
export const DRIFT_RADIUS_M = 50;

/**
 * A trip that begins after a silence at a place began at that place: the phone slept through
 * the departure and its first fix is already on the way. e-mission's pipeline
 * (emission/analysis/intake/cleaning/clean_and_resample.py, `_add_start_point`) therefore
 * starts the trip's first section at the place it left, earlier than the first fix by the
 * distance between them over the section's median speed (speeds from consecutive fixes, the
 * first 0; the median of the non-zero ones when that is 0). We do the same (`leadIn`), so the
 * trip's start, distance and line include the departure. e-mission clamps a start that falls
 * before the place was entered; we do not make up a departure that does not fit between the
 * place's last fix and the first fix at the leg's pace: the person then crossed the silence by
 * a faster mode than the first leg's, and the trip starts at its first fix.
 *
 * A silence shorter than the gap time is a phone asleep, never tracking switched off, so the
 * departure reaches back to the place however far the first fix is. After a longer gap the
 * phone may have been off: beyond LEAD_IN_MAX_M that is untracked travel, not a departure, and
 * the trip starts at its first fix. e-mission's `found_untracked_period`
 * (segmentation/trip_segmentation.py) uses 2,500 m for phones sampling by time (Android) and
 * 1,200 m for those sampling by distance (iOS); we cannot tell them apart and use the larger.
 */
export const LEAD_IN_MAX_M = 2500;

interface RawTrip {
  points: TrackPoint[];
  /** What began it: the stream's start or a gap (the recorder) or a detected stop. */
  openedBy: 'start' | 'gap' | 'stop';
  closedBy: InferredTrip['closedBy'];
  /**
   * After a silent stop (or a gap crossed slower than a walk): the straight line from the last
   * fix at the place left to this trip's first fix. The person covered it (the phone slept
   * through the departure), so it counts toward the trip's minimum path; the lead-in
   * (`leadIn`) adds it to the trip's distance when the departure fits the silence.
   */
  approachM?: number;
  /**
   * After a silence at a place (a silent stop, or a gap the phone spent there): the last fix
   * at that place. The trip's lead-in starts from it (LEAD_IN_MAX_M).
   */
  place?: TrackPoint;
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
    const recorded = r.openedBy !== 'stop' && r.closedBy !== 'stop';
    const minPathM = recorded ? RECORDED_MIN_PATH_M : opts.minTripDistanceM;
    const minMs = recorded ? RECORDED_MIN_DURATION_MS : opts.minTripDurationMs;
    if (
      !isMovement(r.points, minPathM - (r.approachM ?? 0)) ||
      last.t - first.t < minMs ||
      mostlyStill(r.points)
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
 * Fixes that jump between two places while the phone's own motion sensors say it lies still
 * (Wi-Fi and GPS fixes alternating 100-200 m apart inside a building) draw a fast zig-zag that
 * speed alone takes for a vehicle. Activity recognition reads the accelerometer, not the
 * positions, so when most of a run's fixes carry a confident `still` hint the run is location
 * noise at a place, not a journey. A real trip's `still` fixes (a red light, a queue) are a
 * minority; a run without hints is judged by its positions alone (isMovement).
 */
export const STILL_SHARE_MAX = 0.5;

export function mostlyStill(pts: readonly TrackPoint[]): boolean {
  let still = 0;
  for (const p of pts) {
    const h = p.activityHint;
    if (h?.mode === 'still' && (h.confidence ?? 1) >= 0.5) still++;
  }
  return pts.length > 0 && still / pts.length > STILL_SHARE_MAX;
}

/**
 * A run of points is a journey when its path is at least `minPathM` long and it gets beyond
 * GPS drift from its start (the farthest point, not the last: a loop comes back).
 */
export function isMovement(pts: readonly TrackPoint[], minPathM: number): boolean {
  if (pts.length < 2) return false;
  const first = pts[0]!;
  let span = 0;
  for (const p of pts) span = Math.max(span, dist(first, p));
  const acc = pts
    .map((p) => p.accuracyM)
    .filter((a): a is number => a !== undefined)
    .sort((a, b) => a - b);
  const medianAccM = acc.length > 0 ? acc[Math.floor(acc.length / 2)]! : 0;
  return span >= Math.max(DRIFT_RADIUS_M, 2 * medianAccM) && pathLengthM(pts) >= minPathM;
}

/**
 * Stay-point detection: a stop is a run of points that stays within `stopRadiusM` of its first
 * point for at least `stopDwellMs`, or a silence of at least the dwell time that ends within the
 * radius. The trip before it ends at the stop's first point; the next starts at its last.
 */
export function splitAtStops(points: readonly TrackPoint[], opts: SegmentOptions): RawTrip[] {
  const trips: RawTrip[] = [];
  let current: TrackPoint[] = [];
  let openedBy: RawTrip['openedBy'] = 'start';
  let approachM = 0;
  let place: TrackPoint | undefined;
  let i = 0;
  const n = points.length;
  while (i < n) {
    const p = points[i]!;
    const prev = current[current.length - 1];
    if (prev && p.t - prev.t > opts.gapMs) {
      trips.push({ points: current, openedBy, closedBy: 'gap', approachM, place });
      current = [];
      openedBy = 'gap';
      approachM = 0;
      place = undefined;
      // A gap crossed slower than any walk is a phone that slept where it was (whatever its
      // last activity said half an hour ago): the next trip left from there.
      if (dist(prev, p) / ((p.t - prev.t) / 1000) < SILENT_STOP_MAX_MPS) {
        approachM = dist(prev, p);
        place = prev;
      }
    }
    if (prev && p.t - prev.t >= opts.stopDwellMs && silentStop(prev, p)) {
      trips.push({ points: current, openedBy, closedBy: 'stop', approachM, place });
      current = [];
      openedBy = 'stop';
      approachM = dist(prev, p);
      place = prev;
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
      // Not e-mission's end, the median fix of the window that confirmed the stay
      // (dwell_segmentation_time_filter.py, get_last_trip_end_point): that fix lies minutes
      // into the stay, so its trips end 1-2 minutes after ours on the ground-truth days and
      // every trip would gain that much duration it was not travelling.
      const centre = centroid(points, i, j);
      const near = opts.stopRadiusM / 2;
      let arrive = i;
      while (arrive < j - 1 && dist(points[arrive]!, centre) > near) arrive++;
      let leave = j - 1;
      while (leave > arrive && dist(points[leave]!, centre) > near) leave--;
      for (let k = i; k <= arrive; k++) current.push(points[k]!);
      trips.push({ points: current, openedBy, closedBy: 'stop', approachM, place });
      current = [];
      openedBy = 'stop';
      approachM = 0;
      // The phone watched the stay: the next trip starts at the place's last fix itself.
      place = undefined;
      for (let k = leave; k < j; k++) current.push(points[k]!);
      i = j;
      continue;
    }
    current.push(p);
    i++;
  }
  if (current.length > 0)
    trips.push({ points: current, openedBy, closedBy: 'end', approachM, place });
  return trips.filter((t) => t.points.length > 0);
}

function buildTrip(r: RawTrip, opts: SegmentOptions): InferredTrip {
  const pts = r.points;
  const runs = inferLegs(pts);
  const lead = leadIn(r, runs[0]!, opts.gapMs);
  const startMs = lead ? lead.t : pts[0]!.t;
  const leadKm = lead ? lead.m / 1000 : 0;
  // Trim the whole trip first, then simplify each leg: a straight line simplified to its two
  // ends would be trimmed away.
  const trimmed = trimTripGeometries(
    runs.map((run, k) => {
      const coordinates = pts
        .slice(run.from, run.to + 1)
        .map((p) => [p.lon, p.lat] as [number, number]);
      if (k === 0 && lead) coordinates.unshift([lead.place.lon, lead.place.lat]);
      return { type: 'LineString' as const, coordinates };
    }),
    opts.privacyRadiusM,
  );
  const legs: InferredLeg[] = runs.map((run, k) => {
    const legPts = pts.slice(run.from, run.to + 1);
    const g = trimmed[k];
    const geometry: LineGeometry | null = g
      ? { type: 'LineString', coordinates: simplifyLine(g.coordinates, opts.simplifyToleranceM) }
      : null;
    const fromMs = k === 0 ? startMs : pts[run.from]!.t;
    return {
      mode: run.mode,
      confidence: run.confidence,
      distanceKm: pathLengthM(legPts) / 1000 + (k === 0 ? leadKm : 0),
      durationMin: (pts[run.to]!.t - fromMs) / 60_000,
      startedAt: new Date(fromMs).toISOString(),
      endedAt: new Date(pts[run.to]!.t).toISOString(),
      geometry,
    };
  });
  return {
    startedAt: new Date(startMs).toISOString(),
    endedAt: new Date(pts[pts.length - 1]!.t).toISOString(),
    distanceKm: pathLengthM(pts) / 1000 + leadKm,
    legs,
    closedBy: r.closedBy,
    pointCount: pts.length,
  };
}

/**
 * The departure from the place a silence ended at (LEAD_IN_MAX_M): its distance, and its
 * start, the first fix less the distance over the first leg's median speed. None when there
 * is no such place, a gap ended too far from it, the leg never moved, or the departure at that
 * speed does not fit the silence.
 */
export function leadIn(
  r: Pick<RawTrip, 'points' | 'place'>,
  firstLeg: { from: number; to: number },
  gapMs: number,
): { t: number; m: number; place: TrackPoint } | null {
  const place = r.place;
  const first = r.points[0];
  if (!place || !first) return null;
  const m = dist(place, first);
  if (m === 0 || (first.t - place.t > gapMs && m > LEAD_IN_MAX_M)) return null;
  const speeds: number[] = [0];
  for (let i = firstLeg.from + 1; i <= firstLeg.to; i++) {
    const a = r.points[i - 1]!;
    const b = r.points[i]!;
    speeds.push(b.t > a.t ? dist(a, b) / ((b.t - a.t) / 1000) : 0);
  }
  let v = median(speeds);
  if (v <= 0) v = median(speeds.filter((x) => x > 0));
  if (!(v > 0)) return null;
  const t = Math.round(first.t - (m / v) * 1000);
  // The departure must fit the silence at the leg's own pace, ending a second after the
  // place's last fix at the earliest (that fix ended the trip before, and an import treats
  // trips sharing an instant as overlapping). When it does not, the person crossed the silence
  // faster than the first leg moves (a ride the phone slept through, then a walk): the straight
  // line is not that leg's, and the trip starts at its first fix.
  if (t < place.t + 1000) return null;
  return { t, m, place };
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
}

function silentStop(before: TrackPoint, after: TrackPoint): boolean {
  const h = before.activityHint;
  const confident = h?.mode !== undefined && (h.confidence ?? 1) >= 0.5;
  if (confident && h.mode === 'still') return true;
  // The source says it was travelling when it went quiet (Google's activity segments are just
  // their two ends, 30 minutes apart): believe it over the slow straight line.
  if (confident && h.mode !== 'other') return false;
  return dist(before, after) / ((after.t - before.t) / 1000) < SILENT_STOP_MAX_MPS;
}

/**
 * The stay's centre: the median latitude and longitude of its points, not their mean. A dwell
 * window anchored at its first point also holds the last metres of the approach (and the first
 * of the departure) when they fall inside the radius; the mean is pulled toward them, and the
 * arrival then lands on the approach, while the median stays where the person spent most of
 * the time.
 */
function centroid(points: readonly TrackPoint[], from: number, to: number): TrackPoint {
  const lats: number[] = [];
  const lons: number[] = [];
  for (let k = from; k < to; k++) {
    lats.push(points[k]!.lat);
    lons.push(points[k]!.lon);
  }
  return { t: points[from]!.t, lat: median(lats), lon: median(lons) };
}

function dist(a: TrackPoint, b: TrackPoint): number {
  return haversineM([a.lon, a.lat], [b.lon, b.lat]);
}

export function pathLengthM(pts: readonly TrackPoint[]): number {
  let m = 0;
  for (let i = 1; i < pts.length; i++) m += dist(pts[i - 1]!, pts[i]!);
  return m;
}
