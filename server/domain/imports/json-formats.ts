import type { HintMode } from '../tracks/types.js';
import { ImportRefusal, PointCollector, timeMs, type ParsedFile } from './types.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const n = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
const opt = (v: unknown): number | undefined => {
  const x = n(v);
  return Number.isFinite(x) ? x : undefined;
};

/** The first time-like property a point carries: GPSLogger, Overland, Dawarich and others differ. */
const TIME_KEYS = [
  'time',
  'timestamp',
  'datetime',
  'date',
  'when',
  'recorded_at',
  'tracked_at',
  'tst',
  'created_at',
];
const LINE_TIME_KEYS = ['coordTimes', 'times', 'coordinateTimes', 'timestamps'];

function firstTime(props: Json): number | null {
  for (const k of TIME_KEYS)
    if (props[k] !== undefined && props[k] !== null) return timeMs(props[k]);
  return null;
}

/**
 * GeoJSON: time-stamped Point features (GPSLogger, Overland batches {"locations": [...]},
 * Dawarich exports) and LineString/MultiLineString features with per-point times in their
 * properties (coordTimes, times, ...). Coordinates given as strings are read as numbers.
 */
export function parseGeojson(root: unknown, maxPoints: number): ParsedFile {
  const features: unknown[] = isObj(root)
    ? Array.isArray(root.features)
      ? root.features
      : Array.isArray(root.locations)
        ? root.locations
        : root.type === 'Feature'
          ? [root]
          : []
    : [];
  const out = new PointCollector(maxPoints);
  let noGeometry = 0;
  let untimedLines = 0;
  for (const f of features) {
    if (!isObj(f) || !isObj(f.geometry)) {
      noGeometry++;
      continue;
    }
    const props = isObj(f.properties) ? f.properties : {};
    const g = f.geometry;
    const speed = opt(props.speed);
    const extra = {
      ...(opt(props.horizontal_accuracy ?? props.accuracy) !== undefined
        ? { accuracyM: opt(props.horizontal_accuracy ?? props.accuracy)! }
        : {}),
      ...(speed !== undefined && speed >= 0 ? { speedMps: speed } : {}),
      ...(opt(props.altitude ?? props.elevation) !== undefined
        ? { altitudeM: opt(props.altitude ?? props.elevation)! }
        : {}),
    };
    if (g.type === 'Point' && Array.isArray(g.coordinates)) {
      out.add(n(g.coordinates[1]), n(g.coordinates[0]), firstTime(props), extra);
    } else if (g.type === 'LineString' || g.type === 'MultiLineString') {
      const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as unknown[][];
      const key = LINE_TIME_KEYS.find((k) => Array.isArray(props[k]));
      const times = key ? (props[key] as unknown[]) : null;
      if (!times) untimedLines++;
      lines.forEach((line, li) => {
        if (!Array.isArray(line)) return;
        const lt =
          times && g.type === 'MultiLineString' && Array.isArray(times[li])
            ? (times[li] as unknown[])
            : times;
        line.forEach((c, i) => {
          const cc = Array.isArray(c) ? c : [];
          out.add(n(cc[1]), n(cc[0]), lt ? timeMs(lt[i]) : null);
        });
      });
    }
  }
  if (noGeometry > 0) out.warn(`${noGeometry} feature(s) without a geometry skipped`);
  const parsed = out.result('geojson');
  if (parsed.report.pointsRead === 0)
    throw new ImportRefusal(
      'no_points',
      'the GeoJSON file has no Point, LineString or MultiLineString features',
    );
  if (parsed.points.length === 0 && untimedLines > 0)
    throw new ImportRefusal(
      'no_times',
      'the GeoJSON lines carry no per-point times (properties.coordTimes or times): a trip needs times',
    );
  return parsed;
}

/**
 * OwnTracks recorder .rec files: one line per message, "<ISO time> <topic-ish> <JSON>",
 * separated by tabs or (older recorders) spaces. Only location messages are points; vel is km/h.
 */
export function parseOwntracksRec(text: string, maxPoints: number): ParsedFile {
  const out = new PointCollector(maxPoints);
  let bad = 0;
  for (const line of text.split(/\r?\n/)) {
    const brace = line.indexOf('{');
    if (brace < 0) continue;
    let m: unknown;
    try {
      m = JSON.parse(line.slice(brace));
    } catch {
      bad++;
      continue;
    }
    if (!isObj(m) || m._type !== 'location') continue;
    const vel = opt(m.vel);
    out.add(
      n(m.lat),
      n(m.lon),
      m.tst !== undefined ? timeMs(n(m.tst)) : timeMs(line.slice(0, brace).trim().split(/\s+/)[0]),
      {
        ...(opt(m.acc) !== undefined ? { accuracyM: opt(m.acc)! } : {}),
        ...(vel !== undefined && vel >= 0 ? { speedMps: vel / 3.6 } : {}),
        ...(opt(m.alt) !== undefined ? { altitudeM: opt(m.alt)! } : {}),
      },
    );
  }
  if (bad > 0) out.warn(`${bad} line(s) that are not JSON skipped`);
  const parsed = out.result('owntracks_rec');
  if (parsed.report.pointsRead === 0)
    throw new ImportRefusal('no_points', 'the .rec file has no location messages');
  return parsed;
}

/** Google's activity types as hints (Google's own guess, not truth: the segmentation weighs it). */
export function googleActivity(type: unknown): HintMode | undefined {
  const t = String(type ?? '').toUpperCase();
  if (/WALK|ON_FOOT|RUNNING|HIKING/.test(t)) return 'walk';
  if (/CYCLING|BICYCLE/.test(t)) return 'bike';
  if (/BUS/.test(t)) return 'bus';
  if (/TRAM/.test(t)) return 'tram';
  if (/SUBWAY|METRO/.test(t)) return 'metro';
  if (/TRAIN|RAIL/.test(t)) return 'train';
  if (/MOTORCYCL/.test(t)) return 'motorbike';
  if (/STILL/.test(t)) return 'still';
  if (/VEHICLE|DRIV|CAR|TAXI|DRIVE/.test(t)) return 'vehicle';
  return undefined;
}

const e7 = (v: unknown) => n(v) / 1e7;

/** "48.8566°, 2.3522°" or "48.8566, 2.3522" (the on-device Timeline export writes both). */
function latLngText(v: unknown): [number, number] {
  const m = /(-?\d+(?:\.\d+)?)\s*°?\s*,\s*(-?\d+(?:\.\d+)?)/.exec(String(v ?? ''));
  return m ? [Number(m[1]), Number(m[2])] : [Number.NaN, Number.NaN];
}

/** Takeout Records.json: {"locations": [{latitudeE7, longitudeE7, timestamp|timestampMs, accuracy, activity}]}. */
export function parseGoogleRecords(root: Json, maxPoints: number): ParsedFile {
  const out = new PointCollector(maxPoints);
  for (const r of root.locations as unknown[]) {
    if (!isObj(r)) continue;
    const acts =
      Array.isArray(r.activity) && isObj(r.activity[0]) && Array.isArray(r.activity[0].activity)
        ? (r.activity[0].activity as Json[])
        : [];
    const best = acts[0];
    const mode = best ? googleActivity(best.type) : undefined;
    out.add(
      e7(r.latitudeE7),
      e7(r.longitudeE7),
      timeMs(r.timestamp ?? (r.timestampMs !== undefined ? n(r.timestampMs) : undefined)),
      {
        ...(opt(r.accuracy) !== undefined ? { accuracyM: opt(r.accuracy)! } : {}),
        ...(opt(r.velocity) !== undefined ? { speedMps: opt(r.velocity)! } : {}),
        ...(mode
          ? {
              activityHint: {
                mode,
                confidence: Math.min(1, (opt(best!.confidence) ?? 0) / 100),
                source: 'google',
              },
            }
          : {}),
      },
    );
  }
  const parsed = out.result('google_records');
  if (parsed.report.pointsRead === 0)
    throw new ImportRefusal('no_points', 'the location history has no locations');
  return parsed;
}

/**
 * Semantic Location History (timelineObjects) and the on-device Timeline export
 * (semanticSegments + rawSignals). Activity segments give points (start, waypoints, end;
 * waypoints without times are spread over the segment's duration) with Google's activity as
 * a hint; visits are stops and give no points.
 */
export function parseGoogleSemantic(root: Json, maxPoints: number): ParsedFile {
  const out = new PointCollector(maxPoints);
  const timeline = Array.isArray(root.semanticSegments);
  const segment = (
    start: number | null,
    end: number | null,
    pts: Array<[number, number, number | null]>,
    type: unknown,
    prob: unknown,
  ) => {
    const mode = googleActivity(type);
    const p = opt(prob);
    const hint = mode
      ? {
          activityHint: {
            mode,
            ...(p !== undefined ? { confidence: p > 1 ? p / 100 : p } : {}),
            source: 'google',
          },
        }
      : {};
    pts.forEach(([lat, lon, t], i) => {
      const spread =
        start !== null &&
        end !== null &&
        Number.isFinite(start) &&
        Number.isFinite(end) &&
        pts.length > 1
          ? start + ((end - start) * i) / (pts.length - 1)
          : start;
      out.add(lat, lon, t ?? spread, hint);
    });
  };
  if (!timeline) {
    for (const o of root.timelineObjects as unknown[]) {
      if (!isObj(o) || !isObj(o.activitySegment)) continue;
      const a = o.activitySegment;
      const d = isObj(a.duration) ? a.duration : {};
      const start = timeMs(
        d.startTimestamp ?? (d.startTimestampMs !== undefined ? n(d.startTimestampMs) : undefined),
      );
      const end = timeMs(
        d.endTimestamp ?? (d.endTimestampMs !== undefined ? n(d.endTimestampMs) : undefined),
      );
      const pts: Array<[number, number, number | null]> = [];
      const loc = (l: unknown) =>
        isObj(l) && l.latitudeE7 !== undefined ? [e7(l.latitudeE7), e7(l.longitudeE7)] : null;
      const s = loc(a.startLocation);
      if (s) pts.push([s[0]!, s[1]!, null]);
      const wp =
        isObj(a.waypointPath) && Array.isArray(a.waypointPath.waypoints)
          ? a.waypointPath.waypoints
          : [];
      for (const w of wp) if (isObj(w)) pts.push([e7(w.latE7), e7(w.lngE7), null]);
      const e = loc(a.endLocation);
      if (e) pts.push([e[0]!, e[1]!, null]);
      const acts = Array.isArray(a.activities) ? (a.activities as Json[]) : [];
      const type =
        a.activityType ??
        acts[0]?.activityType ??
        (isObj(a.waypointPath) ? a.waypointPath.travelMode : undefined);
      segment(start, end, pts, type, acts[0]?.probability);
    }
  } else {
    for (const s of root.semanticSegments as unknown[]) {
      if (!isObj(s)) continue;
      const start = timeMs(s.startTime);
      const end = timeMs(s.endTime);
      if (Array.isArray(s.timelinePath))
        for (const p of s.timelinePath) {
          if (!isObj(p)) continue;
          const [lat, lon] = latLngText(p.point);
          out.add(lat, lon, timeMs(p.time));
        }
      if (isObj(s.activity)) {
        const a = s.activity;
        const pts: Array<[number, number, number | null]> = [];
        for (const k of ['start', 'end'])
          if (isObj(a[k])) pts.push([...latLngText((a[k] as Json).latLng), null]);
        const top = isObj(a.topCandidate) ? a.topCandidate : {};
        segment(start, end, pts, top.type, top.probability);
      }
    }
    if (Array.isArray(root.rawSignals))
      for (const r of root.rawSignals) {
        if (!isObj(r) || !isObj(r.position)) continue;
        const pos = r.position;
        const [lat, lon] = latLngText(pos.LatLng ?? pos.latLng);
        out.add(lat, lon, timeMs(pos.timestamp), {
          ...(opt(pos.accuracyMeters) !== undefined ? { accuracyM: opt(pos.accuracyMeters)! } : {}),
          ...(opt(pos.speedMetersPerSecond) !== undefined
            ? { speedMps: opt(pos.speedMetersPerSecond)! }
            : {}),
        });
      }
  }
  const parsed = out.result(timeline ? 'google_timeline' : 'google_semantic');
  if (parsed.report.pointsRead === 0)
    throw new ImportRefusal(
      'no_points',
      'the timeline has no activity segments or paths with places',
    );
  return parsed;
}
