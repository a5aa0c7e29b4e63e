import { haversineM } from '../geometry.js';

/**
 * Douglas-Peucker on [lon, lat] points with a tolerance in metres. Distances are measured on a
 * local equirectangular projection around the segment, exact enough at commuting scales (a few
 * tens of km) and far cheaper than spherical cross-track distances. Iterative (no recursion
 * depth limit on long tracks).
 */
export function simplifyLine(
  coords: ReadonlyArray<readonly [number, number]>,
  toleranceM: number,
): Array<[number, number]> {
  const n = coords.length;
  if (n <= 2 || toleranceM <= 0) return coords.map((c) => [c[0], c[1]]);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: Array<[number, number]> = [[0, n - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    if (to - from < 2) continue;
    let worst = -1;
    let worstD = toleranceM;
    for (let i = from + 1; i < to; i++) {
      const d = pointToSegmentM(coords[i]!, coords[from]!, coords[to]!);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([from, worst], [worst, to]);
    }
  }
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push([coords[i]![0], coords[i]![1]]);
  return out;
}

const M_PER_DEG_LAT = 111_320;

function pointToSegmentM(
  p: readonly [number, number],
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  const kx = M_PER_DEG_LAT * Math.cos((a[1] * Math.PI) / 180);
  const ax = 0;
  const ay = 0;
  const bx = (b[0] - a[0]) * kx;
  const by = (b[1] - a[1]) * M_PER_DEG_LAT;
  const px = (p[0] - a[0]) * kx;
  const py = (p[1] - a[1]) * M_PER_DEG_LAT;
  const len2 = bx * bx + by * by;
  if (len2 === 0) return haversineM(p, a);
  const u = Math.max(0, Math.min(1, ((px - ax) * bx + (py - ay) * by) / len2));
  return Math.hypot(px - u * bx, py - u * by);
}
