import type { LineGeometry } from '../domain/trips.js';
import { KM_PER_DEG_LAT, kmPerDegLon } from './towns.js';
import { type Rng, clamp } from './random.js';

/**
 * Street-like route lines for the demo's "tracker app" trips. A route is a staircase on the
 * town's street grid from home to the site (towns are not Manhattan, but a staircase is the
 * cheapest shape whose length exceeds the straight line the way a street route does), densified
 * and jittered so that it does not look ruled. The home is placed so that the staircase is as
 * long as the commute: straight distance = path length / (|cos φ| + |sin φ|), φ the bearing
 * against the grid. Everything is in a local flat frame in km around the site.
 */

export interface RoutePlan {
  site: readonly [number, number];
  /** Corners from home to site, km east and north of the site. */
  xs: number[];
  ys: number[];
  /** Path length up to each corner, km. */
  cum: number[];
  lengthKm: number;
}

export function planRoute(
  rng: Rng,
  site: readonly [number, number],
  gridDeg: number,
  pathKm: number,
): RoutePlan {
  const grid = (gridDeg * Math.PI) / 180;
  const bearing = rng.uniform(0, 2 * Math.PI);
  const phi = bearing - grid;
  const straightKm = pathKm / (Math.abs(Math.cos(phi)) + Math.abs(Math.sin(phi)));
  // Home in the grid's frame (a along the grid, b across it).
  const a = straightKm * Math.cos(phi);
  const b = straightKm * Math.sin(phi);
  const steps = clamp(Math.round(pathKm / 1.2), 1, 6);
  const partsA = splitInto(rng, a, steps);
  const partsB = splitInto(rng, b, steps);
  const cos = Math.cos(grid);
  const sin = Math.sin(grid);
  const xs: number[] = [];
  const ys: number[] = [];
  const push = (ga: number, gb: number) => {
    xs.push(ga * cos - gb * sin);
    ys.push(ga * sin + gb * cos);
  };
  let ga = a;
  let gb = b;
  push(ga, gb);
  const alongFirst = rng.chance(0.5);
  for (let i = 0; i < steps; i++) {
    if (alongFirst) {
      ga -= partsA[i]!;
      push(ga, gb);
      gb -= partsB[i]!;
    } else {
      gb -= partsB[i]!;
      push(ga, gb);
      ga -= partsA[i]!;
    }
    push(ga, gb);
  }
  // The last corner is the site itself; remove rounding drift.
  xs[xs.length - 1] = 0;
  ys[ys.length - 1] = 0;
  const cum = [0];
  for (let i = 1; i < xs.length; i++)
    cum.push(cum[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!));
  return { site, xs, ys, cum, lengthKm: cum[cum.length - 1]! };
}

/**
 * A route along one of the town's shared corridors: from home, which lies beside the corridor
 * (never on it, and at its own distance, so homes are scattered), across to the corridor, along
 * it to the town centre, then to the site. Commuters of one corridor share its cells, so a map
 * that shows only cells crossed by at least 5 commuters in a release unit still shows each
 * town's main commuting routes. Null when the commute is too short to reach a corridor: the
 * caller falls back to planRoute.
 */
export function planCorridorRoute(
  rng: Rng,
  site: readonly [number, number],
  centre: readonly [number, number],
  bearingDeg: number,
  pathKm: number,
): RoutePlan | null {
  const cx = (centre[0] - site[0]) * kmPerDegLon(site[1]);
  const cy = (centre[1] - site[1]) * KM_PER_DEG_LAT;
  const toCentreKm = Math.hypot(cx, cy);
  const lateralKm = rng.uniform(0.15, 0.7) * (rng.chance(0.5) ? 1 : -1);
  const alongKm = pathKm - toCentreKm - Math.abs(lateralKm);
  if (alongKm < 1) return null;
  const bearing = (bearingDeg * Math.PI) / 180;
  const ux = Math.cos(bearing);
  const uy = Math.sin(bearing);
  const xs = [cx + alongKm * ux - lateralKm * uy, cx + alongKm * ux];
  const ys = [cy + alongKm * uy + lateralKm * ux, cy + alongKm * uy];
  // The corridor ends at the centre, shared by every site of the town.
  if (toCentreKm > 0.05) {
    xs.push(cx);
    ys.push(cy);
  }
  xs.push(0);
  ys.push(0);
  const cum = [0];
  for (let i = 1; i < xs.length; i++)
    cum.push(cum[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!));
  return { site, xs, ys, cum, lengthKm: cum[cum.length - 1]! };
}

function splitInto(rng: Rng, total: number, n: number): number[] {
  const w: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.uniform(0.4, 1);
    w.push(x);
    sum += x;
  }
  return w.map((x) => (total * x) / sum);
}

function toLonLat(site: readonly [number, number], xKm: number, yKm: number): [number, number] {
  return [
    Math.round((site[0] + xKm / kmPerDegLon(site[1])) * 1e5) / 1e5,
    Math.round((site[1] + yKm / KM_PER_DEG_LAT) * 1e5) / 1e5,
  ];
}

/**
 * One line per leg, cut from the route at the legs' share of the trip's length, so that each
 * leg starts where the previous one ended. Legs longer than `maxLegKm` get none (long train and
 * car legs are mostly outside the town; their lines would only bloat the demo). Lines are flat
 * [lon, lat, lon, lat, ...] arrays of 2-30 points, rounded to 5 decimals.
 */
export function cutLegLines(
  plan: RoutePlan,
  rng: Rng,
  legsKm: readonly number[],
  maxLegKm: number,
): Array<number[] | null> {
  const totalKm = legsKm.reduce((s, x) => s + x, 0);
  const scale = plan.lengthKm / totalKm;
  const out: Array<number[] | null> = [];
  let doneKm = 0;
  for (const legKm of legsKm) {
    const s0 = doneKm * scale;
    doneKm += legKm;
    const s1 = legsKm.length === out.length + 1 ? plan.lengthKm : doneKm * scale;
    if (legKm > maxLegKm) {
      out.push(null);
      continue;
    }
    const px: number[] = [];
    const py: number[] = [];
    pointAt(plan, s0, px, py);
    for (let j = 1; j < plan.xs.length - 1; j++) {
      if (plan.cum[j]! > s0 && plan.cum[j]! < s1) {
        px.push(plan.xs[j]!);
        py.push(plan.ys[j]!);
      }
    }
    pointAt(plan, s1, px, py);
    const target =
      legKm >= 1
        ? clamp(Math.round(6 + legKm * 1.2), 8, 30)
        : clamp(Math.round(2 + legKm * 6), 2, 8);
    densify(rng, px, py, target);
    const flat: number[] = [];
    for (let i = 0; i < px.length; i++) {
      const [lon, lat] = toLonLat(plan.site, px[i]!, py[i]!);
      flat.push(lon, lat);
    }
    out.push(flat);
  }
  return out;
}

function pointAt(plan: RoutePlan, s: number, px: number[], py: number[]): void {
  const { xs, ys, cum } = plan;
  let j = 0;
  while (j < cum.length - 2 && cum[j + 1]! < s) j++;
  const segKm = cum[j + 1]! - cum[j]!;
  const f = segKm > 0 ? clamp((s - cum[j]!) / segKm, 0, 1) : 0;
  px.push(xs[j]! + (xs[j + 1]! - xs[j]!) * f);
  py.push(ys[j]! + (ys[j + 1]! - ys[j]!) * f);
}

/** Adds midpoints to the longest segments, each pushed sideways a little, until `target` points. */
function densify(rng: Rng, px: number[], py: number[], target: number): void {
  while (px.length < target) {
    let best = 0;
    let bestLen = -1;
    for (let i = 0; i < px.length - 1; i++) {
      const len = Math.hypot(px[i + 1]! - px[i]!, py[i + 1]! - py[i]!);
      if (len > bestLen) {
        bestLen = len;
        best = i;
      }
    }
    if (bestLen < 0.02) return;
    const dx = px[best + 1]! - px[best]!;
    const dy = py[best + 1]! - py[best]!;
    const side = rng.uniform(-1, 1) * Math.min(0.03, bestLen * 0.1);
    px.splice(best + 1, 0, px[best]! + dx * rng.uniform(0.35, 0.65) - (dy / bestLen) * side);
    py.splice(best + 1, 0, py[best]! + dy * rng.uniform(0.35, 0.65) + (dx / bestLen) * side);
  }
}

/**
 * A trip's copy of a leg line, optionally reversed (the way home), with the interior points moved
 * by up to about 2 m (GPS noise) so that no two days are identical. Endpoints stay, so legs keep
 * connecting.
 */
export function lineFromFlat(flat: readonly number[], rng: Rng, reverse: boolean): LineGeometry {
  const n = flat.length / 2;
  const coordinates: Array<[number, number]> = new Array<[number, number]>(n);
  for (let k = 0; k < n; k++) {
    const i = reverse ? n - 1 - k : k;
    let lon = flat[2 * i]!;
    let lat = flat[2 * i + 1]!;
    if (k > 0 && k < n - 1) {
      lon = Math.round((lon + (rng.next() - 0.5) * 4e-5) * 1e5) / 1e5;
      lat = Math.round((lat + (rng.next() - 0.5) * 3e-5) * 1e5) / 1e5;
    }
    coordinates[k] = [lon, lat];
  }
  return { type: 'LineString', coordinates };
}
