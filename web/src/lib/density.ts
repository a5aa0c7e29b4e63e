/**
 * Classes for the route-density map: five steps of trips per cell, from quantiles of the cells
 * shown, rounded to friendly numbers so the legend reads "50-99 trips".
 */
export const DENSITY_COLOURS = ['#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8'] as const;

function nice(n: number): number {
  if (n <= 10) return Math.max(1, Math.round(n));
  const p = 10 ** Math.floor(Math.log10(n));
  const m = n / p;
  const step = m < 1.5 ? 1 : m < 2.25 ? 2 : m < 3.5 ? 2.5 : m < 7.5 ? 5 : 10;
  return step * p;
}

/** Lower bounds of each class (the first is the smallest value), strictly increasing. */
export function densityBreaks(values: readonly number[]): number[] {
  const sorted = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const q = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  // Fewer classes for few cells: two cells do not make a five-step scale.
  const positions: Record<number, number[]> = {
    1: [0],
    2: [0, 0.6],
    3: [0, 0.5, 0.85],
    4: [0, 0.4, 0.7, 0.9],
    5: [0, 0.4, 0.65, 0.85, 0.96],
  };
  const classes = Math.min(5, Math.max(1, Math.ceil(sorted.length / 3)));
  const raw = positions[classes]!.map((p) => (p === 0 ? sorted[0]! : q(p)));
  const breaks: number[] = [];
  for (const [i, v] of raw.entries()) {
    const b = i === 0 ? v : nice(v);
    if (breaks.length === 0 || b > breaks[breaks.length - 1]!) breaks.push(b);
  }
  return breaks;
}

/** The colour of class `i` of `n`: fewer classes than colours spread over the whole ramp. */
export function densityColour(i: number, n: number): string {
  const last = DENSITY_COLOURS.length - 1;
  // One class: a colour from the strong end, clear against the land.
  const index = n <= 1 ? last - 1 : Math.round((i * last) / (n - 1));
  return DENSITY_COLOURS[Math.min(last, Math.max(0, index))]!;
}

/** A MapLibre `step` expression over the `trips` property for the given breaks. */
export function densityColourExpression(breaks: readonly number[]): unknown[] | string {
  // A step expression needs at least one stop; with one class the colour is a constant.
  if (breaks.length <= 1) return densityColour(0, 1);
  const expr: unknown[] = ['step', ['get', 'trips'], densityColour(0, breaks.length)];
  for (const [i, b] of breaks.slice(1).entries()) expr.push(b, densityColour(i + 1, breaks.length));
  return expr;
}

/** A circle (polygon) of `radiusKm` around a point: the short-trip zone around a town centre. */
export function circlePolygon(
  center: [number, number],
  radiusKm: number,
  steps = 64,
): GeoJSON.Polygon {
  const [lon, lat] = center;
  const coords: Array<[number, number]> = [];
  const dLat = radiusKm / 110.574;
  const dLon = radiusKm / (111.32 * Math.cos((lat * Math.PI) / 180));
  for (let i = 0; i <= steps; i++) {
    const a = (i / steps) * 2 * Math.PI;
    coords.push([
      Math.round((lon + dLon * Math.cos(a)) * 1e6) / 1e6,
      Math.round((lat + dLat * Math.sin(a)) * 1e6) / 1e6,
    ]);
  }
  return { type: 'Polygon', coordinates: [coords] };
}

/** The bounding box [west, south, east, north] of polygons, or null when there are none. */
export function bboxOf(
  features: ReadonlyArray<{ geometry: GeoJSON.Polygon }>,
): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of features) {
    for (const ring of f.geometry.coordinates) {
      for (const [x, y] of ring) {
        if (x! < w) w = x!;
        if (x! > e) e = x!;
        if (y! < s) s = y!;
        if (y! > n) n = y!;
      }
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** What the GeoJSON download says about where its cells come from. */
export interface DensityExportMeta {
  partner: string | undefined;
  site: string | undefined;
  from: string | undefined;
  to: string | undefined;
  resolution: number;
}

/**
 * The GeoJSON file the map view downloads: the API answer's features exactly as answered (a
 * file can hold no cell the map does not show), with the released period and the release rule
 * in its properties, so the file explains itself.
 */
export function densityGeoJSON<
  F extends { properties: { h3: string; trips: number; commuters: number } },
>(
  density: {
    features: readonly F[];
    suppressedCells: number;
    k: number;
    releasedPeriod: { from: string | null; to: string | null; quarters: string[]; reason: string };
    releaseUnit: { grain: string; resolutions: number[]; releaseDelayDays: number };
  },
  meta: DensityExportMeta,
): { type: 'FeatureCollection'; properties: Record<string, unknown>; features: F[] } {
  return {
    type: 'FeatureCollection',
    properties: {
      partner: meta.partner ?? 'network',
      site: meta.site ?? null,
      askedFrom: meta.from ?? null,
      askedTo: meta.to ?? null,
      releasedFrom: density.releasedPeriod.from,
      releasedTo: density.releasedPeriod.to,
      quarters: density.releasedPeriod.quarters,
      resolution: meta.resolution,
      suppressedCells: density.suppressedCells,
      note: `Sums of release units only: partner x H3 cell (resolution ${density.releaseUnit.resolutions.join(' or ')}) x calendar ${density.releaseUnit.grain}, each crossed by at least ${density.k} distinct commuters, released ${density.releaseUnit.releaseDelayDays} days after the ${density.releaseUnit.grain} ended`,
    },
    features: [...density.features],
  };
}
