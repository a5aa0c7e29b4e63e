import { haversineM } from '../geometry.js';
import type { DropReason, DroppedCount, TrackPoint } from './types.js';

/** Points before this are clock resets (GPS week rollover, 32-bit minimum, epoch 0). */
export const EARLIEST_POINT_MS = Date.UTC(1990, 0, 1);
/** Phones' clocks drift; a point this far ahead of the server clock is bogus, not early. */
export const FUTURE_SLACK_MS = 10 * 60 * 1000;
/**
 * Fastest plausible ground speed, m/s (300 km/h: high-speed rail). Consecutive points further
 * apart than this speed allows are a teleport (a cell-tower fix, a Wi-Fi location of another
 * city), not travel. Gaps longer than TELEPORT_CHECK_MAX_GAP_MS are not checked: a plane lands.
 */
export const MAX_GROUND_SPEED_MPS = 84;
export const TELEPORT_CHECK_MAX_GAP_MS = 2 * 60 * 60 * 1000;
/**
 * Largest plausible change of speed, m/s², between consecutive implied speeds when the jump
 * itself is long: cars brake at up to 10 m/s²; a point that needs more, in and out, is a spike.
 */
export const MAX_ACCELERATION_MPS2 = 12;

export interface FilterOptions {
  maxAccuracyM: number;
  nowMs: number;
}

export interface FilterResult {
  points: TrackPoint[];
  dropped: DroppedCount[];
}

/**
 * Cleans a point stream: drops impossible coordinates and times, sorts by time (sources send
 * batches out of order), keeps one point per timestamp (the most accurate), drops inaccurate
 * fixes, reported speeds no vehicle reaches, teleports and single-point spikes.
 */
export function filterPoints(input: readonly TrackPoint[], opts: FilterOptions): FilterResult {
  const counts = new Map<DropReason, number>();
  const drop = (reason: DropReason) => counts.set(reason, (counts.get(reason) ?? 0) + 1);

  const valid: TrackPoint[] = [];
  let outOfOrder = false;
  let prevT = Number.NEGATIVE_INFINITY;
  for (const p of input) {
    if (
      !Number.isFinite(p.lat) ||
      !Number.isFinite(p.lon) ||
      Math.abs(p.lat) > 90 ||
      Math.abs(p.lon) > 180 ||
      (p.lat === 0 && p.lon === 0)
    ) {
      drop('invalid_coordinates');
      continue;
    }
    if (!Number.isFinite(p.t) || p.t < EARLIEST_POINT_MS || p.t > opts.nowMs + FUTURE_SLACK_MS) {
      drop('bogus_time');
      continue;
    }
    if (p.t < prevT) outOfOrder = true;
    prevT = Math.max(prevT, p.t);
    valid.push(p);
  }
  // Stable sort keeps the arrival order of equal times, so the de-duplication below is
  // deterministic. Out-of-order points are kept, in their right place.
  if (outOfOrder) valid.sort((a, b) => a.t - b.t);

  const unique: TrackPoint[] = [];
  for (const p of valid) {
    const last = unique[unique.length - 1];
    if (last && last.t === p.t) {
      drop('duplicate_time');
      if ((p.accuracyM ?? Number.POSITIVE_INFINITY) < (last.accuracyM ?? Number.POSITIVE_INFINITY))
        unique[unique.length - 1] = p;
      continue;
    }
    unique.push(p);
  }

  const accurate: TrackPoint[] = [];
  for (const p of unique) {
    if (p.accuracyM !== undefined && p.accuracyM > opts.maxAccuracyM) {
      drop('low_accuracy');
      continue;
    }
    if (p.speedMps !== undefined && p.speedMps > MAX_GROUND_SPEED_MPS * 1.2) {
      drop('speed_outlier');
      continue;
    }
    accurate.push(p);
  }

  const kept: TrackPoint[] = [];
  for (let i = 0; i < accurate.length; i++) {
    const p = accurate[i]!;
    const prev = kept[kept.length - 1];
    if (!prev) {
      kept.push(p);
      continue;
    }
    const dtS = (p.t - prev.t) / 1000;
    const d = dist(prev, p);
    // Jitter within the fixes' own accuracy is not a jump, however short the interval.
    const slack = Math.max(p.accuracyM ?? 0, prev.accuracyM ?? 0, 20);
    if (dtS * 1000 <= TELEPORT_CHECK_MAX_GAP_MS && d - slack > MAX_GROUND_SPEED_MPS * dtS) {
      // A teleport, unless the stream stays there: when the next points agree with this one
      // and not with the previous kept point, the previous one was the outlier.
      const next = accurate[i + 1];
      if (next && plausible(p, next) && !plausible(prev, next) && kept.length === 1) {
        kept[0] = p;
        drop('teleport');
        continue;
      }
      drop('teleport');
      continue;
    }
    // A spike: a long way out and straight back, needing an acceleration no vehicle has.
    const next = accurate[i + 1];
    if (next && dtS > 0) {
      const dtNextS = (next.t - p.t) / 1000;
      if (dtNextS > 0) {
        const vIn = d / dtS;
        const vOut = dist(p, next) / dtNextS;
        const vDirect = dist(prev, next) / (dtS + dtNextS);
        if (
          d > slack * 2 &&
          vIn > 3 * vDirect + 5 &&
          vOut > 3 * vDirect + 5 &&
          (vIn - vDirect) / dtS > MAX_ACCELERATION_MPS2
        ) {
          drop('acceleration_outlier');
          continue;
        }
      }
    }
    kept.push(p);
  }

  const dropped: DroppedCount[] = [...counts.entries()].map(([reason, count]) => ({
    reason,
    count,
  }));
  return { points: kept, dropped };
}

function dist(a: TrackPoint, b: TrackPoint): number {
  return haversineM([a.lon, a.lat], [b.lon, b.lat]);
}

function plausible(a: TrackPoint, b: TrackPoint): boolean {
  const dtS = Math.abs(b.t - a.t) / 1000;
  return dist(a, b) <= MAX_GROUND_SPEED_MPS * dtS + 50;
}
