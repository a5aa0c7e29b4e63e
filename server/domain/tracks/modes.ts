import { haversineM } from '../geometry.js';
import type { Mode } from '../modes.js';
import type { HintMode, TrackPoint } from './types.js';

/**
 * Mode inference. Each point gets a class (walk, bike or vehicle) from the source's activity
 * hint when it has a confident one, else from its speed; classes are smoothed (a majority over
 * neighbours) and runs shorter than MIN_LEG_MS are merged into their neighbours, so that a red
 * light does not make a walk leg. Each remaining run is a leg, its mode decided by the speed
 * profile (median, 85th and 95th percentile speed) and the hints inside it.
 *
 * Speed thresholds (m/s): walking rarely exceeds 2.2 m/s (8 km/h) at the 85th percentile,
 * cycling rarely exceeds 8.5 m/s (30 km/h) at the 95th; motor traffic does both.
 */
export const WALK_P85_MAX_MPS = 2.2;
export const BIKE_P95_MAX_MPS = 8.5;
export const MIN_LEG_MS = 2 * 60 * 1000;
/**
 * Every change between a bicycle and a vehicle passes through walking (Zheng et al. 2008 split
 * GPS tracks at walk segments for this reason): a walk run between a bike run and a vehicle run
 * is kept as its own leg from 30 s on, where any other run shorter than MIN_LEG_MS is merged.
 */
export const TRANSFER_WALK_MIN_MS = 30 * 1000;
const HINT_MIN_CONFIDENCE = 0.5;

export type ModeClass = 'walk' | 'bike' | 'vehicle';

export interface LegRun {
  from: number;
  to: number;
  mode: Mode;
  confidence: number;
}

function hintClass(h: HintMode | undefined): ModeClass | null {
  if (!h || h === 'still' || h === 'other') return null;
  if (h === 'walk') return 'walk';
  if (h === 'bike' || h === 'ebike') return 'bike';
  return 'vehicle';
}

function speedClass(v: number): ModeClass {
  if (v <= WALK_P85_MAX_MPS) return 'walk';
  if (v <= BIKE_P95_MAX_MPS) return 'bike';
  return 'vehicle';
}

/** Point speeds: the device's reading when it has one, else implied by the neighbours. */
export function pointSpeeds(pts: readonly TrackPoint[]): number[] {
  return pts.map((p, i) => {
    if (p.speedMps !== undefined && p.speedMps > 0) return p.speedMps;
    const a = pts[Math.max(0, i - 1)]!;
    const b = pts[Math.min(pts.length - 1, i + 1)]!;
    const dt = (b.t - a.t) / 1000;
    return dt > 0 ? haversineM([a.lon, a.lat], [b.lon, b.lat]) / dt : 0;
  });
}

export function inferLegs(pts: readonly TrackPoint[]): LegRun[] {
  const n = pts.length;
  if (n < 2) return [{ from: 0, to: Math.max(0, n - 1), mode: 'walk', confidence: 0.3 }];
  const speeds = pointSpeeds(pts);
  const raw: ModeClass[] = pts.map((p, i) => {
    const h = p.activityHint;
    const hc = h && (h.confidence ?? 1) >= HINT_MIN_CONFIDENCE ? hintClass(h.mode) : null;
    return hc ?? speedClass(speeds[i]!);
  });
  // Majority over a window of five points.
  const smooth = raw.map((_, i) => {
    const votes: Record<ModeClass, number> = { walk: 0, bike: 0, vehicle: 0 };
    for (let k = Math.max(0, i - 2); k <= Math.min(n - 1, i + 2); k++) votes[raw[k]!]++;
    return (Object.keys(votes) as ModeClass[]).reduce((a, b) => (votes[b] > votes[a] ? b : a));
  });
  let runs: Array<{ from: number; to: number; cls: ModeClass }> = [];
  for (let i = 0; i < n; i++) {
    const last = runs[runs.length - 1];
    if (last && last.cls === smooth[i]) last.to = i;
    else runs.push({ from: i, to: i, cls: smooth[i]! });
  }
  // Merge short runs into the longer neighbour until every run lasts MIN_LEG_MS.
  for (;;) {
    if (runs.length <= 1) break;
    let shortest = -1;
    let shortestMs = MIN_LEG_MS;
    runs.forEach((r, k) => {
      const ms = pts[r.to]!.t - pts[r.from]!.t;
      if (isTransferWalk(runs, k, ms)) return;
      if (ms < shortestMs) {
        shortestMs = ms;
        shortest = k;
      }
    });
    if (shortest < 0) break;
    const r = runs[shortest]!;
    const prev = runs[shortest - 1];
    const next = runs[shortest + 1];
    const into =
      prev && next
        ? pts[prev.to]!.t - pts[prev.from]!.t >= pts[next.to]!.t - pts[next.from]!.t
          ? prev
          : next
        : (prev ?? next)!;
    into.from = Math.min(into.from, r.from);
    into.to = Math.max(into.to, r.to);
    runs.splice(shortest, 1);
    const merged: typeof runs = [];
    for (const x of runs) {
      const last = merged[merged.length - 1];
      if (last && last.cls === x.cls) last.to = x.to;
      else merged.push({ ...x });
    }
    runs = merged;
  }
  // Legs share their boundary point, so the trip's line and time stay continuous.
  return runs.map((r, k) => {
    const to = k < runs.length - 1 ? runs[k + 1]!.from : r.to;
    // The profile is the run's own points: the shared boundary point belongs to the next mode
    // and would decide the 95th percentile of a short transfer walk.
    const { mode, confidence } = legMode(pts, speeds, r.from, r.to, raw);
    return { from: r.from, to, mode, confidence };
  });
}

function isTransferWalk(runs: ReadonlyArray<{ cls: ModeClass }>, k: number, ms: number): boolean {
  const prev = runs[k - 1];
  const next = runs[k + 1];
  return (
    runs[k]!.cls === 'walk' &&
    ms >= TRANSFER_WALK_MIN_MS &&
    prev !== undefined &&
    next !== undefined &&
    prev.cls !== 'walk' &&
    next.cls !== 'walk' &&
    prev.cls !== next.cls
  );
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

function legMode(
  pts: readonly TrackPoint[],
  speeds: readonly number[],
  from: number,
  to: number,
  raw: readonly ModeClass[],
): { mode: Mode; confidence: number } {
  const s = speeds.slice(from, to + 1).sort((a, b) => a - b);
  const p85 = percentile(s, 0.85);
  const p95 = percentile(s, 0.95);
  const hinted: Record<ModeClass, number> = { walk: 0, bike: 0, vehicle: 0 };
  // Hints that name a mode (a FIT file's e-bike ride, Google's IN_BUS) and not only a class.
  const named = new Map<Mode, number>();
  let hints = 0;
  for (let i = from; i <= to; i++) {
    const h = pts[i]!.activityHint;
    // The same bar as for the points' classes: a hint the source itself doubts does not vote.
    const c = (h?.confidence ?? 1) >= HINT_MIN_CONFIDENCE ? hintClass(h?.mode) : null;
    if (c) {
      hinted[c] += h?.confidence ?? 1;
      hints++;
      if (h?.mode && h.mode !== 'vehicle' && h.mode !== 'still' && h.mode !== 'other')
        named.set(h.mode, (named.get(h.mode) ?? 0) + (h.confidence ?? 1));
    }
  }
  const bySpeed: ModeClass =
    p85 <= WALK_P85_MAX_MPS ? 'walk' : p95 <= BIKE_P95_MAX_MPS ? 'bike' : 'vehicle';
  let cls = bySpeed;
  let confidence = 0.5;
  if (hints > 0) {
    const best = (Object.keys(hinted) as ModeClass[]).reduce((a, b) =>
      hinted[b] > hinted[a] ? b : a,
    );
    const share = hinted[best] / Object.values(hinted).reduce((a, b) => a + b, 0);
    cls = best;
    // Hint and speed agreeing is the strongest case; a hint against the speed is still
    // believed (a bus in traffic is slow), with less confidence.
    confidence = best === bySpeed ? 0.6 + 0.35 * share : 0.35 + 0.3 * share;
  } else {
    const agree = raw.slice(from, to + 1).filter((c) => c === bySpeed).length / (to - from + 1);
    confidence = 0.3 + 0.3 * agree;
  }
  // A named hint of the chosen class decides the mode within it when it carries at least half
  // of that class's hint weight: an e-bike ride recorded as one is an e-bike ride.
  let namedMode: Mode | undefined;
  for (const [m, w] of named)
    if (hintClass(m) === cls && w >= hinted[cls] / 2 && (!namedMode || w > named.get(namedMode)!))
      namedMode = m;
  let mode: Mode;
  if (namedMode) mode = namedMode;
  else if (cls === 'walk') mode = 'walk';
  else if (cls === 'bike') mode = p95 > 7 ? 'ebike' : 'bike';
  else {
    const v = vehicleMode(vehicleProfile(pts, speeds, from, to));
    mode = v.mode;
    // Car and bus look alike from GPS alone: a guess between them is never confident.
    confidence = Math.min(confidence, v.confidence);
  }
  return { mode, confidence: Math.round(confidence * 100) / 100 };
}

/**
 * Vehicle rules (each with its source in docs/methodology.md#vehicle-modes). Speeds in m/s.
 * - Train: a 95th-percentile speed above 39 m/s (140 km/h) is reached on a commute only by rail;
 *   and a cruise above 22 m/s (80 km/h, 85th percentile of moving speed) broken by a stop of
 *   30 s to 3 min with fast running on both sides is a station stop (motorways have none).
 * - Metro: most of the leg's time spent in silences that covered ground (no fix underground)
 *   at vehicle speed.
 * - Bus: stops of 10-60 s (boarding) at least every 700 m while the moving speed stays urban
 *   (median at most 14 m/s, 50 km/h). Needs sampling of 15 s or better to see such stops.
 * - Otherwise car (driver), the most common motorised commute: the commuter corrects.
 * Trams run like buses and cannot be told from them without a network map: they stay 'bus'.
 */
export const TRAIN_P95_MIN_MPS = 39;
export const TRAIN_CRUISE_MIN_MPS = 22;
export const STATION_STOP_MIN_MS = 30_000;
export const STATION_STOP_MAX_MS = 3 * 60_000;
export const METRO_SILENT_SHARE_MIN = 0.5;
export const METRO_SILENCE_MIN_MS = 2 * 60_000;
export const BUS_STOP_MIN_MS = 10_000;
export const BUS_STOP_MAX_MS = 60_000;
export const BUS_STOPS_PER_KM_MIN = 1 / 0.7;
export const BUS_MEDIAN_MOVING_MAX_MPS = 14;
export const BUS_MAX_SAMPLE_S = 15;
/** Below this a vehicle is standing (GPS speed noise at rest is about 0.5 m/s). */
export const STANDING_MAX_MPS = 1;

export interface VehicleProfile {
  p95Mps: number;
  /** 85th percentile and median of the speeds above STANDING_MAX_MPS. */
  movingP85Mps: number;
  movingMedianMps: number;
  distanceKm: number;
  durationMs: number;
  /** Median interval between fixes, seconds. */
  sampleS: number;
  /** Standing runs: their length and the speeds on either side. */
  stops: Array<{ ms: number; beforeMps: number; afterMps: number }>;
  /** Time spent in silences of at least METRO_SILENCE_MIN_MS that covered ground at > 5 m/s. */
  silentMovingMs: number;
}

export function vehicleProfile(
  pts: readonly TrackPoint[],
  speeds: readonly number[],
  from: number,
  to: number,
): VehicleProfile {
  const s = speeds.slice(from, to + 1);
  const sorted = [...s].sort((a, b) => a - b);
  const moving = sorted.filter((v) => v > STANDING_MAX_MPS);
  const gaps: number[] = [];
  let distanceM = 0;
  let silentMovingMs = 0;
  for (let i = from + 1; i <= to; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const d = haversineM([a.lon, a.lat], [b.lon, b.lat]);
    const dt = b.t - a.t;
    distanceM += d;
    gaps.push(dt / 1000);
    if (dt >= METRO_SILENCE_MIN_MS && d / (dt / 1000) > 5) silentMovingMs += dt;
  }
  gaps.sort((a, b) => a - b);
  const stops: VehicleProfile['stops'] = [];
  let i = from;
  while (i <= to) {
    if (speeds[i]! > STANDING_MAX_MPS) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 <= to && speeds[j + 1]! <= STANDING_MAX_MPS) j++;
    if (i > from && j < to)
      stops.push({
        ms: pts[j]!.t - pts[i]!.t,
        beforeMps: speeds[i - 1]!,
        afterMps: speeds[j + 1]!,
      });
    i = j + 1;
  }
  return {
    p95Mps: percentile(sorted, 0.95),
    movingP85Mps: percentile(moving, 0.85),
    movingMedianMps: percentile(moving, 0.5),
    distanceKm: distanceM / 1000,
    durationMs: pts[to]!.t - pts[from]!.t,
    sampleS: percentile(gaps, 0.5),
    stops,
    silentMovingMs,
  };
}

export function vehicleMode(v: VehicleProfile): { mode: Mode; confidence: number } {
  if (v.p95Mps > TRAIN_P95_MIN_MPS) return { mode: 'train', confidence: 0.7 };
  if (v.durationMs > 0 && v.silentMovingMs / v.durationMs >= METRO_SILENT_SHARE_MIN)
    return { mode: 'metro', confidence: 0.45 };
  const stationStop = v.stops.some(
    (s) =>
      s.ms >= STATION_STOP_MIN_MS &&
      s.ms <= STATION_STOP_MAX_MS &&
      s.beforeMps >= TRAIN_CRUISE_MIN_MPS / 2 &&
      s.afterMps >= TRAIN_CRUISE_MIN_MPS / 2,
  );
  if (v.movingP85Mps >= TRAIN_CRUISE_MIN_MPS && stationStop)
    return { mode: 'train', confidence: 0.5 };
  if (v.sampleS > 0 && v.sampleS <= BUS_MAX_SAMPLE_S && v.distanceKm > 0) {
    const boarding = v.stops.filter((s) => s.ms >= BUS_STOP_MIN_MS && s.ms <= BUS_STOP_MAX_MS);
    if (
      boarding.length >= 2 &&
      boarding.length / v.distanceKm >= BUS_STOPS_PER_KM_MIN &&
      v.movingMedianMps <= BUS_MEDIAN_MOVING_MAX_MPS
    )
      return { mode: 'bus', confidence: 0.45 };
  }
  return { mode: 'car_driver', confidence: 0.5 };
}
