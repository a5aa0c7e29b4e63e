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
    const { mode, confidence } = legMode(pts, speeds, r.from, to, raw);
    return { from: r.from, to, mode, confidence };
  });
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
  let hints = 0;
  for (let i = from; i <= to; i++) {
    const h = pts[i]!.activityHint;
    // The same bar as for the points' classes: a hint the source itself doubts does not vote.
    const c = (h?.confidence ?? 1) >= HINT_MIN_CONFIDENCE ? hintClass(h?.mode) : null;
    if (c) {
      hinted[c] += h?.confidence ?? 1;
      hints++;
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
  const mode: Mode =
    cls === 'walk' ? 'walk' : cls === 'bike' ? (p95 > 7 ? 'ebike' : 'bike') : vehicleMode(p95);
  return { mode, confidence: Math.round(confidence * 100) / 100 };
}

/**
 * GPS alone cannot tell car from bus reliably; the commuter confirms. Above 140 km/h at the 95th
 * percentile only a train is plausible on a commute; otherwise the most common motorised mode,
 * car (driver), is the guess.
 */
function vehicleMode(p95: number): Mode {
  return p95 > 39 ? 'train' : 'car_driver';
}
