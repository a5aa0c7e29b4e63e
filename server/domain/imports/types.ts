import type { TrackPoint } from '../tracks/types.js';

/** The file formats the importer reads, decided from the content (sniff.ts). */
export const IMPORT_FORMATS = [
  'gpx',
  'kml',
  'kmz',
  'geojson',
  'fit',
  'owntracks_rec',
  'google_records',
  'google_semantic',
  'google_timeline',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Why a parser skipped a point before segmentation saw it. */
/** Why the parser could not use a record: a code clients translate. */
export const PARSE_DROP_REASONS = ['invalid_coordinates', 'missing_time', 'bad_time'] as const;
export type ParseDropReason = (typeof PARSE_DROP_REASONS)[number];

export interface ParseReport {
  format: ImportFormat;
  /** Point-like records found in the file (track points, fixes, route or way points used). */
  pointsRead: number;
  dropped: Array<{ reason: ParseDropReason; count: number }>;
  warnings: string[];
}

export interface ParsedFile {
  points: TrackPoint[];
  report: ParseReport;
}

/**
 * A file the importer refuses, with the reason a person can act on. Pure code cannot throw
 * the HTTP error type; the service turns this into a 4xx.
 */
export class ImportRefusal extends Error {
  constructor(
    readonly reason:
      | 'unknown_format'
      | 'name_mismatch'
      | 'corrupt'
      | 'no_points'
      | 'no_times'
      | 'too_many_points',
    message: string,
  ) {
    super(message);
    this.name = 'ImportRefusal';
  }
}

/** Collects points and drop counts while a parser walks a file. */
export class PointCollector {
  readonly points: TrackPoint[] = [];
  read = 0;
  private readonly drops = new Map<ParseDropReason, number>();
  readonly warnings: string[] = [];

  constructor(private readonly maxPoints: number) {}

  drop(reason: ParseDropReason): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }

  warn(message: string): void {
    if (!this.warnings.includes(message) && this.warnings.length < 20) this.warnings.push(message);
  }

  /** Validates and keeps one point; `time` may be a string, ms or undefined. */
  add(
    lat: number,
    lon: number,
    tMs: number | null,
    extra: Omit<TrackPoint, 't' | 'lat' | 'lon'> = {},
  ): void {
    this.read++;
    if (this.read > this.maxPoints)
      throw new ImportRefusal(
        'too_many_points',
        `the file has more than ${this.maxPoints} points; split it into smaller files`,
      );
    if (!validLatLon(lat, lon)) {
      this.drop('invalid_coordinates');
      return;
    }
    if (tMs === null) {
      this.drop('missing_time');
      return;
    }
    if (!Number.isFinite(tMs)) {
      this.drop('bad_time');
      return;
    }
    const p: TrackPoint = { t: tMs, lat, lon };
    for (const [k, v] of Object.entries(extra))
      if (v !== undefined && (typeof v !== 'number' || Number.isFinite(v)))
        (p as unknown as Record<string, unknown>)[k] = v;
    this.points.push(p);
  }

  result(format: ImportFormat): ParsedFile {
    return {
      points: this.points,
      report: {
        format,
        pointsRead: this.read,
        dropped: [...this.drops].map(([reason, count]) => ({ reason, count })),
        warnings: this.warnings,
      },
    };
  }
}

export function validLatLon(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180 &&
    // (0, 0) is where a receiver without a fix reports itself, not a place people commute.
    !(lat === 0 && lon === 0)
  );
}

/**
 * Milliseconds of a time as files write it: ISO 8601 with or without zone (no zone = UTC, as
 * GPX prescribes), offsets without colon (-0700), seconds or milliseconds since the epoch.
 * null when absent, NaN when present but unreadable.
 */
export function timeMs(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string') return Number.NaN;
  const s = value.trim();
  if (/^\d{9,13}(\.\d+)?$/.test(s)) return timeMs(Number(s));
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      s,
    );
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  let ms = Date.UTC(
    +y!,
    +mo! - 1,
    +d!,
    +h!,
    +mi!,
    sec ? +sec : 0,
    frac ? Math.round(Number(frac) * 1000) : 0,
  );
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h! > 23 || +mi! > 59) return Number.NaN;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
  }
  return ms;
}
