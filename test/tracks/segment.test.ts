import { describe, expect, it } from 'vitest';
import { segmentTrips } from '../../server/domain/tracks/segment.js';
import type { TrackPoint } from '../../server/domain/tracks/types.js';

const T0 = Date.UTC(2026, 2, 2, 7, 0, 0);
const NOW = Date.UTC(2026, 2, 3);

/** Moves east from (lat, lon) at `speedMps` for `seconds`, one point every `stepS` seconds. */
function move(
  startT: number,
  lat: number,
  lon: number,
  speedMps: number,
  seconds: number,
  stepS = 5,
) {
  const pts: TrackPoint[] = [];
  const mPerDegLon = 111_320 * Math.cos((lat * Math.PI) / 180);
  for (let s = 0; s <= seconds; s += stepS)
    pts.push({ t: startT + s * 1000, lat, lon: lon + (speedMps * s) / mPerDegLon, accuracyM: 8 });
  return pts;
}

function dwell(startT: number, lat: number, lon: number, seconds: number, stepS = 30) {
  const pts: TrackPoint[] = [];
  for (let s = 0; s <= seconds; s += stepS)
    pts.push({ t: startT + s * 1000, lat: lat + ((s % 60) - 30) * 1e-6, lon, accuracyM: 10 });
  return pts;
}

function lastOf(pts: TrackPoint[]) {
  return pts[pts.length - 1]!;
}

describe('segmentTrips', () => {
  it('splits at a dwell of more than five minutes and keeps both trips', () => {
    const a = move(T0, 55.68, 12.55, 1.4, 900); // 15 min walk, 1.26 km
    const stop = dwell(lastOf(a).t + 30_000, lastOf(a).lat, lastOf(a).lon, 1200);
    const b = move(lastOf(stop).t + 30_000, lastOf(a).lat, lastOf(a).lon, 5, 900); // bike 4.5 km
    const { trips } = segmentTrips([...a, ...stop, ...b], { nowMs: NOW });
    expect(trips).toHaveLength(2);
    expect(trips[0]!.closedBy).toBe('stop');
    expect(Date.parse(trips[0]!.startedAt)).toBe(T0);
    expect(Math.abs(Date.parse(trips[0]!.endedAt) - lastOf(a).t)).toBeLessThanOrEqual(60_000);
    expect(Math.abs(trips[0]!.distanceKm - 1.26)).toBeLessThan(0.1);
    expect(trips[1]!.distanceKm).toBeCloseTo(4.5, 1);
    expect(trips[0]!.legs[0]!.mode).toBe('walk');
    expect(trips[1]!.legs[0]!.mode).toBe('bike');
  });

  it('splits at a long silence even when the points are far apart', () => {
    const a = move(T0, 55.68, 12.55, 10, 600);
    const b = move(lastOf(a).t + 9 * 3600_000, 55.7, 12.6, 10, 600);
    const { trips } = segmentTrips([...b, ...a], { nowMs: NOW });
    expect(trips).toHaveLength(2);
    expect(trips[0]!.closedBy).toBe('gap');
    expect(trips[1]!.closedBy).toBe('end');
  });

  it('trims the stored line near both ends and simplifies straight runs', () => {
    const a = move(T0, 55.68, 12.55, 10, 600, 1); // 6 km straight, 601 points
    const { trips } = segmentTrips(a, { nowMs: NOW });
    const g = trips[0]!.legs[0]!.geometry!;
    expect(g.coordinates.length).toBeLessThan(10);
    const [startLon] = g.coordinates[0]!;
    expect((startLon - 12.55) * 111_320 * Math.cos((55.68 * Math.PI) / 180)).toBeGreaterThan(200);
  });

  it('drops duplicate times, teleports and bogus times and reports why', () => {
    const a = move(T0, 55.68, 12.55, 10, 600);
    const noisy = [...a];
    noisy.splice(10, 0, { ...a[10]! });
    noisy.splice(30, 0, { t: a[29]!.t + 1000, lat: 48.85, lon: 2.35, accuracyM: 5 });
    noisy.push({ t: 0, lat: 55.68, lon: 12.55 });
    const { trips, dropped } = segmentTrips(noisy, { nowMs: NOW });
    expect(trips).toHaveLength(1);
    expect(trips[0]!.distanceKm).toBeCloseTo(6, 1);
    const by = Object.fromEntries(dropped.map((d) => [d.reason, d.count]));
    expect(by.duplicate_time).toBe(1);
    expect(by.teleport).toBe(1);
    expect(by.bogus_time).toBe(1);
  });

  it('drops drift around a stop as a short trip, not as a trip', () => {
    const { trips, dropped } = segmentTrips(dwell(T0, 55.68, 12.55, 3600), { nowMs: NOW });
    expect(trips).toHaveLength(0);
    expect(dropped.some((d) => d.reason === 'short_trip')).toBe(true);
  });

  it('splits a trip into legs where the mode changes: walk, vehicle, walk', () => {
    const w1 = move(T0, 55.68, 12.55, 1.3, 480);
    const bus = move(lastOf(w1).t + 5000, lastOf(w1).lat, lastOf(w1).lon, 12, 900);
    const w2 = move(lastOf(bus).t + 5000, lastOf(bus).lat, lastOf(bus).lon, 1.3, 420);
    const { trips } = segmentTrips([...w1, ...bus, ...w2], { nowMs: NOW });
    expect(trips).toHaveLength(1);
    const legs = trips[0]!.legs;
    expect(legs.map((l) => l.mode)).toEqual(['walk', 'car_driver', 'walk']);
    expect(legs[1]!.distanceKm).toBeCloseTo(10.8, 0);
    // Legs are contiguous: each starts where the previous ended.
    expect(legs[1]!.startedAt).toBe(legs[0]!.endedAt);
  });

  it('believes a confident activity hint over a speed that fits another mode', () => {
    // 4 m/s is a bike by speed alone; the phone says in a vehicle (a bus in traffic).
    const pts = move(T0, 55.68, 12.55, 4, 900).map((p) => ({
      ...p,
      activityHint: { mode: 'vehicle' as const, confidence: 0.9, source: 'traccar' },
    }));
    const bySpeed = segmentTrips(move(T0, 55.68, 12.55, 4, 900), { nowMs: NOW }).trips[0]!.legs;
    const hinted = segmentTrips(pts, { nowMs: NOW }).trips[0]!.legs;
    expect(bySpeed.map((l) => l.mode)).toEqual(['bike']);
    expect(hinted.map((l) => l.mode)).toEqual(['car_driver']);
    expect(hinted[0]!.confidence).toBeGreaterThan(0);
    expect(hinted[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('keeps a loop that ends where it started (a ride or a run from home and back)', () => {
    // 10 min east at 6 m/s, then 10 min back west: first and last points are the same place.
    const out = move(T0, 55.68, 12.55, 6, 600);
    const back = move(lastOf(out).t + 5000, 55.68, lastOf(out).lon, -6, 600);
    const { trips } = segmentTrips([...out, ...back], { nowMs: NOW });
    expect(trips).toHaveLength(1);
    expect(trips[0]!.distanceKm).toBeCloseTo(7.2, 1);
    expect(trips[0]!.legs[0]!.mode).toBe('bike');
  });

  it('keeps a short recording started and stopped by hand, but not a short hop between stops', () => {
    // A 45-second, 63 m walk recorded on its own (a watch's start and stop) is a journey.
    const alone = segmentTrips(move(T0, 55.68, 12.55, 1.4, 45), { nowMs: NOW });
    expect(alone.trips).toHaveLength(1);
    expect(alone.trips[0]!.legs[0]!.mode).toBe('walk');
    // The same walk between two long stays of a tracker stream is shuffling around a place.
    const stay1 = dwell(T0, 55.68, 12.55, 1200);
    const hop = move(lastOf(stay1).t + 5000, 55.68, 12.55, 1.4, 45);
    const stay2 = dwell(lastOf(hop).t + 5000, lastOf(hop).lat, lastOf(hop).lon, 1200);
    const stream = segmentTrips([...stay1, ...hop, ...stay2], { nowMs: NOW });
    expect(stream.trips).toHaveLength(0);
    expect(stream.dropped.some((d) => d.reason === 'short_trip')).toBe(true);
  });

  it('drops drift that wanders around a place without going anywhere, however long its path', () => {
    // Two minutes of fixes jumping up to 40 m around one place, accuracy 30 m: a long zig-zag
    // path, but never beyond twice the fixes' accuracy from where it began.
    const pts: TrackPoint[] = [];
    for (let s = 0; s <= 120; s += 5)
      pts.push({
        t: T0 + s * 1000,
        lat: 55.68 + (s % 10 === 0 ? 3.5e-4 : -1e-5),
        lon: 12.55,
        accuracyM: 30,
      });
    const { trips, dropped } = segmentTrips(pts, { nowMs: NOW });
    expect(trips).toHaveLength(0);
    expect(dropped.find((d) => d.reason === 'short_trip')?.count).toBe(pts.length);
  });

  it('ends a trip at a silence the phone spent lying still, even when it wakes 150 m away', () => {
    // Apps stop sampling when still and wake on leaving a ~100 m geofence: 6 minutes without a
    // fix, then the first fix 150 m on (0.4 m/s across the silence: nobody travelled).
    const a = move(T0, 55.68, 12.55, 1.4, 600);
    const b = move(lastOf(a).t + 360_000, 55.68, lastOf(a).lon + 150 / 62_800, 1.4, 600);
    const { trips } = segmentTrips([...a, ...b], { nowMs: NOW });
    expect(trips).toHaveLength(2);
    expect(trips[0]!.closedBy).toBe('stop');
    expect(trips[0]!.endedAt).toBe(new Date(lastOf(a).t).toISOString());
    // The second trip left from where the phone went quiet: 150 m at its median 1.4 m/s
    // before the first fix (e-mission's _add_start_point), and those 150 m are part of it.
    expect(Date.parse(trips[1]!.startedAt) - (b[0]!.t - (150 / 1.4) * 1000)).toBeLessThan(1000);
    expect(trips[1]!.distanceKm).toBeCloseTo(0.15 + 1.4 * 0.6, 2);
  });

  it('keeps one trip across a silence that covered ground (a metro ride without a fix)', () => {
    // 6 minutes underground, 3 km further on: 8 m/s across the silence is travel, not a stay.
    const a = move(T0, 55.68, 12.55, 1.4, 300);
    const b = move(lastOf(a).t + 360_000, 55.68, lastOf(a).lon + 3000 / 62_800, 1.4, 300);
    const { trips } = segmentTrips([...a, ...b], { nowMs: NOW });
    expect(trips).toHaveLength(1);
    // The same silence after the phone said it was still is a stop: it went quiet at a place.
    const still = a.map((p, i) =>
      i >= a.length - 3
        ? { ...p, activityHint: { mode: 'still' as const, confidence: 0.9, source: 'emission' } }
        : p,
    );
    expect(segmentTrips([...still, ...b], { nowMs: NOW }).trips).toHaveLength(2);
  });

  it('lets only confident hints vote for a leg mode', () => {
    // Cycling speed; the phone guesses "vehicle" at 40 %: the speed decides.
    const pts = move(T0, 55.68, 12.55, 5, 900).map((p) => ({
      ...p,
      activityHint: { mode: 'vehicle' as const, confidence: 0.4, source: 'emission' },
    }));
    expect(segmentTrips(pts, { nowMs: NOW }).trips[0]!.legs.map((l) => l.mode)).toEqual(['bike']);
  });

  it('believes a travel hint over a slow silence (an activity known only by its two ends)', () => {
    // Google's Timeline gives an activity as its start and end, 20 minutes and 1.2 km apart.
    const hint = { mode: 'vehicle' as const, confidence: 0.85, source: 'google' };
    const ends: TrackPoint[] = [
      { t: T0, lat: 55.68, lon: 12.55, activityHint: hint },
      { t: T0 + 20 * 60_000, lat: 55.68, lon: 12.55 + 1200 / 62_800, activityHint: hint },
    ];
    const { trips } = segmentTrips(ends, { nowMs: NOW });
    expect(trips).toHaveLength(1);
    expect(trips[0]!.legs[0]!.mode).toBe('car_driver');
    // Without the hint, 1 m/s across 20 minutes is someone who stayed, then moved on.
    const bare = ends.map(({ activityHint: _h, ...p }) => p);
    expect(segmentTrips(bare, { nowMs: NOW }).trips).toHaveLength(0);
  });

  it('counts the ground crossed during a silent stop toward the next short hop, and starts it at the place', () => {
    const stay = dwell(T0, 55.68, 12.55, 300);
    // The phone sleeps 6 minutes and wakes 180 m east (0.5 m/s across: a stop, not travel).
    const mPerDegLon = 111_320 * Math.cos((55.68 * Math.PI) / 180);
    const wakeT = lastOf(stay).t + 360_000;
    const hop = move(wakeT, 55.68, 12.55 + 180 / mPerDegLon, 1.8, 100); // 180 m
    const there = dwell(lastOf(hop).t + 30_000, lastOf(hop).lat, lastOf(hop).lon, 300);
    const { trips } = segmentTrips([...stay, ...hop, ...there], { nowMs: NOW });
    expect(trips).toHaveLength(1);
    // It left the place 180 m / 1.8 m/s = 100 s before the first fix, and its distance holds
    // those 180 m besides the fixes' path (at most the 180 m hop).
    expect(Math.abs(Date.parse(trips[0]!.startedAt) - (wakeT - 100_000))).toBeLessThan(1000);
    expect(trips[0]!.legs[0]!.startedAt).toBe(trips[0]!.startedAt);
    expect(trips[0]!.distanceKm).toBeGreaterThan(0.3);
    expect(trips[0]!.distanceKm).toBeLessThanOrEqual(0.361);
    expect(trips[0]!.legs[0]!.distanceKm).toBeCloseTo(trips[0]!.distanceKm, 9);
    // The same 180 m hop between two stays the phone watched is shuffling about: dropped.
    const awake = dwell(T0, 55.68, 12.55, 300);
    const hop2 = move(lastOf(awake).t + 30_000, 55.68, 12.55, 1.8, 100);
    const there2 = dwell(lastOf(hop2).t + 30_000, lastOf(hop2).lat, lastOf(hop2).lon, 300);
    expect(segmentTrips([...awake, ...hop2, ...there2], { nowMs: NOW }).trips).toHaveLength(0);
  });

  it("does not make up a departure that does not fit the silence at the first leg's pace", () => {
    // 4 minutes asleep, then 200 m away at a stroll of 0.8 m/s: 250 s of departure do not fit
    // (the person got there faster than they now walk): the trip starts at its first fix.
    const a = move(T0, 55.68, 12.55, 1.4, 600);
    const wakeT = lastOf(a).t + 240_000;
    const b = move(wakeT, 55.68, lastOf(a).lon + 200 / 62_800, 0.8, 900, 30);
    const { trips } = segmentTrips([...a, ...b], { nowMs: NOW });
    expect(trips).toHaveLength(2);
    expect(Date.parse(trips[1]!.startedAt)).toBe(wakeT);
    expect(trips[1]!.distanceKm).toBeCloseTo(0.8 * 0.9, 1);
    // A ride the phone slept through, then a walk: 3 km in 10 minutes is no walker's lead-in.
    const still = a.map((p) => ({
      ...p,
      activityHint: { mode: 'still' as const, confidence: 0.9, source: 'emission' },
    }));
    const wake2 = lastOf(a).t + 600_000;
    const walk = move(wake2, 55.68, lastOf(a).lon + 3000 / 62_800, 1.4, 600, 10);
    const t2 = segmentTrips([...still, ...walk], { nowMs: NOW }).trips;
    expect(Date.parse(t2[t2.length - 1]!.startedAt)).toBe(wake2);
    expect(t2[t2.length - 1]!.legs.map((l) => l.mode)).toEqual(['walk']);
    expect(t2[t2.length - 1]!.distanceKm).toBeLessThan(1);
  });

  it('reaches back across a short silence however far, but not across a gap ending over 2.5 km away', () => {
    // The phone said "still" and went quiet for 10 minutes; it wakes 3 km on, at 10 m/s. A
    // silence shorter than the gap time is a phone asleep: the drive left from the place.
    const a = move(T0, 55.68, 12.55, 1.4, 300).map((p) => ({
      ...p,
      activityHint: { mode: 'still' as const, confidence: 0.9, source: 'emission' },
    }));
    const wakeT = lastOf(a).t + 600_000;
    const far = move(wakeT, 55.68, lastOf(a).lon + 3000 / 62_800, 10, 600);
    const t1 = segmentTrips([...a, ...far], { nowMs: NOW }).trips;
    expect(Math.abs(Date.parse(t1[t1.length - 1]!.startedAt) - (wakeT - 300_000))).toBeLessThan(
      3000,
    );
    expect(t1[t1.length - 1]!.distanceKm).toBeCloseTo(9, 1);
    // After an hour's gap (the phone may have been off) 3 km on is untracked travel: the trip
    // starts at its first fix; 2 km on it is still a departure from the place.
    const gapT = lastOf(a).t + 3600_000;
    const late = move(gapT, 55.68, lastOf(a).lon + 3000 / 62_800, 10, 600);
    const t2 = segmentTrips([...a, ...late], { nowMs: NOW }).trips;
    expect(Date.parse(t2[t2.length - 1]!.startedAt)).toBe(gapT);
    expect(t2[t2.length - 1]!.distanceKm).toBeCloseTo(6, 1);
    const near = move(gapT, 55.68, lastOf(a).lon + 2000 / 62_800, 10, 600);
    const t3 = segmentTrips([...a, ...near], { nowMs: NOW }).trips;
    expect(Math.abs(Date.parse(t3[t3.length - 1]!.startedAt) - (gapT - 200_000))).toBeLessThan(
      3000,
    );
  });

  it('starts a short walk after a long silence at the place the phone slept at', () => {
    // A walk ends, the phone sleeps 96 minutes (its last activity: walking), then wakes 120 m
    // from where it fell silent, walks 144 m in 2 minutes and stays. 144 m alone is a hop; with
    // the 120 m it slept through it is a walk of 264 m from the place it left.
    const walk = move(T0, 55.68, 12.55, 1.4, 600, 30).map((p) => ({
      ...p,
      activityHint: { mode: 'walk' as const, confidence: 1, source: 'emission' },
    }));
    const stay = dwell(lastOf(walk).t + 30_000, lastOf(walk).lat, lastOf(walk).lon, 240);
    const wakeT = lastOf(stay).t + 96 * 60_000;
    const hop = move(wakeT, 55.68, lastOf(stay).lon + 120 / 62_800, 1.2, 120, 30);
    const there = dwell(lastOf(hop).t + 30_000, lastOf(hop).lat, lastOf(hop).lon, 600);
    const { trips } = segmentTrips([...walk, ...stay, ...hop, ...there], { nowMs: NOW });
    expect(trips).toHaveLength(2);
    const second = trips[1]!;
    expect(second.legs.map((l) => l.mode)).toEqual(['walk']);
    expect(Date.parse(second.startedAt)).toBeLessThan(wakeT);
    expect(Date.parse(second.startedAt)).toBeGreaterThanOrEqual(lastOf(stay).t);
    // More than the 144 m hop can give: the 120 m slept through are part of the walk.
    expect(second.distanceKm).toBeGreaterThan(0.2);
    expect(second.distanceKm).toBeLessThanOrEqual(0.265);
  });

  it('ends a trip at the arrival near where the person stayed, not at the edge of the radius', () => {
    // A walk slows down over its last 90 m (30 m per fix), then the phone, lying still, reports
    // the place only four times. Three of the seven fixes in the stay's window are the approach.
    const walk = move(T0, 55.68, 12.55, 1.4, 600, 30);
    const mPerDegLon = 111_320 * Math.cos((55.68 * Math.PI) / 180);
    const end = lastOf(walk);
    const approach = [1, 2, 3].map((k) => ({
      t: end.t + k * 30_000,
      lat: 55.68,
      lon: end.lon + (k * 30) / mPerDegLon,
      accuracyM: 10,
    }));
    const spot = lastOf(approach);
    const stay = [1, 2, 3, 4].map((k) => ({ ...spot, t: spot.t + k * 60_000 }));
    const after = move(lastOf(stay).t + 30_000, 55.68, spot.lon, 1.4, 600, 30);
    const { trips } = segmentTrips([...walk, ...approach, ...stay, ...after], { nowMs: NOW });
    expect(trips).toHaveLength(2);
    // The first fix within 50 m of the spot is 30 m short of it (the second-last approach fix).
    expect(trips[0]!.endedAt).toBe(new Date(approach[1]!.t).toISOString());
  });

  it('takes fixes jumping between two spots while the phone says it lies still for noise, not a trip', () => {
    // Inside a building: Wi-Fi and GPS fixes alternate 140 m apart every 30 s for 8 minutes.
    const mPerDegLon = 111_320 * Math.cos((55.68 * Math.PI) / 180);
    const still = { mode: 'still' as const, confidence: 0.9, source: 'emission' };
    const jitter: TrackPoint[] = Array.from({ length: 17 }, (_, k) => ({
      t: T0 + k * 30_000,
      lat: 55.68,
      lon: 12.55 + (k % 2 === 0 ? 0 : 140 / mPerDegLon),
      accuracyM: k % 2 === 0 ? 40 : 5,
      activityHint: still,
    }));
    const { trips, dropped } = segmentTrips(jitter, { nowMs: NOW });
    expect(trips).toHaveLength(0);
    expect(dropped.find((d) => d.reason === 'short_trip')?.count).toBe(jitter.length);
    // Without the phone's word, the positions alone look like travel.
    const bare = jitter.map(({ activityHint: _h, ...p }) => p);
    expect(segmentTrips(bare, { nowMs: NOW }).trips).toHaveLength(1);
    // A real walk that waits at a crossing (still for a third of its fixes) stays a walk.
    const walk = move(T0, 55.68, 12.55, 1.4, 900, 30).map((p, k) =>
      k >= 10 && k < 20 ? { ...p, activityHint: still } : p,
    );
    const kept = segmentTrips(walk, { nowMs: NOW }).trips;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.legs.map((l) => l.mode)).toEqual(['walk']);
  });
});
